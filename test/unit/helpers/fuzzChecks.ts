/**
 * The properties every fuzz case is held to, per kind of file, shared by the fast-check properties (test/unit/fuzz/)
 * and the replay of the saved counterexamples (test/unit/fixtures/fuzz/). Why shared: a fixture must be checked
 * exactly as the property that found it checks, or a fixed bug could come back unnoticed. (Not a test file itself.)
 *
 * The promises, for any bytes:
 * - only documented errors escape: a ReaderError with a known reason (a line-level reason only in strict mode), or
 *   an AbortError after an abort — never a TypeError, a RangeError, a stack overflow; no case hangs (the sandbox);
 * - the counts add up: total = parsed + malformed + tooLong + invalidUtf8, total + blank = the lines of the file,
 *   byReason sums to the bad lines, the first 100 errors are kept in line order, every record's bytes parse back
 *   to its value;
 * - the same bytes give the same result whatever the read size (chunkSize), however the parallel analysis cuts
 *   the file (planChunks byte ranges, compressedChunks), and strict mode stops exactly at lenient mode's first error.
 */
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { statSync } from 'node:fs';
import type { ReaderErrorReason } from '../../../src/core/reader/readerError.ts';
import type { ReadSummary, RecordSummary } from './fuzzOps.ts';
import { documentedOutcome, READER_REASONS, type FuzzSandbox, type Outcome } from './fuzzSandbox.ts';
import type { Limits } from './fuzzInputs.ts';

/** The reasons that are about one line: thrown in strict mode only (lenient mode counts them). */
const LINE_REASONS: readonly ReaderErrorReason[] = [
  'malformed',
  'invalidUtf8',
  'tooLong',
  'tooDeep',
  'notObject',
];
/** What a lenient read may throw: file-level reasons only. */
export const LENIENT_REASONS = READER_REASONS.filter((r) => !LINE_REASONS.includes(r) && r !== 'emptyFile');

/** How a case varies what must not change the result. */
export interface Variation {
  /** Read sizes (fs stream highWaterMark) to compare with the default one. */
  chunkSizes: number[];
  /** Chunk size of the parallel analysis's cut (planChunks / compressedChunks). */
  chunkBytes: number;
  /** Batches after which a read is aborted (0: before it starts). */
  abortAfter: number;
}

/** How a case is read: read sizes (small and large), a chunk size for byte ranges, and when to abort. */
export const variationArb: fc.Arbitrary<Variation> = fc.record({
  chunkSizes: fc.array(fc.oneof(fc.integer({ min: 1, max: 16 }), fc.integer({ min: 17, max: 5000 })), {
    minLength: 1,
    maxLength: 2,
  }),
  chunkBytes: fc.integer({ min: 1, max: 600 }),
  abortAfter: fc.integer({ min: 0, max: 3 }),
});

/**
 * The case's read sizes, raised to keep a read under ~512 pieces (a 1-byte read size on a 20 KB file costs seconds
 * and finds nothing a 40-byte one does not: the scanners' piece boundaries are what matters, and they still fall
 * everywhere across cases).
 */
function readSizes(v: Variation, size: number): number[] {
  return v.chunkSizes.map((c) => Math.max(c, Math.ceil(size / 512)));
}

/** The outcome with only what must be equal between two runs (an error's stack differs by its call path). */
const comparable = (o: Outcome<unknown>): unknown =>
  o.thrown ? { thrown: { name: o.thrown.name, reason: o.thrown.reason, message: o.thrown.message } } : o;

const UTF8_BOM = [0xef, 0xbb, 0xbf];

/** Lines of `bytes` by the reader's rule: a UTF-8 BOM stripped, only `\n` ends a line, a non-empty tail is a line. */
export function linesOf(bytes: Uint8Array): number {
  const b = Buffer.from(bytes);
  const body = UTF8_BOM.every((x, i) => b[i] === x) ? b.subarray(3) : b;
  let n = 0;
  for (let i = body.indexOf(10); i !== -1; i = body.indexOf(10, i + 1)) n++;
  const last = body.lastIndexOf(10);
  return n + (body.length - (last + 1) > 0 ? 1 : 0);
}

/** The counts of a read add up (every format). */
export function assertCountsAddUp(s: ReadSummary): void {
  const { stats, records } = s;
  const bad = stats.total - stats.parsed;
  assert.equal(
    stats.total,
    stats.parsed + stats.malformed + stats.tooLong + stats.invalidUtf8,
    'total = parsed + bad',
  );
  assert.equal(records.length, stats.parsed, 'one record per parsed row');
  const byReason = Object.values(stats.byReason).reduce((a, b) => a + b, 0);
  assert.equal(byReason, bad, 'byReason sums to the bad rows');
  assert.equal(stats.malformed, stats.byReason.malformed + stats.byReason.tooDeep + stats.byReason.notObject);
  assert.equal(stats.tooLong, stats.byReason.tooLong);
  assert.equal(stats.invalidUtf8, stats.byReason.invalidUtf8);
  assert.equal(stats.errors.length, Math.min(100, bad), 'the first 100 errors are kept');
  for (let i = 1; i < stats.errors.length; i++)
    assert.ok(stats.errors[i].line > stats.errors[i - 1].line, 'errors in line order');
  for (const e of stats.errors)
    assert.ok(e.line >= 1 && e.column >= 1, `error position ${e.line}:${e.column}`);
  for (let i = 1; i < records.length; i++)
    assert.ok(records[i][0] > records[i - 1][0], 'records in line order');
  assert.ok(stats.skippedBytes >= 0 && (bad > 0 || stats.skippedBytes === 0), 'skippedBytes');
}

/** Each record's bytes in `bytes` parse back to its value; for JSONL its line number is 1 + the `\n` before it. */
function assertRecordsAreTheirBytes(records: RecordSummary[], bytes: Uint8Array, jsonl: boolean): void {
  const b = Buffer.from(bytes);
  let newlines = 0;
  let counted = 0;
  for (const [line, offset, length, json] of records) {
    const text = b.subarray(offset, offset + length).toString('utf8');
    assert.equal(JSON.stringify(JSON.parse(text)), json, `record ${line} is its bytes`);
    if (!jsonl) continue;
    for (let i = b.indexOf(10, counted); i !== -1 && i < offset; i = b.indexOf(10, i + 1)) newlines++;
    counted = offset;
    assert.equal(line, newlines + 1, `record at ${offset} is on line ${newlines + 1}`);
  }
}

/** Sum of the per-range counters (what the chunked analysis merges). */
function sumStats(parts: ReadSummary[]): Record<string, unknown> {
  const keys = ['total', 'parsed', 'malformed', 'blank', 'tooLong', 'invalidUtf8', 'skippedBytes'] as const;
  const out: Record<string, number> = {};
  for (const k of keys) out[k] = parts.reduce((a, p) => a + p.stats[k], 0);
  const byReason: Record<string, number> = Object.fromEntries(LINE_REASONS.map((r) => [r, 0]));
  for (const p of parts)
    for (const [k, v] of Object.entries(p.stats.byReason)) byReason[k] = (byReason[k] ?? 0) + v;
  return { ...out, byReason, errors: parts.flatMap((p) => p.stats.errors).slice(0, 100) };
}

const wholeCounters = (s: ReadSummary): Record<string, unknown> => sumStats([s]);

/**
 * Strict mode agrees with lenient mode: it throws at lenient mode's first bad row (same reason and message), throws
 * a file-level error when lenient mode did, and otherwise reads the same rows.
 */
async function checkStrict(
  sb: FuzzSandbox,
  file: string,
  lim: Limits,
  lenient: Outcome<ReadSummary>,
): Promise<void> {
  const strict = await sb.run('read', [file, { ...lim, strict: true }]);
  const value = documentedOutcome(strict);
  if (lenient.thrown) {
    assert.ok(strict.thrown, 'strict mode fails where lenient mode fails');
    return;
  }
  const first = lenient.value.stats.errors[0];
  if (!first) {
    // (a gzip stream may still fail after the last good line; lenient mode would then have failed too)
    assert.deepEqual(value, lenient.value, 'strict = lenient on a file with no bad row');
    return;
  }
  assert.ok(strict.thrown, `strict mode throws at the first bad row (${first.message})`);
  assert.equal(strict.thrown.reason, first.reason, 'strict: the reason of the first bad row');
  assert.ok(
    strict.thrown.message.endsWith(first.message),
    `strict message ${strict.thrown.message} ~ ${first.message}`,
  );
}

/**
 * Reads a plain (uncompressed) file with every variation and checks the promises above; returns the default read,
 * or null when the file was refused (a documented file-level error).
 */
export async function checkPlainFile(
  sb: FuzzSandbox,
  file: string,
  bytes: Uint8Array,
  lim: Limits,
  v: Variation,
): Promise<ReadSummary | null> {
  const whole = await sb.run('read', [file, lim]);
  const read: ReadSummary | null = documentedOutcome(whole, LENIENT_REASONS);
  const chunkSizes = readSizes(v, bytes.length);
  for (const chunkSize of chunkSizes) {
    const other = await sb.run('read', [file, { ...lim, chunkSize }]);
    documentedOutcome(other, LENIENT_REASONS);
    assert.deepEqual(comparable(other), comparable(whole), `chunkSize ${chunkSize} reads the same`);
  }
  await checkStrict(sb, file, lim, whole);
  documentedOutcome(await sb.run('sniffPath', [file]));
  const aborted = await sb.run('readAborted', [file, v.abortAfter, 64]);
  documentedOutcome(aborted, LENIENT_REASONS, true);
  if (v.abortAfter === 0)
    assert.equal(aborted.thrown?.name, 'AbortError', 'an aborted signal stops the read');
  if (!read) return null;
  assertCountsAddUp(read);
  const jsonl = read.stats.format === 'jsonl';
  assertRecordsAreTheirBytes(read.records, bytes, jsonl);
  assert.equal(read.stats.bytesRead, bytes.length, 'bytesRead = the file');
  if (jsonl) {
    assert.equal(
      read.stats.total + read.stats.blank,
      linesOf(bytes),
      'total + blank = the lines of the file',
    );
    // the parallel analysis's byte ranges read exactly the whole file's rows and counts
    const ranged = await sb.run('rangedRead', [file, v.chunkBytes, { ...lim, chunkSize: chunkSizes[0] }]);
    const parts = documentedOutcome(ranged, LENIENT_REASONS);
    assert.ok(parts, 'the byte ranges of a readable file are readable');
    assert.deepEqual(
      parts.flatMap((p) => p.records),
      read.records,
      `chunkBytes ${v.chunkBytes}: the ranges' rows are the file's`,
    );
    assert.deepEqual(
      sumStats(parts),
      wholeCounters(read),
      `chunkBytes ${v.chunkBytes}: the ranges' counts add up`,
    );
  } else {
    // a JSON array: the panel's element locator finds the rows where the reader found them
    const n = Math.min(3, read.records.length);
    const located: ([number, number, number] | null)[] | null = documentedOutcome(
      await sb.run('locateElements', [file, n]),
    );
    for (const rec of read.records.slice(0, n)) {
      if (rec[0] > n) break;
      const where: number[] | undefined = located?.[rec[0] - 1]?.slice(0, 2);
      assert.deepEqual(where, [rec[1], rec[2]], `element ${rec[0]} located`);
    }
  }
  return read;
}

/**
 * Reads a gzip or zstd file (valid or damaged) and checks: only documented errors, the same result for every read
 * size, the parallel chunker agreeing with the line reader, and — when the file still decompresses and `expected`
 * is given — the rows of `expected()`: the read of its decompressed content as a plain file (a file cut exactly
 * between two gzip members or zstd frames is a shorter valid file; its rows are the rows it holds).
 */
export async function checkCompressedFile(
  sb: FuzzSandbox,
  file: string,
  v: Variation,
  expected: (() => Promise<ReadSummary | null>) | null,
): Promise<ReadSummary | null> {
  const whole = await sb.run('read', [file, {}]);
  const read: ReadSummary | null = documentedOutcome(whole, LENIENT_REASONS);
  for (const chunkSize of readSizes(v, statSync(file).size)) {
    const other = await sb.run('read', [file, { chunkSize }]);
    documentedOutcome(other, LENIENT_REASONS);
    assert.deepEqual(comparable(other), comparable(whole), `chunkSize ${chunkSize} reads the same`);
  }
  await checkStrict(sb, file, {}, whole);
  documentedOutcome(await sb.run('sniffPath', [file]));
  documentedOutcome(await sb.run('readAborted', [file, v.abortAfter, 64]), LENIENT_REASONS, true);
  const compressed = read ? read.stats.compression !== 'none' : null;
  if (read && compressed && read.stats.format === 'jsonl') {
    assertCountsAddUp(read);
    const chunked = await sb.run('compressedRead', [file, v.chunkBytes]);
    const parts = documentedOutcome(chunked, LENIENT_REASONS);
    assert.ok(parts, `the chunker reads what the line reader read (${chunked.thrown?.message})`);
    assert.deepEqual(
      parts.flatMap((p) => p.records),
      read.records,
      "the compressed chunks' rows are the file's",
    );
    assert.deepEqual(sumStats(parts), wholeCounters(read), "the compressed chunks' counts add up");
    const plain = expected ? await expected() : null;
    if (plain) assert.deepEqual(read.records, plain.records, 'a file that still decompresses has its rows');
  } else if (whole.thrown && /^(gzip|zstd)(Error|Bomb)$/.test(whole.thrown.reason ?? '')) {
    // the chunker must fail the same way on the same stream (the analysis reads big .gz/.zst files through it)
    const chunked = await sb.run('compressedRead', [file, v.chunkBytes]);
    documentedOutcome(chunked, LENIENT_REASONS);
    assert.equal(chunked.thrown?.reason, whole.thrown.reason, 'the chunker fails as the line reader does');
  }
  return read;
}

/**
 * Reads a Parquet file (valid or damaged) through the reader, the row counter and the row read-back: only
 * documented errors; when the file reads, every row read back by number is the row the reader yielded.
 */
export async function checkParquetFile(sb: FuzzSandbox, file: string, rows: number | null): Promise<void> {
  const whole = await sb.run('read', [file, {}]);
  const read: ReadSummary | null = documentedOutcome(whole, LENIENT_REASONS);
  documentedOutcome(await sb.run('sniffPath', [file]));
  const n = read?.stats.parsed ?? rows ?? 3;
  const wanted = [1, 2, n, n + 1, Math.ceil(n / 2)];
  const back = documentedOutcome(await sb.run('parquetRows', [file, wanted]));
  documentedOutcome(await sb.run('readAborted', [file, 1, 64]), LENIENT_REASONS, true);
  if (rows !== null) assert.ok(read, `an intact Parquet file reads (${whole.thrown?.message})`);
  if (!read) return;
  assertCountsAddUp(read);
  if (read.stats.format !== 'parquet') return;
  if (rows !== null) assert.equal(read.stats.parsed, rows, 'an intact Parquet file has its rows');
  if (!back) return;
  assert.equal(back.count, read.stats.parsed, 'the row count is the rows read');
  for (const [line, json] of back.rows) {
    const rec: RecordSummary | undefined = read.records[line - 1];
    assert.ok(rec, `row ${line} exists`);
    assert.equal(JSON.stringify(JSON.parse(json)), rec[3], `row ${line} read back = row ${line} read`);
  }
}

/**
 * The whole analysis of the file agrees with its read: it fails (with the same reason) where the lenient read
 * failed, its row counts are the reader's, the chunked run in this thread gives the same rows, tokens and exact
 * duplicates as the one pass, and --strict fails at the first bad row or on an empty file.
 */
export async function checkAnalysis(
  sb: FuzzSandbox,
  file: string,
  read: Outcome<ReadSummary>,
  chunkBytes: number,
): Promise<void> {
  const one = await sb.run('analyze', [file, null, false]);
  const report = documentedOutcome(one) as { rows: Record<string, unknown>; chunks: number | null } | null;
  if (read.thrown) {
    assert.ok(one.thrown, `the analysis fails where the read fails (${read.thrown.message})`);
    assert.equal(one.thrown.reason, read.thrown.reason, 'with the same reason');
    return;
  }
  assert.ok(report, `the analysis of a readable file succeeds (${one.thrown?.message})`);
  const s = read.value.stats;
  const { emptyText: _e, readBytes: _b, ...rows } = report.rows;
  void _e;
  void _b;
  assert.deepEqual(
    rows,
    {
      total: s.total,
      parsed: s.parsed,
      malformed: s.malformed,
      blank: s.blank,
      tooLong: s.tooLong,
      invalidUtf8: s.invalidUtf8,
      skippedBytes: s.skippedBytes,
      bom: s.bom,
      byReason: s.byReason,
      errors: s.errors,
    },
    "the report's rows are the reader's",
  );
  if (s.format === 'jsonl') {
    const chunked = await sb.run('analyze', [file, chunkBytes, false]);
    const c = documentedOutcome(chunked) as { chunks: number | null } | null;
    assert.ok(c, `the chunked analysis succeeds (${chunked.thrown?.message})`);
    assert.deepEqual(
      { ...c, chunks: null },
      { ...report, chunks: null },
      `chunkBytes ${chunkBytes}: same figures`,
    );
  }
  const strict = await sb.run('analyze', [file, null, true]);
  documentedOutcome(strict);
  if (s.errors.length > 0)
    assert.equal(strict.thrown?.reason, s.errors[0].reason, 'strict: the first bad row');
  else if (s.total === 0) assert.equal(strict.thrown?.reason, 'emptyFile', 'strict: an empty file');
  else assert.ok(!strict.thrown, `strict: a clean file is analysed (${strict.thrown?.message})`);
}
