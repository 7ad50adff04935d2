/**
 * What tail coverage "no collapse" gives. An independent sample of the reference's own distribution
 * does not contain most of another sample's rare words (a word seen once in one half of a corpus is
 * absent from the other half about half the time), so a raw coverage figure means nothing until it is
 * set beside the same figure for such a sample. Here the reference is split in two halves by rows
 * (seeded, several times); each half's tail is covered once by the other half (the same-distribution
 * baseline) and once by the dataset, both at one common size. The ratio of the two is what is judged.
 */
import { hypergeometricHead, survivalProbability } from './rarefaction.ts';
import { Prng, shuffleInPlace } from '../mix/prng.ts';

/** The reference as rows of dense token ids (ids index `datasetCounts` below, or exceed it). */
export interface ReferenceRows {
  /** Token ids of every row, concatenated. */
  tokens: Uint32Array;
  /** Row r's tokens are tokens[rowStart[r] .. rowStart[r + 1]); length rows + 1. */
  rowStart: Uint32Array;
}

export interface TailBaselineOptions {
  tailMax: number;
  /** Number of seeded split-halves (each used in both directions). Default 5. */
  splits?: number;
  seed?: number;
}

/** The baseline figures reported under `tails.baseline` (docs/report.md). */
export interface TailBaseline {
  /** Seeded splits of the reference into two halves by rows; each half's tail is judged once. */
  splits: number;
  seed: number;
  /** Mean common size (tokens) the pairs were compared at: min(dataset, tail half, other half). */
  atTokens: number;
  /** Mean expected tail type coverage of a half's tail by the dataset, at the common size. */
  datasetCoverage: number;
  /** Mean expected tail type coverage of a half's tail by the other half (same distribution), same size. */
  sameDistributionCoverage: number;
  /** Lowest and highest same-distribution coverage over the 2 × splits comparisons. */
  sameDistributionRange: [number, number];
  /** datasetCoverage / sameDistributionCoverage: 1 = as good as more of the reference itself. */
  ratio: number;
  /** Lowest and highest per-comparison ratio. */
  ratioRange: [number, number];
}

/**
 * Expected tail type coverage when the tail corpus T (NT tokens) and the covering corpus C (NC tokens)
 * are both (virtually, independently) subsampled to n ≤ min(NT, NC) tokens:
 *   Σ_t P(1 ≤ X_t ≤ k) · P(Y_t ≥ 1) / Σ_t P(1 ≤ X_t ≤ k),
 * X_t ~ Hypergeometric(NT, T[t], n), Y_t ~ Hypergeometric(NC, C[t], n), k = tailMax.
 * At n = NT this is the raw tail (1 ≤ T[t] ≤ k); at n = NC the covering corpus is taken whole.
 */
export function coverageAtSize(
  tail: ArrayLike<number>,
  NT: number,
  cover: (id: number) => number,
  NC: number,
  n: number,
  tailMax: number,
): number | null {
  const pTailCache = new Map<number, number>();
  const pCoverCache = new Map<number, number>();
  let denom = 0;
  let num = 0;
  for (let id = 0; id < tail.length; id++) {
    const f = tail[id];
    if (!(f >= 1)) continue;
    let pt = pTailCache.get(f);
    if (pt === undefined) {
      pt = 0;
      const head = hypergeometricHead(f, NT, n, tailMax);
      for (let j = 1; j <= tailMax; j++) pt += head[j];
      pTailCache.set(f, pt);
    }
    if (pt === 0) continue;
    denom += pt;
    const c = cover(id);
    if (!(c >= 1)) continue;
    let pc = pCoverCache.get(c);
    if (pc === undefined) {
      pc = survivalProbability(c, NC, n);
      pCoverCache.set(c, pc);
    }
    num += pt * pc;
  }
  return denom > 0 ? num / denom : null;
}

/**
 * The split-half baseline (module comment). `datasetCount(id)` is the dataset's count of reference
 * token id `id` (0 when absent); `datasetTokens` its token total. Null when the reference has fewer
 * than 4 rows or a half has no tail.
 */
export function tailBaseline(
  reference: ReferenceRows,
  vocabularySize: number,
  datasetCount: (id: number) => number,
  datasetTokens: number,
  options: TailBaselineOptions,
): TailBaseline | null {
  const rows = reference.rowStart.length - 1;
  if (rows < 4 || datasetTokens <= 0) return null;
  const splits = Math.max(1, Math.floor(options.splits ?? 5));
  const seed = options.seed ?? 1;
  const a = new Uint32Array(vocabularySize);
  const b = new Uint32Array(vocabularySize);
  const order = new Uint32Array(rows);
  let sumData = 0;
  let sumSame = 0;
  let sumAt = 0;
  let count = 0;
  let sameLo = Infinity;
  let sameHi = -Infinity;
  let ratioLo = Infinity;
  let ratioHi = -Infinity;
  for (let s = 0; s < splits; s++) {
    for (let i = 0; i < rows; i++) order[i] = i;
    shuffleInPlace(order, new Prng(seed, s));
    a.fill(0);
    b.fill(0);
    let na = 0;
    let nb = 0;
    for (let i = 0; i < rows; i++) {
      const r = order[i];
      const target = i < rows / 2 ? a : b;
      for (let p = reference.rowStart[r]; p < reference.rowStart[r + 1]; p++) target[reference.tokens[p]]++;
      if (i < rows / 2) na += reference.rowStart[r + 1] - reference.rowStart[r];
      else nb += reference.rowStart[r + 1] - reference.rowStart[r];
    }
    if (na === 0 || nb === 0) continue;
    for (const [tail, nt, other, no] of [
      [a, na, b, nb],
      [b, nb, a, na],
    ] as const) {
      const n = Math.min(datasetTokens, nt, no);
      const same = coverageAtSize(tail, nt, (id) => other[id], no, n, options.tailMax);
      const data = coverageAtSize(tail, nt, datasetCount, datasetTokens, n, options.tailMax);
      if (same === null || data === null || same <= 0) continue;
      sumSame += same;
      sumData += data;
      sumAt += n;
      count++;
      sameLo = Math.min(sameLo, same);
      sameHi = Math.max(sameHi, same);
      ratioLo = Math.min(ratioLo, data / same);
      ratioHi = Math.max(ratioHi, data / same);
    }
  }
  if (count === 0) return null;
  const datasetCoverage = sumData / count;
  const sameDistributionCoverage = sumSame / count;
  return {
    splits,
    seed,
    atTokens: Math.round(sumAt / count),
    datasetCoverage,
    sameDistributionCoverage,
    sameDistributionRange: [sameLo, sameHi],
    ratio: datasetCoverage / sameDistributionCoverage,
    ratioRange: [ratioLo, ratioHi],
  };
}
