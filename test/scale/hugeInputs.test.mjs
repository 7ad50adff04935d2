// Issue #15 item 5, at the sizes it names: a 600 MB line with no newline, a 5 GiB file, 10^8 tiny lines — "too long
// at line N" and flat memory; and line numbers and offsets past 2^31 lines / 2^32 bytes stay exact. The big inputs are
// generated in os.tmpdir() (removed after), the analyses run in child processes (the built CLI, dist/cli.js, or the
// reader through tsx) whose peak resident memory is read back (test/scale/lib/maxRss.cjs) and asserted well below
// the input's size. Run: npm run test:scale (builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const CLI = path.join(ROOT, 'dist/cli.js');
const MAXRSS = path.join(HERE, 'lib/maxRss.cjs');
const TINY = path.join(HERE, 'lib/tinyLines.mts');
const MiB = 1 << 20;
const T = { timeout: 300_000 };

let tmp;
before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-huge-'));
});
after(() => fs.rmSync(tmp, { recursive: true, force: true }));

/** Runs node with `args` (maxRss preloaded); returns stdout, stderr, status, seconds and peak RSS in MiB. */
function node(args) {
  const rssFile = path.join(tmp, `rss-${process.hrtime.bigint()}`);
  const started = performance.now();
  const r = spawnSync(process.execPath, ['--require', MAXRSS, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
    maxBuffer: 256 * MiB,
    env: { ...process.env, DL_MAXRSS_FILE: rssFile },
    timeout: T.timeout,
  });
  if (r.error) throw r.error;
  const rssMiB = Number(fs.readFileSync(rssFile, 'utf8')) / 1024;
  return { ...r, seconds: (performance.now() - started) / 1000, rssMiB };
}

/** Writes `file` from `parts` (buffers, written in order, each possibly many times: [buffer, times]). */
function writeParts(file, parts) {
  const fd = fs.openSync(file, 'w');
  try {
    for (const [buf, times] of parts) for (let i = 0; i < times; i++) fs.writeSync(fd, buf);
  } finally {
    fs.closeSync(fd);
  }
  return fs.statSync(file).size;
}

test('a 600 MB line with no newline: the CLI says "too long" at its line, memory stays flat', T, () => {
  const file = path.join(tmp, 'huge-line.jsonl');
  const head = Buffer.from('{"text":"a first row"}\n{"text":"a second row"}\n{"text":"');
  const size = writeParts(file, [
    [head, 1],
    [Buffer.alloc(MiB, 'a'), 600],
  ]);
  const lineBytes = size - head.length + '{"text":"'.length;
  const r = node([CLI, 'analyze', file]);
  console.log(`600 MB line: ${r.seconds.toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /rows: 2 parsed of 3, 1 bad \(1 tooLong\)/);
  assert.ok(
    r.stdout.includes(`line 3:1 tooLong: line is ${lineBytes} bytes, longer than maxLineBytes (16777216)`),
    r.stdout,
  );
  // the line is never held: far less than its 600 MB (node, the bundle and the analysis' own tables are ~200 MB)
  assert.ok(r.rssMiB < 400, `peak RSS ${r.rssMiB} MiB`);
  // --strict: the error names the file, line and column
  const strict = node([CLI, 'analyze', file, '--strict']);
  assert.equal(strict.status, 2);
  assert.ok(
    strict.stderr.includes(`${file}:3:1: line is ${lineBytes} bytes, longer than maxLineBytes (16777216)`),
    strict.stderr,
  );
  fs.rmSync(file);
});

test('a 5 GiB file (offsets past 2^32): every line counted at its number and offset, memory flat', T, () => {
  // the reader over a sparse 5 GiB file (a whole analysis of 5 GiB takes minutes on 2 cores): 20,000 real rows, a
  // 4 GiB line of NUL bytes (too long: scanned, never held), rows past 2^32, a malformed one, and a last line of NUL
  // bytes without a newline up to 5 GiB
  const file = path.join(tmp, 'five-gib.jsonl');
  const head = Buffer.from(
    Array.from({ length: 20_000 }, (_, i) => `{"text":"row ${String(i).padStart(5, '0')}"}\n`).join(''),
  );
  const at = 2 ** 32 + 4096;
  const tail = Buffer.from('\n{"text":"past four GiB"}\n{"text": broken}\n{"text":"the last row"}\n');
  const fd = fs.openSync(file, 'w');
  fs.writeSync(fd, head, 0, head.length, 0);
  fs.writeSync(fd, tail, 0, tail.length, at - 1);
  fs.ftruncateSync(fd, 5 * 1024 * MiB);
  fs.closeSync(fd);
  const r = node(['--import', 'tsx', TINY, file]);
  console.log(`5 GiB file: ${r.seconds.toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.equal(got.rows, 20_002);
  assert.equal(got.bytesRead, 5 * 1024 * MiB);
  // line 20,001 is the NUL run; then 20,002 (at 2^32 + 4096), 20,003 (malformed), 20,004; then the NUL tail
  assert.deepEqual(got.last, { line: 20_004, offset: at + 25 + 17, length: 23 });
  assert.deepEqual(
    got.errors.map((e) => [e.line, e.reason]),
    [
      [20_001, 'tooLong'],
      [20_003, 'malformed'],
      [20_005, 'tooLong'],
    ],
  );
  assert.ok(r.rssMiB < 400, `peak RSS ${r.rssMiB} MiB for a 5 GiB file`);
  fs.rmSync(file);
});

test('10^8 tiny lines (9 in 10 blank, 1 in 10 the row {}): every line counted, memory flat', T, () => {
  const file = path.join(tmp, 'tiny.jsonl');
  const block = Buffer.from('{}\n\n\n\n\n\n\n\n\n\n'.repeat(100_000)); // 10^6 lines
  writeParts(file, [[block, 100]]);
  const r = node(['--import', 'tsx', TINY, file]);
  console.log(`10^8 lines: ${r.seconds.toFixed(1)} s, peak RSS ${r.rssMiB.toFixed(0)} MiB`);
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout);
  assert.equal(got.rows, 10_000_000);
  assert.equal(got.blank, 90_000_000);
  assert.equal(got.total, 10_000_000);
  assert.deepEqual(got.last, { line: 99_999_991, offset: 119_999_988, length: 2 });
  assert.ok(r.rssMiB < 400, `peak RSS ${r.rssMiB} MiB`);
  fs.rmSync(file);
});

test(
  'line numbers past 2^31 and offsets past 2^32 stay exact (a byte range of a sparse file past 4 GiB)',
  T,
  () => {
    // a sparse file: rows written past 4 GiB, read as the range a chunk plan gives (its first line number past 2^31)
    const file = path.join(tmp, 'sparse.jsonl');
    const at = 2 ** 32 + 12_345;
    const rows = '\n{"text":"one"}\n{"text":"two"}\r\n{"text":"three"}\n';
    const fd = fs.openSync(file, 'w');
    fs.writeSync(fd, Buffer.from(rows), 0, rows.length, at - 1);
    fs.ftruncateSync(fd, at + MiB);
    fs.closeSync(fd);
    // (past the rows the file is NUL bytes for 1 MiB: one more line, malformed)
    const firstLine = 2 ** 31 + 7;
    const r = node(['--import', 'tsx', TINY, file, String(at), String(firstLine)]);
    assert.equal(r.status, 0, r.stderr);
    const got = JSON.parse(r.stdout);
    assert.deepEqual(got.first, [firstLine, at, firstLine + 1, at + 15, firstLine + 2, at + 31]);
    assert.equal(got.rows, 3);
    assert.deepEqual(
      got.errors.map((e) => [e.line, e.reason]),
      [[firstLine + 3, 'malformed']],
    );
    assert.equal(got.bytesRead, MiB);
    assert.ok(r.rssMiB < 400, `peak RSS ${r.rssMiB} MiB`);
    fs.rmSync(file);
  },
);
