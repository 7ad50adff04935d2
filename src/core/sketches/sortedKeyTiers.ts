/**
 * The union of many sorted batches of 64-bit keys, kept as a few sorted runs ("tiers", each a SortedKeySet) that merge
 * like a binary counter: a batch becomes a new run, and while the newest run holds as many batches as the one below
 * it, the two are merged. Every key is rewritten about log2(batches) times.
 *
 * Why: a chunked run's main thread unions every chunk's distinct-n keys (lexicalDistinct.ts). With ONE run, each chunk's
 * merge rewrote the whole run — on file past 8 MiB — so the work grew with the square of the file: at 1 GiB (32
 * chunks) the main thread spent ~11 s writing and re-reading key files, and at 2 GB it wrote 10.8 GB of them (4.8 GB
 * with these runs), competing with the chunk workers for the cores (docs/performance.md, Session 14).
 *
 * The price is that the runs may hold a key more than once until they merge: `storedKeys` is an upper bound of the
 * union's size, exact when there is one run (`compact()` makes it so, one merge per run). The distinct-n budget
 * decides on that bound while it is clearly under the budget, and on exact sizes (after compact) otherwise, so
 * every switch to HyperLogLog happens where it did with one run (lexicalDistinct.ts, merge).
 *
 * Memory: the runs share one allowance of `memoryKeys` keys (default 2^20, 8 MiB, as one SortedKeySet); a merge
 * whose result would not fit in what the other runs leave goes to a temporary file (SortedKeySet, "On disk").
 */
import {
  DEFAULT_SORTED_MEMORY_KEYS,
  SORTED_BLOCK_BYTES,
  SortedKeySet,
  type SortedKeySetOptions,
} from './sortedKeySet.ts';

/** Keys of one SortedKeySet block. */
const BLOCK_KEYS = SORTED_BLOCK_BYTES / 8;

export class SortedKeyTiers {
  /** Oldest (largest) first. */
  private runs: SortedKeySet[] = [];
  /** Batches merged into each run (a power of two, except after compact or mergeExact). */
  private batches: number[] = [];
  private readonly memoryKeys: number;
  private written = 0;

  constructor(private readonly options: SortedKeySetOptions = {}) {
    this.memoryKeys = options.memoryKeys ?? DEFAULT_SORTED_MEMORY_KEYS;
  }

  /** Keys held over all runs: ≥ the union's size, equal to it while there is at most one run. */
  get storedKeys(): number {
    let k = 0;
    for (const r of this.runs) k += r.size;
    return k;
  }

  /** Keys written into runs so far (each new run and each merge's result): the work the tiers exist to bound. */
  get keysWritten(): number {
    return this.written;
  }

  /** Runs held now (1 or 0 after compact). */
  get runCount(): number {
    return this.runs.length;
  }

  /** SortedKeySet.bytesFor(storedKeys): what the distinct-n budget counts (an upper bound until compact). */
  get bytes(): number {
    return SortedKeySet.bytesFor(this.storedKeys);
  }

  /** Bytes of memory the runs hold now (runs on file hold none). */
  get memoryBytes(): number {
    let b = 0;
    for (const r of this.runs) b += r.memoryBytes;
    return b;
  }

  /** True when some run is in its temporary file. */
  get onDisk(): boolean {
    return this.runs.some((r) => r.onDisk);
  }

  /**
   * Adds `count` strictly ascending keys (SortedKeySet order: sortedPairs) as one batch. Why not straight into one
   * run: see the module comment; the union is the same.
   */
  add(pairs: Uint32Array, start: number, count: number): void {
    if (count === 0) return;
    const run = new SortedKeySet(this.options);
    run.memoryKeys = this.memoryRoom(null);
    this.written += run.mergeAll(pairs, start, count);
    this.runs.push(run);
    this.batches.push(1);
    let k = this.runs.length;
    while (k >= 2 && this.batches[k - 1] >= this.batches[k - 2]) {
      this.mergeTop();
      k--;
    }
  }

  /** The union as ONE run (merging the newest runs first, so the largest is rewritten once); exact sizes from then. */
  compact(): SortedKeySet {
    while (this.runs.length > 1) this.mergeTop();
    if (this.runs.length === 0) {
      this.runs.push(new SortedKeySet(this.options));
      this.batches.push(0);
    }
    return this.runs[0];
  }

  /** The union's exact size (compacts). */
  distinctSize(): number {
    return this.compact().size;
  }

  /** Size of the union of this set and the keys (as in add); compacts first (SortedKeySet.unionSize). */
  unionSize(pairs: Uint32Array, start: number, count: number): number {
    return this.compact().unionSize(pairs, start, count);
  }

  /** Adds keys whose unionSize is `union` into the one run (SortedKeySet.merge: no second copy of the run). */
  mergeExact(pairs: Uint32Array, start: number, count: number, union: number): void {
    const run = this.compact();
    run.memoryKeys = this.memoryRoom(run);
    run.merge(pairs, start, count, union);
    this.written += union;
    this.batches[0]++;
  }

  /** Calls `fn(hi, lo)` for every key at least once (a key in two runs comes twice): enough for a sketch. */
  forEach(fn: (hi: number, lo: number) => void): void {
    for (const r of this.runs) r.forEach(fn);
  }

  /** Every key once, ascending, as packed (hi, lo) pairs (compacts). */
  toPairs(): Uint32Array {
    return this.compact().toPairs();
  }

  /** Frees every run and deletes their files. */
  clear(): void {
    for (const r of this.runs) r.clear();
    this.runs = [];
    this.batches = [];
  }

  /** Merges the newest run into the one below it. */
  private mergeTop(): void {
    const top = this.runs.pop()!;
    const b = this.batches.pop()!;
    const below = this.runs[this.runs.length - 1];
    below.memoryKeys = this.memoryRoom(below);
    this.written += below.mergeSet(top);
    top.clear();
    this.batches[this.batches.length - 1] += b;
  }

  /**
   * The keys `run` may hold in memory: the allowance less the other runs' blocks, rounded down to whole blocks when it
   * is at least one (an allowance below one block, as in tests, is taken as it is). Why: the runs together stay within
   * one SortedKeySet's allowance.
   */
  private memoryRoom(run: SortedKeySet | null): number {
    let others = 0;
    for (const r of this.runs) if (r !== run) others += r.memoryBytes / 8;
    const room = this.memoryKeys - others;
    if (room <= 0) return 0;
    if (room === Infinity || room < BLOCK_KEYS) return room;
    return Math.floor(room / BLOCK_KEYS) * BLOCK_KEYS;
  }
}
