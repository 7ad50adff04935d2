// The editor's reveal of a JSON-array row (src/core/reader/jsonArrayLocate.ts): row N is element N, found at its
// line and UTF-16 column (a character above U+FFFF before it on the line counts 2, as in a VS Code Position),
// in plain and gzipped files, with its text capped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { locateArrayElement } from '../../../../src/core/reader/jsonArrayLocate.ts';
import { makeTempDir } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();

const TEXT = '[\n  {"a": "😀"}, {"b": "日本"},\n  {\n    "c": 1\n  }\n]\n';

test('locateArrayElement: element index → line and UTF-16 column, plain and gzip', async () => {
  for (const file of [tmp.file('a.json', TEXT), tmp.file('a.json.gz', gzipSync(TEXT))]) {
    const first = await locateArrayElement(file, 1, 1000);
    assert.deepEqual(first, {
      offset: 4,
      length: 13,
      line: 2,
      utf16Column: 3,
      text: '{"a": "😀"}',
      truncated: false,
    });
    const second = await locateArrayElement(file, 2, 1000);
    // '  {"a": "😀"}, ' is 14 code points but 15 UTF-16 units: the element starts at UTF-16 column 16
    assert.equal(second?.line, 2);
    assert.equal(second?.utf16Column, '  {"a": "😀"}, '.length + 1);
    assert.equal(second?.utf16Column, 16);
    assert.equal(second?.text, '{"b": "日本"}');
    const third = await locateArrayElement(file, 3, 5);
    assert.equal(third?.line, 3);
    assert.equal(third?.utf16Column, 3);
    assert.equal(third?.text, '{\n   ');
    assert.equal(third?.truncated, true);
    assert.equal(await locateArrayElement(file, 4, 1000), null);
  }
});

test('locateArrayElement: one-line array over many chunks', async () => {
  const row = (i: number) => JSON.stringify({ t: `row ${i} ${'x'.repeat(i % 50)}` });
  const rows = Array.from({ length: 3000 }, (_, i) => row(i + 1));
  const file = tmp.file('min.json', `[${rows.join(',')}]`);
  const loc = await locateArrayElement(file, 2500, 1 << 20);
  assert.equal(loc?.text, rows[2499]);
  assert.equal(loc?.line, 1);
  assert.equal(loc?.utf16Column, 2 + rows.slice(0, 2499).reduce((n, r) => n + r.length + 1, 0));
});
