/**
 * Zipf rank–frequency summaries: a small log-binned curve to plot and a fitted exponent.
 * A collapsing corpus loses its long tail, which shows as a steeper / truncated rank–frequency curve.
 */

/** One point of a rank–frequency curve: the frequency of the type at 1-based rank `rank`. */
export interface ZipfPoint {
  rank: number;
  frequency: number;
}

export interface ZipfReport {
  types: number;
  tokens: number;
  /** Log-binned rank–frequency points (ranks 1…10 exactly, then ≤ 50 log-spaced ranks ending at `types`): ≤ 60. */
  points: ZipfPoint[];
  /**
   * Exponent s of f ∝ r^−s (reported positive): minus the least-squares slope of ln f vs ln r over
   * the log-binned points with rank ≤ min(types, fitMaxRank). null with fewer than 3 such points.
   */
  exponent: number | null;
  /** Highest rank used by the fit. */
  fitMaxRank: number;
}

/** Ranks 1…10 kept exactly; beyond that at most this many log-spaced ranks. */
const LOG_BINS = 50;
/** The fit uses ranks up to this (the hapax plateau beyond it says little about the exponent). */
export const ZIPF_FIT_MAX_RANK = 10_000;

/** Frequencies sorted descending (zeros dropped); index i holds the frequency at rank i + 1. */
export function sortedFrequencies(freqs: Iterable<number>): Float64Array {
  const arr: number[] = [];
  for (const f of freqs) if (f > 0) arr.push(f);
  const sorted = Float64Array.from(arr).sort();
  return sorted.reverse();
}

/** Ranks at which to sample the curve: 1…min(10, types), then log-spaced up to `types` (deduplicated). */
export function logBinnedRanks(types: number): number[] {
  const ranks: number[] = [];
  for (let r = 1; r <= Math.min(10, types); r++) ranks.push(r);
  if (types <= 10) return ranks;
  const ratio = Math.log(types / 10);
  for (let i = 1; i < LOG_BINS; i++) {
    const r = Math.round(10 * Math.exp((ratio * i) / LOG_BINS));
    if (r > ranks[ranks.length - 1]) ranks.push(Math.min(r, types));
  }
  if (ranks[ranks.length - 1] !== types) ranks.push(types);
  return ranks;
}

/**
 * Least-squares slope of y on x; null when fewer than 3 points or x has no spread.
 * Exists so the Zipf fit is one small, testable formula.
 */
export function leastSquaresSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const n = xs.length;
  if (n < 3) return null;
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i];
    my += ys[i];
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i] - mx) * (ys[i] - my);
    sxx += (xs[i] - mx) ** 2;
  }
  return sxx > 0 ? sxy / sxx : null;
}

/**
 * Rank–frequency curve and Zipf exponent of one corpus from its type frequencies.
 * Definition: sort frequencies descending; points are (r, f_r) at logBinnedRanks(types);
 * exponent s = −slope of ln f_r on ln r over those points with r ≤ min(types, 10,000).
 */
export function zipfOf(freqs: Iterable<number>): ZipfReport {
  const sorted = sortedFrequencies(freqs);
  const types = sorted.length;
  let tokens = 0;
  for (let i = 0; i < types; i++) tokens += sorted[i];
  const points = logBinnedRanks(types).map((rank) => ({ rank, frequency: sorted[rank - 1] }));
  const fitMaxRank = Math.min(types, ZIPF_FIT_MAX_RANK);
  const xs: number[] = [];
  const ys: number[] = [];
  for (const p of points) {
    if (p.rank > fitMaxRank) break;
    xs.push(Math.log(p.rank));
    ys.push(Math.log(p.frequency));
  }
  const slope = leastSquaresSlope(xs, ys);
  return { types, tokens, points, exponent: slope === null ? null : -slope, fitMaxRank };
}
