/**
 * The fused scanner (Vocabulary.addText) must give exactly the `word` tokenizer's tokens, in order, for any
 * text: a differential test over random strings built from the characters where the ASCII fast path and the
 * Unicode rule could disagree (combining marks, other scripts' digits, surrogate pairs, Turkish İ, German ß,
 * Greek final sigma, non-ASCII white space, case-ignorable punctuation).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { PACKED_MAX_LENGTH, WordScanner, packedToken } from '../../../../src/core/tokenize/wordScan.ts';
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

test('packedToken: 7 bits per unit in a 64-bit shift register, ASCII tokens of at most 9 units only (by hand)', () => {
  const units = (s: string) => Array.from(s, (c) => c.charCodeAt(0));
  assert.deepEqual(packedToken(units('a'), 0, 1), [97, 0]);
  assert.deepEqual(packedToken(units('ab'), 0, 2), [97 * 128 + 98, 0]);
  // "xab" from offset 1 is "ab"
  assert.deepEqual(packedToken(units('xab'), 1, 2), [97 * 128 + 98, 0]);
  // 5 units: 35 bits, the top 3 in p1: 'a'·2^28 + 'b'·2^21 + 'c'·2^14 + 'd'·2^7 + 'e'
  const five = 97 * 2 ** 28 + 98 * 2 ** 21 + 99 * 2 ** 14 + 100 * 2 ** 7 + 101;
  assert.deepEqual(packedToken(units('abcde'), 0, 5), [(five % 2 ** 32) | 0, Math.floor(five / 2 ** 32)]);
  // 9 units of 127: 63 bits set, p1 = 2^31 − 1 (never −1)
  assert.deepEqual(packedToken(new Array(9).fill(127), 0, 9), [-1, 2 ** 31 - 1]);
  assert.equal(PACKED_MAX_LENGTH, 9);
  assert.equal(packedToken(units('abcdefghij'), 0, 10), null);
  assert.equal(packedToken(units('café'), 0, 4), null);
  assert.deepEqual(packedToken([], 0, 0), [0, 0]);
});

test('packedToken is one-to-one on ASCII tokens: every token of up to 2 units over 1…127, and random ones up to 9', () => {
  const seen = new Map<string, string>();
  const add = (u: number[]) => {
    const p = packedToken(u, 0, u.length)!;
    const key = `${p[0]},${p[1]}`;
    const s = String.fromCharCode(...u);
    assert.equal(
      seen.get(key) ?? s,
      s,
      `${JSON.stringify(s)} and ${JSON.stringify(seen.get(key))} pack alike`,
    );
    seen.set(key, s);
  };
  for (let a = 1; a < 128; a++) {
    add([a]);
    for (let b = 1; b < 128; b++) add([a, b]);
  }
  let seed = 5;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  for (let i = 0; i < 50000; i++) add(Array.from({ length: 1 + rnd(9) }, () => 1 + rnd(127)));
});

test('the scanner hands the interner each token packed as packedToken packs it, −1 when not packable', () => {
  const calls: [string, number, number][] = [];
  const recorder = {
    intern: (t: string) => (calls.push([t, 0, -1]), calls.length - 1),
    internCodes: (low: Uint16Array, len: number, _a: number, _b: number, p0: number, p1: number) => {
      calls.push([String.fromCharCode(...low.subarray(0, len)), p0, p1]);
      return calls.length - 1;
    },
  };
  const text = 'The quick_brown fox9 abcdefghi abcdefghij naïve DÉJÀ x Straße';
  const n = new WordScanner().scan(text, recorder);
  assert.deepEqual(
    calls.map((c) => c[0]),
    wordTokenizer.tokenize(text),
  );
  assert.equal(n, calls.length);
  for (const [token, p0, p1] of calls) {
    const want = packedToken(
      Array.from(token, (c) => c.charCodeAt(0)),
      0,
      token.length,
    );
    assert.deepEqual(p1 === -1 ? null : [p0, p1], want, token);
  }
  // 'abcdefghi' (9) is packed, 'abcdefghij' (10) and the non-ASCII tokens are not
  assert.equal(calls.find((c) => c[0] === 'abcdefghi')![2] >= 0, true);
  assert.equal(calls.find((c) => c[0] === 'abcdefghij')![2], -1);
  assert.equal(calls.find((c) => c[0] === 'naïve')![2], -1);
});

test('interning through packed words and through the characters gives one id per distinct token (lengths 1–12)', () => {
  const v = new Vocabulary();
  const w = new Vocabulary();
  let seed = 9;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const letters = 'abcdefghijklmnopqrstuvwxyz0123456789_é';
  const tokens = Array.from({ length: 60000 }, () =>
    Array.from({ length: 1 + rnd(12) }, () => letters[rnd(rnd(4) === 0 ? letters.length : 3)]).join(''),
  );
  // the scanner path (packed words for ASCII tokens ≤ 9 units) and the string path (characters only) agree
  const scanned = v.addText(tokens.join(' '));
  const interned = tokens.map((t) => w.intern(t));
  assert.deepEqual(Array.from(scanned), interned);
  assert.equal(v.size, new Set(tokens).size);
  for (let i = 0; i < tokens.length; i += 7) assert.equal(v.tokenOf(scanned[i]), tokens[i]);
  // a type first met through intern() is found again by the scanner's packed lookup
  const u = new Vocabulary();
  const id = u.intern('packed');
  assert.equal(u.addText('PACKED packed')[1], id);
});

test('scannedKeys: the scanner lanes of the last addTextView equal keysOf(its ids), special segments included', () => {
  const v = new Vocabulary();
  let seed = 21;
  const rnd = (n: number) => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 8) % n;
  const pieces = [
    'word',
    'The',
    'naïve',
    'İstanbul',
    'ΟΔΟΣ',
    'x😀y',
    '\ud83d',
    'ab_12',
    'ﬁne',
    ' ',
    '  ',
    ', ',
    '\n',
  ];
  for (let t = 0; t < 400; t++) {
    const text = Array.from({ length: rnd(40) }, () => pieces[rnd(pieces.length)]).join(rnd(2) ? ' ' : '');
    const ids = v.addTextView(text);
    const { lo, hi } = v.scannedKeys();
    const wantLo = new Uint32Array(ids.length);
    const wantHi = new Uint32Array(ids.length);
    v.keysOf(ids, wantLo, wantHi);
    assert.deepEqual(lo, wantLo, JSON.stringify(text));
    assert.deepEqual(hi, wantHi, JSON.stringify(text));
  }
  // a row longer than the scanner's first buffers (they grow together)
  const long = 'alpha İ beta '.repeat(2000);
  const ids = v.addTextView(long);
  const want = new Uint32Array(ids.length);
  v.keysOf(ids, want, new Uint32Array(ids.length));
  assert.deepEqual(v.scannedKeys().lo, want);
});
