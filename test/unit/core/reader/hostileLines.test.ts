/**
 * Issue #15, items 1 and 2: the hostile lines of a real dataset — BOM, CRLF, blank lines, a malformed middle line, a
 * non-object, invalid UTF-8, a stray NUL and a control byte inside a row, a truncated last line with no final newline —
 * give the SAME records, counts, line numbers and columns through every reader: plain (any chunk size), gzip (also
 * multi-member, cut mid-character), zstd (raw blocks of any size, two frames) and the in-memory reader of decompressed
 * chunks (readJsonlBytes). Strict mode names `file:line:col` exactly, also inside gzip, zstd and a JSON array. A UTF-16
 * file (LE or BE, with or without a BOM; JSONL or an array) is one file-level "not UTF-8" error, never rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { readJsonl, readJsonlBytes, ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import type { JsonlRecord, ReaderStats } from '../../../../src/core/types.ts';
import { makeTempDir, readAll, rejection } from '../../helpers/readerHelpers.ts';
import { rawZstd } from '../../helpers/rawZstd.ts';
import {
  REFERENCE_HEAD,
  REFERENCE_HEAD_ERRORS,
  REFERENCE_HEAD_RECORDS,
} from '../../helpers/referenceHead.ts';

const tmp = makeTempDir();
const b = (s: string): Buffer => Buffer.from(s);

/*
 * The full reference file (offsets by hand):
 *  line 1:  BOM + {"t":"héllo"}           offset 3, 14 bytes
 *  line 2:  {"t":"日本語","n":1} CRLF      offset 18, 23 bytes
 *  line 3:  (empty)                       blank
 *  line 4:  3 spaces + tab                blank
 *  line 5:  {"t":"emoji 😀🎉"}            offset 49, 22 bytes
 *  line 6:  {"t":bad}                     offset 72, 9 bytes    malformed, column 6
 *  line 7:  [1,2]                         offset 82, 5 bytes    notObject, column 1
 *  line 8:  {"t":"<FF>"}                  offset 88, 9 bytes    invalidUtf8, column 7
 *  line 9:  {"t":"a<NUL>b"}               offset 98, 11 bytes   malformed, column 8 (the NUL)
 *  line 10: {"t":"日本<0x1F>"}            offset 110, 15 bytes  malformed, column 9 (the control byte, after 2 CJK)
 *  line 11: {"t":"Ωmega"}                 offset 126, 14 bytes
 *  line 12: CR alone (a CRLF blank line)  blank
 *  line 13: {"t":"cut                     offset 143, 9 bytes, no final newline: malformed, column 10 (end of input)
 */
const REFERENCE = Buffer.concat([
  REFERENCE_HEAD,
  b('{"t":"a'),
  Buffer.from([0x00]),
  b('b"}\n{"t":"日本'),
  Buffer.from([0x1f]),
  b('"}\n{"t":"Ωmega"}\n\r\n{"t":"cut'),
]);
const EXPECTED_RECORDS: JsonlRecord[] = [
  ...REFERENCE_HEAD_RECORDS,
  { line: 11, offset: 126, length: 14, value: { t: 'Ωmega' } },
];
const EXPECTED_STATS: ReaderStats = {
  total: 10, // lines 1, 2, 5 to 11, 13
  parsed: 4,
  malformed: 5, // lines 6, 9, 10, 13 (malformed) + 7 (notObject)
  blank: 3, // lines 3, 4, 12
  tooLong: 0,
  invalidUtf8: 1,
  skippedBytes: 9 + 5 + 9 + 11 + 15 + 9,
  byReason: { malformed: 4, invalidUtf8: 1, tooLong: 0, tooDeep: 0, notObject: 1 },
  errors: [
    ...REFERENCE_HEAD_ERRORS,
    {
      line: 9,
      column: 8,
      reason: 'malformed',
      message: 'Bad control character in string literal in JSON at position 7',
    },
    {
      line: 10,
      column: 9,
      reason: 'malformed',
      message: 'Bad control character in string literal in JSON at position 8',
    },
    { line: 13, column: 10, reason: 'malformed', message: 'Unterminated string in JSON at position 9' },
  ],
  bom: true,
  bytesRead: 152,
  fileBytes: 152,
  compression: 'none',
  format: 'jsonl',
};

/** The stats a compressed read must give: the plain file's, but for the size on disk and the compression. */
const compressedStats = (fileBytes: number, compression: 'gzip' | 'zstd'): ReaderStats => ({
  ...EXPECTED_STATS,
  fileBytes,
  compression,
});

test('the full reference file gives the same records, counts, lines and columns through every reader (plain, gzip, zstd, decompressed chunks)', async () => {
  assert.equal(REFERENCE.length, 152);
  assert.notEqual(REFERENCE[REFERENCE.length - 1], 0x0a, 'no final newline');
  // plain, every chunk size of a sample from 1 byte to 64 KiB
  const plain = tmp.file('reference.jsonl', REFERENCE);
  for (const chunkSize of [1, 2, 3, 5, 7, 11, 13, 64, 151, 152, 1000, 65536]) {
    const { records, stats } = await readAll(plain, { chunkSize });
    assert.deepEqual(records, EXPECTED_RECORDS, `plain, chunk size ${chunkSize}`);
    assert.deepEqual(stats, EXPECTED_STATS, `plain, chunk size ${chunkSize}`);
  }
  // gzip: one member (read 1, 7 and 64 KiB at a time), and two members cut inside the 4-byte 😀
  const cut = REFERENCE.indexOf(b('😀')) + 2;
  const gzips: [string, Buffer][] = [
    ['one member', gzipSync(REFERENCE)],
    [
      'two members cut mid-character',
      Buffer.concat([gzipSync(REFERENCE.subarray(0, cut)), gzipSync(REFERENCE.subarray(cut))]),
    ],
  ];
  for (const [name, gz] of gzips) {
    const file = tmp.file(`reference-${gzips.findIndex((g) => g[0] === name)}.gz`, gz);
    for (const chunkSize of [1, 7, 65536]) {
      const { records, stats } = await readAll(file, { chunkSize });
      assert.deepEqual(records, EXPECTED_RECORDS, `gzip ${name}, chunk size ${chunkSize}`);
      assert.deepEqual(stats, compressedStats(gz.length, 'gzip'), `gzip ${name}, chunk size ${chunkSize}`);
    }
  }
  // zstd: raw blocks of 1 byte to 128 KiB (block edges inside lines and characters), and two frames cut mid-character
  const zstds: [string, Buffer][] = [1, 3, 7, 64, 128 * 1024].map((n) => [
    `blocks of ${n}`,
    rawZstd(REFERENCE, n),
  ]);
  zstds.push([
    'two frames cut mid-character',
    Buffer.concat([rawZstd(REFERENCE.subarray(0, cut), 5), rawZstd(REFERENCE.subarray(cut), 9)]),
  ]);
  for (const [i, [name, zst]] of zstds.entries()) {
    const file = tmp.file(`reference-${i}.jsonl`, zst); // a lying name: detected by its magic bytes
    const { records, stats } = await readAll(file, { chunkSize: 3 });
    assert.deepEqual(records, EXPECTED_RECORDS, `zstd ${name}`);
    assert.deepEqual(stats, compressedStats(zst.length, 'zstd'), `zstd ${name}`);
  }
  // the reader of a decompressed chunk (the analysis of a large .gz / .zst file): same records, same counts
  const bytes = readJsonlBytes(REFERENCE, { firstLine: 1, baseOffset: 0, first: true, compression: 'zstd' });
  const records = [...bytes.batches].flat();
  assert.deepEqual(records, EXPECTED_RECORDS, 'readJsonlBytes');
  assert.deepEqual(bytes.stats, { ...compressedStats(0, 'zstd'), fileBytes: 0 }, 'readJsonlBytes');
});

/** Good lines, then `bad` on line 3, then one more good line (and a final newline unless `bad` ends the file). */
const withBadLine = (bad: Buffer, last = false): Buffer =>
  Buffer.concat([b('{"a":1}\n{"a":"é"}\n'), bad, last ? Buffer.alloc(0) : b('\n{"a":4}\n')]);

/** The file as plain, gzip and zstd (raw blocks of 4 bytes), named without a telling extension. */
function everyCompression(name: string, bytes: Buffer): [string, string][] {
  return [
    ['plain', tmp.file(`${name}.plain`, bytes)],
    ['gzip', tmp.file(`${name}.gzip`, gzipSync(bytes))],
    ['zstd', tmp.file(`${name}.zstd`, rawZstd(bytes, 4))],
  ];
}

/** Strict mode on `file`: the records yielded before it throws, and the ReaderError. */
async function strictFailure(file: string): Promise<{ lines: number[]; err: ReaderError }> {
  const lines: number[] = [];
  const err = await rejection(
    (async () => {
      for await (const r of readJsonl(file, { strict: true }).records) lines.push(r.line);
    })(),
  );
  assert.ok(err instanceof ReaderError, String(err));
  return { lines, err };
}

test('a stray NUL, a control byte and a truncated last line: the exact line and column in lenient and strict mode, plain, gzip and zstd', async () => {
  const cases: { name: string; bytes: Buffer; column: number; message: string; after: number }[] = [
    {
      name: 'nul',
      bytes: withBadLine(Buffer.concat([b('{"t":"ab'), Buffer.from([0]), b('c"}')])),
      column: 9,
      message: 'Bad control character in string literal in JSON at position 8',
      after: 1,
    },
    {
      // the control byte after two 3-byte characters and one 4-byte one: the column counts code points
      name: 'control',
      bytes: withBadLine(Buffer.concat([b('{"t":"日本😀'), Buffer.from([0x07]), b('"}')])),
      column: 10,
      message: 'Bad control character in string literal in JSON at position 10',
      after: 1,
    },
    {
      name: 'truncated',
      bytes: withBadLine(b('{"t":"日本語 cut'), true),
      column: 14,
      message: 'Unterminated string in JSON at position 13',
      after: 0,
    },
    {
      name: 'truncated-object',
      bytes: withBadLine(b('{"t":"x","u":'), true),
      column: 14,
      message: 'Unexpected end of JSON input',
      after: 0,
    },
  ];
  for (const c of cases) {
    for (const [how, file] of everyCompression(c.name, c.bytes)) {
      const what = `${c.name}, ${how}`;
      const { records, stats } = await readAll(file);
      assert.deepEqual(
        records.map((r) => r.line),
        c.after ? [1, 2, 4] : [1, 2],
        what,
      );
      assert.deepEqual(
        [stats.total, stats.parsed, stats.malformed, stats.blank],
        [2 + c.after + 1, 2 + c.after, 1, 0],
        what,
      );
      assert.deepEqual(
        stats.errors,
        [{ line: 3, column: c.column, reason: 'malformed', message: c.message }],
        what,
      );
      const { lines, err } = await strictFailure(file);
      assert.deepEqual(lines, [1, 2], `${what}: the good lines first`);
      assert.equal(err.message, `${file}:3:${c.column}: ${c.message}`, what);
      assert.deepEqual([err.line, err.column, err.reason], [3, c.column, 'malformed'], what);
    }
  }
});

test('a stray NUL or control byte inside a JSON-array element: counted at its element with the file line:column; strict names it and yields nothing after it; plain, gzip, zstd', async () => {
  const array = Buffer.concat([
    b('[\n  {"a":1},\n  {"t":"日本'),
    Buffer.from([0x00]),
    b('c"}, {"t":"x'),
    Buffer.from([0x1f]),
    b('"},\n  {"a":4}\n]\n'),
  ]);
  for (const [how, file] of everyCompression('array-nul', array)) {
    const { records, stats } = await readAll(file);
    assert.equal(stats.format, 'json-array', how);
    assert.deepEqual(
      records.map((r) => r.line),
      [1, 4],
      how,
    );
    assert.deepEqual(
      stats.errors.map((e) => [e.line, e.column, e.at, e.reason]),
      [
        [2, 9, { line: 3, column: 11 }, 'malformed'], // element 2 starts at 3:3; the NUL is its 9th character
        [3, 8, { line: 3, column: 24 }, 'malformed'], // element 3 starts at 3:17
      ],
      how,
    );
    const { lines, err } = await strictFailure(file);
    assert.deepEqual(lines, [1], how);
    assert.equal(
      err.message,
      `${file}:3:11: element 2 (line 3, column 11): Bad control character in string literal in JSON at position 8`,
      how,
    );
  }
});

test('a JSON array truncated inside its last element: the earlier elements, then one error naming where (plain, gzip, zstd)', async () => {
  const array = b('[{"a":1},\n {"a":2},\n {"t":"cut');
  for (const [how, file] of everyCompression('array-cut', array)) {
    const lines: number[] = [];
    const err = await rejection(
      (async () => {
        for await (const r of readJsonl(file).records) lines.push(r.line);
      })(),
    );
    assert.deepEqual(lines, [1, 2], how);
    assert.ok(err instanceof ReaderError && err.reason === 'arrayStructure', how);
    assert.equal(
      err.message,
      `${file}:3:2: the input ends before the JSON array's closing ']': element 3, which starts at line 3, column 2, has an unterminated string (opened on line 3)`,
      how,
    );
  }
});

test('invalid UTF-8 inside zstd and gzip: counted per line with its column, as in the plain file', async () => {
  // a lone continuation byte, an overlong '/', a truncated 3-byte sequence before '"', an encoded surrogate
  const bad = [[0x80], [0xc0, 0xaf], [0xe6, 0x97], [0xed, 0xa0, 0x80]];
  // (40 good lines first: a few bad bytes among many, as in real data, not a binary file)
  const good = Array.from({ length: 40 }, (_, i) => `{"row":${i},"t":"a good line"}\n`).join('');
  const text = Buffer.concat([
    b(good),
    ...bad.map((seq) => Buffer.concat([b('{"t":"é'), Buffer.from(seq), b('"}\n')])),
    b('{"a":2}\n'),
  ]);
  for (const [how, file] of everyCompression('utf8', text)) {
    const { records, stats } = await readAll(file);
    assert.deepEqual(records.map((r) => r.line).slice(38), [39, 40, 45], how);
    assert.equal(stats.invalidUtf8, 4, how);
    assert.deepEqual(
      stats.errors.map((e) => [e.line, e.column, e.reason]),
      [41, 42, 43, 44].map((line) => [line, 8, 'invalidUtf8']),
      how,
    );
  }
});

/** The same rows as UTF-16: LE or BE, with or without a byte-order mark. */
function utf16Variants(text: string): [string, Buffer][] {
  const le = Buffer.from(text, 'utf16le');
  const be = Buffer.from(le).swap16();
  return [
    ['UTF-16LE', le],
    ['UTF-16LE with BOM', Buffer.concat([Buffer.from([0xff, 0xfe]), le])],
    ['UTF-16BE', be],
    ['UTF-16BE with BOM', Buffer.concat([Buffer.from([0xfe, 0xff]), be])],
  ];
}

test('a UTF-16 file (LE or BE, with or without a BOM; JSONL or a JSON array; also gzipped): one file-level "not UTF-8" error, no rows', async () => {
  const jsonl =
    Array.from({ length: 30 }, (_, i) => JSON.stringify({ text: `row ${i} é 日本` })).join('\n') + '\n';
  const array = `[\n${jsonl.trimEnd().split('\n').join(',\n')}\n]\n`;
  for (const [kind, text] of [
    ['jsonl', jsonl],
    ['array', array],
    ['one-line array', `[${jsonl.trimEnd().split('\n').join(',')}]`],
  ]) {
    for (const [enc, bytes] of utf16Variants(text)) {
      for (const [how, content] of [
        ['plain', bytes],
        ['gzip', gzipSync(bytes)],
      ] as const) {
        const what = `${kind}, ${enc}, ${how}`;
        const file = tmp.file(`utf16-${kind}-${enc}-${how}.jsonl`.replace(/ /g, '_'), content);
        const reading = readJsonl(file);
        const rows: JsonlRecord[] = [];
        const err = await rejection(
          (async () => {
            for await (const r of reading.records) rows.push(r);
          })(),
        );
        assert.equal(rows.length, 0, what);
        assert.ok(err instanceof ReaderError, `${what}: ${String(err)}`);
        assert.equal(err.reason, 'notJsonl', what);
        assert.match(
          err.message,
          /^.*: not JSONL: looks like UTF-16 text( without a byte-order mark)? \(convert it to UTF-8, e\.g\. `iconv -f UTF-16 -t UTF-8`\)$/,
          what,
        );
        assert.ok(err.message.startsWith(`${file}: `), what);
        assert.equal(reading.stats.total, 0, what);
      }
    }
  }
});
