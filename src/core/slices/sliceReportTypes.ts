/**
 * Report shapes of the slices section (one entry per group-by path, one per reported value).
 */
import type { SliceFigures } from './sliceState.ts';
import type { TailCoverage } from './sliceBaselines.ts';
import type { SliceFlag, SliceFlagThresholds } from './sliceFlags.ts';

export interface SliceRarefied {
  /** Token budget of the comparison: the smallest reported value's tokens (capped by the rest's). */
  budgetTokens: number;
  /** Bigram budget: the smallest reported value's bigram count (capped by the rest's). */
  budgetBigrams: number;
  /** E[distinct types] in a budgetTokens-token subsample of the slice (without replacement). */
  expectedTypes: number | null;
  /** E[distinct bigrams in a budgetBigrams subsample of the slice's bigrams] / budgetBigrams. */
  expectedDistinct2: number | null;
  restExpectedTypes: number | null;
  restExpectedDistinct2: number | null;
}

export interface SliceValueReport extends SliceFigures {
  value: string;
  /** True for the "(other)" pool (small, untracked or beyond maxValues values): rows and tokens only. */
  pooled: boolean;
  tailCoverage: TailCoverage | null;
  rarefied: SliceRarefied | null;
  flags: SliceFlag[];
  flagged: boolean;
}

export interface SliceGroupReport {
  field: string;
  budgetTokens: number;
  budgetBigrams: number;
  /** Distinct values that got accumulators (≤ maxTracked). */
  trackedValues: number;
  /** Rows whose value arrived after maxTracked values were already tracked (pooled into "(other)"). */
  untrackedRows: number;
  values: SliceValueReport[];
}

export interface SlicesReport {
  minRows: number;
  maxValues: number;
  thresholds: SliceFlagThresholds;
  groups: SliceGroupReport[];
}
