/**
 * The exact-duplicate key of a text without building its normalised copy: equal to
 * hashString64(normalizeForExact(text)) for every text, computed in one char-code pass.
 *
 * Why: lowercasing, a white-space regex and a trim allocate two or three strings per row and walk the text
 * three times before it is hashed. The normalisation is local (each code unit lowercased on its own; runs of
 * white space → one space; none at either end), so it can be applied while hashing: ASCII inline, other BMP
 * units through the tables of bmpCase.ts. A text with a unit whose lowercase is not context-free (U+0130,
 * U+03A3, surrogates: BMP_SPECIAL) takes the original string path.
 */
import { fmix32, murmurMix } from '../sketches/hashing.ts';
import { hashString64 } from '../sketches/minhash.ts';
import { BMP_SPACE, BMP_SPECIAL, bmpTables, type BmpTables } from '../tokenize/bmpCase.ts';

/** Normalisation of exactDuplicates.ts: lowercase, \s+ → one space, trimmed. */
export function normalizeForExact(text: string): string {
  return text.toLowerCase().replace(/\s+/g, ' ').trim();
}

/**
 * Writes hashString64(normalizeForExact(text)) to out[0], out[1] and returns the normalised length
 * (0 = the normalised text is empty; `out` is then unspecified).
 */
export function normalizedKey64(text: string, out: Uint32Array): number {
  let a = 0x9747b28c;
  let b = 0x2f1b3c5d;
  let n = 0;
  let pendingSpace = false;
  const len = text.length;
  let t: BmpTables | null = null;
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    let space: boolean;
    if (c < 128) {
      space = c === 32 || (c >= 9 && c <= 13);
      if (c >= 65 && c <= 90) c |= 32;
    } else {
      t ??= bmpTables();
      const f = t.flags[c];
      if ((f & BMP_SPECIAL) !== 0) {
        const norm = normalizeForExact(text);
        if (norm.length > 0) hashString64(norm, out);
        return norm.length;
      }
      space = (f & BMP_SPACE) !== 0;
      c = t.lower[c];
    }
    if (space) {
      if (n > 0) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      a = murmurMix(a, 32);
      b = murmurMix(b, 32 ^ 0x5bd1e995);
      n++;
      pendingSpace = false;
    }
    a = murmurMix(a, c);
    b = murmurMix(b, c ^ 0x5bd1e995);
    n++;
  }
  out[0] = fmix32(a ^ n);
  out[1] = fmix32(b ^ Math.imul(n, 0x27d4eb2f));
  return n;
}
