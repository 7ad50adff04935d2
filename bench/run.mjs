#!/usr/bin/env node
// Benchmark: prints speed and peak-memory figures of the built CLI on generated corpora and on ../shared/data.
// Never asserts on time (figures go to docs/performance.md by hand). Usage:
//   npm run bench                      # 50 MB generated corpus + every file in ../shared/data
//   node bench/run.mjs --bytes 500M    # the 500 MB run (takes minutes)
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : def;
};
const bytes = opt('--bytes', '50M');
const keep = args.includes('--keep');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-bench-'));

/** Runs the CLI in a child and returns wall seconds, peak RSS (MiB) and the parsed report. */
function measure(file, extra = []) {
  const out = path.join(tmp, 'report.json');
  const wrapper = `process.argv=[process.argv[0],'cli',...${JSON.stringify(['analyze', file, '--out', out, '--quiet', ...extra])}];` +
    `process.on('exit',()=>{require('fs').writeSync(2,'@@rss '+process.resourceUsage().maxRSS+'\\n')});require(${JSON.stringify(path.join(root, 'dist/cli.js'))});`;
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-e', wrapper], { encoding: 'utf8', maxBuffer: 1 << 26 });
  const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
  if (r.status !== 0) throw new Error(`analyze ${file} failed (${r.status}): ${r.stderr}`);
  const rss = Number(/@@rss (\d+)/.exec(r.stderr)?.[1] ?? NaN) / 1024;
  return { seconds, rssMiB: rss, report: JSON.parse(fs.readFileSync(out, 'utf8')) };
}

const line = (name, size, m) =>
  console.log(`${name.padEnd(40)} ${(size / 1e6).toFixed(1).padStart(8)} MB ${m.seconds.toFixed(2).padStart(8)} s ${(size / 1e6 / m.seconds).toFixed(1).padStart(7)} MB/s  peak RSS ${m.rssMiB.toFixed(0).padStart(6)} MiB  rows ${m.report.rows.parsed}  near pairs ${m.report.duplicates.near.pairs}`);

try {
  spawnSync(process.execPath, [path.join(root, 'esbuild.mjs'), '--production'], { cwd: root, stdio: 'ignore' });
  console.log(`Diversity Lens benchmark — node ${process.version}, ${os.cpus().length} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB`);
  const corpus = path.join(tmp, 'corpus.jsonl');
  const gen = spawnSync(process.execPath, [path.join(root, 'bench/generate-corpus.mjs'), '--bytes', bytes, '--out', corpus], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (gen.status !== 0) throw new Error('corpus generation failed');
  const size = fs.statSync(corpus).size;
  line(`generated corpus (${bytes})`, size, measure(corpus));
  line(`generated corpus, --group-by source`, size, measure(corpus, ['--group-by', 'source']));
  const shared = path.join(root, '..', 'shared', 'data');
  if (fs.existsSync(shared)) {
    for (const f of fs.readdirSync(shared).filter((f) => f.endsWith('.jsonl')).sort()) {
      const p = path.join(shared, f);
      line(f, fs.statSync(p).size, measure(p));
    }
  } else console.log(`(${shared} not found: shared datasets skipped)`);
} finally {
  if (!keep) fs.rmSync(tmp, { recursive: true, force: true });
  else console.log(`kept ${tmp}`);
}
