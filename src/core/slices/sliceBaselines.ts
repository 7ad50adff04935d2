/**
 * Size-robust slice-versus-rest figures from frequency tables: rarefied expected types / distinct
 * bigrams of a slice and of "the rest" (total − slice) at one common budget, and tail coverage of a
 * slice against the rest or a reference. The rest is never materialised: every rest figure is the
 * total's figure (from a frequency-of-frequencies histogram) corrected on the slice's own types, so
 * one slice costs O(slice types), not O(vocabulary).
 */
import { survivalProbability } from '../tails/rarefaction.ts';
import { keptAtLevel, type SliceCountMap } from './sliceCountMap.ts';

/** Memoised survival probability P_f = 1 − C(N−f, n)/C(N, n) for one (N, n). */
export function survivalFn(N: number, n: number): (f: number) => number {
  const cache = new Map<number, number>();
  return (f: number) => {
    let p = cache.get(f);
    if (p === undefined) {
      p = survivalProbability(f, N, n);
      cache.set(f, p);
    }
    return p;
  };
}

/** Frequency-of-frequencies histogram (f → number of keys) of the keys kept at `level`. */
export function histogramOf(
  forEach: (fn: (key: number, count: number) => void) => void,
  level = 0,
): Map<number, number> {
  const h = new Map<number, number>();
  forEach((key, c) => {
    if (c > 0 && keptAtLevel(key, level)) h.set(c, (h.get(c) ?? 0) + 1);
  });
  return h;
}

/**
 * Expected distinct keys of a slice in a subsample of n of its N occurrences (rarefaction), scaled
 * up by the table's sampling factor: 2^level · Σ_{kept k} (1 − C(N−s_k, n)/C(N, n)).
 */
export function sliceExpected(slice: SliceCountMap, N: number, n: number): number {
  const surv = survivalFn(N, n);
  let sum = 0;
  slice.forEach((_, c) => {
    sum += surv(c);
  });
  return sum * slice.scale;
}

/**
 * Expected distinct keys of the rest (counts T_k − s_k, restN occurrences) in a subsample of n:
 * 2^L · [ Σ_f hist_f·P_f − Σ_{k∈slice, kept at L} P_{T_k} + Σ_{k∈slice, kept at L, T_k>s_k} P_{T_k−s_k} ],
 * where hist is the total's histogram over keys kept at level L (L = the higher sampling level of the
 * slice table and the total table; both tables hold every key kept at L), P at (restN, n).
 */
export function restExpected(
  slice: SliceCountMap,
  totalOf: (key: number) => number,
  totalHistogram: ReadonlyMap<number, number>,
  level: number,
  restN: number,
  n: number,
): number {
  const surv = survivalFn(restN, n);
  let sum = 0;
  for (const [f, types] of totalHistogram) sum += types * surv(f);
  slice.forEach((key, s) => {
    if (!keptAtLevel(key, level)) return;
    const t = totalOf(key);
    sum -= surv(t);
    if (t > s) sum += surv(t - s);
  });
  return Math.max(0, sum) * 2 ** level;
}

export interface TailCoverage {
  against: 'rest' | 'reference';
  tailTypes: number;
  typeCoverage: number | null;
  massCoverage: number | null;
}

/**
 * Tail coverage of a slice against the rest of the dataset: tail = rest types with
 * 1 ≤ T_t − s_t ≤ tailMax; typeCoverage = share of those the slice contains; massCoverage = the
 * rest-count share of those. Raw (size-dependent) figure: a small slice covers little of any tail.
 */
export function tailCoverageVsRest(
  slice: SliceCountMap,
  totalOf: (id: number) => number,
  totalHistogram: ReadonlyMap<number, number>,
  tailMax: number,
): TailCoverage {
  let tail = 0;
  let mass = 0;
  for (const [f, types] of totalHistogram) {
    if (f >= 1 && f <= tailMax) {
      tail += types;
      mass += f * types;
    }
  }
  let covered = 0;
  let coveredMass = 0;
  slice.forEach((id, s) => {
    const t = totalOf(id);
    if (t >= 1 && t <= tailMax) {
      tail--;
      mass -= t;
    }
    const r = t - s;
    if (r >= 1 && r <= tailMax) {
      tail++;
      mass += r;
      covered++;
      coveredMass += r;
    }
  });
  return {
    against: 'rest',
    tailTypes: tail,
    typeCoverage: tail > 0 ? covered / tail : null,
    massCoverage: mass > 0 ? coveredMass / mass : null,
  };
}

/** Reference tail resolved to this run's token ids (−1 for tokens the dataset never saw). */
export interface ReferenceTail {
  ids: Int32Array;
  counts: Float64Array;
  mass: number;
}

/** The reference types with 1 ≤ R[t] ≤ tailMax, mapped to dataset token ids. */
export function referenceTail(
  reference: ReadonlyMap<string, number>,
  idOf: (token: string) => number | undefined,
  tailMax: number,
): ReferenceTail {
  const ids: number[] = [];
  const counts: number[] = [];
  let mass = 0;
  for (const [token, r] of reference) {
    if (!(r >= 1 && r <= tailMax)) continue;
    ids.push(idOf(token) ?? -1);
    counts.push(r);
    mass += r;
  }
  return { ids: Int32Array.from(ids), counts: Float64Array.from(counts), mass };
}

/** Tail coverage of a slice against the reference tail (same definitions as computeTails). */
export function tailCoverageVsReference(slice: SliceCountMap, tail: ReferenceTail): TailCoverage {
  let covered = 0;
  let coveredMass = 0;
  for (let i = 0; i < tail.ids.length; i++) {
    const id = tail.ids[i];
    if (id >= 0 && slice.get(id) > 0) {
      covered++;
      coveredMass += tail.counts[i];
    }
  }
  const n = tail.ids.length;
  return {
    against: 'reference',
    tailTypes: n,
    typeCoverage: n > 0 ? covered / n : null,
    massCoverage: tail.mass > 0 ? coveredMass / tail.mass : null,
  };
}
