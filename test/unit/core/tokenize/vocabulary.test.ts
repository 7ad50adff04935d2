import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';

test('vocabulary interns ids densely and counts occurrences', () => {
  const v = new Vocabulary();
  const a = v.addTokens(['the', 'cat', 'the']);
  assert.deepEqual(Array.from(a), [0, 1, 0]);
  assert.equal(v.count(0), 2);
  assert.equal(v.count(1), 1);
  assert.equal(v.size, 2);
  assert.equal(v.totalTokens, 3);
  assert.deepEqual(
    [...v.toCountMap()],
    [
      ['the', 2],
      ['cat', 1],
    ],
  );
});

test('vocabulary grows past its initial table', () => {
  const v = new Vocabulary();
  const toks = Array.from({ length: 5000 }, (_, i) => `t${i}`);
  v.addTokens(toks);
  v.addTokens(toks);
  assert.equal(v.size, 5000);
  assert.equal(v.count(4999), 2);
});

test('addTextView: the same ids and counts as addText, as a view of the scanner buffer', () => {
  const a = new Vocabulary();
  const b = new Vocabulary();
  for (const s of ['', 'one', 'The cat, the CAT', 'x '.repeat(3000), 'déjà Vu İ Σ 😀 end', '  ']) {
    assert.deepEqual(Array.from(b.addTextView(s)), Array.from(a.addText(s)), JSON.stringify(s.slice(0, 20)));
  }
  assert.deepEqual([...b.toCountMap()], [...a.toCountMap()]);
  assert.equal(b.totalTokens, a.totalTokens);
  // a view: the next call reuses the buffer
  const first = b.addTextView('alpha beta');
  const copy = Array.from(first);
  b.addTextView('gamma delta');
  assert.notDeepEqual(Array.from(first), copy);
});
