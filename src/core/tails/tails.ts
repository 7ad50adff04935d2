/**
 * Tail-token loss: model-generated (collapsing) data keeps the frequent words and drops the rare
 * ones. These figures compare the dataset's unigram table with a reference (real / human) table,
 * or, without a reference, describe the dataset's own tail.
 */
import { jsDivergence } from './divergence.ts';
import { sizeAdjustedCoverage, type SizeAdjustedCoverage } from './tailsSizeAdjusted.ts';
import { zipfOf, type ZipfReport } from './zipf.ts';

export type { SizeAdjustedCoverage } from './tailsSizeAdjusted.ts';

export interface TailsOptions {
  /** Reference types with 1 ≤ R[t] ≤ tailMax form the tail (default 5). */
  tailMax?: number;
  /** How many lost tail types to list (default 1,000). */
  lostTop?: number;
  /** Receives every lost tail type, in the report's order, before the lostTop cut (the panel searches them all: lostTypes.ts). */
  onAllLost?: (lost: readonly LostType[]) => void;
}

/** Coverage of the reference types of exactly one frequency `count`. */
export interface TailBand {
  count: number;
  /** Reference types with R[t] = count. */
  types: number;
  /** Of those, types present in the dataset (S[t] ≥ 1). */
  covered: number;
  /** covered / types (null when types = 0). */
  typeCoverage: number | null;
  /** Reference mass of covered / reference mass of the band (equal to typeCoverage inside one band). */
  massCoverage: number | null;
}

export interface LostType {
  token: string;
  referenceCount: number;
}

export interface TailsReport {
  tailMax: number;
  referenceTokens: number;
  referenceTypes: number;
  datasetTokens: number;
  datasetTypes: number;
  /** |tail| and Σ R[t] over the tail. */
  tailTypes: number;
  tailTokens: number;
  coveredTailTypes: number;
  /** |{t ∈ tail : S[t] ≥ 1}| / |tail| (null when the tail is empty). */
  typeCoverage: number | null;
  /** Σ R[t] over covered tail types / Σ R[t] over the tail. */
  massCoverage: number | null;
  /** |{t : R[t] ≥ 1, S[t] ≥ 1}| / |{t : R[t] ≥ 1}|. */
  allTypesCoverage: number | null;
  bands: TailBand[];
  /** The same coverages expected at equal corpus sizes (see tailsSizeAdjusted.ts). */
  sizeAdjusted: SizeAdjustedCoverage | null;
  /** Tail types with S[t] = 0, by reference count descending then token ascending, at most lostTop. */
  lostTypes: LostType[];
  /** Number of lost tail types in total (before the lostTop cut). */
  lostTypesTotal: number;
  zipf: { reference: ZipfReport; dataset: ZipfReport };
  /** Jensen–Shannon divergence (base 2) of the two unigram distributions. */
  jsDivergence: number | null;
}

export const DEFAULT_TAIL_MAX = 5;
export const DEFAULT_LOST_TOP = 1000;

function ratio(a: number, b: number): number | null {
  return b > 0 ? a / b : null;
}

function sumCounts(m: ReadonlyMap<string, number>): { tokens: number; types: number } {
  let tokens = 0;
  let types = 0;
  for (const c of m.values()) {
    if (c >= 1) {
      tokens += c;
      types++;
    }
  }
  return { tokens, types };
}

/**
 * Compares the dataset's token frequencies S with the reference's R (token → count, counts ≥ 1).
 * Definitions: tail = {t : 1 ≤ R[t] ≤ tailMax}; typeCoverage = share of tail types with S[t] ≥ 1;
 * massCoverage = reference mass share of those covered tail types; bands = the same per R[t] = k;
 * allTypesCoverage = share of all reference types present in the dataset. Raw coverage depends on
 * the dataset's size — `sizeAdjusted` gives the equal-size expectation.
 */
export function computeTails(
  dataset: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
  options: TailsOptions = {},
): TailsReport {
  const tailMax = Math.max(1, Math.floor(options.tailMax ?? DEFAULT_TAIL_MAX));
  const lostTop = Math.max(0, Math.floor(options.lostTop ?? DEFAULT_LOST_TOP));
  const ref = sumCounts(reference);
  const data = sumCounts(dataset);

  const bandTypes = new Float64Array(tailMax + 1);
  const bandCovered = new Float64Array(tailMax + 1);
  let coveredAll = 0;
  const lost: LostType[] = [];
  for (const [token, r] of reference) {
    if (!(r >= 1)) continue;
    const s = dataset.get(token);
    const covered = s !== undefined && s >= 1;
    if (covered) coveredAll++;
    if (r > tailMax) continue;
    bandTypes[r]++;
    if (covered) bandCovered[r]++;
    else lost.push({ token, referenceCount: r });
  }

  const bands: TailBand[] = [];
  let tailTypes = 0;
  let tailTokens = 0;
  let coveredTailTypes = 0;
  let coveredTailTokens = 0;
  for (let k = 1; k <= tailMax; k++) {
    tailTypes += bandTypes[k];
    tailTokens += k * bandTypes[k];
    coveredTailTypes += bandCovered[k];
    coveredTailTokens += k * bandCovered[k];
    bands.push({
      count: k,
      types: bandTypes[k],
      covered: bandCovered[k],
      typeCoverage: ratio(bandCovered[k], bandTypes[k]),
      massCoverage: ratio(k * bandCovered[k], k * bandTypes[k]),
    });
  }

  lost.sort(
    (a, b) => b.referenceCount - a.referenceCount || (a.token < b.token ? -1 : a.token > b.token ? 1 : 0),
  );
  options.onAllLost?.(lost);

  return {
    tailMax,
    referenceTokens: ref.tokens,
    referenceTypes: ref.types,
    datasetTokens: data.tokens,
    datasetTypes: data.types,
    tailTypes,
    tailTokens,
    coveredTailTypes,
    typeCoverage: ratio(coveredTailTypes, tailTypes),
    massCoverage: ratio(coveredTailTokens, tailTokens),
    allTypesCoverage: ratio(coveredAll, ref.types),
    bands,
    sizeAdjusted: sizeAdjustedCoverage(dataset, reference, data.tokens, ref.tokens, tailMax),
    lostTypes: lost.slice(0, lostTop),
    lostTypesTotal: lost.length,
    zipf: { reference: zipfOf(reference.values()), dataset: zipfOf(dataset.values()) },
    jsDivergence: jsDivergence(reference, dataset),
  };
}

export interface SelfTailsReport {
  tokens: number;
  types: number;
  /** Types with frequency 1. */
  hapaxTypes: number;
  /** hapaxTypes / types. */
  hapaxTypeShare: number | null;
  /** Tokens belonging to hapax types (= hapaxTypes) / tokens. */
  hapaxTokenShare: number | null;
  /** Frequency bound of the low-frequency share (5). */
  lowFrequencyMax: number;
  /** Tokens in types with frequency ≤ lowFrequencyMax / tokens. */
  lowFrequencyTokenShare: number | null;
  zipf: ZipfReport;
}

/**
 * Tail figures of the dataset alone, for when no reference is given: a collapsed corpus has few
 * hapaxes and little mass in rare types. hapaxTypeShare = |{t : S[t] = 1}| / types;
 * hapaxTokenShare = Σ_{S[t]=1} S[t] / tokens; lowFrequencyTokenShare = Σ_{S[t]≤5} S[t] / tokens.
 */
export function computeSelfTails(dataset: ReadonlyMap<string, number>): SelfTailsReport {
  const lowFrequencyMax = DEFAULT_TAIL_MAX;
  let tokens = 0;
  let types = 0;
  let hapaxTypes = 0;
  let lowTokens = 0;
  for (const c of dataset.values()) {
    if (!(c >= 1)) continue;
    tokens += c;
    types++;
    if (c === 1) hapaxTypes++;
    if (c <= lowFrequencyMax) lowTokens += c;
  }
  return {
    tokens,
    types,
    hapaxTypes,
    hapaxTypeShare: ratio(hapaxTypes, types),
    hapaxTokenShare: ratio(hapaxTypes, tokens),
    lowFrequencyMax,
    lowFrequencyTokenShare: ratio(lowTokens, tokens),
    zipf: zipfOf(dataset.values()),
  };
}
