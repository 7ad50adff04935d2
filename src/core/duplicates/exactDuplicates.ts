/**
 * Exact duplicate rows: how many rows repeat a text already seen (after light normalisation).
 */
import { Hash64Table } from './exactDuplicatesTable.ts';
import { normalizedKey64 } from './exactNormalHash.ts';

/** One group of duplicate rows (exact or near). */
export interface DuplicateCluster {
  /** Number of rows in the group (≥ 2). */
  size: number;
  /** Line numbers of the first (up to) 100 rows of the group, ascending. */
  lines: number[];
  /** Line of the group's first row. */
  representativeLine: number;
  /** Mean Jaccard similarity over the group's verified pairs; 1 for exact duplicates. */
  meanSimilarity: number;
}

/** Exact-duplicate figures of a corpus (or of one slice). */
export interface ExactDuplicatesReport {
  /** Duplicate rows = non-empty rows − distinct normalised texts (3 copies of one text count 2). */
  rows: number;
  /** rows / all rows seen (empty rows included in the denominator). */
  rate: number;
  /** Distinct non-empty normalised texts. */
  uniqueTexts: number;
  /** Rows whose normalised text is empty: excluded from duplicate counting. */
  emptyRows: number;
  /** Largest groups (top `maxClusters`, by size then first line). */
  clusters: DuplicateCluster[];
  /** Number of groups of 2+ identical texts (all of them, not just the listed ones). */
  clusterCount: number;
}

/**
 * Normalisation that decides whether two texts are "the same": lowercase, every run of white space (\s+)
 * becomes one space, trimmed. Punctuation and accents are kept.
 */
export { normalizeForExact } from './exactNormalHash.ts';

export interface ExactDuplicateOptions {
  /** Clusters listed in the report (default 1,000). */
  maxClusters?: number;
  /** Line numbers listed per cluster (default 100). */
  maxLinesPerCluster?: number;
  /** Total line numbers kept across all clusters before new lists stop being started (default 5,000,000). */
  maxStoredLines?: number;
}

/**
 * Streams rows and counts exact duplicates in bounded memory: per distinct normalised text it keeps a
 * 64-bit hash (in a typed-array table), the first line and a count (≈ 32 bytes); line lists exist only for
 * texts seen twice or more and are capped per text and in total. Texts are never stored.
 * Two different texts sharing a 64-bit hash would be merged (probability ≈ n²/2^65 for n distinct texts).
 */
export class ExactDuplicateAccumulator {
  private readonly table = new Hash64Table(1 << 12);
  private firstLine = new Uint32Array(1 << 12);
  private count = new Uint32Array(1 << 12);
  private entries = 0;
  private readonly lineLists = new Map<number, number[]>();
  private storedLines = 0;
  private totalRows = 0;
  private empty = 0;
  private readonly key = new Uint32Array(2);
  private readonly maxClusters: number;
  private readonly maxLines: number;
  private readonly maxStoredLines: number;

  constructor(options: ExactDuplicateOptions = {}) {
    this.maxClusters = options.maxClusters ?? 1000;
    this.maxLines = options.maxLinesPerCluster ?? 100;
    this.maxStoredLines = options.maxStoredLines ?? 5_000_000;
  }

  /**
   * Adds one row (call in file order). Returns the row's entry (the index of its distinct normalised text,
   * see groupRanks / sizeOf / firstLineOf), or −1 for an empty text; callers that do not need it ignore it.
   */
  addRow(line: number, text: string): number {
    this.totalRows++;
    if (normalizedKey64(text, this.key) === 0) {
      this.empty++;
      return -1;
    }
    const e = this.table.find(this.key[0], this.key[1]);
    if (e < 0) {
      return this.addEntry(line);
    }
    const c = ++this.count[e];
    let list = this.lineLists.get(e);
    if (list === undefined) {
      if (c !== 2 || this.storedLines + 2 > this.maxStoredLines) return e;
      list = [this.firstLine[e]];
      this.lineLists.set(e, list);
      this.storedLines++;
    }
    if (list.length < this.maxLines && this.storedLines < this.maxStoredLines) {
      list.push(line);
      this.storedLines++;
    }
    return e;
  }

  private addEntry(line: number): number {
    const e = this.entries++;
    if (e >= this.count.length) {
      const fl = new Uint32Array(this.count.length * 2);
      fl.set(this.firstLine);
      this.firstLine = fl;
      const ct = new Uint32Array(this.count.length * 2);
      ct.set(this.count);
      this.count = ct;
    }
    this.firstLine[e] = line;
    this.count[e] = 1;
    this.table.insert(this.key[0], this.key[1], e);
    return e;
  }

  /** Rows with the entry's normalised text (entry = a value returned by addRow). */
  sizeOf(entry: number): number {
    return this.count[entry];
  }

  /** Line of the entry's first row. */
  firstLineOf(entry: number): number {
    return this.firstLine[entry];
  }

  /**
   * Per entry, the rank of its group among all groups of 2+ identical texts in report order (size
   * descending, then first line), or −1 for a text seen once: rank i < maxClusters is `finish().clusters[i]`.
   * Why: the editor marks every row of every group, beyond the report's capped lists, and links each mark to
   * the report's cluster. Memory: 4 bytes per distinct text (returned array) + 8 per group while sorting.
   */
  groupRanks(): Int32Array {
    const ranks = new Int32Array(this.entries).fill(-1);
    const sorted: number[] = [];
    for (let e = 0; e < this.entries; e++) if (this.count[e] >= 2) sorted.push(e);
    sorted.sort((a, b) => this.count[b] - this.count[a] || this.firstLine[a] - this.firstLine[b]);
    for (let i = 0; i < sorted.length; i++) ranks[sorted[i]] = i;
    return ranks;
  }

  /** The report; the accumulator may keep receiving rows afterwards. */
  finish(): ExactDuplicatesReport {
    const dupEntries: number[] = [];
    let dupRows = 0;
    for (let e = 0; e < this.entries; e++) {
      if (this.count[e] >= 2) {
        dupEntries.push(e);
        dupRows += this.count[e] - 1;
      }
    }
    dupEntries.sort((a, b) => this.count[b] - this.count[a] || this.firstLine[a] - this.firstLine[b]);
    const clusters: DuplicateCluster[] = dupEntries.slice(0, this.maxClusters).map((e) => ({
      size: this.count[e],
      lines: (this.lineLists.get(e) ?? [this.firstLine[e]]).slice(),
      representativeLine: this.firstLine[e],
      meanSimilarity: 1,
    }));
    return {
      rows: dupRows,
      rate: this.totalRows === 0 ? 0 : dupRows / this.totalRows,
      uniqueTexts: this.entries,
      emptyRows: this.empty,
      clusters,
      clusterCount: dupEntries.length,
    };
  }
}
