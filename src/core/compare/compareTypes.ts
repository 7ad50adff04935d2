/**
 * The compare report: several datasets (generations of a chain, or models answering the same prompts) measured
 * side by side, raw and at one common size, with a trend verdict along the order (issue #17, docs/metrics.md
 * "Compare"). Why its own contract: the CLI (`compare --json`), the Compare view and the tests read the same
 * plain-JSON object, key by key as docs/report.md documents it.
 */

/** Along the given order: diversity falling (collapsing), holding (stable), or rising again (recovering). */
export type TrendVerdict = 'collapsing' | 'stable' | 'recovering';

/** One dataset of the comparison, in the order given. */
export interface CompareDataset {
  /** As given on the command line / picked (a file, a folder or a glob). */
  path: string;
  rows: number;
  tokens: number;
  types: number;
  /** MATTR and MTLD of the dataset's own report; null where its report has none (too few tokens). */
  mattr: number | null;
  mtld: number | null;
  distinct2: number | null;
  /** Shares of rows that are exact / near duplicates (the report's duplicate rates). */
  exactShare: number;
  nearShare: number;
  /** Expected figures when the dataset is rarefied to `commonTokens` tokens (exact hypergeometric expectation). */
  sizeAdjusted: { types: number | null; distinct2: number | null };
  /** Coverage of the baseline's tail types / tail token mass, raw and with this dataset rarefied to the common size. */
  tails: { typeCoverage: number | null; massCoverage: number | null; typeCoverageAtEqualSize: number | null };
  /** Jensen–Shannon divergence (bits, 0…1) of the unigram distribution from the baseline's; 0 for the baseline. */
  jsDivergence: number | null;
  /** Share of rows covered by the most common template (opening or phrase), as the dataset's report gives it. */
  topTemplateShare: number | null;
  /** Whether the figures came from the report cache (same file, size, modification time and options). */
  cached?: boolean;
}

/** One reason of the trend verdict, naming the datasets and the figure. */
export interface TrendReason {
  /** The figure, e.g. 'sizeAdjusted.types'. */
  figure: string;
  /** Relative change per step along the order (slope of a least-squares fit over index, divided by the first value). */
  slopePerStep: number;
  /** The threshold it was held against: the documented base threshold scaled to the series' length and the common size. */
  threshold: number;
  /** A sentence naming the datasets and values. */
  message: string;
}

export interface CompareReport {
  tool: { name: 'diversity-lens'; version: string };
  /** Index into `datasets` of the baseline (the first unless `--baseline`). */
  baseline: number;
  /** The smallest token count among the datasets: every size-adjusted figure is at this size. */
  commonTokens: number;
  /**
   * The smallest within-row bigram count among the datasets: `sizeAdjusted.distinct2` is every dataset's expected
   * distinct-2 with its bigram occurrences rarefied to this many.
   */
  commonBigrams: number;
  datasets: CompareDataset[];
  trend: { verdict: TrendVerdict; reasons: TrendReason[] };
  /** The options every dataset was analysed with (fields, tokenizer, view, …). */
  options: Record<string, unknown>;
  timing: { seconds: number };
}
