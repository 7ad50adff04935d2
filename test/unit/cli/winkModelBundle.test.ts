// wink's model as a bundle of its own (esbuild.mjs, dist/winkModel.js): the CLI, analysis and chunk worker bundles
// require it at run time instead of each holding its 3.6 MB, and the built CLI gives, with `--tokenizer wink` and the
// instruction tags (both load the model), the report the source gives.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtCli } from '../helpers/cliRunner.ts';
import { analyzeFile } from '../../../src/core/pipeline/analyze.ts';
import { comparableReport } from '../helpers/mergedReports.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const { dir } = builtCli('dl-cli-winkmodel-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

test('the bundles that can load wink require dist/winkModel.js and are each far smaller than it', () => {
  const model = fs.statSync(path.join(root, 'dist/winkModel.js')).size;
  assert.ok(model > 3_000_000, `dist/winkModel.js holds the model (${model} bytes)`);
  for (const name of ['cliMain.js', 'worker.js', 'chunkWorker.js']) {
    const text = fs.readFileSync(path.join(root, 'dist', name), 'utf8');
    assert.match(text, /require\("\.\/winkModel\.js"\)/, `${name} requires the model apart`);
    assert.ok(text.length < model / 2, `${name}: ${text.length} bytes, the model ${model}`);
  }
});

test('the built CLI, run from another folder, loads the model apart: --tokenizer wink and the instruction tags equal the source', async () => {
  const file = path.join(dir, 'instr.jsonl');
  const rows: string[] = [];
  for (let i = 0; i < 300; i++)
    rows.push(
      JSON.stringify({
        instruction: `${['Write', 'Describe', 'Explain'][i % 3]} a ${['poem', 'letter'][i % 2]} about topic ${i % 11}; don't stop.`,
        output: `Here's my answer ${i}, isn't it?`,
      }),
    );
  fs.writeFileSync(file, rows.join('\n') + '\n');
  const out = path.join(dir, 'r.json');
  const r = spawnSync(
    process.execPath,
    [
      path.join(root, 'dist/cli.js'),
      'analyze',
      file,
      '--tokenizer',
      'wink',
      '--json',
      '--out',
      out,
      '--quiet',
    ],
    { cwd: dir, encoding: 'utf8' },
  );
  assert.equal(r.status, 0, r.stderr);
  const built = JSON.parse(fs.readFileSync(out, 'utf8'));
  assert.ok(built.instructions, 'the instruction figures (wink tags) are in the report');
  assert.equal(built.tokens.tokenizer, 'wink');
  const source = await analyzeFile(file, { tokenizer: 'wink' });
  assert.deepEqual(comparableReport(built), comparableReport(JSON.parse(JSON.stringify(source))));
});
