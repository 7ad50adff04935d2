/**
 * The comparison's figures from count tables (compareCounts.ts): types and distinct-2 rarefied to one common size,
 * coverage of the baseline's tail (raw and at the common size) and the Jensen–Shannon divergence from the baseline.
 * Why pure functions of counts: the CLI, the calibration script and the unit tests (hand-computed on tiny inputs)
 * compute them the same way. Definitions: docs/metrics.md, "Compare".
 */
import { survivalProbability } from '../tails/rarefaction.ts';
import { frequencyHistogram, spectrumAt } from '../tails/spectrum.ts';
import { jsDivergence } from '../tails/divergence.ts';
import type { BigramSpectrum, DatasetCounts } from './compareCounts.ts';

/**
 * E[V(n)]: expected distinct types in a subsample of n of the dataset's N tokens drawn without replacement,
 * Σ_f hist_f · (1 − C(N−f, n)/C(N, n)) — the exact hypergeometric rarefaction of spectrum.ts. null when N = 0.
 */
export function rarefiedTypes(unigrams: ReadonlyMap<string, number>, N: number, n: number): number | null {
  if (N <= 0) return null;
  return spectrumAt(frequencyHistogram(unigrams.values()), N, Math.min(n, N)).types;
}

/**
 * Expected distinct-2 at b bigram occurrences: E[distinct bigrams in a subsample of b of the dataset's B within-row
 * bigram occurrences, drawn without replacement] ÷ b, i.e. Σ_f hist2_f · (1 − C(B−f, b)/C(B, b)) / b, each kept type
 * weighted 2^level when the bigram table was sampled. At b = B it is the dataset's own distinct-2. null when b = 0.
 */
export function rarefiedDistinct2(bigrams: BigramSpectrum, b: number): number | null {
  const B = bigrams.total;
  const size = Math.min(Math.floor(b), B);
  if (size <= 0) return null;
  const weight = 2 ** bigrams.level;
  let expected = 0;
  for (const [f, k] of bigrams.hist) expected += k * weight * survivalProbability(f, B, size);
  return Math.min(1, expected / size);
}

/** The baseline's tail: its types seen 1…tailMax times (the analysis' tail definition, tails.ts). */
export interface BaselineTail {
  tailMax: number;
  /** Tail type → its count in the baseline. */
  types: Map<string, number>;
  /** Σ of the tail types' baseline counts. */
  mass: number;
}

/** Picks the baseline's tail out of its unigram table. */
export function baselineTail(unigrams: ReadonlyMap<string, number>, tailMax: number): BaselineTail {
  const types = new Map<string, number>();
  let mass = 0;
  for (const [t, r] of unigrams) {
    if (r >= 1 && r <= tailMax) {
      types.set(t, r);
      mass += r;
    }
  }
  return { tailMax, types, mass };
}

/** Coverage of the baseline's tail by one dataset (CompareDataset.tails). */
export interface TailCoverage {
  typeCoverage: number | null;
  massCoverage: number | null;
  typeCoverageAtEqualSize: number | null;
}

/**
 * Coverage of the baseline's tail T = {t : 1 ≤ R[t] ≤ tailMax} by a dataset with counts S over N tokens:
 *   typeCoverage = |{t ∈ T : S[t] ≥ 1}| / |T|;  massCoverage = Σ_{t∈T, S[t]≥1} R[t] / Σ_{t∈T} R[t];
 *   typeCoverageAtEqualSize = Σ_{t∈T} P(t survives a subsample of n of the dataset's N tokens) / |T|, with
 *   P = 1 − C(N−S[t], n)/C(N, n) — the dataset rarefied to the common size n, the tail fixed as the whole
 *   baseline's. Every dataset, the baseline included, is taken at the same n, so the figure compares like with like.
 * null when the tail is empty.
 */
export function tailCoverage(
  tail: BaselineTail,
  dataset: ReadonlyMap<string, number>,
  N: number,
  n: number,
): TailCoverage {
  const T = tail.types.size;
  if (T === 0) return { typeCoverage: null, massCoverage: null, typeCoverageAtEqualSize: null };
  let covered = 0;
  let coveredMass = 0;
  let expected = 0;
  const survive = new Map<number, number>();
  for (const [t, r] of tail.types) {
    const s = dataset.get(t) ?? 0;
    if (s < 1) continue;
    covered++;
    coveredMass += r;
    let p = survive.get(s);
    if (p === undefined) {
      p = survivalProbability(s, N, Math.min(n, N));
      survive.set(s, p);
    }
    expected += p;
  }
  return {
    typeCoverage: covered / T,
    massCoverage: tail.mass > 0 ? coveredMass / tail.mass : null,
    typeCoverageAtEqualSize: N > 0 ? expected / T : null,
  };
}

/** Every pairwise figure of one dataset against the baseline, at the common sizes. */
export interface PairFigures {
  sizeAdjusted: { types: number | null; distinct2: number | null };
  tails: TailCoverage;
  jsDivergence: number | null;
}

/**
 * The size-adjusted and baseline-relative figures of `d` (commonTokens: the smallest token count; commonBigrams:
 * the smallest bigram count). JSD is exact over the union of the two full unigram tables (divergence.ts), in bits.
 */
export function pairFigures(
  d: DatasetCounts,
  baseline: { counts: DatasetCounts; tail: BaselineTail },
  commonTokens: number,
  commonBigrams: number,
): PairFigures {
  return {
    sizeAdjusted: {
      types: rarefiedTypes(d.unigrams, d.tokens, commonTokens),
      distinct2: rarefiedDistinct2(d.bigrams, commonBigrams),
    },
    tails: tailCoverage(baseline.tail, d.unigrams, d.tokens, commonTokens),
    jsDivergence: d === baseline.counts ? 0 : jsDivergence(baseline.counts.unigrams, d.unigrams),
  };
}
