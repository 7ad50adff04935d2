/**
 * The figures of a set of rows, computed from the model's per-row summaries with the SAME definitions
 * the analysis uses (so the projection of a mix equals the analysis of the written file):
 *   tokens.total = Σ tokens; tokens.types = distinct token ids;
 *   lexical.distinct[1] = types / tokens; lexical.distinct[2] = distinct within-row bigrams / within-row bigrams;
 *   lexical.mattr = MATTR (window w) over every row's tokens concatenated in output order (lexical/lexicalMattr.ts);
 *   duplicates.exact.rows = rows with non-empty normalised text − distinct such texts; rate = that / rows;
 *   duplicates.near.rowsRemovable = Σ over clusters (size − 1), clusters = connected components of the graph
 *     of row pairs with Jaccard ≥ the analysis threshold (identical shingle sets linked), restricted to these rows;
 *   tails.typeCoverage / massCoverage = share of the HELD-OUT part's tail types (1 ≤ H[t] ≤ tailMax, H = token
 *     counts of the held-out reference rows, which no mix contains — heldOut.ts) present in these rows, by types
 *     / by held-out mass (tails/tails.ts, with the held-out part as the reference);
 *   tails.sizeAdjusted = the same coverages at equal size: the larger of (these rows, the held-out part) virtually
 *     subsampled to the smaller one's token count, exact hypergeometric expectations (tails/tailsSizeAdjusted.ts,
 *     the function the analysis uses; `subsampled: 'dataset'` = these rows, `'reference'` = the held-out part);
 *   tails.expectedTypes = expected distinct types of these rows and of the held-out part at the common size
 *     n = min(their token counts) (tails/rarefaction.ts expectedTypesAt; the smaller one's is its own count).
 */
import type { AnalysisReport } from '../report/reportTypes.ts';
import { MattrWindow } from '../lexical/lexicalMattr.ts';
import { expectedTypesAt } from '../tails/rarefaction.ts';
import { sizeAdjustedCoverage, type SizeAdjustedCoverage } from '../tails/tailsSizeAdjusted.ts';
import { nearComponents } from './eligibility.ts';
import type { HeldOutSplit } from './heldOut.ts';
import type { MixModel } from './mixTypes.ts';

/** What a tail coverage is measured against: a tail mask and the counts behind it (the held-out part, normally). */
export type TailYardstick = Pick<HeldOutSplit, 'tailMask' | 'counts' | 'tailTypes' | 'tailTokens'>;

/** Expected distinct types of two corpora at one common size (rarefaction), so a bigger mix cannot win by size. */
export interface ExpectedTypes {
  /** The common size n = min(mix tokens, held-out tokens). */
  atTokens: number;
  mix: number;
  heldOut: number;
}

/** The compared figures, nested under the analysis report's own keys. */
export interface MixFigures {
  rows: { parsed: number };
  tokens: { total: number; types: number };
  lexical: { distinct: { 1: number | null; 2: number | null }; mattr: number | null };
  duplicates: {
    exact: { rows: number; rate: number };
    near: { rowsRemovable: number; rateRemovable: number };
  };
  tails: {
    typeCoverage: number | null;
    massCoverage: number | null;
    sizeAdjusted: SizeAdjustedCoverage | null;
    expectedTypes: ExpectedTypes | null;
  };
}

/** Token range of row g. */
function range(model: MixModel, g: number): [number, number] {
  return [model.tokStart[g], model.tokStart[g + 1]];
}

/** distinct-2 of the rows (within-row bigrams pooled); null without bigrams. */
export function distinct2Of(model: MixModel, rows: Uint32Array): number | null {
  const seen = new Uint8Array(model.bigramTypes);
  let unique = 0;
  let total = 0;
  for (let r = 0; r < rows.length; r++) {
    const [a, b] = range(model, rows[r]);
    for (let i = a + 1; i < b; i++) {
      const id = model.bigrams[i];
      total++;
      if (!seen[id]) {
        seen[id] = 1;
        unique++;
      }
    }
  }
  return total > 0 ? unique / total : null;
}

/** Tail coverage of the rows against the held-out part's tail (see module comment). */
export function tailCoverageOf(
  model: MixModel,
  rows: Uint32Array,
  split: TailYardstick,
): { typeCoverage: number | null; massCoverage: number | null } {
  return tailCoverageOfCounts(countsOf(model, rows), split);
}

/** Token counts of the rows, by token id. */
export function countsOf(model: MixModel, rows: Uint32Array): Float64Array {
  const counts = new Float64Array(model.vocab.size);
  for (let r = 0; r < rows.length; r++) {
    const [a, b] = range(model, rows[r]);
    for (let i = a; i < b; i++) counts[model.tokens[i]]++;
  }
  return counts;
}

function tailCoverageOfCounts(
  counts: Float64Array,
  split: TailYardstick,
): { typeCoverage: number | null; massCoverage: number | null } {
  let types = 0;
  let mass = 0;
  for (let t = 0; t < counts.length; t++) {
    if (counts[t] >= 1 && split.tailMask[t]) {
      types++;
      mass += split.counts[t];
    }
  }
  return {
    typeCoverage: split.tailTypes > 0 ? types / split.tailTypes : null,
    massCoverage: split.tailTokens > 0 ? mass / split.tailTokens : null,
  };
}

/** The equal-size figures from two token → count maps (also used on the measured side, from the files). */
export function equalSizeFigures(
  mix: ReadonlyMap<string, number>,
  heldOut: ReadonlyMap<string, number>,
  tailMax: number,
): Pick<MixFigures['tails'], 'sizeAdjusted' | 'expectedTypes'> {
  const total = (m: ReadonlyMap<string, number>): number => {
    let n = 0;
    for (const c of m.values()) n += c;
    return n;
  };
  const nMix = total(mix);
  const nHeld = total(heldOut);
  const n = Math.min(nMix, nHeld);
  return {
    sizeAdjusted: sizeAdjustedCoverage(mix, heldOut, nMix, nHeld, tailMax),
    expectedTypes:
      n > 0
        ? {
            atTokens: n,
            mix: expectedTypesAt([...mix.values()], nMix, n),
            heldOut: expectedTypesAt([...heldOut.values()], nHeld, n),
          }
        : null,
  };
}

/** All tail figures of the rows against the held-out part (coverage, equal-size coverage, expected types). */
export function tailFiguresOf(model: MixModel, rows: Uint32Array, split: HeldOutSplit): MixFigures['tails'] {
  const counts = countsOf(model, rows);
  const map = new Map<string, number>();
  for (let t = 0; t < counts.length; t++) if (counts[t] >= 1) map.set(model.vocab.tokenOf(t), counts[t]);
  return {
    ...tailCoverageOfCounts(counts, split),
    ...equalSizeFigures(map, split.countMap, model.options.tailMax),
  };
}

/** Rows a "keep one per cluster" dedup at `threshold` would drop from these rows. */
export function nearRemovableOf(model: MixModel, rows: Uint32Array, threshold: number): number {
  const present = new Uint8Array(model.nearReps);
  let withRep = 0;
  for (let r = 0; r < rows.length; r++) {
    const rep = model.nearRep[rows[r]];
    if (rep >= 0) {
      present[rep] = 1;
      withRep++;
    }
  }
  const uf = nearComponents(model, 0, 0, threshold, present);
  const rootSeen = new Uint8Array(model.nearReps);
  let components = 0;
  for (let rep = 0; rep < model.nearReps; rep++) {
    if (!present[rep]) continue;
    const root = uf.find(rep);
    if (!rootSeen[root]) {
      rootSeen[root] = 1;
      components++;
    }
  }
  return withRep - components;
}

/** All compared figures of `rows` (global row indexes, in output order); tail figures against `split`'s held-out part. */
export function figuresOf(model: MixModel, rows: Uint32Array, split: HeldOutSplit): MixFigures {
  const seenType = new Uint8Array(model.vocab.size);
  const seenGroup = new Uint8Array(model.exactGroups);
  const mattr = new MattrWindow(model.options.mattrWindow);
  let tokens = 0;
  let types = 0;
  let nonEmpty = 0;
  let groups = 0;
  for (let r = 0; r < rows.length; r++) {
    const g = rows[r];
    const [a, b] = range(model, g);
    for (let i = a; i < b; i++) {
      const t = model.tokens[i];
      mattr.push(t);
      if (!seenType[t]) {
        seenType[t] = 1;
        types++;
      }
    }
    tokens += b - a;
    const eg = model.exactGroup[g];
    if (eg >= 0) {
      nonEmpty++;
      if (!seenGroup[eg]) {
        seenGroup[eg] = 1;
        groups++;
      }
    }
  }
  const n = rows.length;
  const exactRows = nonEmpty - groups;
  const removable = nearRemovableOf(model, rows, model.options.nearThreshold);
  return {
    rows: { parsed: n },
    tokens: { total: tokens, types },
    lexical: {
      distinct: { 1: tokens > 0 ? types / tokens : null, 2: distinct2Of(model, rows) },
      mattr: mattr.value(),
    },
    duplicates: {
      exact: { rows: exactRows, rate: n > 0 ? exactRows / n : 0 },
      near: { rowsRemovable: removable, rateRemovable: n > 0 ? removable / n : 0 },
    },
    tails: tailFiguresOf(model, rows, split),
  };
}

/**
 * The same figures read from an analysis report of the written file against the held-out part; the expected
 * types at a common size come from `expectedTypes` (token counts of the written file and of the held-out file,
 * counted by measureMix.ts) since the report does not carry them.
 */
export function figuresOfReport(r: AnalysisReport, expectedTypes: ExpectedTypes | null = null): MixFigures {
  const tails: MixFigures['tails'] =
    r.tails.mode === 'reference'
      ? {
          typeCoverage: r.tails.typeCoverage,
          massCoverage: r.tails.massCoverage,
          sizeAdjusted: r.tails.sizeAdjusted,
          expectedTypes,
        }
      : { typeCoverage: null, massCoverage: null, sizeAdjusted: null, expectedTypes };
  return {
    rows: { parsed: r.rows.parsed },
    tokens: { total: r.tokens.total, types: r.tokens.types },
    lexical: { distinct: { 1: r.lexical.distinct[1], 2: r.lexical.distinct[2] }, mattr: r.lexical.mattr },
    duplicates: {
      exact: { rows: r.duplicates.exact.rows, rate: r.duplicates.exact.rate },
      near: {
        rowsRemovable: r.duplicates.near.rowsRemovable,
        rateRemovable: r.duplicates.near.rateRemovable,
      },
    },
    tails,
  };
}
