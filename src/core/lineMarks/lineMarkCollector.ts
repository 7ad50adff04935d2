/**
 * Per-line membership of every parsed row in the homogeneous groups the editor marks: exact duplicate
 * groups, near-duplicate clusters and flagged template openings. Unlike the report (top 1,000 clusters,
 * first 100 lines each, two example lines per opening) this covers EVERY row, up to a cap on the number of
 * marks. It is returned beside the report (AnalyzeHooks.onLineMarks), never inside it, as typed arrays
 * that a worker can transfer without copying.
 *
 * Memory during the pass: 12 bytes per parsed row (the row's exact-duplicate entry, 4 bytes, and the
 * 64-bit hash of its opening 3-gram, 8 bytes), in 1 Mi-row chunks, freed when finish() returns.
 */
import type { ExactDuplicateAccumulator } from '../duplicates/exactDuplicates.ts';
import type { NearDuplicateAccumulator } from '../duplicates/nearDuplicates.ts';
import type { TemplateAccumulator, TemplatesReport } from '../templates/templates.ts';
import { hashIds, hashIdsHigh } from '../sketches/minhash.ts';
import type { Accumulator } from '../pipeline/accumulator.ts';

/** Default cap on marks (exact + near + template entries together). */
export const DEFAULT_LINE_MARK_LIMIT = 2_000_000;
/** Tokens of the row opening whose share flags a template (the report's shortest opening length). */
export const TEMPLATE_OPENING_TOKENS = 3;

/** One flagged template opening (share of rows with tokens > the threshold). */
export interface MarkedOpening {
  /** The opening's tokens joined by single spaces. */
  text: string;
  /** Rows opening with it (exact count). */
  rows: number;
  /** rows / rows with ≥ 1 token. */
  share: number;
  /** Line of the first row opening with it. */
  firstLine: number;
  /** Index in the report's `duplicates.templates.openings` of the first opening that is or extends it, or −1. */
  reportIndex: number;
}

/**
 * Every marked line, per kind, as parallel typed arrays with ascending `lines`. A line can appear in several
 * kinds. Group / cluster / opening fields index small per-group tables (`groups`, `clusters`, `openings`),
 * in order of first appearance, so the tables are bounded by the marks, not by the dataset.
 */
export interface LineMarks {
  exact: {
    lines: Uint32Array;
    /** Index into `groups` of each line's group. */
    group: Int32Array;
    /** 1 when the line is its group's first occurrence. */
    first: Uint8Array;
    /** Per group: `rank` = position in report order (rank < 1,000 is `duplicates.exact.clusters[rank]`), `size` (all rows), `firstLine`. */
    groups: { rank: Int32Array; size: Uint32Array; firstLine: Uint32Array };
  };
  near: {
    lines: Uint32Array;
    /** Index into `clusters` of each line's cluster. */
    cluster: Int32Array;
    /** Per cluster: `rank` (rank < 1,000 is `duplicates.near.clusters[rank]`), `size`, `firstLine`, mean verified Jaccard `similarity`. */
    clusters: { rank: Int32Array; size: Uint32Array; firstLine: Uint32Array; similarity: Float64Array };
  };
  template: {
    lines: Uint32Array;
    /** Index into `openings` of each line's opening. */
    opening: Int32Array;
    openings: MarkedOpening[];
  };
  /** Share above which an opening is flagged (the verdict's watch threshold). */
  templateShare: number;
  /** Marks in total (sum of the three `lines` lengths). */
  marked: number;
  /** The cap that applied. */
  limit: number;
  /** True when the cap stopped the marks: only rows up to `coveredThroughLine` are marked. */
  truncated: boolean;
  /** Last line whose marks are all present (the last parsed line when not truncated; 0 with no rows). */
  coveredThroughLine: number;
}

/** As in the report (templates.ts): an opening is a template only when at least 2 rows share it. */
const MIN_TEMPLATE_ROWS = 2;
const CHUNK_BITS = 20;
const CHUNK = 1 << CHUNK_BITS;
const NO_ENTRY = 0xffffffff;

/** Append-only per-row columns in fixed chunks (no doubling, so no 2× peak while growing). */
class RowColumns {
  private entry: Uint32Array[] = [];
  private lo: Uint32Array[] = [];
  private hi: Uint32Array[] = [];
  size = 0;

  push(entry: number, lo: number, hi: number): void {
    const c = this.size >>> CHUNK_BITS;
    if (c === this.entry.length) {
      this.entry.push(new Uint32Array(CHUNK));
      this.lo.push(new Uint32Array(CHUNK));
      this.hi.push(new Uint32Array(CHUNK));
    }
    const i = this.size & (CHUNK - 1);
    this.entry[c][i] = entry;
    this.lo[c][i] = lo;
    this.hi[c][i] = hi;
    this.size++;
  }

  entryAt(r: number): number {
    return this.entry[r >>> CHUNK_BITS][r & (CHUNK - 1)];
  }
  loAt(r: number): number {
    return this.lo[r >>> CHUNK_BITS][r & (CHUNK - 1)];
  }
  hiAt(r: number): number {
    return this.hi[r >>> CHUNK_BITS][r & (CHUNK - 1)];
  }

  /** Column c (entry, lo or hi) of rows [0, size) as one trimmed array. */
  flat(col: 'entry' | 'lo' | 'hi'): Uint32Array {
    const out = new Uint32Array(this.size);
    const parts = this[col];
    for (let c = 0; c < parts.length; c++) {
      const start = c << CHUNK_BITS;
      const n = Math.min(CHUNK, this.size - start);
      if (n > 0) out.set(parts[c].subarray(0, n), start);
    }
    return out;
  }

  free(): void {
    this.entry = [];
    this.lo = [];
    this.hi = [];
  }
}

/** A chunk's per-row columns as plain data: exact entry (0xffffffff: none) and opening hash of each parsed row. */
export interface LineMarksPartial {
  entry: Uint32Array;
  lo: Uint32Array;
  hi: Uint32Array;
}

/**
 * Collects, row by row, what is needed to mark every homogeneous row once the accumulators are finished.
 * Call addRow for every parsed row in file order, with the entry ExactDuplicateAccumulator.addRow returned
 * and the row's token ids; then finish().
 */
export class LineMarkCollector implements Accumulator<
  [line: number, exactEntry: number, tokens: Uint32Array],
  LineMarks,
  // finish needs the pass's other accumulators, finished (see its parameters)
  Parameters<LineMarkCollector['finish']>
> {
  private readonly cols = new RowColumns();
  private readonly lines: number[] | null;

  /**
   * `lineOf(i)` gives the line of the i-th parsed row (the analysis' RowIndex already holds it, so the
   * collector does not store it again). Without it, the collector keeps the lines itself (tests).
   */
  constructor(private readonly lineOf?: (row: number) => number) {
    this.lines = lineOf ? null : [];
  }

  /** A chunk's columns as plain data (chunked analysis; the chunk's exact entries are its own). */
  snapshot(): LineMarksPartial {
    return { entry: this.cols.flat('entry'), lo: this.cols.flat('lo'), hi: this.cols.flat('hi') };
  }

  /**
   * Appends a later chunk's rows. `entryMap[e]` is the merged exact-duplicate entry of the chunk's entry e
   * (ExactDuplicateAccumulator.merge returns it). Only with `lineOf` (the merged RowIndex gives the lines).
   */
  merge(p: LineMarksPartial, entryMap: Int32Array): void {
    if (this.lines !== null) throw new Error('LineMarkCollector.merge needs lineOf');
    for (let r = 0; r < p.entry.length; r++) {
      const e = p.entry[r];
      this.cols.push(e === NO_ENTRY ? NO_ENTRY : entryMap[e], p.lo[r], p.hi[r]);
    }
  }

  /** Records one parsed row (file order). `line` is only stored when no lineOf was given. */
  addRow(line: number, exactEntry: number, tokens: Uint32Array): void {
    const n = TEMPLATE_OPENING_TOKENS;
    // rows with fewer than 3 tokens have no opening: (0, 0), which a real opening hash equals with p ≈ 2^-64
    const lo = tokens.length >= n ? hashIds(tokens, 0, n) >>> 0 : 0;
    const hi = tokens.length >= n ? hashIdsHigh(tokens, 0, n) >>> 0 : 0;
    this.cols.push(exactEntry < 0 ? NO_ENTRY : exactEntry, lo, hi);
    this.lines?.push(line);
  }

  /**
   * Builds the marks and frees the per-row columns. `templateShare`: openings whose exact share of rows with
   * tokens is > this are flagged. Marks cover a prefix of the file: rows are taken in order until the next
   * row's marks would exceed `limit`. Transient memory: 4 bytes per exact group and per near cluster.
   */
  finish(
    exact: ExactDuplicateAccumulator,
    near: NearDuplicateAccumulator,
    templates: TemplateAccumulator,
    templatesReport: TemplatesReport,
    vocab: { tokenOf(id: number): string },
    templateShare: number,
    limit = DEFAULT_LINE_MARK_LIMIT,
  ): LineMarks {
    const rows = this.cols.size;
    const lineAt = this.lineOf ?? ((r: number) => (this.lines as number[])[r]);
    const ranks = exact.groupRanks();
    let groupCount = 0;
    for (let e = 0; e < ranks.length; e++) if (ranks[e] >= 0) groupCount++;
    const nc = near.rowClusters();
    const flagged = this.flaggedOpenings(templates, templatesReport, vocab, templateShare, lineAt);
    const exactLocal = new Int32Array(groupCount).fill(-1);
    const nearLocal = new Int32Array(nc.clusterCount).fill(-1);

    // the near index holds a subsequence of the parsed rows in the same order: walk it with a cursor
    let j = 0;
    let line = 0;
    let rank = -1;
    let cluster = -1;
    let opening = -1;
    const classify = (r: number): number => {
      line = lineAt(r);
      const e = this.cols.entryAt(r);
      rank = e === NO_ENTRY ? -1 : ranks[e];
      while (j < nc.rowCount && nc.rowLine(j) < line) j++;
      cluster = j < nc.rowCount && nc.rowLine(j) === line ? nc.rowCluster(j) : -1;
      opening = flagged.length ? findOpening(flagged, this.cols.loAt(r), this.cols.hiAt(r)) : -1;
      return (rank >= 0 ? 1 : 0) + (cluster >= 0 ? 1 : 0) + (opening >= 0 ? 1 : 0);
    };

    // pass 1: sizes (marks per kind, distinct groups) and the cut under the cap
    const n = { exact: 0, near: 0, template: 0, groups: 0, clusters: 0 };
    let cutRows = 0;
    for (; cutRows < rows; cutRows++) {
      const add = classify(cutRows);
      if (n.exact + n.near + n.template + add > limit) break;
      if (rank >= 0) {
        n.exact++;
        if (exactLocal[rank] < 0) exactLocal[rank] = n.groups++;
      }
      if (cluster >= 0) {
        n.near++;
        if (nearLocal[cluster] < 0) nearLocal[cluster] = n.clusters++;
      }
      if (opening >= 0) n.template++;
    }

    const out: LineMarks = {
      exact: {
        lines: new Uint32Array(n.exact),
        group: new Int32Array(n.exact),
        first: new Uint8Array(n.exact),
        groups: {
          rank: new Int32Array(n.groups),
          size: new Uint32Array(n.groups),
          firstLine: new Uint32Array(n.groups),
        },
      },
      near: {
        lines: new Uint32Array(n.near),
        cluster: new Int32Array(n.near),
        clusters: {
          rank: new Int32Array(n.clusters),
          size: new Uint32Array(n.clusters),
          firstLine: new Uint32Array(n.clusters),
          similarity: new Float64Array(n.clusters),
        },
      },
      template: {
        lines: new Uint32Array(n.template),
        opening: new Int32Array(n.template),
        openings: flagged.map((f) => f.opening),
      },
      templateShare,
      marked: n.exact + n.near + n.template,
      limit,
      truncated: cutRows < rows,
      coveredThroughLine: cutRows > 0 ? lineAt(cutRows - 1) : 0,
    };

    // pass 2: fill (local group ids were assigned in order of first appearance in pass 1)
    j = 0;
    let ke = 0;
    let kn = 0;
    let kt = 0;
    const { exact: ex, near: nr, template: tp } = out;
    for (let r = 0; r < cutRows; r++) {
      classify(r);
      if (rank >= 0) {
        const e = this.cols.entryAt(r);
        const g = exactLocal[rank];
        ex.groups.rank[g] = rank;
        ex.groups.size[g] = exact.sizeOf(e);
        ex.groups.firstLine[g] = exact.firstLineOf(e);
        ex.lines[ke] = line;
        ex.group[ke] = g;
        ex.first[ke++] = exact.firstLineOf(e) === line ? 1 : 0;
      }
      if (cluster >= 0) {
        const c = nearLocal[cluster];
        if (nr.clusters.size[c] === 0) {
          const meta = nc.clusterMeta(cluster);
          nr.clusters.rank[c] = cluster;
          nr.clusters.size[c] = meta.size;
          nr.clusters.firstLine[c] = meta.firstLine;
          nr.clusters.similarity[c] = meta.similarity;
        }
        nr.lines[kn] = line;
        nr.cluster[kn++] = c;
      }
      if (opening >= 0) {
        tp.lines[kt] = line;
        tp.opening[kt++] = opening;
      }
    }
    this.dispose();
    return out;
  }

  /** Frees the per-row columns (12 bytes a row); finish() does it once the marks are built. */
  dispose(): void {
    this.cols.free();
    if (this.lines) this.lines.length = 0;
  }

  /** Flagged 3-token openings (≥ 2 rows and share > threshold), with exact row counts from the per-row hashes. */
  private flaggedOpenings(
    templates: TemplateAccumulator,
    report: TemplatesReport,
    vocab: { tokenOf(id: number): string },
    share: number,
    lineAt: (r: number) => number,
  ): FlaggedOpening[] {
    const denom = templates.rowsWithTokensSoFar;
    if (denom === 0) return [];
    const candidates = templates
      .openingCandidates(TEMPLATE_OPENING_TOKENS, Math.max(share * denom, MIN_TEMPLATE_ROWS - 1))
      .map((h) => ({
        // the sketch's own key: the same hash addRow computed from the row's keys (content keys in the analysis)
        lo: (h.keyLo ?? hashIds(h.ids, 0, h.ids.length)) >>> 0,
        hi: (h.keyHi ?? hashIdsHigh(h.ids, 0, h.ids.length)) >>> 0,
        text: Array.from(h.ids, (id) => vocab.tokenOf(id)).join(' '),
        rows: 0,
        firstLine: 0,
      }));
    if (candidates.length === 0) return [];
    for (let r = 0; r < this.cols.size; r++) {
      const lo = this.cols.loAt(r);
      const hi = this.cols.hiAt(r);
      for (const c of candidates)
        if (c.lo === lo && c.hi === hi) {
          if (c.rows++ === 0) c.firstLine = lineAt(r);
          break;
        }
    }
    return candidates
      .filter((c) => c.rows >= MIN_TEMPLATE_ROWS && c.rows / denom > share)
      .sort((a, b) => b.rows - a.rows || a.firstLine - b.firstLine)
      .map((c) => ({
        lo: c.lo,
        hi: c.hi,
        opening: {
          text: c.text,
          rows: c.rows,
          share: c.rows / denom,
          firstLine: c.firstLine,
          reportIndex: report.openings.findIndex((o) => o.text === c.text || o.text.startsWith(`${c.text} `)),
        },
      }));
  }
}

interface FlaggedOpening {
  lo: number;
  hi: number;
  opening: MarkedOpening;
}

/** Index of the flagged opening with hash (lo, hi), or −1 (at most 6 openings can exceed a 15 % share). */
function findOpening(flagged: FlaggedOpening[], lo: number, hi: number): number {
  for (let k = 0; k < flagged.length; k++) if (flagged[k].lo === lo && flagged[k].hi === hi) return k;
  return -1;
}
