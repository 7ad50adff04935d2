/**
 * The BMP tables (bmpCase.ts) let the word scanner and the exact-duplicate key treat every non-special BMP code
 * unit like ASCII. These tests check every one of the 65,536 code units, in the contexts where a context-free
 * table could disagree with toLowerCase + the regex rule (inside a token, next to upper case, next to Σ, between
 * white space), and long rows mixing them.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BMP_SPACE, BMP_SPECIAL, BMP_WORD, bmpTables } from '../../../../src/core/tokenize/bmpCase.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { wordTokenizer } from '../../../../src/core/tokenize/word.ts';
import { normalizeForExact, normalizedKey64 } from '../../../../src/core/duplicates/exactNormalHash.ts';
import { hashString64 } from '../../../../src/core/sketches/minhash.ts';

function tokensOf(v: Vocabulary, text: string): string[] {
  return Array.from(v.addText(text), (id) => v.tokenOf(id));
}

function keyOf(text: string): string {
  const got = new Uint32Array(2);
  const n = normalizedKey64(text, got);
  return n === 0 ? '0' : `${n}:${got[0]}:${got[1]}`;
}

function refKeyOf(text: string): string {
  const norm = normalizeForExact(text);
  if (norm.length === 0) return '0';
  const want = new Uint32Array(2);
  hashString64(norm, want);
  return `${norm.length}:${want[0]}:${want[1]}`;
}

test('bmpTables: hand-checked entries', () => {
  const { lower, flags } = bmpTables();
  assert.equal(lower[0x41], 0x61); // A → a
  assert.equal(flags[0x41], BMP_WORD);
  assert.equal(lower[0xc9], 0xe9); // É → é
  assert.equal(flags[0xc9], BMP_WORD);
  assert.equal(lower[0x410], 0x430); // А → а (Cyrillic)
  assert.equal(flags[0x663], BMP_WORD); // ٣ (Arabic-Indic digit)
  assert.equal(flags[0x2019], 0); // ’ (punctuation)
  assert.equal(flags[0x301], 0); // combining acute (Mn, not a token character)
  assert.equal(flags[0xa0], BMP_SPACE); // no-break space
  assert.equal(flags[0x3000], BMP_SPACE); // ideographic space
  assert.equal(flags[0xfeff], BMP_SPACE); // BOM: white space for \s and trim
  assert.equal(flags[0x130] & BMP_SPECIAL, BMP_SPECIAL); // İ: two units
  assert.equal(flags[0x3a3] & BMP_SPECIAL, BMP_SPECIAL); // Σ: Final_Sigma
  assert.equal(flags[0xd835] & BMP_SPECIAL, BMP_SPECIAL); // surrogates
  assert.equal(flags[0xdc00] & BMP_SPECIAL, BMP_SPECIAL);
  assert.equal(bmpTables(), bmpTables()); // built once
});

test('every BMP code unit: scanner tokens equal the word tokenizer in five contexts', () => {
  const v = new Vocabulary();
  for (let c = 0; c < 65536; c++) {
    const u = String.fromCharCode(c);
    for (const s of [u, `ab${u}CD`, `${u}${u}X`, `Σ${u} Q${u}`, ` ${u}\t9${u}_`]) {
      const got = tokensOf(v, s);
      const want = wordTokenizer.tokenize(s);
      if (got.length !== want.length || got.some((t, i) => t !== want[i]))
        assert.deepEqual(got, want, `U+${c.toString(16)} in ${JSON.stringify(s)}`);
    }
  }
});

test('every BMP code unit: normalizedKey64 equals hashString64(normalizeForExact) in four contexts', () => {
  for (let c = 0; c < 65536; c++) {
    const u = String.fromCharCode(c);
    for (const s of [u, `Ab${u}Cd`, ` ${u} ${u}${u}  x`, `${u}\u00a0Σ${u}`]) {
      const got = keyOf(s);
      const want = refKeyOf(s);
      if (got !== want) assert.equal(got, want, `U+${c.toString(16)} in ${JSON.stringify(s)}`);
    }
  }
});

test('long random rows of BMP and astral text: scanner and exact key equal the string path', () => {
  let seed = 12345;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 8) / 16777216;
  const v = new Vocabulary();
  for (let n = 0; n < 40; n++) {
    const units: string[] = [];
    const len = n === 0 ? 0 : n === 1 ? 1 : Math.floor(rnd() * (n < 35 ? 2000 : 200000));
    for (let i = 0; i < len; i++) {
      const r = rnd();
      // mostly letters and white space, so tokens are long and many; some Greek, Latin-1, CJK, astral
      const c =
        r < 0.5
          ? 'aBcDeFgH0_ \n'.charCodeAt(Math.floor(rnd() * 12))
          : r < 0.7
            ? 0xc0 + Math.floor(rnd() * 0x200)
            : r < 0.8
              ? 0x391 + Math.floor(rnd() * 0x40)
              : r < 0.97
                ? Math.floor(rnd() * 0x10000)
                : -1;
      units.push(
        c < 0 ? String.fromCodePoint(0x10000 + Math.floor(rnd() * 0x100000)) : String.fromCharCode(c),
      );
    }
    const s = units.join('');
    assert.deepEqual(tokensOf(v, s), wordTokenizer.tokenize(s), `row ${n}`);
    assert.equal(keyOf(s), refKeyOf(s), `row ${n}`);
  }
});
