/**
 * Size-adjusted tail coverage: raw coverage grows with the dataset's size, so a small dataset looks
 * like it "lost" the tail merely by being small. These figures are the exact expectations had the
 * larger corpus been subsampled (without replacement) to the smaller corpus's token count.
 */
import { hypergeometricHead, survivalProbability } from './rarefaction.ts';

export interface SizeAdjustedCoverage {
  /** Which corpus was (virtually) subsampled: the larger one. Equal sizes → 'dataset' (a no-op). */
  subsampled: 'dataset' | 'reference';
  /** Token count it was subsampled to (the smaller corpus's token count). */
  toTokens: number;
  typeCoverage: number | null;
  massCoverage: number | null;
  allTypesCoverage: number | null;
}

/**
 * Expected coverages at a common size. Definitions (R = reference counts, Nr tokens; S = dataset
 * counts, Nd tokens; tail = {t : 1 ≤ R[t] ≤ tailMax}; P_f = 1 − C(N−f, n)/C(N, n)):
 *
 * Dataset larger (Nd ≥ Nr), dataset subsampled to n = Nr tokens — the tail is unchanged:
 *   typeCoverage     = Σ_{t∈tail, S[t]≥1} P_{S[t]} / |tail|
 *   massCoverage     = Σ_{t∈tail, S[t]≥1} R[t]·P_{S[t]} / Σ_{t∈tail} R[t]
 *   allTypesCoverage = Σ_{t: R[t]≥1, S[t]≥1} P_{S[t]} / |{t : R[t] ≥ 1}|
 *
 * Reference larger (Nr > Nd), reference subsampled to n = Nd tokens — the tail is re-defined on
 * the subsample: X_t ~ Hypergeometric(Nr, R[t], n) is t's count in it, its tail is
 * {t : 1 ≤ X_t ≤ tailMax}, and each coverage is a ratio of expectations (expected covered
 * ÷ expected total, the dataset itself not subsampled):
 *   typeCoverage     = Σ_{t: S[t]≥1} P(1 ≤ X_t ≤ k) / Σ_t P(1 ≤ X_t ≤ k)
 *   massCoverage     = Σ_{t: S[t]≥1} E[X_t·1{1≤X_t≤k}] / Σ_t E[X_t·1{1≤X_t≤k}]
 *   allTypesCoverage = Σ_{t: S[t]≥1} P(X_t ≥ 1) / Σ_t P(X_t ≥ 1)
 * Both are computed once per distinct frequency (cached), never with huge binomials.
 */
export function sizeAdjustedCoverage(
  dataset: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
  datasetTokens: number,
  referenceTokens: number,
  tailMax: number,
): SizeAdjustedCoverage | null {
  if (datasetTokens <= 0 || referenceTokens <= 0) return null;
  const c: Corpora = { dataset, reference, datasetTokens, referenceTokens, tailMax };
  return datasetTokens >= referenceTokens ? subsampleDataset(c) : subsampleReference(c);
}

/** The arguments of sizeAdjustedCoverage, as both directions take them. */
interface Corpora {
  dataset: ReadonlyMap<string, number>;
  reference: ReadonlyMap<string, number>;
  datasetTokens: number;
  referenceTokens: number;
  tailMax: number;
}

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

/**
 * `f` remembered per count. Why: many types share a count (most are seen once or twice), and each value is a
 * survival probability or a hypergeometric sum — computed once per distinct count, not once per type.
 */
function perCount<V>(f: (count: number) => V): (count: number) => V {
  const cache = new Map<number, V>();
  return (count) => {
    let v = cache.get(count);
    if (v === undefined) {
      v = f(count);
      cache.set(count, v);
    }
    return v;
  };
}

/** Dataset larger: it is subsampled to the reference's n tokens; the reference and its tail stay whole. */
function subsampleDataset(c: Corpora): SizeAdjustedCoverage {
  const { dataset, reference, datasetTokens: Nd, referenceTokens: n, tailMax } = c;
  const kept = perCount((s) => survivalProbability(s, Nd, n));
  // the reference is whole: a type weighs 1 (its tokens, r, for the mass) and is kept with the dataset's chance
  return expectedCoverage(
    'dataset',
    n,
    reference,
    (r) => (r <= tailMax ? { pTail: 1, massTail: r, pAny: 1 } : { pTail: 0, massTail: 0, pAny: 1 }),
    (t) => {
      const s = dataset.get(t);
      return s === undefined || !(s >= 1) ? 0 : kept(s);
    },
  );
}

/**
 * Why one loop for both directions: over the reference's types, sums each type's expected weights (`weights(r)`:
 * tail type, tail tokens, any type) and the share of them the dataset keeps (`kept(t)`, 0…1); coverage = kept ÷ all.
 */
function expectedCoverage(
  subsampled: SizeAdjustedCoverage['subsampled'],
  toTokens: number,
  reference: ReadonlyMap<string, number>,
  weights: (r: number) => RefTerms,
  kept: (t: string) => number,
): SizeAdjustedCoverage {
  const all: RefTerms = { pTail: 0, massTail: 0, pAny: 0 };
  const covered: RefTerms = { pTail: 0, massTail: 0, pAny: 0 };
  for (const [t, r] of reference) {
    if (!(r >= 1)) continue;
    const v = weights(r);
    all.pTail += v.pTail;
    all.massTail += v.massTail;
    all.pAny += v.pAny;
    const k = kept(t);
    if (k > 0) {
      covered.pTail += k * v.pTail;
      covered.massTail += k * v.massTail;
      covered.pAny += k * v.pAny;
    }
  }
  return {
    subsampled,
    toTokens,
    typeCoverage: ratio(covered.pTail, all.pTail),
    massCoverage: ratio(covered.massTail, all.massTail),
    allTypesCoverage: ratio(covered.pAny, all.pAny),
  };
}

interface RefTerms {
  pTail: number;
  massTail: number;
  pAny: number;
}

/** Reference larger: it is subsampled to the dataset's n tokens, and its tail re-defined on the subsample. */
function subsampleReference(c: Corpora): SizeAdjustedCoverage {
  const { dataset, reference, datasetTokens: n, referenceTokens: Nr, tailMax } = c;
  const terms = perCount((K): RefTerms => {
    const head = hypergeometricHead(K, Nr, n, tailMax);
    let pTail = 0;
    let massTail = 0;
    for (let j = 1; j <= tailMax; j++) {
      pTail += head[j];
      massTail += j * head[j];
    }
    return { pTail, massTail, pAny: survivalProbability(K, Nr, n) };
  });
  return expectedCoverage('reference', n, reference, terms, (t) => {
    const s = dataset.get(t);
    return s !== undefined && s >= 1 ? 1 : 0;
  });
}
