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

  /** Computes the keys of `ids` (valid until the next call). */
  set(ids: Uint32Array): void {
    const n = ids.length;
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
