import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import {
  describeNonJsonl,
  detectCompression,
  SNIFF_BYTES,
  sniffFormat,
  type SniffedFormat,
} from '../../../../src/core/reader/sniff.ts';
import { sniffFile } from '../../../../src/core/reader/sniffFile.ts';
import { makeTempDir, readAll, readerFailure, rejection } from '../../helpers/readerHelpers.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';

const tmp = makeTempDir();

const sniff = (s: string | Buffer): string | null =>
  describeNonJsonl(Buffer.isBuffer(s) ? s : Buffer.from(s), true);

test('compression is detected from magic bytes', () => {
  assert.equal(detectCompression(Buffer.from([0x1f, 0x8b, 8, 0])), 'gzip');
  assert.equal(detectCompression(Buffer.from([0x28, 0xb5, 0x2f, 0xfd])), 'zstd');
  assert.equal(detectCompression(Buffer.from('{"a"')), 'none');
  assert.equal(detectCompression(Buffer.from([0x1f])), 'none');
});

test('JSONL, with or without a few malformed lines, passes the sniff', () => {
  assert.equal(sniff(''), null);
  assert.equal(sniff('\n \n'), null);
  assert.equal(sniff('{"a":1}\n{"a":2}\n'), null);
  assert.equal(sniff('garbage first\n{"a":1}\n'), null); // a later line parses as an object
  assert.equal(sniff('{"a":\n'), null); // one bad line is a malformed JSONL line, not a pretty-printed document
  assert.equal(sniff('[1,2]\n{"a":1}\n'), null); // a later line is an object: bad first row, JSONL
  assert.equal(sniff('a,b\n{"a":1}\n'), null);
  // A first line longer than the window, starting with '{': cannot be judged, left to the line rules.
  assert.equal(describeNonJsonl(Buffer.from('{"t":"' + 'x'.repeat(100)), false), null);
});

test('non-JSONL files get one message saying what they look like', () => {
  assert.match(sniff('[\n  {"a": 1},\n  {"a": 2}\n]\n')!, /^not JSONL: looks like one JSON array/);
  assert.match(sniff('[{"a": 1},\n{"a": 2}]')!, /^not JSONL: looks like one JSON array/);
  assert.match(
    sniff('{\n  "a": 1,\n  "b": [1, 2]\n}\n')!,
    /^not JSONL: looks like a pretty-printed JSON document/,
  );
  assert.equal(
    sniff('id,text\n1,hello\n'),
    'not JSONL: looks like CSV, comma-separated values (first line: id,text)',
  );
  assert.equal(
    sniff('id\ttext\n1\thello\n'),
    'not JSONL: looks like TSV, tab-separated values (first line: id\ttext)',
  );
  assert.match(sniff('<?xml version="1.0"?>\n<a/>\n')!, /^not JSONL: looks like XML\/HTML/);
  assert.equal(
    sniff('hello world\nsecond line\n'),
    'not JSONL: looks like plain text (none of its first 2 lines is a JSON object; first line: hello world)',
  );
  assert.equal(
    sniff(Buffer.from([0x7b, 0x00, 0x01, 0x02, 0x0a])),
    'not JSONL: looks like binary data (60% of the first 5 bytes are not UTF-8 text; a NUL byte at offset 1)',
  );
  // 50 bytes with 10 control characters (20% > 10%) and no NUL: binary.
  const controls = Buffer.alloc(50, 0x61);
  for (let i = 0; i < 10; i++) controls[i * 5] = 0x01;
  assert.equal(
    sniff(controls),
    'not JSONL: looks like binary data (20% of the first 50 bytes are not UTF-8 text)',
  );
  assert.match(sniff(Buffer.from('{"a":1}\n', 'utf16le'))!, /UTF-16 text without a byte-order mark/);
  assert.match(sniff(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14]))!, /ZIP archive/);
  assert.match(sniff(Buffer.from([0xff, 0xfe, 0x7b, 0x00]))!, /UTF-16 text/);
});

test('JSON that is not one object per line: a one-line JSON array, lines of arrays or strings (#12)', () => {
  assert.equal(
    sniff('[{"text": "a"}, {"text": "b"}]\n'),
    "not JSONL: looks like one JSON array on a single line (2 elements); JSONL needs one JSON object per line — convert it with `jq -c '.[]'`",
  );
  assert.equal(
    sniff('[1,2]\n[3]\n'),
    'not JSONL: none of its first 2 lines is a JSON object (line 1 is an array); JSONL needs one JSON object per line',
  );
  assert.equal(
    sniff('"just a string"\n'),
    'not JSONL: its first line is not a JSON object (it is a string); JSONL needs one JSON object per line',
  );
});

test('readJsonl throws one ReaderError with reason notJsonl, also inside gzip', async () => {
  const csv = tmp.file('data.csv', 'id,text\n1,hello\n2,world\n');
  const err = await readerFailure(csv, 'notJsonl');
  assert.equal(
    err.message,
    `${csv}: not JSONL: looks like CSV, comma-separated values (first line: id,text)`,
  );
  // (a pretty-printed JSON array is read as one: jsonArray.test.ts; a pretty-printed object is not a dataset)
  const pretty = tmp.file('doc.json.gz', gzipSync(JSON.stringify({ a: 1, b: [1, 2] }, null, 2)));
  assert.equal((await rejection(readAll(pretty))).reason, 'notJsonl');
  // 1-byte chunks: the sniff waits for its whole window, so the verdict does not depend on the chunk size.
  assert.equal((await rejection(readAll(csv, { chunkSize: 1 }))).reason, 'notJsonl');
});

test('sniffFormat: the real format from the first bytes, whatever the name (table)', () => {
  const bom = '\ufeff';
  const longArrayLine = `[${'{"text":"x"},'.repeat(6000)}{"text":"y"}]`; // one line longer than the window
  const table: [string, string | Buffer, boolean, SniffedFormat['format']][] = [
    ['empty file', '', true, 'jsonl'],
    ['JSONL', '{"a":1}\n{"a":2}\n', true, 'jsonl'],
    ['JSONL with a BOM', `${bom}{"a":1}\n`, true, 'jsonl'],
    ['JSONL whose first row is an array stays JSONL', '[1,2,3]\n{"a":1}\n', true, 'jsonl'],
    ['JSONL whose first row is an array, window cut', '[1,2,3]\n{"a":1}\n{"a', false, 'jsonl'],
    ['pretty-printed JSON array', '[\n  {"a": 1},\n  {"a": 2}\n]\n', true, 'json-array'],
    [
      'pretty-printed JSON array, BOM and leading blank lines',
      `${bom}\n\n  [\n {"a": 1}\n]`,
      true,
      'json-array',
    ],
    [
      'one-line JSON array (json.dump), the whole file',
      '[{"text": "a"}, {"text": "b"}]\n',
      true,
      'json-array',
    ],
    ['one-line JSON array, no final newline', '[{"text": "a"}]', true, 'json-array'],
    ['one-line JSON array longer than the window', longArrayLine.slice(0, SNIFF_BYTES), false, 'json-array'],
    ['array elements on separate lines, first line complete', '[{"a": 1},\n{"a": 2}]', true, 'json-array'],
    ['Parquet magic', Buffer.from('PAR1\x15\x04\x15\x00', 'latin1'), false, 'parquet'],
    ['Parquet magic after a BOM', Buffer.concat([Buffer.from(bom), Buffer.from('PAR1')]), false, 'parquet'],
    ['CSV', 'id,text\n1,hello\n', true, 'unknown'],
    ['pretty-printed JSON object', '{\n  "a": 1,\n  "b": 2\n}\n', true, 'unknown'],
    ['lines of arrays only', '[1,2]\n[3]\n', true, 'unknown'],
  ];
  for (const [name, head, complete, format] of table) {
    const bytes = Buffer.isBuffer(head) ? head : Buffer.from(head);
    assert.deepEqual(sniffFormat(bytes, complete), { format, compression: 'none' }, name);
  }
  // compressed: the compression from the magic, the format is in the decompressed bytes (sniffFile)
  assert.deepEqual(sniffFormat(gzipSync('[{"a":1}]')), { format: 'unknown', compression: 'gzip' });
  assert.deepEqual(sniffFormat(Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 4])), {
    format: 'unknown',
    compression: 'zstd',
  });
});

test('sniffFile: decompresses the head of a gzip or zstd file to find the format inside', async () => {
  const rows = '{"a":1}\n{"a":2}\n';
  const array = `${JSON.stringify([{ a: 1 }, { a: 2 }], null, 2)}\n`;
  const cases: [string, Promise<string> | string, SniffedFormat][] = [
    ['plain.jsonl', tmp.file('plain.jsonl', rows), { format: 'jsonl', compression: 'none' }],
    ['gz named .jsonl', tmp.file('gz-named.jsonl', gzipSync(rows)), { format: 'jsonl', compression: 'gzip' }],
    [
      'array.json.gz',
      tmp.file('array.json.gz', gzipSync(array)),
      { format: 'json-array', compression: 'gzip' },
    ],
    [
      'zst named .jsonl',
      writeZstd(tmp.file('zst-named.jsonl', ''), rows),
      { format: 'jsonl', compression: 'zstd' },
    ],
    [
      'array.json.zst',
      writeZstd(tmp.file('array.json.zst', ''), array),
      { format: 'json-array', compression: 'zstd' },
    ],
    [
      'big zstd JSONL (window cut)',
      writeZstd(tmp.file('big.jsonl.zst', ''), '{"text":"hello world"}\n'.repeat(10_000)),
      { format: 'jsonl', compression: 'zstd' },
    ],
    [
      'parquet named .jsonl',
      tmp.file('pq.jsonl', 'PAR1\x15\x04PAR1'),
      { format: 'parquet', compression: 'none' },
    ],
  ];
  for (const [name, file, want] of cases) assert.deepEqual(await sniffFile(await file), want, name);
});

test('one stray NUL or control byte inside one row in the first 4 KiB: that row is malformed, the file is read (#15)', async () => {
  const rows = Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `row ${i} says something` }));
  // a raw NUL inside the third row's string, and a raw 0x01 in the fifth (JSON forbids both unescaped)
  rows[2] = '{"text":"row 2 says \u0000 something"}';
  rows[4] = '{"text":"row 4 \u0001"}';
  const file = tmp.file('stray-nul.jsonl', rows.join('\n') + '\n');
  assert.ok(Buffer.byteLength(rows.slice(0, 3).join('\n')) < 4096, 'the NUL is in the binary probe');
  const { records, stats } = await readAll(file);
  assert.equal(records.length, 48);
  assert.equal(stats.malformed, 2);
  assert.deepEqual(
    stats.errors.map((e) => [e.line, e.reason]),
    [
      [3, 'malformed'],
      [5, 'malformed'],
    ],
  );
  // strict mode names the first one with its position
  await assert.rejects(readAll(file, { strict: true }), /stray-nul\.jsonl:3:\d+: /);
});

test('a gzip-compressed Parquet file: one error saying to decompress it first (Parquet is read by seeking)', async () => {
  const parquetBytes = Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(32, 1), Buffer.from('PAR1')]);
  const file = tmp.file('rows.parquet.gz', gzipSync(parquetBytes));
  await assert.rejects(
    readAll(file),
    /rows\.parquet\.gz: is a gzip-compressed Parquet file; .*decompress it first \(`gunzip /,
  );
});
