/**
 * 32-bit hash helpers and MinHash signatures for the duplicate metrics.
 *
 * The 32-bit mixing steps are MurmurHash3's, shared with the n-gram hashing module. Everything is 32-bit
 * integer arithmetic (`Math.imul`), no BigInt.
 */
import { fmix32, murmurMix as round } from './hashing.ts';
import { RowKeys } from './idWindowHash.ts';

/** Scratch of shingleHashes (per-token hash keys; the analysis is single-threaded). */
const rowKeys = new RowKeys();

export { fmix32 };

/**
 * Two independent 32-bit MurmurHash3-style hashes of a string's UTF-16 code units (one round per code unit),
 * written to `out[0]` and `out[1]`. Together they form the 64-bit identity key of a text
 * (false equality between two different texts has probability ≈ 2^-64 per pair).
 */
export function hashString64(text: string, out: Uint32Array): void {
  let a = 0x9747b28c;
  let b = 0x2f1b3c5d;
  const n = text.length;
  for (let i = 0; i < n; i++) {
    const c = text.charCodeAt(i);
    a = round(a, c);
    b = round(b, c ^ 0x5bd1e995);
  }
  out[0] = fmix32(a ^ n);
  out[1] = fmix32(b ^ Math.imul(n, 0x27d4eb2f));
}

/** 32-bit hash of `len` token ids starting at `start` (the length is mixed in, so (a,b,c) ≠ (a,b,c,d) prefixes). */
export function hashIds(ids: Uint32Array, start: number, len: number, seed = 0x3c6ef372): number {
  let h = seed | 0;
  for (let i = start; i < start + len; i++) h = round(h, ids[i]);
  return fmix32(h ^ len);
}

/** Second, independent 32-bit hash of the same id window (different seed and tweak): the high half of a 64-bit key. */
export function hashIdsHigh(ids: Uint32Array, start: number, len: number): number {
  let h = 0x1b56c4e9;
  for (let i = start; i < start + len; i++) h = round(h, ids[i] ^ 0x7f4a7c15);
  return fmix32(h ^ Math.imul(len, 0x165667b1));
}

/** Shingle width in tokens (word 5-grams). */
export const SHINGLE_SIZE = 5;

/**
 * Sorted distinct 32-bit hashes of the word 5-gram shingles of a row's token ids.
 * Definition: every window of 5 consecutive tokens is one shingle; a row of 1–4 tokens is a single
 * shingle made of all its tokens; a row without tokens has no shingle (empty array).
 * 32-bit hashes: two different shingles collide with probability 2^-32 per pair, so a Jaccard computed
 * on these sets differs from the true one only with probability ~1e-9-level per row pair (stated in the doc).
 */
export function shingleHashes(tokens: Uint32Array): Uint32Array {
  const n = tokens.length;
  if (n === 0) return new Uint32Array(0);
  if (n < SHINGLE_SIZE) return Uint32Array.of(hashIds(tokens, 0, n));
  const count = n - SHINGLE_SIZE + 1;
  const out = new Uint32Array(count);
  rowKeys.set(tokens);
  for (let i = 0; i < count; i++) out[i] = rowKeys.hashLo(i, SHINGLE_SIZE);
  out.sort();
  let w = 1;
  for (let i = 1; i < count; i++) if (out[i] !== out[w - 1]) out[w++] = out[i];
  return w === count ? out : out.slice(0, w);
}

/** Reusable scratch of shingleHashesInto: per-token keys and the output set. */
export class ShingleBuffer {
  keys = new Int32Array(256);
  out = new Uint32Array(256);
}

const NO_SHINGLES = new Uint32Array(0);

/**
 * shingleHashes without per-row allocation: the same sorted distinct hashes, written into `buf` and returned as a
 * view of it (valid until the next call with `buf`; never write to it). Why: the near-duplicate accumulator copies
 * a new set into its arena anyway, so the fresh array per row was pure garbage; and only the low hash lane of
 * the window keys is needed (RowKeys computes both).
 */
export function shingleHashesInto(tokens: Uint32Array, buf: ShingleBuffer): Uint32Array {
  const n = tokens.length;
  if (n === 0) return NO_SHINGLES;
  if (n < SHINGLE_SIZE) {
    buf.out[0] = hashIds(tokens, 0, n);
    return buf.out.subarray(0, 1);
  }
  if (buf.keys.length < n) {
    let cap = buf.keys.length;
    while (cap < n) cap *= 2;
    buf.keys = new Int32Array(cap);
    buf.out = new Uint32Array(cap);
  }
  const keys = buf.keys;
  const out = buf.out;
  // k = the MurmurHash3 body's scrambled word of each id (RowKeys.lo: hashIds' round before the state mix)
  for (let i = 0; i < n; i++) {
    let k = Math.imul(tokens[i], 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    keys[i] = Math.imul(k, 0x1b873593);
  }
  const count = n - SHINGLE_SIZE + 1;
  for (let i = 0; i < count; i++) {
    // hashIds(tokens, i, 5): five state rounds from the seed, then the finaliser with the length
    let h = 0x3c6ef372 ^ keys[i];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) ^ keys[i + 1];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) ^ keys[i + 2];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) ^ keys[i + 3];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) ^ keys[i + 4];
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
    out[i] = fmix32(h ^ SHINGLE_SIZE);
  }
  const sorted = out.subarray(0, count).sort();
  let w = 1;
  for (let i = 1; i < count; i++) if (sorted[i] !== sorted[w - 1]) sorted[w++] = sorted[i];
  return w === count ? sorted : out.subarray(0, w);
}

/**
 * Per-permutation seeds derived from one user seed (splitmix-style increments through fmix32),
 * so a run is deterministic for a given seed.
 */
export function permutationSeeds(count: number, seed: number): Uint32Array {
  const seeds = new Uint32Array(count);
  let s = seed >>> 0;
  for (let i = 0; i < count; i++) {
    s = (s + 0x9e3779b9) >>> 0;
    seeds[i] = fmix32(s ^ 0x85ebca6b);
  }
  return seeds;
}

/**
 * MinHash signature of a shingle set: `sig[i] = min over shingles x of fmix32(x XOR seeds[i])`.
 * Each `x ↦ fmix32(x ^ seed_i)` is a bijection of the 32-bit space (a pseudo-random permutation), so
 * P(sig_A[i] = sig_B[i]) ≈ Jaccard(A, B), like datasketch's (a·x+b) mod p family but without 61-bit arithmetic.
 */
export function minhashSignature(shingles: Uint32Array, seeds: Uint32Array, out: Uint32Array): Uint32Array {
  const n = shingles.length;
  for (let i = 0; i < seeds.length; i++) {
    const s = seeds[i];
    let min = 0xffffffff;
    for (let j = 0; j < n; j++) {
      const h = fmix32(shingles[j] ^ s);
      if (h < min) min = h;
    }
    out[i] = min;
  }
  return out;
}

/** 32-bit hash of band `band` of a signature (its `rowsPerBand` consecutive values): the LSH bucket key. */
export function bandHash(sig: Uint32Array, band: number, rowsPerBand: number): number {
  let h = 0x68e31da4 ^ band;
  const start = band * rowsPerBand;
  for (let i = start; i < start + rowsPerBand; i++) h = round(h, sig[i]);
  return fmix32(h ^ rowsPerBand);
}
