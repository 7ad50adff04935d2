import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePath, evaluatePath, joinPath, PathSyntaxError } from '../../../../src/core/fields/path.ts';

const row = {
  a: { b: 'ab', n: 3 },
  list: ['x', 'y', 'z'],
  items: [{ b: 'first' }, { c: 'no b' }, { b: 'third' }],
  messages: [
    { role: 'system', content: 'be nice' },
    { role: 'user', content: 'hi' },
    { role: 'assistant', content: 'hello' },
    { role: 'assistant', content: 'again' },
  ],
  scores: [
    { k: 1, v: 'one' },
    { k: 2, v: 'two' },
  ],
  'dotted.key': 'dk',
  nil: null,
};

test('dotted keys and indexes', () => {
  assert.deepEqual(evaluatePath(row, compilePath('a.b')), ['ab']);
  assert.deepEqual(evaluatePath(row, compilePath('a.n')), [3]);
  assert.deepEqual(evaluatePath(row, compilePath('list[0]')), ['x']);
  assert.deepEqual(evaluatePath(row, compilePath('list[2]')), ['z']);
  // index 3 is out of range for a 3-element array → nothing
  assert.deepEqual(evaluatePath(row, compilePath('list[3]')), []);
  assert.deepEqual(evaluatePath(row, compilePath('missing.b')), []);
  // explicit null is returned (callers decide); absent is not
  assert.deepEqual(evaluatePath(row, compilePath('nil')), [null]);
});

test('[*] fans out, and a missing key in one element just contributes nothing', () => {
  // items[*] = 3 objects; .b exists in elements 0 and 2
  assert.deepEqual(evaluatePath(row, compilePath('items[*].b')), ['first', 'third']);
  assert.deepEqual(evaluatePath(row, compilePath('list[*]')), ['x', 'y', 'z']);
  // no implicit fan-out: .b on an array matches nothing
  assert.deepEqual(evaluatePath(row, compilePath('items.b')), []);
});

test('[key=value] filter keeps matching elements in order, comparing as strings', () => {
  assert.deepEqual(evaluatePath(row, compilePath('messages[role=assistant].content')), ['hello', 'again']);
  assert.deepEqual(evaluatePath(row, compilePath('messages[role=user].content')), ['hi']);
  assert.deepEqual(evaluatePath(row, compilePath('messages[role=tool].content')), []);
  // number field k=2 compared via String(2) === "2"
  assert.deepEqual(evaluatePath(row, compilePath('scores[k=2].v')), ['two']);
  // spaces around key and unquoted value are trimmed; quoted values are exact
  assert.deepEqual(evaluatePath(row, compilePath('messages[ role = assistant ].content')), [
    'hello',
    'again',
  ]);
  assert.deepEqual(evaluatePath(row, compilePath('messages[role="assistant"].content')), ['hello', 'again']);
  // after [*] the filter applies to each single object
  assert.deepEqual(evaluatePath(row, compilePath('messages[*][role=system].content')), ['be nice']);
});

test('quoted keys reach keys containing dots; joinPath quotes them', () => {
  assert.deepEqual(evaluatePath(row, compilePath('["dotted.key"]')), ['dk']);
  assert.equal(joinPath('', 'dotted.key'), '["dotted.key"]');
  assert.equal(joinPath('meta', 'source'), 'meta.source');
  assert.equal(joinPath('meta', 'a.b'), 'meta["a.b"]');
  assert.deepEqual(evaluatePath({ meta: { 'a.b': 1 } }, compilePath(joinPath('meta', 'a.b'))), [1]);
});

test('compiled steps', () => {
  assert.deepEqual(compilePath('messages[role=assistant].content').steps, [
    { kind: 'key', key: 'messages' },
    { kind: 'filter', key: 'role', value: 'assistant' },
    { kind: 'key', key: 'content' },
  ]);
  assert.deepEqual(compilePath('a[0][*]').steps, [
    { kind: 'key', key: 'a' },
    { kind: 'index', index: 0 },
    { kind: 'all' },
  ]);
});

test('bad paths throw PathSyntaxError with the 1-based column', () => {
  const cases: [string, number][] = [
    ['', 1], // empty
    ['a..b', 3], // second "." where a name is expected
    ['.a', 1], // leading "."
    ['a.', 3], // nothing after "."
    ['a[', 2], // unclosed bracket opened at column 2
    ['a[x]', 3], // bracket body "x" starts at column 3
    ['a[]', 3], // empty brackets
    ['a]', 2], // stray "]"
    ['a[0]b', 5], // name right after "]"
    ['a[=x]', 3], // filter without key
  ];
  for (const [p, col] of cases) {
    assert.throws(
      () => compilePath(p),
      (e: unknown) =>
        e instanceof PathSyntaxError &&
        e.column === col &&
        e.path === p &&
        e.message.includes(`column ${col}`),
      `path ${JSON.stringify(p)}`,
    );
  }
});
