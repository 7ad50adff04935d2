// Issue #15 item 6: the same file read with every read size from 1 byte to 64 KiB gives the same REPORT (not only
// the same records). On a file of N bytes every size from 1 to N is a distinct way of cutting it (any bigger size
// reads it in one piece, as 64 KiB does), so sizes 1…N plus 64 KiB are every case. The file has what chunk
// boundaries can break: a BOM, CRLF, blank lines, a malformed line, a non-object, invalid UTF-8, a too-long line,
// multi-byte text (2-, 3- and 4-byte characters), duplicates, and no final newline. The same sweep runs over the
// gzip and the zstd file of those bytes (the read size is then that of the compressed bytes). The read size is an
// internal hook of the analysis (AnalyzeHooks.readChunkSize), not a user option.
// Every size costs one whole analysis (~30 ms), so the unit suite sweeps sizes 1…32, a spread of larger ones and
// the file's own size; the sweep of EVERY size runs with DL_EVERY_READ_SIZE=1, which test/scale/readSizes.test.mjs
// sets (npm run test:scale).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { after } from 'node:test';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-readsizes-'));
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const withoutTiming = (r: AnalysisReport): unknown => JSON.parse(JSON.stringify({ ...r, timing: null }));

/** The report file's rows; `invalidUtf8` adds a line with a lone continuation byte (not for zstd: its writer reads text). */
function reportFile(invalidUtf8: boolean): Buffer {
  const parts: Buffer[] = [Buffer.from('\ufeff')];
  const line = (s: string, crlf = false): void => void parts.push(Buffer.from(s + (crlf ? '\r\n' : '\n')));
  line('{"text":"the quick brown fox jumps over the lazy dog","source":"web"}');
  line('{"text":"café crème brûlée, déjà vu","source":"web"}', true);
  line('');
  line('{"text":"中文文本 的 测试 数据 行","source":"books"}');
  line('{"text": "broken", oops}');
  line('["not", "an", "object"]', true);
  if (invalidUtf8) parts.push(Buffer.from('{"text":"bad \x80 byte"}\n', 'latin1'));
  line('{"text":"emoji 🙂🚀 and more 𝔘𝔫𝔦𝔠𝔬𝔡𝔢 text","source":"chat"}');
  line('   ', true);
  line(`{"text":"${'long '.repeat(205)}"}`); // 1,036 bytes: over maxLineBytes 1024
  for (let i = 0; i < 6; i++) {
    const src = ['web', 'books', 'chat'][i % 3];
    line(
      `{"text":"row ${i % 5} says ${'ab cd ef '.repeat(1 + (i % 4))}done","source":"${src}"}`,
      i % 2 === 0,
    );
  }
  line('{"text":"the quick brown fox jumps over the lazy dog","source":"web"}');
  parts.push(Buffer.from('{"text":"last line without a final newline é","source":"books"}'));
  return Buffer.concat(parts);
}

const options = { maxLineBytes: 1024, groupBy: ['source'], minSliceRows: 1 };

const EVERY = process.env.DL_EVERY_READ_SIZE === '1';

/** The read sizes swept for a file of `n` bytes: every one of 1…n, or (unit suite) 1…32, a spread, n-1 and n. */
function readSizes(n: number): number[] {
  if (EVERY) return Array.from({ length: n }, (_, i) => i + 1);
  const some = new Set<number>();
  for (let s = 1; s <= 32; s++) some.add(s);
  for (let s = 37; s < n; s = Math.ceil(s * 1.5)) some.add(s);
  some.add(n - 1).add(n);
  return [...some].filter((s) => s >= 1 && s <= n).sort((a, b) => a - b);
}

/** Analyses `file` with the read sizes of readSizes(maxSize) and 64 KiB; asserts every report equals the 64 KiB one. */
async function sweep(file: string, maxSize: number): Promise<AnalysisReport> {
  const want = await analyzeFile(file, options, { readChunkSize: 64 * 1024 });
  const expected = withoutTiming(want);
  const started = performance.now();
  const sizes = readSizes(maxSize);
  for (const size of sizes) {
    const got = await analyzeFile(file, options, { readChunkSize: size });
    assert.deepEqual(withoutTiming(got), expected, `read size ${size} of ${path.basename(file)}`);
  }
  console.log(
    `${path.basename(file)} (${maxSize} bytes): ${sizes.length} read sizes, identical reports, ${(performance.now() - started).toFixed(0)} ms`,
  );
  return want;
}

test('read sizes from 1 byte to the file size, and 64 KiB: identical reports (plain JSONL)', async () => {
  const bytes = reportFile(true);
  const file = path.join(dir, 'report.jsonl');
  fs.writeFileSync(file, bytes);
  const report = await sweep(file, bytes.length);
  // the file is what it says: every case is there, at its line
  assert.equal(report.rows.bom, true);
  assert.deepEqual(
    report.rows.errors.map((e) => [e.line, e.reason]),
    [
      [5, 'malformed'],
      [6, 'notObject'],
      [7, 'invalidUtf8'],
      [10, 'tooLong'],
    ],
  );
  assert.equal(report.rows.parsed, 12);
  assert.equal(report.rows.blank, 2);
  assert.ok(report.duplicates.exact.rows >= 1, 'the repeated first row is an exact duplicate');
});

test('read sizes from 1 byte to the compressed size, and 64 KiB: identical reports (gzip), equal to plain on the rows', async () => {
  const bytes = reportFile(true);
  const file = path.join(dir, 'report.jsonl.gz');
  fs.writeFileSync(file, gzipSync(bytes));
  const report = await sweep(file, fs.statSync(file).size);
  const plain = path.join(dir, 'report-plain.jsonl');
  fs.writeFileSync(plain, bytes);
  assert.deepEqual(report.rows, (await analyzeFile(plain, options)).rows);
});

test('read sizes from 1 byte to the compressed size, and 64 KiB: identical reports (zstd), equal to plain on the rows', async () => {
  const bytes = reportFile(false);
  const file = await writeZstd(path.join(dir, 'report.jsonl.zst'), Buffer.concat([bytes, Buffer.from('\n')]));
  const report = await sweep(file, fs.statSync(file).size);
  const plain = path.join(dir, 'report-plain2.jsonl');
  fs.writeFileSync(plain, Buffer.concat([bytes, Buffer.from('\n')]));
  assert.deepEqual(report.rows, (await analyzeFile(plain, options)).rows);
});
