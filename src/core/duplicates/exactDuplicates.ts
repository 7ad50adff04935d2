/**
 * Exact duplicate rows: how many rows repeat a text already seen (after light normalisation).
 */
import { Hash64Table } from '../sketches/hash64Table.ts';
import { normalizedKey64 } from './exactNormalHash.ts';
import { withRoom } from '../typedArrays.ts';
import type { Accumulator } from '../pipeline/accumulator.ts';

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
 * An ExactDuplicateAccumulator's state as plain data (numbers, booleans and typed arrays trimmed to their used
 * length), from `snapshot()`, for `merge()`: it can be posted between threads (transfer the arrays' buffers)
 * and written to disk. Entries are numbered in order of first appearance within the chunk.
 */
export interface ExactDuplicatesPartial {
  /** Rows given to addRow (empty ones included). */
  totalRows: number;
  /** Rows whose normalised text is empty. */
  emptyRows: number;
  /** Distinct non-empty normalised texts. */
  entries: number;
  /** 64-bit hash of each entry's normalised text: [lo₀, hi₀, lo₁, hi₁, …] (2·entries). */
  keys: Uint32Array;
  /** Line of each entry's first row (entries). */
  firstLine: Uint32Array;
  /** Rows of each entry (entries). */
  count: Uint32Array;
  /** Entries that have a line list, ascending. */
  listEntry: Uint32Array;
  /** Length of each of those lists (same order as listEntry). */
  listLength: Uint32Array;
  /** The lists' lines, concatenated in listEntry order; each list starts with its entry's first line. */
  listLines: Uint32Array;
  /**
   * True when a `maxStoredLines` cap (this accumulator's, or one met while merging into it) stopped a line list
   * from being started or extended: the partial then lacks lines that a merge may need, and lists merged from it
   * can differ from one pass.
   */
  linesCapped: boolean;
}

/**
 * Streams rows and counts exact duplicates in bounded memory: per distinct normalised text it keeps a
 * 64-bit hash (in a typed-array table), the first line and a count (≈ 32 bytes); line lists exist only for
 * texts seen twice or more and are capped per text and in total. Texts are never stored.
 * Two different texts sharing a 64-bit hash would be merged (probability ≈ n²/2^65 for n distinct texts).
 *
 * Partials and merging (why: chunked and parallel analysis — each chunk of the file is accumulated on its own,
 * possibly in a worker thread, and the main thread merges the chunks in file order): `snapshot()` returns the
 * state as plain data (ExactDuplicatesPartial); `merge(p)` folds in the partial of a LATER chunk (every line of
 * `p` after every line already added). Merging the chunks' partials in order into a fresh accumulator gives the
 * same finish(), groupRanks(), sizeOf and firstLineOf as one accumulator fed all rows in order: entries are
 * numbered in order of first appearance, counts, first lines, totals and empty rows add up, and line lists are
 * rebuilt by replaying the partial's lines in line order under this accumulator's caps (maxLinesPerCluster,
 * maxStoredLines), exactly as one pass applies them. That needs the partial to hold every line one pass could
 * store: the first max(2, maxLinesPerCluster) lines of each of its texts, which holds when the chunk accumulator
 * had a maxLinesPerCluster at least that large (the same one, unless it is 1) and its own maxStoredLines never
 * bound (`linesCapped` false) — give chunk accumulators `maxStoredLines: Infinity` (their lists are bounded by
 * the chunk's rows anyway) and the merged one the real cap. Lines missing from a partial are skipped
 * (deterministic, but then the lists may differ from one pass; counts, first lines and groups never do).
 */
export class ExactDuplicateAccumulator implements Accumulator<
  [line: number, text: string, from?: ExactDuplicateAccumulator],
  ExactDuplicatesReport
> {
  private readonly table = new Hash64Table(1 << 12);
  private firstLine = new Uint32Array(1 << 12);
  private count = new Uint32Array(1 << 12);
  private entries = 0;
  private readonly lineLists = new Map<number, number[]>();
  private storedLines = 0;
  private linesCapped = false;
  private totalRows = 0;
  private empty = 0;
  private readonly key = new Uint32Array(2);
  /** Whether the last row's normalised text was empty (with `key`, what `addRow(…, from)` reuses). */
  private lastEmpty = false;
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
   * Entries are numbered in order of first appearance in THIS accumulator: the entries of a merged partial are
   * renumbered (merge returns the mapping).
   *
   * `from`: an accumulator that was just given this same row (the file's, when this one holds a slice). Its key of
   * the row is reused instead of normalising and hashing the text again — the same key, so the same result.
   */
  addRow(line: number, text: string, from?: ExactDuplicateAccumulator): number {
    this.totalRows++;
    const empty = from ? from.lastEmpty : normalizedKey64(text, this.key) === 0;
    this.lastEmpty = empty;
    if (empty) {
      this.empty++;
      return -1;
    }
    if (from) this.key.set(from.key);
    const e = this.table.find(this.key[0], this.key[1]);
    if (e < 0) {
      return this.addEntry(line);
    }
    this.storeLine(e, ++this.count[e], line);
    return e;
  }

  /**
   * The line-list step for the k-th row (k ≥ 2) of entry `e`, at `line` (−1 = unknown: only possible when
   * replaying an incomplete partial): starts the list at k = 2 if the total cap allows, then appends the line
   * while the list and the total are under their caps.
   */
  private storeLine(e: number, k: number, line: number): void {
    let list = this.lineLists.get(e);
    if (list === undefined) {
      if (k !== 2) return;
      if (this.storedLines + 2 > this.maxStoredLines) {
        this.linesCapped = true;
        return;
      }
      list = [this.firstLine[e]];
      this.lineLists.set(e, list);
      this.storedLines++;
    }
    if (list.length >= this.maxLines) return;
    if (this.storedLines >= this.maxStoredLines) {
      this.linesCapped = true;
      return;
    }
    if (line < 0) return;
    list.push(line);
    this.storedLines++;
  }

  private addEntry(line: number): number {
    const e = this.entries++;
    this.firstLine = withRoom(this.firstLine, e + 1);
    this.count = withRoom(this.count, e + 1);
    this.firstLine[e] = line;
    this.count[e] = 1;
    this.table.insert(this.key[0], this.key[1], e);
    return e;
  }

  /** The state as plain data, for merging into another accumulator (see the class comment). */
  snapshot(): ExactDuplicatesPartial {
    const n = this.entries;
    const listEntry = Uint32Array.from(this.lineLists.keys()).sort();
    const listLength = new Uint32Array(listEntry.length);
    let total = 0;
    for (let i = 0; i < listEntry.length; i++) {
      listLength[i] = (this.lineLists.get(listEntry[i]) as number[]).length;
      total += listLength[i];
    }
    const listLines = new Uint32Array(total);
    let off = 0;
    for (let i = 0; i < listEntry.length; i++) {
      listLines.set(this.lineLists.get(listEntry[i]) as number[], off);
      off += listLength[i];
    }
    return {
      totalRows: this.totalRows,
      emptyRows: this.empty,
      entries: n,
      keys: this.table.keysByValue(n),
      firstLine: this.firstLine.slice(0, n),
      count: this.count.slice(0, n),
      listEntry,
      listLength,
      listLines,
      linesCapped: this.linesCapped,
    };
  }

  /**
   * Folds in the partial of a LATER chunk (all its lines after every line added so far), as if its rows had been
   * given to addRow in order (see the class comment for when line lists are exactly equal). Returns, for each of
   * the partial's entries, its entry number in this accumulator (new texts are numbered after the existing ones,
   * in the partial's order of first appearance).
   */
  merge(p: ExactDuplicatesPartial): Int32Array {
    const n = p.entries;
    const map = new Int32Array(n);
    const base = new Uint32Array(n); // rows of the text before this partial
    for (let e = 0; e < n; e++) {
      const lo = p.keys[2 * e];
      const hi = p.keys[2 * e + 1];
      let m = this.table.find(lo, hi);
      if (m < 0) {
        this.key[0] = lo;
        this.key[1] = hi;
        m = this.addEntry(p.firstLine[e]);
        this.count[m] = 0;
      }
      map[e] = m;
      base[e] = this.count[m];
    }

    // Replay the rows that can touch a line list: the j-th row of entry e in the partial is the (base + j)-th row
    // of its text; only rows 2 … max(2, maxLines) of a text can start or extend a list. Line j of e is the
    // partial's list[j − 1] (list[0] is the first line), or its first line for j = 1.
    const listOff = new Int32Array(n).fill(-1);
    const listLen = new Uint32Array(n);
    for (let i = 0, off = 0; i < p.listEntry.length; i++) {
      listOff[p.listEntry[i]] = off;
      listLen[p.listEntry[i]] = p.listLength[i];
      off += p.listLength[i];
    }
    const lineOf = (e: number, j: number): number =>
      j === 1 ? p.firstLine[e] : j <= listLen[e] ? p.listLines[listOff[e] + j - 1] : -1;
    const lim = Math.max(2, this.maxLines);
    let events = 0;
    for (let e = 0; e < n; e++) {
      const from = Math.max(1, 2 - base[e]);
      const to = Math.min(p.count[e], lim - base[e]);
      if (to >= from) events += to - from + 1;
    }
    if (this.storedLines + 2 * events <= this.maxStoredLines) {
      // Each such row stores at most 2 lines, so the total cap cannot bind: the order across texts is irrelevant.
      for (let e = 0; e < n; e++) {
        const to = Math.min(p.count[e], lim - base[e]);
        for (let j = Math.max(1, 2 - base[e]); j <= to; j++)
          this.storeLine(map[e], base[e] + j, lineOf(e, j));
      }
    } else {
      // The cap may bind during this partial: replay in line order, as one pass would meet the rows.
      const evLine = new Uint32Array(events);
      const evEntry = new Uint32Array(events);
      const evK = new Uint32Array(events);
      let k = 0;
      for (let e = 0; e < n; e++) {
        const to = Math.min(p.count[e], lim - base[e]);
        for (let j = Math.max(1, 2 - base[e]); j <= to; j++) {
          const line = lineOf(e, j);
          if (line < 0) break; // the partial lacks this line (and the following ones): skipped
          evLine[k] = line;
          evEntry[k] = e;
          evK[k] = base[e] + j;
          k++;
        }
      }
      const order = new Uint32Array(k);
      for (let i = 0; i < k; i++) order[i] = i;
      order.sort((a, b) => evLine[a] - evLine[b]);
      for (let i = 0; i < k; i++) {
        const ev = order[i];
        this.storeLine(map[evEntry[ev]], evK[ev], evLine[ev]);
      }
    }

    for (let e = 0; e < n; e++) this.count[map[e]] = base[e] + p.count[e];
    this.totalRows += p.totalRows;
    this.empty += p.emptyRows;
    if (p.linesCapped) this.linesCapped = true;
    return map;
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

  /** Holds memory only (no file), which the GC reclaims with the accumulator: nothing to release early. */
  dispose(): void {}

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
