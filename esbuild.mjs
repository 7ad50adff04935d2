// One build script, one bundle per entry: extension host, analysis / chunk / gzip / mix / compare workers, the panel's
// and the Compare view's webviews, CLI.
import * as esbuild from 'esbuild';
import fs from 'node:fs';

const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');
const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'info',
  legalComments: 'none',
};

/**
 * wink's English model (3.6 MB of source) is a bundle of its own, dist/winkModel.js, that the other bundles require at
 * run time (src/core/tokenize/winkModel.ts loads it only when a run tokenizes with wink or tags instructions). Why: each
 * bundle that contained it took ~150 ms more to load (V8 scans the whole source), and a panel's first figures wait for
 * two loads in turn (the analysis worker's, then a chunk worker's); every CLI run and every worker thread paid it too.
 */
const WINK_MODEL_BUNDLE = 'dist/winkModel.js';
const winkModelApart = {
  name: 'wink-model-apart',
  setup(build) {
    // resolved by node next to the requiring bundle: every node bundle is in dist/
    build.onResolve({ filter: /^wink-eng-lite-web-model$/ }, () => ({
      path: './winkModel.js',
      external: true,
    }));
  },
};

const builds = [
  {
    ...common,
    stdin: {
      contents: "module.exports = require('wink-eng-lite-web-model');",
      resolveDir: '.',
      loader: 'js',
    },
    outfile: 'dist/winkModel.js', // WINK_MODEL_BUNDLE, spelled out for the packaging test's listing
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/extension/extension.ts'],
    outfile: 'dist/extension.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['vscode'],
  },
  {
    ...common,
    entryPoints: ['src/worker/analysisWorker.ts'],
    outfile: 'dist/worker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/worker/analysisProcess.ts'],
    outfile: 'dist/analysisProcess.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/worker/chunkWorker.ts'],
    outfile: 'dist/chunkWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/worker/gzipWorker.ts'],
    outfile: 'dist/gzipWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/worker/mixWorker.ts'],
    outfile: 'dist/mixWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/worker/compareWorker.ts'],
    outfile: 'dist/compareWorker.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  {
    ...common,
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cliMain.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
  },
  // the `diversity-lens` bin: runs a data command in a child with glibc's malloc tuned (src/cli/launchPolicy.ts)
  {
    ...common,
    entryPoints: ['src/cli/launcher.ts'],
    outfile: 'dist/cli.js',
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    banner: { js: '#!/usr/bin/env node' },
  },
  // the webview's CSS files are bundled as text and installed as constructable stylesheets (webview/styles/sheets.ts)
  {
    ...common,
    entryPoints: ['webview/main.ts'],
    outfile: 'dist/webview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
  // the Compare view (Compare Datasets…): its own page, same styles mechanism
  {
    ...common,
    entryPoints: ['webview/compare/main.ts'],
    outfile: 'dist/compareWebview.js',
    platform: 'browser',
    format: 'iife',
    target: 'es2022',
    loader: { '.css': 'text' },
  },
];

// every bundle but the model's own requires the model apart
const all = builds.map((b) => (b.outfile === WINK_MODEL_BUNDLE ? b : { ...b, plugins: [winkModelApart] }));
if (watch) {
  for (const b of all) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(all.map((b) => esbuild.build(b)));
  fs.chmodSync('dist/cli.js', 0o755);
}
