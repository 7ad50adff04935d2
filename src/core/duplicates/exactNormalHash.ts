/**
 * The exact-duplicate key of a text without building its normalised copy: equal to
 * hashString64(normalizeForExact(text)) for every text, computed in one char-code pass for ASCII text.
 *
 * Why: lowercasing, a white-space regex and a trim allocate two or three strings per row and walk the text
 * three times before it is hashed. For ASCII text the normalisation is local (A–Z → a–z; runs of
 * TAB/LF/VT/FF/CR/SPACE → one space; none at either end), so it can be applied while hashing. A text with any
 * non-ASCII code unit (Unicode white space, context-dependent lowercasing) takes the original path.
 */
import { fmix32, murmurMix } from '../sketches/hashing.ts';
import { hashString64 } from '../sketches/minhash.ts';

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
  for (let i = 0; i < len; i++) {
    let c = text.charCodeAt(i);
    if (c >= 128) {
      const norm = normalizeForExact(text);
      if (norm.length > 0) hashString64(norm, out);
      return norm.length;
    }
    if (c === 32 || (c >= 9 && c <= 13)) {
      if (n > 0) pendingSpace = true;
      continue;
    }
    if (pendingSpace) {
      a = murmurMix(a, 32);
      b = murmurMix(b, 32 ^ 0x5bd1e995);
      n++;
      pendingSpace = false;
    }
    if (c >= 65 && c <= 90) c |= 32;
    a = murmurMix(a, c);
    b = murmurMix(b, c ^ 0x5bd1e995);
    n++;
  }
  out[0] = fmix32(a ^ n);
  out[1] = fmix32(b ^ Math.imul(n, 0x27d4eb2f));
  return n;
}
