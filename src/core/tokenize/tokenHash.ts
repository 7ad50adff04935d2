/**
 * The two 32-bit hash lanes of a token's characters, shared by the interning table (vocabulary.ts) and the
 * char-code scanner (wordScan.ts) so that a token hashed while it is scanned and the same token hashed as a
 * string land on the same table entry.
 *
 * Why two lanes: the table compares both lanes before it compares strings, so a probe almost never touches a
 * string that is not the token. Lane A is FNV-1a; lane B a multiply–xorshift step. Both are over UTF-16 code
 * units of the LOWERCASED token; plain Math.imul arithmetic, no allocation.
 */

/** Start value of lane A (FNV-1a offset basis). */
export const LANE_A0 = 0x811c9dc5 | 0;
/** Start value of lane B. */
export const LANE_B0 = 0x2545f491;

/** Folds code unit `c` into lane A. */
export function laneA(h: number, c: number): number {
  return Math.imul(h ^ c, 0x01000193);
}

/** Folds code unit `c` into lane B. */
export function laneB(h: number, c: number): number {
  h = Math.imul((h + c) | 0, 0x9e3779b1);
  return h ^ (h >>> 15);
}

/** Table slot (of 2^bits) of a token from its two lanes: multiplicative (Fibonacci) hashing, top bits. */
export function slotOf(a: number, b: number, bits: number): number {
  return Math.imul(a ^ Math.imul(b, 0x85ebca6b), 0x9e3779b1) >>> (32 - bits);
}
