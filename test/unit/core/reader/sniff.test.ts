import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import { describeNonJsonl, detectCompression } from '../../../../src/core/reader/sniff.ts';
import { makeTempDir, readAll, rejection } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();
after(() => tmp.cleanup());

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
    'not JSONL: looks like binary data (a NUL byte at offset 1)',
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
  const err = await rejection(readAll(csv));
  assert.ok(err instanceof ReaderError);
  assert.equal(err.reason, 'notJsonl');
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
