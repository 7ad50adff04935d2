/**
 * The instant preview: given a model (built once) and the controls, what the mixed file will look like —
 * before (the dataset alone, all rows in file order) and after (the mix) — without touching the files.
 * Pure and synchronous; it calls the same chooseRows as the writer, so preview and output cannot disagree.
 * Tail figures (before and after) are against the held-out part of the reference (heldOut.ts), never against
 * rows a mix can contain.
 */
import { chooseRows } from './chooseRows.ts';
import { distinct2Of, figuresOf, tailFiguresOf, type MixFigures } from './mixFigures.ts';
import { heldOutFor, type HeldOutSplit } from './heldOut.ts';
import type { MixModel, MixSettings, Selection } from './mixTypes.ts';

/** Share of rows per value of one slice path. */
export interface SliceShares {
  field: string;
  /** Values by rows descending (at most `SLICE_TOP`), null value = rows where the path matched nothing. */
  values: { value: string | null; rows: number; share: number }[];
  /** Distinct values present. */
  distinct: number;
}

/** What the tail figures were measured against: the held-out reference rows (never mixed in). */
export interface HeldOutInfo {
  /** Requested share of the reference rows, and the seed of the split. */
  share: number;
  seed: number;
  rows: number;
  tokens: number;
  /** Held-out tail: types with 1 ≤ H[t] ≤ tailMax. */
  tailTypes: number;
  /** Reference rows a mix may draw from (before dedup / templates). */
  poolRows: number;
}

/** The bookkeeping of a split (small: no per-row data). */
export function heldOutInfo(split: HeldOutSplit): HeldOutInfo {
  return {
    share: split.share,
    seed: split.seed,
    rows: split.heldOutRows.length,
    tokens: split.tokens,
    tailTypes: split.tailTypes,
    poolRows: split.poolRows.length,
  };
}

export interface MixProjection {
  settings: MixSettings;
  heldOut: HeldOutInfo;
  selection: Omit<Selection, 'rows'>;
  /** Real rows / rows of the mix (null when empty). */
  realShare: number | null;
  before: MixFigures;
  after: MixFigures;
  slices: { before: SliceShares[]; after: SliceShares[] };
  warnings: string[];
  /** Milliseconds this projection took (for the panel's own diagnostics; never asserted). */
  elapsedMs: number;
}

export const SLICE_TOP = 20;

const beforeCache = new WeakMap<
  MixModel,
  { split: HeldOutSplit; figures: MixFigures; slices: SliceShares[] }
>();

/** Rows 0…nDataset−1: the dataset alone, in file order. */
function datasetRows(model: MixModel): Uint32Array {
  const rows = new Uint32Array(model.nDataset);
  for (let i = 0; i < rows.length; i++) rows[i] = i;
  return rows;
}

/** Per slice path, the shares of its values among `rows`. */
export function sliceSharesOf(model: MixModel, rows: Uint32Array): SliceShares[] {
  return model.options.slicePaths.map((field, k) => {
    const ids = model.sliceIds[k];
    const counts = new Uint32Array(model.sliceValues[k].length + 1); // last slot: null
    for (let r = 0; r < rows.length; r++) {
      const v = ids[rows[r]];
      counts[v < 0 ? counts.length - 1 : v]++;
    }
    const values: SliceShares['values'] = [];
    let distinct = 0;
    for (let v = 0; v < counts.length; v++) {
      if (counts[v] === 0) continue;
      if (v < counts.length - 1) distinct++;
      values.push({
        value: v < counts.length - 1 ? model.sliceValues[k][v] : null,
        rows: counts[v],
        share: counts[v] / rows.length,
      });
    }
    values.sort((a, b) => b.rows - a.rows || String(a.value).localeCompare(String(b.value)));
    return { field, values: values.slice(0, SLICE_TOP), distinct };
  });
}

/** Projects one setting of the controls (see the module comment). */
export function projectMix(model: MixModel, settings: MixSettings): MixProjection {
  const t0 = performance.now();
  const selection = chooseRows(model, settings);
  const split = heldOutFor(model, settings);
  let before = beforeCache.get(model);
  if (!before || before.split !== split) {
    const all = datasetRows(model);
    before = { split, figures: figuresOf(model, all, split), slices: sliceSharesOf(model, all) };
    beforeCache.set(model, before);
  }
  const { rows, ...summary } = selection;
  const warnings = [...model.warnings, ...selection.notes];
  if (split.tailTypes === 0)
    warnings.push(
      'the held-out part of the reference has no tail types (too few rows?): tail figures are n/a',
    );
  return {
    settings,
    heldOut: heldOutInfo(split),
    selection: summary,
    realShare: rows.length > 0 ? selection.referenceRows / rows.length : null,
    before: before.figures,
    after: figuresOf(model, rows, split),
    slices: { before: before.slices, after: sliceSharesOf(model, rows) },
    warnings,
    elapsedMs: performance.now() - t0,
  };
}

export interface SweepPoint {
  realFraction: number;
  rows: number;
  /** Against the held-out part (never mixed in). */
  typeCoverage: number | null;
  massCoverage: number | null;
  /** Tail type coverage at equal size (tails.sizeAdjusted.typeCoverage). */
  equalSizeTypeCoverage: number | null;
  distinct2: number | null;
}

/** Tail coverage (held-out), its equal-size value and distinct-2 as the real share varies (default 0, 10, …, 100 %), other controls fixed. */
export function sweepRealFraction(
  model: MixModel,
  settings: MixSettings,
  fractions: readonly number[] = [0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1],
): SweepPoint[] {
  const split = heldOutFor(model, settings);
  return fractions.map((f) => {
    const sel = chooseRows(model, { ...settings, realFraction: f });
    const t = tailFiguresOf(model, sel.rows, split);
    return {
      realFraction: f,
      rows: sel.rows.length,
      typeCoverage: t.typeCoverage,
      massCoverage: t.massCoverage,
      equalSizeTypeCoverage: t.sizeAdjusted?.typeCoverage ?? null,
      distinct2: distinct2Of(model, sel.rows),
    };
  });
}
