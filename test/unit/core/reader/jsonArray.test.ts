// JSON-array datasets through readJsonl (src/core/reader/jsonArray.ts, jsonArrayScanner.ts): elements become rows
// numbered by index with their bytes and line:column; bad elements are counted where they are and reading
// resumes; a broken structure is one clear error; chunk sizes never change the result.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { looksLikeJsonArray } from '../../../../src/core/reader/jsonArray.ts';
import { ReaderError } from '../../../../src/core/reader/readerError.ts';
import { makeTempDir, readAll, readerFailure, rejection } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();

const PRETTY =
  '[\n  {\n    "t": "héllo"\n  },\n  {"t": "日本語, [x]", "n": 1},\n  {"t": "a \\"quoted\\" \\\\"}\n]\n';

test('json array: pretty-printed elements are rows numbered by index, with their bytes and line:column', async () => {
  const file = tmp.file('pretty.json', PRETTY);
  const { records, stats } = await readAll(file);
  assert.equal(stats.format, 'json-array');
  assert.deepEqual(
    records.map((r) => [r.line, r.at, r.value]),
    [
      [1, { line: 2, column: 3 }, { t: 'héllo' }],
      [2, { line: 5, column: 3 }, { t: '日本語, [x]', n: 1 }],
      [3, { line: 6, column: 3 }, { t: 'a "quoted" \\' }],
    ],
  );
  const buf = Buffer.from(PRETTY);
  for (const r of records) {
    const bytes = buf.subarray(r.offset, r.offset + r.length).toString();
    assert.deepEqual(JSON.parse(bytes), r.value);
    assert.match(bytes, /^\{[\s\S]*\}$/);
  }
  assert.equal(stats.total, 3);
  assert.equal(stats.parsed, 3);
  assert.equal(stats.bytesRead, buf.length);
});

test('json array: every chunk size gives the same records and stats (minified, BOM, multi-byte)', async () => {
  const text = '\ufeff[{"a":"😀,"},{"b":[1,{"c":"]"}]},  {"d":"\\\\"}\r\n,{"e":null}]';
  const file = tmp.file('chunks.json', text);
  const want = await readAll(file);
  assert.equal(want.records.length, 4);
  assert.equal(want.stats.bom, true);
  assert.equal(want.records[0].offset, 4);
  assert.deepEqual(want.records[3].at, { line: 2, column: 2 });
  for (const chunkSize of [1, 2, 3, 5, 7, 64]) {
    const got = await readAll(file, { chunkSize });
    assert.deepEqual(got.records, want.records, `chunkSize ${chunkSize}`);
    assert.deepEqual(got.stats, want.stats, `chunkSize ${chunkSize}`);
  }
});

test('json array: a malformed element in the middle is counted at its index and line:column, and reading resumes', async () => {
  const text = '[\n  {"a": 1},\n  {"b": 2,, "c": 3},\n  {"d": 4}}, 7, ,\n  {"e": 5}\n]';
  const { records, stats } = await readAll(tmp.file('bad.json', text));
  assert.deepEqual(
    records.map((r) => [r.line, r.value]),
    [
      [1, { a: 1 }],
      [6, { e: 5 }],
    ],
  );
  assert.equal(stats.total, 6);
  assert.equal(stats.malformed, 4);
  assert.deepEqual(stats.byReason, { malformed: 3, invalidUtf8: 0, tooLong: 0, tooDeep: 0, notObject: 1 });
  const [e2, e3, e4, e5] = stats.errors;
  assert.equal(e2.line, 2);
  assert.deepEqual(e2.at, { line: 3, column: 11 }); // the second ','
  assert.match(e2.message, /^element 2 \(line 3, column 11\): /);
  assert.equal(e3.line, 3);
  assert.deepEqual(e3.at, { line: 4, column: 11 }); // the stray '}'
  assert.equal(e4.reason, 'notObject');
  assert.equal(e4.line, 4);
  assert.deepEqual(e4.at, { line: 4, column: 14 });
  assert.equal(e5.line, 5);
  assert.match(e5.message, /element 5 \(line 4, column 17\) is missing/);
});

test('json array: strict mode throws at the bad element with file:line:column', async () => {
  const file = tmp.file('strict.json', '[{"a":1},\n {"b":}]');
  const err = await rejection(readAll(file, { strict: true }));
  assert.ok(err instanceof ReaderError);
  assert.equal(err.message.startsWith(`${file}:2:7: element 2 (line 2, column 7): `), true, err.message);
});

test('json array: an unclosed array or an unterminated string stops with one clear error naming where', async () => {
  const open = tmp.file('open.json', '[{"a":1},\n {"b":"never closed}, {"c":3}]\n');
  const err = await readerFailure(open, 'arrayStructure');
  assert.equal(
    err.message,
    `${open}:2:2: the input ends before the JSON array's closing ']': element 2, which starts at line 2, column 2, has an unterminated string (opened on line 2)`,
  );
  const unclosed = tmp.file('unclosed.json', '[{"a":1},{"b":[1,2}');
  assert.match(
    (await rejection(readAll(unclosed))).message,
    /:1:10: .*element 2.* has 1 unclosed '\[' or '\{'/,
  );
});

test('json array: content after the closing ] is one clear error; trailing whitespace is fine', async () => {
  const file = tmp.file('trail.json', '[\n{"a":1}]\n\n  x');
  const err = await rejection(readAll(file));
  assert.equal(err.reason, 'arrayStructure');
  assert.equal(
    err.message,
    `${file}:4:3: unexpected 'x' after the JSON array's closing ']' (a file holds one array)`,
  );
  const ok = await readAll(tmp.file('trailws.json', '[{"a":1}] \r\n\t\n'));
  assert.equal(ok.records.length, 1);
});

test('json array: an empty array is an empty dataset', async () => {
  for (const text of ['[]', '[\n]\n', ' \ufeff'.slice(1) + '[ ]']) {
    const { records, stats } = await readAll(tmp.file('empty.json', text));
    assert.equal(records.length, 0);
    assert.equal(stats.total, 0);
    assert.equal(stats.format, 'json-array');
  }
});

test('json array: an element nested 10,000 deep is tooDeep (no stack overflow) and the next one is read', async () => {
  const deep = '['.repeat(10000) + ']'.repeat(10000);
  const file = tmp.file('deep.json', `[\n{"a":1},\n${deep},\n{"b":2}\n]`);
  const { records, stats } = await readAll(file);
  assert.deepEqual(
    records.map((r) => r.line),
    [1, 3],
  );
  assert.equal(stats.byReason.tooDeep, 1);
  assert.equal(stats.errors[0].line, 2);
  assert.deepEqual(stats.errors[0].at, { line: 3, column: 1001 });
});

test('json array: too long elements and invalid UTF-8 are counted, never buffered whole', async () => {
  const big = `{"t":"${'x'.repeat(5000)}"}`;
  const bad = Buffer.concat([Buffer.from('{"t":"'), Buffer.from([0xff]), Buffer.from('"}')]);
  const file = tmp.file(
    'long.json',
    Buffer.concat([Buffer.from(`[${big},\n`), bad, Buffer.from(',{"ok":1}]')]),
  );
  const { records, stats } = await readAll(file, { maxLineBytes: 1000, chunkSize: 256 });
  assert.deepEqual(
    records.map((r) => [r.line, r.value]),
    [[3, { ok: 1 }]],
  );
  assert.equal(stats.tooLong, 1);
  assert.equal(stats.invalidUtf8, 1);
  assert.equal(stats.errors[0].line, 1);
  assert.match(stats.errors[0].message, /element 1 \(line 1, column 2\) is 5008 bytes/);
  assert.deepEqual(stats.errors[1].at, { line: 2, column: 7 });
});

test('json array: a gzipped array reads like the plain one', async () => {
  const plain = await readAll(tmp.file('p.json', PRETTY));
  const gz = await readAll(tmp.file('p.json.gz', gzipSync(PRETTY)));
  assert.deepEqual(gz.records, plain.records);
  assert.equal(gz.stats.compression, 'gzip');
  assert.equal(gz.stats.format, 'json-array');
});

test('json array sniff: a JSONL file whose first row is [1,2,3] stays JSONL', async () => {
  const { records, stats } = await readAll(tmp.file('rows.jsonl', '[1,2,3]\n{"a":1}\n{"a":2}\n'));
  assert.equal(stats.format, 'jsonl');
  assert.deepEqual(
    records.map((r) => r.line),
    [2, 3],
  );
  assert.equal(stats.byReason.notObject, 1);
  const w = (s: string, complete = true) => looksLikeJsonArray(Buffer.from(s), complete);
  assert.equal(w('[1,2,3]\n{"a":1}\n'), false);
  assert.equal(w('\ufeff \n[\n{"a":1}\n]'), true);
  assert.equal(w('[{"a":1},{"a":2}]\n'), true); // the whole file is one array
  assert.equal(w('[{"a":1},{"a":2}]\n', false), false); // …but only when the window is the whole file
  assert.equal(w('[{"a":1},{"a":', false), true); // a first line longer than the window
  assert.equal(w('{"a":1}\n'), false);
});
