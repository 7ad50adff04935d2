import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readJsonl, readLineBytes, ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import type { ReaderStats } from '../../../../src/core/types.ts';
import {
  assertOneStream,
  makeTempDir,
  readAll,
  readerFailure,
  rejection,
} from '../../helpers/readerHelpers.ts';
import {
  REFERENCE_HEAD,
  REFERENCE_HEAD_ERRORS,
  REFERENCE_HEAD_RECORDS,
} from '../../helpers/referenceHead.ts';

const tmp = makeTempDir();

/*
 * The reference file, byte by byte (offsets computed by hand):
 *  line 1: BOM (0-2) + {"t":"héllo"}          offset 3,  14 bytes (13 chars, é = 2 bytes), \n at 17
 *  line 2: {"t":"日本語","n":1} + \r\n          offset 18, 23 bytes (6 + 9 + 8), \r at 41, \n at 42
 *  line 3: (empty)                             offset 43, \n at 43                       → blank
 *  line 4: 3 spaces + tab                      offset 44, \n at 48                       → blank
 *  line 5: {"t":"emoji 😀🎉"}                  offset 49, 22 bytes (6 + 6 + 4 + 4 + 2), \n at 71
 *  line 6: {"t":bad}                           offset 72, 9 bytes, \n at 81              → malformed, column 6 ('b')
 *  line 7: [1,2]                               offset 82, 5 bytes, \n at 87              → notObject, column 1
 *  line 8: {"t":" FF "}                        offset 88, 9 bytes, \n at 97              → invalidUtf8, column 7
 *  line 9: {"t":"Ωmega"}  (no final newline)   offset 98, 14 bytes (Ω = 2), file size 112
 */
const REFERENCE = Buffer.concat([REFERENCE_HEAD, Buffer.from('{"t":"Ωmega"}')]);
const EXPECTED_RECORDS = [
  ...REFERENCE_HEAD_RECORDS,
  { line: 9, offset: 98, length: 14, value: { t: 'Ωmega' } },
];
const EXPECTED_STATS: ReaderStats = {
  total: 7, // lines 1, 2, 5, 6, 7, 8, 9
  parsed: 4,
  malformed: 2, // line 6 (malformed) + line 7 (notObject)
  blank: 2,
  tooLong: 0,
  invalidUtf8: 1,
  skippedBytes: 23, // line 6 `{"t":bad}` 9 + line 7 `[1,2]` 5 + line 8 `{"t":"<FF>"}` 9
  byReason: { malformed: 1, invalidUtf8: 1, tooLong: 0, tooDeep: 0, notObject: 1 },
  errors: REFERENCE_HEAD_ERRORS,
  bom: true,
  bytesRead: 112,
  fileBytes: 112,
  compression: 'none',
  format: 'jsonl',
};

test('reference file: records and stats are identical for every chunk size from 1 byte to 64 KiB', async () => {
  const file = tmp.file('reference.jsonl', REFERENCE);
  assert.equal(REFERENCE.length, 112);
  for (const chunkSize of [1, 2, 3, 5, 7, 13, 64, 1000, 65536]) {
    const { records, stats } = await readAll(file, { chunkSize });
    assert.deepEqual(records, EXPECTED_RECORDS, `chunk size ${chunkSize}`);
    assert.deepEqual(stats, EXPECTED_STATS, `chunk size ${chunkSize}`);
  }
});

test('batches yields the same records, grouped per chunk', async () => {
  const file = tmp.file('reference-batches.jsonl', REFERENCE);
  const reading = readJsonl(file, { chunkSize: 13 });
  const flat = [];
  for await (const batch of reading.batches) flat.push(...batch);
  assert.deepEqual(flat, EXPECTED_RECORDS);
  assert.deepEqual(reading.stats, EXPECTED_STATS);
});

test('readLineBytes returns the raw line of a record, terminator excluded', async () => {
  const file = tmp.file('reference-lines.jsonl', REFERENCE);
  assert.equal((await readLineBytes(file, 18, 23))!.toString('utf8'), '{"t":"日本語","n":1}');
  assert.equal((await readLineBytes(file, 98, 14))!.toString('utf8'), '{"t":"Ωmega"}');
  await assert.rejects(readLineBytes(file, 100, 13), RangeError); // 100 + 13 > 112
  const gz = tmp.file('reference-lines.jsonl.gz', gzipSync(REFERENCE));
  assert.equal(await readLineBytes(gz, 3, 14), null);
});

test('strict mode throws ReaderError "file:line:col: message" at the first bad line, after yielding the good ones', async () => {
  const file = tmp.file('strict.jsonl', REFERENCE);
  const reading = readJsonl(file, { strict: true, chunkSize: 7 });
  const lines: number[] = [];
  const err = await rejection(
    (async () => {
      for await (const r of reading.records) lines.push(r.line);
    })(),
  );
  assert.ok(err instanceof ReaderError);
  assert.equal(err.message, `${file}:6:6: Unexpected token 'b', "{"t":bad}" is not valid JSON`);
  assert.deepEqual([err.file, err.line, err.column, err.reason], [file, 6, 6, 'malformed']);
  assert.deepEqual(lines, [1, 2, 5]);
  // Counted up to and including line 6: 4 non-blank lines, 3 parsed, 1 malformed, 2 blank.
  assert.deepEqual(
    [reading.stats.total, reading.stats.parsed, reading.stats.malformed, reading.stats.blank],
    [4, 3, 1, 2],
  );
});

test('strict mode also stops on notObject, tooLong and invalidUtf8 lines', async () => {
  const a = tmp.file('strict-array.jsonl', '{"a":1}\n"str"\n');
  assert.equal(
    (await rejection(readAll(a, { strict: true }))).message,
    `${a}:2:1: expected a JSON object, found a string`,
  );
  const b = tmp.file('strict-long.jsonl', '{"a":1}\n{"a":"0123456789"}\n');
  const e = await rejection(readAll(b, { strict: true, maxLineBytes: 10 }));
  assert.equal(e.message, `${b}:2:1: line is 18 bytes, longer than maxLineBytes (10)`);
  assert.equal(e.reason, 'tooLong');
});

test('lines over maxLineBytes are tooLong and skipped; the rest is read', async () => {
  // line 1: 7 bytes; line 2: {"t":"xxxxxxxxxxxxxxxxxxxx"} = 6 + 20 + 2 = 28 bytes > 20; line 3: 9 bytes.
  const file = tmp.file('long.jsonl', `{"a":1}\n{"t":"${'x'.repeat(20)}"}\r\n{"b":22}\n`);
  const { records, stats } = await readAll(file, { maxLineBytes: 20, chunkSize: 4 });
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 3],
  );
  assert.deepEqual(records[1], { line: 3, offset: 38, length: 8, value: { b: 22 } }); // 8 + 28 + 2 = 38
  assert.deepEqual(
    [stats.total, stats.parsed, stats.tooLong, stats.malformed, stats.byReason.tooLong],
    [3, 2, 1, 0, 1],
  );
  assert.deepEqual(stats.errors, [
    { line: 2, column: 1, reason: 'tooLong', message: 'line is 28 bytes, longer than maxLineBytes (20)' },
  ]);
});

test('nesting deeper than maxDepth is tooDeep', async () => {
  // {"a":[[[1]]]}: depth 4 ({ then 3 [) > 3; the 3rd '[' is the 4th level, at column 8.
  const file = tmp.file('deep.jsonl', '{"a":[[1]]}\n{"a":[[[1]]]}\n');
  const { records, stats } = await readAll(file, { maxDepth: 3 });
  assert.deepEqual(
    records.map((r) => r.line),
    [1],
  );
  assert.deepEqual(stats.errors, [
    { line: 2, column: 8, reason: 'tooDeep', message: 'nesting deeper than 3 levels' },
  ]);
  assert.equal(stats.malformed, 1);
});

test('only the first 100 errors are kept, every bad line is counted', async () => {
  // line 1 good, lines 2..151 bad (150 of them): the 100th kept error is line 101.
  const file = tmp.file('many-bad.jsonl', '{"ok":1}\n' + '{bad\n'.repeat(150));
  const { stats } = await readAll(file);
  assert.equal(stats.byReason.malformed, 150);
  assert.equal(stats.errors.length, 100);
  assert.equal(stats.errors[99].line, 101);
});

test('an empty file and a blank-only file are valid with 0 rows', async () => {
  const empty = await readAll(tmp.file('empty.jsonl', ''));
  assert.deepEqual(
    [empty.records.length, empty.stats.total, empty.stats.blank, empty.stats.bytesRead],
    [0, 0, 0, 0],
  );
  const blank = await readAll(tmp.file('blank.jsonl', '\n  \n\r\n'));
  assert.deepEqual([blank.records.length, blank.stats.total, blank.stats.blank], [0, 0, 3]);
});

test('gzip is read transparently, detected by magic bytes, multi-member included', async () => {
  const gz = gzipSync(REFERENCE);
  const file = tmp.file('reference.bin', gz); // no .gz extension: detected by 1f 8b
  const { records, stats } = await readAll(file, { chunkSize: 100 });
  assert.deepEqual(records, EXPECTED_RECORDS);
  assert.deepEqual(stats, { ...EXPECTED_STATS, fileBytes: gz.length, compression: 'gzip' });
  // Two members: lines 1-2 in the first, line 3 in the second.
  const multi = tmp.file(
    'multi.jsonl.gz',
    Buffer.concat([gzipSync('{"a":1}\n{"a":2}\n'), gzipSync('{"a":3}\n')]),
  );
  await assertOneStream(multi, 'a');
});

test('gzip: a decompressed size over the cap throws (possible gzip bomb); corrupt data throws gzipError', async () => {
  const file = tmp.file('bomb.jsonl.gz', gzipSync('{"a":1}\n'.repeat(1000))); // 8000 bytes decompressed
  const err = await readerFailure(file, 'gzipBomb', { maxDecompressedBytes: 5000 });
  assert.equal(err.message, `${file}: decompressed size exceeds the cap of 5000 bytes — possible gzip bomb`);
  const good = await readAll(file, { maxDecompressedBytes: 8000 });
  assert.equal(good.stats.parsed, 1000);
  const truncated = gzipSync('{"a":1}\n'.repeat(100));
  const bad = tmp.file('truncated.jsonl.gz', truncated.subarray(0, truncated.length - 12));
  const e2 = await rejection(readAll(bad));
  assert.equal(e2.reason, 'gzipError');
});

test('zstd files are read (zstd.test.ts); corrupt zstd data gets a clear error naming the file', async () => {
  const file = tmp.file('data.jsonl.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]));
  const err = await readerFailure(file, 'zstdError');
  assert.ok(err.message.startsWith(`${file}: zstd data is corrupt or truncated (`), err.message);
});

test('progress: throttled to >= 64 KiB steps, final call at the total; compressed bytes for gzip', async () => {
  // 300 lines of exactly 1024 bytes (1023 + \n) = 307200 bytes, read in 16 KiB chunks. Calls happen once the
  // consumed bytes moved >= 65536 since the last call: 65536, 131072, 196608, 262144, then the final 307200.
  const line = (i: number): string => {
    const head = `{"i":${i},"p":"`;
    return head + 'x'.repeat(1023 - head.length - 2) + '"}\n';
  };
  const content = Array.from({ length: 300 }, (_, i) => line(i)).join('');
  assert.equal(content.length, 307200);
  const file = tmp.file('progress.jsonl', content);
  const calls: [number, number][] = [];
  const { stats } = await readAll(file, { chunkSize: 16384, onProgress: (a, b) => calls.push([a, b]) });
  assert.equal(stats.parsed, 300);
  assert.deepEqual(
    calls,
    [65536, 131072, 196608, 262144, 307200].map((n) => [n, 307200]),
  );
  // Exactly 65536 bytes (the first 64 lines): the step call and the final call coincide → one call only.
  const small = tmp.file('progress-64k.jsonl', content.slice(0, 65536));
  const smallCalls: [number, number][] = [];
  await readAll(small, { chunkSize: 16384, onProgress: (a, b) => smallCalls.push([a, b]) });
  assert.deepEqual(smallCalls, [[65536, 65536]]);
  const gz = gzipSync(content);
  const gzFile = tmp.file('progress.jsonl.gz', gz);
  const gzCalls: [number, number][] = [];
  await readAll(gzFile, { onProgress: (a, b) => gzCalls.push([a, b]) });
  assert.deepEqual(gzCalls[gzCalls.length - 1], [gz.length, gz.length]);
});

test('an AbortSignal stops the read with an AbortError', async () => {
  const file = tmp.file('abort.jsonl', '{"a":1}\n'.repeat(50000)); // 400 KB: several chunks
  const controller = new AbortController();
  const seen: number[] = [];
  const err = await rejection(
    (async () => {
      for await (const r of readJsonl(file, { signal: controller.signal }).records) {
        seen.push(r.line);
        controller.abort();
      }
    })(),
  );
  assert.equal(err.name, 'AbortError');
  assert.deepEqual(seen, [1]);
  const pre = new AbortController();
  pre.abort();
  assert.equal((await rejection(readAll(file, { signal: pre.signal }))).name, 'AbortError');
});

test('byte ranges: each line belongs to the range holding its first byte; offsets absolute, lines range-relative', async () => {
  // Lines of 8 bytes: {"i":0}\n at 0, {"i":1}\n at 8, ... {"i":9}\n at 72; file size 80.
  const file = tmp.file('ranges.jsonl', Array.from({ length: 10 }, (_, i) => `{"i":${i}}\n`).join(''));
  const read = async (start: number, end?: number) =>
    (await readAll(file, { start, end, chunkSize: 5 })).records;
  // [0,20): lines starting at 0, 8, 16. [20,41): 24, 32, 40 (40 < 41). [41,80): 48..72.
  const a = await read(0, 20);
  const b = await read(20, 41);
  const c = await read(41);
  assert.deepEqual(
    a.map((r) => r.offset),
    [0, 8, 16],
  );
  assert.deepEqual(
    b.map((r) => [r.offset, r.line, r.value]),
    [
      [24, 1, { i: 3 }],
      [32, 2, { i: 4 }],
      [40, 3, { i: 5 }],
    ],
  );
  assert.deepEqual(
    c.map((r) => r.offset),
    [48, 56, 64, 72],
  );
  // A range starting exactly at a line start keeps that line.
  assert.deepEqual(
    (await read(8, 16)).map((r) => r.value),
    [{ i: 1 }],
  );
  const gz = tmp.file('ranges.jsonl.gz', gzipSync('{"i":0}\n'));
  assert.equal((await rejection(readAll(gz, { start: 4 }))).reason, 'unsupportedRange');
});
