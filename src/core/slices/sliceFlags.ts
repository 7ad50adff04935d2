/**
 * Collapse-prone slice rules: a slice is flagged when it is clearly less diverse than the rest of its
 * group-by on size-robust measures, or heavily duplicated / templated. Kept apart from the
 * accumulator so the rules and thresholds are one small, testable, documented table.
 */

/** Thresholds of the flag rules (all configurable; defaults in DEFAULT_SLICE_FLAG_THRESHOLDS). */
export interface SliceFlagThresholds {
  /** Flag when expected types at the common budget < this × the rest's at the same budget. */
  rarefiedTypesRatio: number;
  /** Flag when expected distinct-2 at the common bigram budget < this × the rest's. */
  rarefiedDistinct2Ratio: number;
  /** Flag when MATTR < the rest's MATTR − this. */
  mattrDrop: number;
  /** Flag when the within-slice exact duplicate rate > this. */
  exactDuplicateRate: number;
  /** Flag when the within-slice near-duplicate removable rate > this. */
  nearDuplicateRate: number;
  /** Flag when the most common opening 3-gram starts more than this share of the slice's rows. */
  openingShare: number;
}

/**
 * Defaults, tuned on the bundled sample generator (templated, self-trained and human slices) and on
 * naturally grouped public sets (AlpacaEval by `dataset`, MT-Bench by `category`). Observed ratios to
 * the rest (types / distinct-2): templated slices ≈ 0.03–0.05 / 0.02–0.06; a bigram model after 2, 3, 5
 * generations of self-training ≈ 0.68 / 0.69, 0.57 / 0.58, 0.44 / 0.47; natural topical slices
 * 0.69–1.1 / 0.76–1.1, except narrow-vocabulary code / maths slices (MT-Bench, 10 rows each) at
 * ≈ 0.59 on types, which do fire the types rule. The pooled rest mixes topics, which inflates its
 * types, so the types ratio is looser than distinct-2's. Code / maths slices also have MATTR ≈ 0.15
 * below prose, hence the 0.15 drop (templated slices sit 0.16–0.4 below).
 */
export const DEFAULT_SLICE_FLAG_THRESHOLDS: SliceFlagThresholds = {
  rarefiedTypesRatio: 0.7,
  rarefiedDistinct2Ratio: 0.75,
  mattrDrop: 0.15,
  exactDuplicateRate: 0.2,
  nearDuplicateRate: 0.2,
  openingShare: 0.3,
};

export type SliceFlagMeasure =
  | 'rarefiedTypes'
  | 'rarefiedDistinct2'
  | 'mattr'
  | 'exactDuplicateRate'
  | 'nearDuplicateRate'
  | 'topOpeningShare';

/** One reason a slice is flagged: the measure, the slice's value, what it was compared with, why. */
export interface SliceFlag {
  measure: SliceFlagMeasure;
  value: number;
  /** The rest's figure (for relative rules) or the other values' pooled figure (absolute rules). */
  baseline: number | null;
  /** The threshold that was crossed, in the rule's own terms (ratio, drop or rate). */
  threshold: number;
  reason: string;
}

/** The figures one slice is judged on, with the rest's figures where a rule is relative. */
export interface SliceMeasures {
  budgetTokens: number;
  budgetBigrams: number;
  expectedTypes: number | null;
  restExpectedTypes: number | null;
  expectedDistinct2: number | null;
  restExpectedDistinct2: number | null;
  mattr: number | null;
  restMattr: number | null;
  exactDuplicateRate: number | null;
  restExactDuplicateRate: number | null;
  nearDuplicateRate: number | null;
  restNearDuplicateRate: number | null;
  topOpeningShare: number | null;
  topOpeningText: string | null;
  restTopOpeningShare: number | null;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number, d = 1) => x.toLocaleString('en-US', { maximumFractionDigits: d });
const base = (b: number | null, f: (x: number) => string) => (b === null ? '' : ` (rest: ${f(b)})`);

/**
 * Applies the rules (each independent; a slice is flagged when any fires):
 * 1. rarefiedTypes:      E[types] at the budget < rarefiedTypesRatio × rest's E[types] at the same budget;
 * 2. rarefiedDistinct2:  E[distinct-2] at the bigram budget < rarefiedDistinct2Ratio × rest's;
 * 3. mattr:              MATTR < rest MATTR − mattrDrop;
 * 4. exactDuplicateRate: rate > exactDuplicateRate;   5. nearDuplicateRate: rate > nearDuplicateRate;
 * 6. topOpeningShare:    share of rows opening with the most common 3-gram > openingShare.
 * Relative rules only compare figures taken at equal token budgets (or MATTR's fixed window), so a
 * small slice is never flagged for being small. Missing figures (null) never fire.
 */
export function evaluateSliceFlags(m: SliceMeasures, t: SliceFlagThresholds): SliceFlag[] {
  const flags: SliceFlag[] = [];
  /** Rules 1–2: fires when `value` < `ratio` × the rest's `rest` (both taken at one budget). */
  const belowRest = (
    measure: SliceFlagMeasure,
    value: number | null,
    rest: number | null,
    ratio: number,
    says: (value: number, rest: number) => string,
  ) => {
    if (value !== null && rest !== null && rest > 0 && value < ratio * rest)
      flags.push({ measure, value, baseline: rest, threshold: ratio, reason: says(value, rest) });
  };
  /** Rules 4–6: fires when `value` > `threshold`; `pooled` is the other values' figure, for context. */
  const above = (
    measure: SliceFlagMeasure,
    [value, pooled]: [number | null, number | null],
    threshold: number,
    says: (value: number) => string,
  ) => {
    if (value !== null && value > threshold)
      flags.push({ measure, value, baseline: pooled, threshold, reason: says(value) });
  };
  belowRest(
    'rarefiedTypes',
    m.expectedTypes,
    m.restExpectedTypes,
    t.rarefiedTypesRatio,
    (v, rest) =>
      `In a ${num(m.budgetTokens, 0)}-token sample this slice is expected to use ${num(v)} distinct words, ` +
      `fewer than ${t.rarefiedTypesRatio} × the rest's ${num(rest)} at the same size ` +
      `(templated or self-trained text does this; so does a slice about one narrow topic).`,
  );
  belowRest(
    'rarefiedDistinct2',
    m.expectedDistinct2,
    m.restExpectedDistinct2,
    t.rarefiedDistinct2Ratio,
    (v, rest) =>
      `In a ${num(m.budgetBigrams, 0)}-bigram sample ${pct(v)} of this slice's word pairs are expected to be distinct, ` +
      `below ${t.rarefiedDistinct2Ratio} × the rest's ${pct(rest)}.`,
  );
  if (m.mattr !== null && m.restMattr !== null && m.mattr < m.restMattr - t.mattrDrop) {
    flags.push({
      measure: 'mattr',
      value: m.mattr,
      baseline: m.restMattr,
      threshold: t.mattrDrop,
      reason: `MATTR is ${m.mattr.toFixed(3)}, more than ${t.mattrDrop} below the rest's ${m.restMattr.toFixed(3)}.`,
    });
  }
  above(
    'exactDuplicateRate',
    [m.exactDuplicateRate, m.restExactDuplicateRate],
    t.exactDuplicateRate,
    (v) =>
      `${pct(v)} of the rows repeat another row of the slice exactly, above ${pct(t.exactDuplicateRate)}${base(m.restExactDuplicateRate, pct)}.`,
  );
  above(
    'nearDuplicateRate',
    [m.nearDuplicateRate, m.restNearDuplicateRate],
    t.nearDuplicateRate,
    (v) =>
      `${pct(v)} of the rows are removable near-duplicates within the slice, above ${pct(t.nearDuplicateRate)}${base(m.restNearDuplicateRate, pct)}.`,
  );
  const what = m.topOpeningText === null ? 'the same 3 words' : `"${m.topOpeningText}"`;
  above(
    'topOpeningShare',
    [m.topOpeningShare, m.restTopOpeningShare],
    t.openingShare,
    (v) =>
      `${pct(v)} of the rows open with ${what}, above ${pct(t.openingShare)}${m.restTopOpeningShare === null ? '' : ` (the other slices' own most common openings: ${pct(m.restTopOpeningShare)} of their rows)`}.`,
  );
  return flags;
}

/** Thresholds with the defaults filled in for every field not given. */
export function resolveThresholds(partial: Partial<SliceFlagThresholds> = {}): SliceFlagThresholds {
  const out = { ...DEFAULT_SLICE_FLAG_THRESHOLDS };
  for (const k of Object.keys(out) as (keyof SliceFlagThresholds)[]) {
    const v = partial[k];
    if (typeof v === 'number' && Number.isFinite(v)) out[k] = v;
  }
  return out;
}
