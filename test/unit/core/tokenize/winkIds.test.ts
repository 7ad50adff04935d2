import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { WinkIds } from '../../../../src/core/tokenize/winkIds.ts';
import { winkTokenizer } from '../../../../src/core/tokenize/wink.ts';

/** The row's tokens as strings (ids through the vocabulary). */
function tokensOf(v: Vocabulary, ids: Uint32Array): string[] {
  return Array.from(ids, (id) => v.tokenOf(id));
}

test('WinkIds interns the wink tokens: lowercased normals, contractions expanded, punctuation dropped', () => {
  const v = new Vocabulary();
  const w = new WinkIds(v);
  // wink: Hello , World ! I ca n't go 3.5 km . → hello world i can not go 3.5 km (ids in first-appearance order)
  const ids = w.addText("Hello, World! I can't go 3.5 km.");
  assert.deepEqual(Array.from(ids), [0, 1, 2, 3, 4, 5, 6, 7]);
  assert.deepEqual(tokensOf(v, ids), ['hello', 'world', 'i', 'can', 'not', 'go', '3.5', 'km']);
  assert.equal(v.totalTokens, 8);
  // the same row again hits the memo for every lexeme but the contraction's: same ids, counts doubled
  assert.deepEqual(Array.from(w.addText("Hello, World! I can't go 3.5 km.")), [0, 1, 2, 3, 4, 5, 6, 7]);
  // other spellings are other wink lexemes, interned to the same ids
  assert.deepEqual(Array.from(w.addText('HELLO hello')), [0, 0]);
  assert.equal(v.count(0), 4);
  assert.equal(v.count(4), 2);
  assert.equal(v.totalTokens, 18);
});

test("WinkIds never memoises a contraction's normal under its lexeme ('ca' of can't is 'can', alone it is 'ca')", () => {
  const v = new Vocabulary();
  const w = new WinkIds(v);
  assert.deepEqual(tokensOf(v, w.addText("I can't. ca ca")), ['i', 'can', 'not', 'ca', 'ca']);
  // and the other way round: the lexeme seen alone first, then inside the contraction
  assert.deepEqual(tokensOf(v, w.addText("ca CAN'T")), ['ca', 'can', 'not']);
  assert.equal(v.count(v.idOf('ca')!), 3);
  assert.equal(v.count(v.idOf('can')!), 2);
});

test('WinkIds on empty rows, punctuation-only rows and whitespace: no ids, nothing counted', () => {
  const v = new Vocabulary();
  const w = new WinkIds(v);
  for (const row of ['', ' ', '\n\n\t', '!!!', '?!... ---']) assert.deepEqual(Array.from(w.addText(row)), []);
  assert.equal(v.totalTokens, 0);
  assert.equal(v.size, 0);
  // newlines inside a row are dropped (tabCRLF), the words around them kept
  assert.deepEqual(tokensOf(v, w.addText("Don't\nstop\r\nnow!")), ['do', 'not', 'stop', 'now']);
});

test('WinkIds gives the tokens of winkTokenizer.tokenize on non-ASCII, emoji, numbers, URLs and contractions', () => {
  const rows = [
    'Café naïve Ärger İstanbul ß',
    '😀😀 emoji 👍🏽 ok :)',
    '#tag @user http://x.com/a?b=1 foo@bar.com',
    '3.5 1,000 $20 10:30am 1st 1990s',
    "won't it's y'all they'd've isn't",
    'e.g. U.S.A. Mr. Dr. foo-bar (foo-bar)',
  ];
  // expected: the string tokenizer's output, read by the same wink instance just before (wink learns as it reads, so
  // each row is first read by tokenize, then by WinkIds; none of these rows tokenizes differently on a second read)
  const v = new Vocabulary();
  const w = new WinkIds(v);
  for (const row of rows) {
    const expected = winkTokenizer.tokenize(row);
    assert.deepEqual(tokensOf(v, w.addText(row)), expected, row);
  }
  // hand-checked spot values: the emoji and the e-mail stay one token each; "isn't" → is not
  assert.ok(v.idOf('😀') !== undefined && v.idOf('foo@bar.com') !== undefined);
  assert.deepEqual(tokensOf(v, w.addText("isn't")), ['is', 'not']);
});

test('Vocabulary.countIds counts each id once more and adds to the total', () => {
  const v = new Vocabulary();
  v.addTokens(['a', 'b']);
  v.countIds(new Uint32Array([1, 1, 0]));
  assert.equal(v.count(0), 2);
  assert.equal(v.count(1), 3);
  assert.equal(v.totalTokens, 5);
});
