/**
 * The frequency spectrum of one corpus at a chosen size: how many types, how many of them seen once,
 * how much probability mass is still unseen (Good–Turing) and how fast the vocabulary still grows.
 * Why: these are the topic-independent signs of thin tails. A collapsed corpus (resampled, or a model
 * refitted on its own samples) keeps its frequent words but stops producing new ones, so its hapaxes
 * vanish and its vocabulary stops growing — whatever its topic. Every figure is an exact hypergeometric
 * expectation at n tokens (a virtual subsample without replacement), so corpora of different sizes
 * are compared like with like; at n = N they are the observed values.
 */
import { hypergeometricHead, survivalProbability } from './rarefaction.ts';

/** Spectrum figures at n tokens (expectations over subsamples of n of the corpus's N tokens). */
export interface SpectrumAt {
  /** n, the size the figures are taken at (≤ N). */
  tokens: number;
  /** E[V(n)]: expected distinct types. */
  types: number;
  /** E[N1(n)]: expected types seen exactly once. */
  hapaxTypes: number;
  /** E[N1(n)] / E[V(n)]: share of types seen once (a ratio of expectations); null without types. */
  hapaxTypeShare: number | null;
  /** Good–Turing unseen mass E[N1(n)] / n: the estimated chance that the next token is a new type. */
  unseenMass: number | null;
  /**
   * log2(E[V(n)] / E[V(n/2)]): the vocabulary growth exponent over the last doubling (Heaps' β).
   * Natural text grows like n^β with β ≈ 0.4–0.7 at these sizes; a corpus that repeats itself ≈ 0.
   * null below 2 tokens.
   */
  growth: number | null;
  /**
   * hapaxTypeShare(n) / hapaxTypeShare(⌊n/2⌋): how much of its share of new words the corpus keeps over
   * its last doubling. Natural text loses a little (0.87–0.93 measured, docs/metrics.md); a generator
   * that cannot make new words loses most of it (a bootstrap resample ≈ 0). null below 2 tokens.
   */
  hapaxRetention: number | null;
}

/** Frequency-of-frequencies (f → number of types with frequency f) of a count table. */
export function frequencyHistogram(counts: Iterable<number>): Map<number, number> {
  const h = new Map<number, number>();
  for (const c of counts) if (c >= 1) h.set(c, (h.get(c) ?? 0) + 1);
  return h;
}

/**
 * Spectrum figures of a corpus of N tokens with frequency histogram `hist`, at n tokens (clamped to
 * [0, N]). Definitions, X_f ~ Hypergeometric(N, f, n) the count in the subsample of a type of frequency f:
 *   types = Σ_f hist_f · P(X_f ≥ 1);  hapaxTypes = Σ_f hist_f · P(X_f = 1);
 *   hapaxTypeShare = hapaxTypes / types;  unseenMass = hapaxTypes / n;
 *   growth = log2(types(n) / types(⌊n/2⌋)).
 * Costs O(distinct frequencies) per size.
 */
export function spectrumAt(hist: ReadonlyMap<number, number>, N: number, n: number): SpectrumAt {
  const size = Math.max(0, Math.min(Math.floor(n), N));
  const types = expectedTypes(hist, N, size);
  const hapax = expectedHapax(hist, N, size);
  const half = Math.floor(size / 2);
  const halfTypes = half >= 1 ? expectedTypes(hist, N, half) : 0;
  const halfHapax = half >= 1 ? expectedHapax(hist, N, half) : 0;
  const share = types > 0 ? hapax / types : null;
  const halfShare = halfTypes > 0 ? halfHapax / halfTypes : null;
  return {
    tokens: size,
    types,
    hapaxTypes: hapax,
    hapaxTypeShare: share,
    unseenMass: size > 0 ? hapax / size : null,
    growth: halfTypes > 0 && types > 0 ? Math.log2(types / halfTypes) : null,
    hapaxRetention: share !== null && halfShare !== null && halfShare > 0 ? share / halfShare : null,
  };
}

/** E[N1(n)] from a frequency histogram (n ≥ N: the observed number of hapaxes). */
function expectedHapax(hist: ReadonlyMap<number, number>, N: number, n: number): number {
  let sum = 0;
  if (n <= 0) return 0;
  for (const [f, k] of hist) {
    if (f >= 1 && k > 0) sum += k * (n >= N ? (f === 1 ? 1 : 0) : hypergeometricHead(f, N, n, 1)[1]);
  }
  return sum;
}

/** E[V(n)] from a frequency histogram (n ≥ N: the observed number of types). */
function expectedTypes(hist: ReadonlyMap<number, number>, N: number, n: number): number {
  let sum = 0;
  for (const [f, k] of hist) if (f >= 1 && k > 0) sum += k * survivalProbability(f, N, n);
  return sum;
}
