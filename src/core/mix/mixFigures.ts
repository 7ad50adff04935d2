/**
 * The figures of a set of rows, computed from the model's per-row summaries with the SAME definitions
 * the analysis uses (so the projection of a mix equals the analysis of the written file):
 *   tokens.total = Σ tokens; tokens.types = distinct token ids;
 *   lexical.distinct[1] = types / tokens; lexical.distinct[2] = distinct within-row bigrams / within-row bigrams;
 *   lexical.mattr = MATTR (window w) over every row's tokens concatenated in output order (metrics/lexicalMattr.ts);
 *   duplicates.exact.rows = rows with non-empty normalised text − distinct such texts; rate = that / rows;
 *   duplicates.near.rowsRemovable = Σ over clusters (size − 1), clusters = connected components of the graph
 *     of row pairs with Jaccard ≥ the analysis threshold (identical shingle sets linked), restricted to these rows;
 *   tails.typeCoverage / massCoverage = share of reference tail types (1 ≤ R[t] ≤ tailMax, R over the whole
 *     reference) present in these rows, by types / by reference mass (metrics/tails.ts).
 */
import type { AnalysisReport } from '../report/reportTypes.ts';
import { MattrWindow } from '../metrics/lexicalMattr.ts';
import { nearComponents } from './eligibility.ts';
import type { MixModel } from './mixTypes.ts';

/** The compared figures, nested under the analysis report's own keys. */
export interface MixFigures {
  rows: { parsed: number };
  tokens: { total: number; types: number };
  lexical: { distinct: { 1: number | null; 2: number | null }; mattr: number | null };
  duplicates: { exact: { rows: number; rate: number }; near: { rowsRemovable: number; rateRemovable: number } };
  tails: { typeCoverage: number | null; massCoverage: number | null };
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

/** Tail coverage of the rows against the reference tail (see module comment). */
export function tailCoverageOf(model: MixModel, rows: Uint32Array): { typeCoverage: number | null; massCoverage: number | null } {
  const seen = new Uint8Array(model.vocab.size);
  let types = 0;
  let mass = 0;
  for (let r = 0; r < rows.length; r++) {
    const [a, b] = range(model, rows[r]);
    for (let i = a; i < b; i++) {
      const t = model.tokens[i];
      if (seen[t]) continue;
      seen[t] = 1;
      if (model.tailMask[t]) {
        types++;
        mass += model.referenceCounts[t];
      }
    }
  }
  return {
    typeCoverage: model.tailTypes > 0 ? types / model.tailTypes : null,
    massCoverage: model.tailTokens > 0 ? mass / model.tailTokens : null,
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

/** All compared figures of `rows` (global row indexes, in output order). */
export function figuresOf(model: MixModel, rows: Uint32Array): MixFigures {
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
    lexical: { distinct: { 1: tokens > 0 ? types / tokens : null, 2: distinct2Of(model, rows) }, mattr: mattr.value() },
    duplicates: { exact: { rows: exactRows, rate: n > 0 ? exactRows / n : 0 }, near: { rowsRemovable: removable, rateRemovable: n > 0 ? removable / n : 0 } },
    tails: tailCoverageOf(model, rows),
  };
}

/** The same figures read from an analysis report (of the written file). */
export function figuresOfReport(r: AnalysisReport): MixFigures {
  const tails = r.tails.mode === 'reference' ? { typeCoverage: r.tails.typeCoverage, massCoverage: r.tails.massCoverage } : { typeCoverage: null, massCoverage: null };
  return {
    rows: { parsed: r.rows.parsed },
    tokens: { total: r.tokens.total, types: r.tokens.types },
    lexical: { distinct: { 1: r.lexical.distinct[1], 2: r.lexical.distinct[2] }, mattr: r.lexical.mattr },
    duplicates: { exact: { rows: r.duplicates.exact.rows, rate: r.duplicates.exact.rate }, near: { rowsRemovable: r.duplicates.near.rowsRemovable, rateRemovable: r.duplicates.near.rateRemovable } },
    tails,
  };
}
