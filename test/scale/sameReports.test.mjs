// Issue #15 item 6 at full breadth: EVERY read size from 1 byte to the file's size (and 64 KiB) gives the same report,
// for plain, gzip and zstd input (test/unit/core/pipeline/analyze.readSizes.test.ts with DL_EVERY_READ_SIZE=1; the
// unit suite runs a spread of sizes), and the built CLI gives the same report for --workers 1 to 8 on a chunked
// plain, gzip and zstd file (the real chunk workers, dist/chunkWorker.js). Run: npm run test:scale.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const T = { timeout: 600_000 };

let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-same-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** The child's environment: the full sweep on, and not a subtest of this runner (its own TAP on stdout). */
function everySizeEnv() {
  const env = { ...process.env, DL_EVERY_READ_SIZE: '1' };
  delete env.NODE_TEST_CONTEXT;
  return env;
}

test('every read size from 1 byte to the file size: identical reports (plain, gzip, zstd)', T, () => {
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--test', 'test/unit/core/pipeline/analyze.readSizes.test.ts'],
    { cwd: ROOT, encoding: 'utf8', env: everySizeEnv(), timeout: T.timeout },
  );
  for (const m of r.stdout.matchAll(/^# (.*identical reports.*)$/gm)) console.log(m[1]);
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /^# pass 3$/m);
});

/** Rows with duplicates, near duplicates, bad lines, CRLF and multi-byte text: ~60 KiB, many 4 KiB chunks. */
function corpus() {
  const lines = ['\ufeff{"text":"first row","source":"a"}'];
  for (let i = 0; i < 600; i++) {
    const words = Array.from({ length: 8 + (i % 13) }, (_, k) => `w${(i * 7 + k * 13) % 97}`).join(' ');
    const src = ['web', 'books', 'chat'][i % 3];
    if (i % 97 === 5) lines.push('{"text": oops}');
    else if (i % 41 === 3) lines.push('["not an object"]\r');
    else lines.push(`{"text":"${i % 11 === 0 ? 'repeated row text' : words} é 中 🙂","source":"${src}"}`);
  }
  return `${lines.join('\n')}\n`;
}

test('--workers 1 to 8: identical reports for a chunked plain, gzip and zstd file', T, async () => {
  const text = corpus();
  const plain = path.join(tmp, 'c.jsonl');
  fs.writeFileSync(plain, text);
  const gz = path.join(tmp, 'c.jsonl.gz');
  fs.writeFileSync(gz, gzipSync(text));
  // the zstd file by the tests' independent compressor (DuckDB, test/unit/helpers/zstdFixture.ts, through tsx)
  const zst = path.join(tmp, 'c.jsonl.zst');
  const made = spawnSync(
    process.execPath,
    [
      '--import',
      'tsx',
      '-e',
      `import('./test/unit/helpers/zstdFixture.ts').then((m) => (m.writeZstd ?? m.default.writeZstd)(${JSON.stringify(zst)}, require('node:fs').readFileSync(${JSON.stringify(plain)}))).then(() => process.exit(0))`,
    ],
    { cwd: ROOT, encoding: 'utf8', timeout: 120_000 },
  );
  assert.equal(made.status, 0, made.stderr);
  const files = [plain, gz, zst];
  for (const file of files) {
    let want = null;
    for (let workers = 1; workers <= 8; workers++) {
      const r = spawnSync(
        process.execPath,
        [CLI, 'analyze', file, '--json', '--chunk-bytes', '4096', '--workers', String(workers)],
        { cwd: ROOT, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 120_000 },
      );
      assert.equal(r.status, 0, r.stderr);
      const report = JSON.parse(r.stdout);
      assert.ok(report.timing.chunks >= 8, `${file}: ${report.timing.chunks} chunks`);
      assert.equal(report.timing.workers, workers);
      delete report.timing;
      if (want === null) want = report;
      else assert.deepEqual(report, want, `${path.basename(file)} --workers ${workers}`);
    }
    console.log(`${path.basename(file)}: --workers 1…8, identical reports`);
  }
});
