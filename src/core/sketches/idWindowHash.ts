/**
 * Window hashes of a row's token ids (hashIds / hashIdsHigh of minhash.ts) with the per-word half of the
 * MurmurHash3 round done ONCE per token instead of once per window it belongs to.
 *
 * Why: a MurmurHash3 round is key(k) = rotl15(k·C1)·C2 followed by step(h, key) = rotl13(h ⊕ key)·5 + c;
 * key() depends on the token alone. Phrases (6-grams) and shingles (5-grams) hash every token 5–6 times, so
 * precomputing key() per token removes most of the multiplications. The results are bit-identical to
 * hashIds(ids, start, len) and hashIdsHigh(ids, start, len) (checked in test/unit/core/sketches/minhash.test.ts).
 */

import { fmix32 } from './hashing.ts';

const C1 = 0xcc9e2d51;
const C2 = 0x1b873593;
/** Seed of hashIds (its default) and of hashIdsHigh; the word tweak of hashIdsHigh. */
const SEED_LO = 0x3c6ef372;
const SEED_HI = 0x1b56c4e9;
const TWEAK_HI = 0x7f4a7c15;

/** Per-token MurmurHash3 keys of one row, for both hash families; reused from row to row. */
export class RowKeys {
  lo = new Int32Array(256);
  hi = new Int32Array(256);

  /** Computes the keys of `ids[0 … n)` (default: all of them; valid until the next call). */
  set(ids: Uint32Array, n = ids.length): void {
    if (this.lo.length < n) {
      let cap = this.lo.length;
      while (cap < n) cap *= 2;
      this.lo = new Int32Array(cap);
      this.hi = new Int32Array(cap);
    }
    const lo = this.lo;
    const hi = this.hi;
    for (let i = 0; i < n; i++) {
      let k = Math.imul(ids[i], C1);
      k = (k << 15) | (k >>> 17);
      lo[i] = Math.imul(k, C2);
      k = Math.imul(ids[i] ^ TWEAK_HI, C1);
      k = (k << 15) | (k >>> 17);
      hi[i] = Math.imul(k, C2);
    }
  }

  /** = hashIds(ids, start, len) of the ids given to set(). */
  hashLo(start: number, len: number): number {
    return fmix32(windowRounds(this.lo, SEED_LO, start, len) ^ len);
  }

  /** = hashIdsHigh(ids, start, len) of the ids given to set(). */
  hashHi(start: number, len: number): number {
    return fmix32(windowRounds(this.hi, SEED_HI, start, len) ^ Math.imul(len, 0x165667b1));
  }
}

/**
 * Both hashes of every window of `width` tokens starting at 0 … count − 1 of the keys set last:
 * outLo[s] = hashLo(s, width) and outHi[s] = hashHi(s, width), bit for bit. Why: the templates hash every 6-gram of
 * every row; the two lanes in one loop share the loads and overlap their multiplications.
 */
export function windowPairs(
  keys: RowKeys,
  width: number,
  count: number,
  outLo: Uint32Array,
  outHi: Uint32Array,
): void {
  const lo = keys.lo;
  const hi = keys.hi;
  const finLo = width;
  const finHi = Math.imul(width, 0x165667b1);
  for (let s = 0; s < count; s++) {
    let a = SEED_LO;
    let b = SEED_HI;
    for (let i = s; i < s + width; i++) {
      a ^= lo[i];
      b ^= hi[i];
      a = (a << 13) | (a >>> 19);
      b = (b << 13) | (b >>> 19);
      a = (Math.imul(a, 5) + 0xe6546b64) | 0;
      b = (Math.imul(b, 5) + 0xe6546b64) | 0;
    }
    outLo[s] = fmix32(a ^ finLo);
    outHi[s] = fmix32(b ^ finHi);
  }
}

/**
 * Both hashes of the row's first n tokens for n = 1 … max (max ≤ the row's length): outLo[n] = hashLo(0, n),
 * outHi[n] = hashHi(0, n). Why: the row openings (n = 3 … 6) share their rounds, so they are done once.
 */
export function prefixPairs(keys: RowKeys, max: number, outLo: Uint32Array, outHi: Uint32Array): void {
  const lo = keys.lo;
  const hi = keys.hi;
  let a = SEED_LO;
  let b = SEED_HI;
  for (let i = 0; i < max; i++) {
    a ^= lo[i];
    b ^= hi[i];
    a = (a << 13) | (a >>> 19);
    b = (b << 13) | (b >>> 19);
    a = (Math.imul(a, 5) + 0xe6546b64) | 0;
    b = (Math.imul(b, 5) + 0xe6546b64) | 0;
    outLo[i + 1] = fmix32(a ^ (i + 1));
    outHi[i + 1] = fmix32(b ^ Math.imul(i + 1, 0x165667b1));
  }
}

/** The MurmurHash3 rounds over keys[start, start + len) from `seed` (before the length and the final mix). */
function windowRounds(keys: Int32Array, seed: number, start: number, len: number): number {
  let h = seed;
  for (let i = start; i < start + len; i++) {
    h ^= keys[i];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  return h;
}
