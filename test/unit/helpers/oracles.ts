// Reference implementations the tests check the product against: slow, obvious, and deliberately not shipped.
import {
  HASH_SEED_HI,
  HASH_SEED_LO,
  hashIdsAltFromTo,
  hashIdsFromTo,
} from '../../../src/core/sketches/hashing.ts';

/**
 * distinct-n of rows, exactly, by joined-id strings in a JS Set: unique n-grams / all n-grams, n-grams inside each
 * row; null when there are none.
 */
export function distinctN(rows: readonly ArrayLike<number>[], n: number): number | null {
  const seen = new Set<string>();
  let total = 0;
  for (const row of rows) {
    for (let i = 0; i + n <= row.length; i++) {
      total++;
      seen.add(Array.prototype.slice.call(row, i, i + n).join(','));
    }
  }
  return total === 0 ? null : seen.size / total;
}

/**
 * Expected number of distinct types in a multinomial sample of M tokens from counts c (p_t = c_t / Σc):
 * Σ_t (1 − (1 − p_t)^M) — the closed form the generation simulation is tested against.
 */
export function expectedSurvivingTypes(counts: ArrayLike<number>, M: number): number {
  let total = 0;
  for (let i = 0; i < counts.length; i++) total += counts[i];
  let e = 0;
  for (let i = 0; i < counts.length; i++)
    if (counts[i] > 0) e += -Math.expm1(M * Math.log1p(-counts[i] / total));
  return e;
}

/** 64-bit fingerprint of ids[start..end) as two 32-bit halves: out[0] = hashIdsFromTo(…, HI seed), out[1] = hashIdsAltFromTo(…, LO seed). */
export function hashIdsPair<T extends { [i: number]: number }>(
  ids: Uint32Array,
  start: number,
  end: number,
  out: T,
): T {
  out[0] = hashIdsFromTo(ids, start, end, HASH_SEED_HI);
  out[1] = hashIdsAltFromTo(ids, start, end, HASH_SEED_LO);
  return out;
}
