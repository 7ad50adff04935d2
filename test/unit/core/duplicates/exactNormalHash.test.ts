/**
 * normalizedKey64 (the exact-duplicate key computed while scanning) must equal hashString64 of the normalised
 * text for any input: random strings mixing ASCII white space runs, case, punctuation and non-ASCII text.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeForExact, normalizedKey64 } from '../../../../src/core/duplicates/exactNormalHash.ts';
import { hashString64 } from '../../../../src/core/sketches/minhash.ts';

const PIECES = [
  'a',
  'B',
  'z',
  'Q',
  '1',
  ' ',
  '  ',
  '\t',
  '\n',
  '\r\n',
  '\v',
  '\f',
  '.',
  ',',
  '!',
  'İ',
  'ß',
  'Σ',
  'é',
  '\u00a0',
  '\u2028',
  '\u3000',
  '\ufeff',
  '😀',
  'Hello',
  'WORLD',
];

test('normalizedKey64 equals hashString64(normalizeForExact(text))', () => {
  let seed = 99;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 8) / 16777216;
  const got = new Uint32Array(2);
  const want = new Uint32Array(2);
  for (let n = 0; n < 20000; n++) {
    let s = '';
    const len = Math.floor(rnd() * 20);
    // half the strings ASCII only, so the fast path is exercised as much as the fallback
    const ascii = rnd() < 0.5;
    for (let i = 0; i < len; i++) s += PIECES[Math.floor(rnd() * (ascii ? 16 : PIECES.length))];
    const norm = normalizeForExact(s);
    const length = normalizedKey64(s, got);
    assert.equal(length, norm.length, JSON.stringify(s));
    if (norm.length === 0) continue;
    hashString64(norm, want);
    assert.deepEqual(Array.from(got), Array.from(want), JSON.stringify(s));
  }
});
