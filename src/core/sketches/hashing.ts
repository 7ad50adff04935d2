/**
 * Fast non-cryptographic hashes of token-id sequences (n-grams, shingles).
 *
 * Why: distinct-n counting and duplicate detection must identify id sequences without building
 * strings or JS Sets (which stop at 2^24 entries). A 64-bit fingerprint is formed from two
 * independent 32-bit mixes over the same ids:
 *  - `hashIdsFromTo`: MurmurHash3_x86_32 of the ids' 4-byte little-endian words (exactly the reference
 *    algorithm on those bytes), seeded;
 *  - `hashIdsAltFromTo`: an xxHash32-style lane mix (multiply by PRIME3, rotate 17, multiply by PRIME4;
 *    length folded in at the end; xxHash32 avalanche), seeded.
 * Using two different mixing functions (not one function with two seeds) keeps the halves
 * independent even for the structured inputs that collide for every seed of one function.
 *
 * The `*Mix` / `*Finish` pieces are exported so hot loops can hash all n-gram orders at one
 * position incrementally: `murmurFinish(murmurMix(murmurMix(seed, a), b), 2)` equals
 * `hashIdsFromTo([a, b], 0, 2, seed)`.
 */

const M_C1 = 0xcc9e2d51; // MurmurHash3_x86_32 c1
const M_C2 = 0x1b873593; // MurmurHash3_x86_32 c2

const XX_P2 = 0x85ebca77; // xxHash32 PRIME32_2
const XX_P3 = 0xc2b2ae3d; // xxHash32 PRIME32_3
const XX_P4 = 0x27d4eb2f; // xxHash32 PRIME32_4
const XX_P5 = 0x165667b1; // xxHash32 PRIME32_5

/** Seed of the high half of the 64-bit n-gram fingerprint (`hashIdsFromTo`). */
export const HASH_SEED_HI = 0x9747b28c;
/** Seed of the low half of the 64-bit n-gram fingerprint (`hashIdsAltFromTo`). */
export const HASH_SEED_LO = 0x2545f491;

/** One MurmurHash3_x86_32 body step: folds the 32-bit word `k` into state `h`. Returns the new state (int32). */
export function murmurMix(h: number, k: number): number {
  k = Math.imul(k, M_C1);
  k = (k << 15) | (k >>> 17);
  k = Math.imul(k, M_C2);
  h ^= k;
  h = (h << 13) | (h >>> 19);
  return (Math.imul(h, 5) + 0xe6546b64) | 0;
}

/** MurmurHash3_x86_32 finalization after `count` 4-byte words. Returns an unsigned 32-bit hash. */
export function murmurFinish(h: number, count: number): number {
  return fmix32(h ^ (count * 4));
}

/** MurmurHash3 finaliser: a bijection on 32-bit integers with full avalanche. Returns an unsigned value. */
export function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Initial xxHash32-style state for `seed`. */
export function xxStart(seed: number): number {
  return (seed + XX_P5) | 0;
}

/** One xxHash32-style step: folds the 32-bit word `k` into state `h`. Returns the new state (int32). */
export function xxMix(h: number, k: number): number {
  h = (h + Math.imul(k, XX_P3)) | 0;
  h = (h << 17) | (h >>> 15);
  return Math.imul(h, XX_P4);
}

/** xxHash32-style finalization after `count` words (length folded in, then the xxHash32 avalanche). Unsigned 32-bit. */
export function xxFinish(h: number, count: number): number {
  h = (h + count * 4) | 0;
  h ^= h >>> 15;
  h = Math.imul(h, XX_P2);
  h ^= h >>> 13;
  h = Math.imul(h, XX_P3);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * MurmurHash3_x86_32 (seeded) of ids[start..end) taken as little-endian 32-bit words.
 * Returns an unsigned 32-bit integer. Use different seeds for independent hash functions (MinHash).
 */
export function hashIdsFromTo(ids: Uint32Array, start: number, end: number, seed: number): number {
  let h = seed | 0;
  for (let i = start; i < end; i++) h = murmurMix(h, ids[i]);
  return murmurFinish(h, end - start);
}

/** xxHash32-style hash (seeded) of ids[start..end): the second, independent 32-bit mix. Unsigned 32-bit. */
export function hashIdsAltFromTo(ids: Uint32Array, start: number, end: number, seed: number): number {
  let h = xxStart(seed);
  for (let i = start; i < end; i++) h = xxMix(h, ids[i]);
  return xxFinish(h, end - start);
}
