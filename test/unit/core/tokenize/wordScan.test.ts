/**
 * The fused scanner (Vocabulary.addText) must give exactly the `word` tokenizer's tokens, in order, for any
 * text: a differential test over random strings built from the characters where the ASCII fast path and the
 * Unicode rule could disagree (combining marks, other scripts' digits, surrogate pairs, Turkish İ, German ß,
 * Greek final sigma, non-ASCII white space, case-ignorable punctuation).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { wordTokenizer } from '../../../../src/core/tokenize/word.ts';

const PIECES = [
  'a',
  'Z',
  'q',
  'M',
  '0',
  '9',
  '_',
  ' ',
  ' ',
  '\t',
  '\n',
  '\r',
  '\v',
  '\f',
  '.',
  "'",
  ':',
  '^',
  '`',
  ',',
  '-',
  '"',
  '!',
  '/',
  'İ',
  'ı',
  'I',
  'ß',
  'ẞ',
  'Σ',
  'σ',
  'ς',
  'ΑΣ',
  'é',
  'É',
  'e\u0301',
  '\u0301',
  '\u0307',
  '\u200d',
  '\u00ad',
  '\u00a0',
  '\u2028',
  '\u3000',
  '٣',
  '٤',
  '६',
  '߁',
  'Ⅻ',
  '½',
  '²',
  '𝐀',
  '𝟘',
  '😀',
  '👍🏽',
  '\ud835',
  '\udc00',
  'Ǆ',
  'ǅ',
  'ǈ',
  'ŉ',
  'ﬃ',
  'Ω',
  'K',
  'Å',
  '中文',
  'Привет',
  'ДОМ',
  'עברית',
  'ﻻ',
  'ᾼ',
  'ΐ',
  'ǰ',
  'Hello',
  'WORLD',
  'x1_Y2',
  'ꟸ',
  'ʰ',
  'ᵃ',
  '〇',
  '々',
];

function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tokensOf(v: Vocabulary, text: string): string[] {
  return Array.from(v.addText(text), (id) => v.tokenOf(id));
}

test('addText agrees with the word tokenizer on random Unicode strings', () => {
  const rnd = mulberry32(42);
  const v = new Vocabulary();
  const ref = new Vocabulary();
  for (let n = 0; n < 20000; n++) {
    const len = 1 + Math.floor(rnd() * 24);
    let s = '';
    for (let i = 0; i < len; i++) s += PIECES[Math.floor(rnd() * PIECES.length)];
    const expected = wordTokenizer.tokenize(s);
    assert.deepEqual(tokensOf(v, s), expected, JSON.stringify(s));
    ref.addTokens(expected);
  }
  // same types, same first-appearance ids, same counts as interning the tokenizer's strings
  assert.equal(v.size, ref.size);
  assert.equal(v.totalTokens, ref.totalTokens);
  assert.deepEqual([...v.toCountMap()], [...ref.toCountMap()]);
});

test('addText agrees with the word tokenizer on random code points of the whole range', () => {
  const rnd = mulberry32(7);
  const v = new Vocabulary();
  for (let n = 0; n < 5000; n++) {
    const cps: number[] = [];
    const len = 1 + Math.floor(rnd() * 16);
    for (let i = 0; i < len; i++) {
      const r = rnd();
      cps.push(
        r < 0.4
          ? 32 + Math.floor(rnd() * 95)
          : r < 0.8
            ? Math.floor(rnd() * 0x3000)
            : Math.floor(rnd() * 0x110000),
      );
    }
    const s = cps
      .map((c) => (c >= 0xd800 && c <= 0xdfff ? String.fromCharCode(c) : String.fromCodePoint(c)))
      .join('');
    assert.deepEqual(tokensOf(v, s), wordTokenizer.tokenize(s), JSON.stringify(s));
  }
});

test('addText: tricky cases by hand', () => {
  const v = new Vocabulary();
  for (const s of [
    'A.Σ b',
    'ΑΣ.',
    'ABΣ',
    'İstanbul',
    'STRASSE straße',
    'x\u00a0y',
    'a😀b',
    'AbC abc ABC',
    '',
    '   ',
    'déjà vu',
    'ǅemal',
    'end Σ',
  ]) {
    assert.deepEqual(tokensOf(v, s), wordTokenizer.tokenize(s), JSON.stringify(s));
  }
});

test('intern, the scanner and idOf find the same entry', () => {
  const v = new Vocabulary();
  const id = v.intern('hello');
  assert.equal(v.addText('HeLLo')[0], id);
  assert.equal(v.idOf('hello'), id);
  assert.equal(v.idOf('hell'), undefined);
  assert.equal(v.count(id), 1);
  const many = Array.from({ length: 20000 }, (_, i) => `w${i}`).join(' ');
  const ids = v.addText(many);
  assert.equal(v.size, 20001);
  assert.equal(v.idOf('w19999'), ids[19999]);
});
