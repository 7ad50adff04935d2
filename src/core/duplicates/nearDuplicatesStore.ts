/**
 * Row and shingle-set storage of the near-duplicate index, in typed arrays.
 *
 * Rows whose shingle SETS are identical (Jaccard 1) share one "representative" (rep): its sorted shingle
 * hashes and LSH band hashes are stored once, with a multiplicity. This makes exact and template-identical
 * copies cost 8 bytes per extra row, keeps huge identical LSH buckets out of the candidate stage, and lets
 * pairs be counted exactly (m copies contribute m·(m−1)/2 pairs at similarity 1).
 *
 * The reps' shingle hashes live in an arena of fixed-size chunks. With a `memoryBytes` budget (the accumulator
 * gives 16 MiB), FULL chunks past it are appended to one temporary file (nearSpillFile.ts) and dropped from
 * memory, oldest first; a spilled rep's shingles are read back with a positioned read (a small cache keeps the
 * last ones read), and the verification of candidate pairs reads a run of pairs' sets ahead in file order
 * (readAheadPairs). The reps' LSH band hashes (4·bands bytes per rep) are kept in fixed-size segments
 * (nearBandKeys.ts); past their own budget (`bandMemoryBytes`) the oldest segments go to the same file. Everything
 * else (rows, rep metadata, set table: ≈ 60 bytes per distinct row + 8 per row) stays in memory. Results do not
 * depend on the budgets. `release()` deletes the file.
 */
import { Hash64Table } from '../sketches/hash64Table.ts';
import { hashIds, hashIdsHigh } from '../sketches/minhash.ts';
import * as os from 'node:os';
import { NearSpillFile } from './nearSpillFile.ts';
import { DEFAULT_BAND_SEGMENT_REPS, NearBandKeys } from './nearBandKeys.ts';
import { withRoom } from '../typedArrays.ts';

/** Largest arena chunk: 4M hashes = 16 MiB. */
const MAX_CHUNK = 1 << 22;
/** Smallest arena chunk (tiny budgets, tests). */
const MIN_CHUNK = 256;
/** Bytes of spilled reps' shingles cached after a read (at least the last 2 reps are always kept). */
const READ_CACHE_BYTES = 1 << 20;
/** Default bytes of spilled shingle sets one read-ahead holds (readAheadPairs). */
export const DEFAULT_READ_AHEAD_BYTES = 16 << 20;
/**
 * Two spilled sets at most this many bytes apart are read with one read (the bytes between them are read and
 * dropped). Why this size: on this machine a positioned read of 600 bytes from the page cache costs ~5 µs, about the
 * time to copy 32 KiB more (session 22).
 */
const READ_AHEAD_GAP = 32 << 10;
/** Largest span one read of the read-ahead covers. */
const READ_AHEAD_SPAN = 1 << 20;

/** Memory and spilling of a NearDuplicateStore's shingle arena. */
export interface NearStoreSpillOptions {
  /** Bytes of arena chunks kept in memory; full chunks past it go to a temporary file (default Infinity: never). */
  memoryBytes?: number;
  /** Directory of the temporary file (default os.tmpdir()). */
  tmpDir?: string;
  /** Hashes per arena chunk (default memoryBytes / 16, i.e. 4 chunks fit the budget, within [256, 4 Mi]). */
  chunkHashes?: number;
  /**
   * Write spilled chunks in the background [false]: a chunk stays readable in memory until its write ends. Why: the
   * main thread of a chunked run spills while it merges, and a synchronous 16 MiB write stalls it on a busy disk.
   */
  writeBehind?: boolean;
  /** Bytes of full band-key segments kept in memory; older ones go to the temporary file (default Infinity: never). */
  bandMemoryBytes?: number;
  /** Reps per band-key segment (default 8,192; small values for tests). */
  bandSegmentReps?: number;
  /** Bytes of spilled shingle sets one read-ahead holds (default 16 MiB; small values for tests). */
  readAheadBytes?: number;
}

/** Sorted-array equality. */
function sameSet(a: Uint32Array, b: Uint32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/**
 * A store's rows and reps as plain typed arrays (trimmed), for NearDuplicateStore.merge. Reps are numbered in
 * order of their first row.
 */
export interface NearStorePartial {
  /** Line of each stored row, ascending. */
  rowLine: Uint32Array;
  /** Rep of each stored row. */
  rowRep: Uint32Array;
  /** Number of shingle hashes of each rep. */
  repLength: Uint32Array;
  /** The reps' sorted shingle hashes, concatenated in rep order (Σ repLength values). */
  shingles: Uint32Array;
  /** LSH band hashes, `bands` per rep, rep-major. */
  repBands: Uint32Array;
  /** 64-bit identity hash of each rep's set (hashIds / hashIdsHigh of its shingles): [lo₀, hi₀, lo₁, hi₁, …]. */
  repKeys: Uint32Array;
}

/**
 * Append-only store of rows (line, rep) and reps (shingle set, band hashes, multiplicity, first line).
 * Memory: 8 bytes per row; per distinct shingle set 4·|set| + 4·bands + 20 bytes plus ≈ 24 bytes of table, the
 * 4·|set| part capped at `memoryBytes` (past it on disk).
 */
export class NearDuplicateStore {
  /** Arena chunks; null once written to the spill file. */
  private chunks: (Uint32Array | null)[] = [];
  /** Hashes used in each closed chunk (the last, open chunk uses chunkFill). */
  private chunkUsed: number[] = [];
  /** Byte position of each spilled chunk in the spill file; −1 while in memory; −2 when its file was deleted. */
  private chunkPos: number[] = [];
  private chunkFill = Infinity;
  /** Chunks below this index are spilled (chunks are spilled in order). */
  private spilledChunks = 0;
  /** Bytes of arena chunks in memory. */
  private memBytes = 0;
  private readonly memoryBytes: number;
  private readonly chunkHashes: number;
  private readonly tmpDir: string | undefined;
  private readonly writeBehind: boolean;
  /** Background chunk writes not finished yet. */
  private writing = 0;
  private file: NearSpillFile | null = null;
  /** Whether release() deleted a spill file (spilled sets or band keys can no longer be read). */
  private fileDeleted = false;
  private readonly cache = new Map<number, Uint32Array>();
  private cacheBytes = 0;
  /** Spilled reps read ahead (readAheadPairs): rep → word offset of its set in `aheadWords`. */
  private readonly ahead = new Map<number, number>();
  private aheadWords = new Uint32Array(0);
  /** One read's span of the read-ahead, allocated on its first use. */
  private aheadSpan: Uint32Array | null = null;
  private readonly readAheadBytes: number;
  /** Positioned reads of the spill file made for shingle sets (readRep and the read-ahead), for tests and diagnostics. */
  setReads = 0;
  private shingleBytes = 0;
  private spilledBytes = 0;
  private readonly table = new Hash64Table(1 << 12);

  rowCount = 0;
  rowLine: Uint32Array = new Uint32Array(1 << 12);
  rowRep: Uint32Array = new Uint32Array(1 << 12);

  repCount = 0;
  private repChunk: Uint32Array = new Uint32Array(1 << 12);
  private repOffset: Uint32Array = new Uint32Array(1 << 12);
  private repLength: Uint32Array = new Uint32Array(1 << 12);
  repMult: Uint32Array = new Uint32Array(1 << 12);
  repFirstLine: Uint32Array = new Uint32Array(1 << 12);
  /** The reps' band hashes (in memory, or the oldest segments in the spill file). */
  private readonly repBands: NearBandKeys;

  constructor(
    readonly bands: number,
    private readonly maxShingleBytes: number,
    spill: NearStoreSpillOptions = {},
  ) {
    this.memoryBytes = spill.memoryBytes ?? Infinity;
    if (!(this.memoryBytes >= 0)) throw new RangeError('memoryBytes must be ≥ 0');
    const fit = Math.floor(this.memoryBytes / 16);
    this.chunkHashes = Math.max(
      1,
      Math.floor(spill.chunkHashes ?? Math.min(MAX_CHUNK, Math.max(MIN_CHUNK, fit))),
    );
    this.tmpDir = spill.tmpDir;
    this.writeBehind = spill.writeBehind ?? false;
    this.readAheadBytes = Math.max(0, spill.readAheadBytes ?? DEFAULT_READ_AHEAD_BYTES);
    this.repBands = new NearBandKeys(
      bands,
      spill.bandMemoryBytes ?? Infinity,
      spill.bandSegmentReps ?? DEFAULT_BAND_SEGMENT_REPS,
      () => this.spillFile(),
    );
  }

  /** True while a spilled chunk is still being written in the background (writeBehind). */
  get writesRunning(): boolean {
    return this.writing > 0;
  }

  /** The spill file, created on first use; throws once release() deleted it. */
  private spillFile(): NearSpillFile {
    if (this.file === null) {
      if (this.fileDeleted)
        throw new Error(
          'near-duplicate store: spilled shingle sets and band keys were deleted (finish() or dispose() already ran)',
        );
      this.file = new NearSpillFile(this.tmpDir ?? os.tmpdir());
    }
    return this.file;
  }

  /** Reps whose band hashes are in the spill file (reps 0 … spilledBandReps − 1); 0 when all are in memory. */
  get spilledBandReps(): number {
    return this.repBands.spilledReps;
  }

  /** Bytes of shingle hashes stored so far (in memory and on disk). */
  get storedShingleBytes(): number {
    return this.shingleBytes;
  }

  /** Bytes of shingle hashes written to the spill file so far (0: nothing spilled). */
  get spilledShingleBytes(): number {
    return this.spilledBytes;
  }

  /** Path of the open spill file, or null (nothing spilled, or deleted by release()). */
  get spillPath(): string | null {
    return this.file?.path ?? null;
  }

  /** True when some shingle sets were spilled and their file was deleted by release(): they cannot be read. */
  get released(): boolean {
    return this.fileDeleted;
  }

  /**
   * Sorted distinct shingle hashes of rep `r`: a view into the arena, or for a spilled rep a fresh array read
   * from the spill file (cached). Treat it as read-only.
   */
  shinglesOf(r: number): Uint32Array {
    const off = this.repOffset[r];
    const chunk = this.chunks[this.repChunk[r]];
    if (chunk !== null) return chunk.subarray(off, off + this.repLength[r]);
    const at = this.ahead.get(r);
    if (at !== undefined) return this.aheadWords.subarray(at, at + this.repLength[r]);
    return this.readRep(r);
  }

  /**
   * Reads ahead the spilled shingle sets of the pairs (a[i], b[i]) for i = from, from + 1, … whose skip[i] is 0, in
   * file order, until the next pair's sets would pass `readAheadBytes` (always at least the first pair's); returns
   * the end of that run of pairs. Until the next call, shinglesOf answers those reps from memory (its views of
   * them are valid until then). Why: verifying a large file's candidate pairs read each spilled set with its own
   * positioned read, in the random order the LSH buckets give — ~5 µs a read here; at 10 GB the finish took 237 s,
   * most of it in those reads. Sorted by position, sets that lie close together are read with one read.
   */
  readAheadPairs(a: Uint32Array, b: Uint32Array, skip: Uint8Array, from: number, n: number): number {
    this.ahead.clear();
    if (this.spilledChunks === 0 || this.file === null) return n;
    const pos = this.chunkPos;
    let bytes = 0;
    let i = from;
    const want: number[] = [];
    for (; i < n; i++) {
      if (skip[i] !== 0) continue;
      let add = 0;
      const x = a[i];
      const y = b[i];
      const xOut = this.chunks[this.repChunk[x]] === null && !this.ahead.has(x);
      const yOut = y !== x && this.chunks[this.repChunk[y]] === null && !this.ahead.has(y);
      if (xOut) add += 4 * this.repLength[x];
      if (yOut) add += 4 * this.repLength[y];
      if (bytes + add > this.readAheadBytes && want.length > 0) break;
      bytes += add;
      if (xOut) {
        this.ahead.set(x, -1);
        want.push(x);
      }
      if (yOut) {
        this.ahead.set(y, -1);
        want.push(y);
      }
    }
    if (want.length === 0) return i;
    const at = (r: number): number => pos[this.repChunk[r]] + 4 * this.repOffset[r];
    // reps are stored in the arena in rep order and its chunks are spilled in order, so rep order is file order: a
    // numeric sort of the reps (native) instead of a sort by position with a comparator
    let order = Uint32Array.from(want).sort();
    for (let k = 1; k < order.length; k++)
      if (at(order[k]) < at(order[k - 1])) {
        order = Uint32Array.from(want.sort((p, q) => at(p) - at(q))); // (if ever not: sort by position)
        break;
      }
    if (this.aheadWords.length < bytes / 4) this.aheadWords = new Uint32Array(bytes / 4);
    try {
      this.readOrdered(order, at);
    } catch (err) {
      this.ahead.clear(); // no rep may point into a read-ahead that did not finish
      throw err;
    }
    return i;
  }

  /** Reads the spilled sets of `order` (reps in file order) into aheadWords, one read per run of nearby sets. */
  private readOrdered(order: Uint32Array, at: (r: number) => number): void {
    const span = (this.aheadSpan ??= new Uint32Array(READ_AHEAD_SPAN / 4));
    const file = this.file!;
    let w = 0;
    for (let k = 0; k < order.length;) {
      // one read: the sets from order[k] on that lie within READ_AHEAD_GAP of the previous one and inside the span
      const start = at(order[k]);
      let end = start + 4 * this.repLength[order[k]];
      let m = k + 1;
      while (m < order.length) {
        const p = at(order[m]);
        const e = p + 4 * this.repLength[order[m]];
        if (p - end > READ_AHEAD_GAP || e - start > READ_AHEAD_SPAN) break;
        if (e > end) end = e;
        m++;
      }
      if (end - start > READ_AHEAD_SPAN) {
        // a set larger than the span: read into its place directly
        file.read(this.aheadWords.subarray(w, w + (end - start) / 4), start);
        this.setReads++;
        this.ahead.set(order[k], w);
        w += (end - start) / 4;
        k = m;
        continue;
      }
      if (end > start) {
        file.read(span.subarray(0, (end - start) / 4), start);
        this.setReads++;
      }
      for (; k < m; k++) {
        const r = order[k];
        const o = (at(r) - start) / 4;
        const len = this.repLength[r];
        this.aheadWords.set(span.subarray(o, o + len), w);
        this.ahead.set(r, w);
        w += len;
      }
    }
  }

  /** Frees what readAheadPairs read (shinglesOf reads spilled sets one by one again). */
  dropReadAhead(): void {
    this.ahead.clear();
    this.aheadWords = new Uint32Array(0);
  }

  private readRep(r: number): Uint32Array {
    const hit = this.cache.get(r);
    if (hit) {
      this.cache.delete(r); // most recently used last
      this.cache.set(r, hit);
      return hit;
    }
    const c = this.repChunk[r];
    const pos = this.chunkPos[c];
    if (pos < 0 || this.file === null)
      throw new Error(
        'near-duplicate store: spilled shingle sets were deleted (finish() or dispose() already ran)',
      );
    const out = new Uint32Array(this.repLength[r]);
    if (out.length > 0) {
      this.file.read(out, pos + this.repOffset[r] * 4);
      this.setReads++;
    }
    this.cache.set(r, out);
    this.cacheBytes += out.byteLength;
    for (const [k, v] of this.cache) {
      if (this.cacheBytes <= READ_CACHE_BYTES || this.cache.size <= 2) break;
      this.cache.delete(k);
      this.cacheBytes -= v.byteLength;
    }
    return out;
  }

  /**
   * Deletes the spill file (no-op when nothing was spilled). Spilled sets cannot be read afterwards (shinglesOf,
   * snapshot and merge then throw when they need one); sets still in memory can. Idempotent.
   */
  release(): void {
    this.cache.clear();
    this.cacheBytes = 0;
    this.ahead.clear();
    this.aheadWords = new Uint32Array(0);
    this.aheadSpan = null;
    if (this.file === null) return;
    this.file.delete();
    this.file = null;
    this.fileDeleted = true;
    for (let c = 0; c < this.spilledChunks; c++) {
      this.chunkPos[c] = -2;
      this.chunks[c] = null; // (one whose write was still running, too)
    }
  }

  /**
   * Rep of an identical shingle set already stored, or −1. `key` receives the set's 64-bit hash.
   */
  findRep(sh: Uint32Array, key: Uint32Array): number {
    key[0] = hashIds(sh, 0, sh.length);
    key[1] = hashIdsHigh(sh, 0, sh.length);
    return this.table.find(key[0], key[1], (r) => sameSet(this.shinglesOf(r), sh));
  }

  /** Records a row that belongs to rep `r`. */
  addRow(line: number, r: number): void {
    const i = this.rowCount++;
    if (i >= this.rowLine.length) {
      this.rowLine = withRoom(this.rowLine, i + 1);
      this.rowRep = withRoom(this.rowRep, i + 1);
    }
    this.rowLine[i] = line;
    this.rowRep[i] = r;
    this.repMult[r]++;
  }

  /** Whether a new set of `size` hashes still fits in the shingle budget. */
  fits(size: number): boolean {
    return this.shingleBytes + size * 4 <= this.maxShingleBytes;
  }

  /** Stores a new rep (its first row is added separately with addRow); returns its index. */
  addRep(sh: Uint32Array, key: Uint32Array, bandHashes: Uint32Array, firstLine: number): number {
    const r = this.repCount++;
    if (r >= this.repMult.length) {
      const need = r + 1;
      this.repChunk = withRoom(this.repChunk, need);
      this.repOffset = withRoom(this.repOffset, need);
      this.repLength = withRoom(this.repLength, need);
      this.repMult = withRoom(this.repMult, need);
      this.repFirstLine = withRoom(this.repFirstLine, need);
    }
    this.repBands.append(bandHashes);
    if (this.chunkFill + sh.length > (this.chunks.at(-1)?.length ?? 0)) this.openChunk(sh.length);
    const chunk = this.chunks.length - 1;
    this.chunks[chunk]!.set(sh, this.chunkFill);
    this.repChunk[r] = chunk;
    this.repOffset[r] = this.chunkFill;
    this.repLength[r] = sh.length;
    this.repFirstLine[r] = firstLine;
    this.chunkFill += sh.length;
    this.shingleBytes += sh.length * 4;
    this.table.insert(key[0], key[1], r);
    return r;
  }

  /**
   * Closes the last chunk (it is full for a set of `size` hashes) and opens a new one; first spills the oldest
   * closed chunks while the arena would exceed the memory budget.
   */
  private openChunk(size: number): void {
    const last = this.chunks.length - 1;
    if (last >= 0) this.chunkUsed[last] = this.chunkFill;
    const hashes = Math.max(this.chunkHashes, size);
    while (this.memBytes + hashes * 4 > this.memoryBytes && this.spilledChunks < this.chunks.length)
      this.spillChunk(this.spilledChunks++);
    this.chunks.push(new Uint32Array(hashes));
    this.chunkUsed.push(0);
    this.chunkPos.push(-1);
    this.memBytes += hashes * 4;
    this.chunkFill = 0;
  }

  /**
   * Appends closed chunk `c` (its used part) to the spill file and drops it from memory. With writeBehind the write
   * runs in the background and the chunk is read from memory until it ends (a failed write keeps it there).
   */
  private spillChunk(c: number): void {
    const chunk = this.chunks[c]!;
    const file = this.spillFile();
    const words = chunk.subarray(0, this.chunkUsed[c]);
    if (this.writeBehind) {
      this.writing++;
      this.chunkPos[c] = file.appendBehind(words, (err) => {
        this.writing--;
        if (err === null && this.chunks[c] === chunk && this.chunkPos[c] >= 0) this.chunks[c] = null;
      });
    } else {
      this.chunkPos[c] = file.append(words);
      this.chunks[c] = null;
    }
    this.memBytes -= chunk.byteLength;
    this.spilledBytes += this.chunkUsed[c] * 4;
  }

  /** Rows and reps as plain typed arrays (copies, trimmed to their used length). */
  snapshot(): NearStorePartial {
    const R = this.repCount;
    const shingles = new Uint32Array(this.shingleBytes / 4);
    // reps are appended in order and a chunk is closed when the next set does not fit: the chunks' used parts,
    // concatenated, are the reps' shingles in rep order
    let off = 0;
    const last = this.chunks.length - 1;
    for (let c = 0; c <= last; c++) {
      const used = c === last ? this.chunkFill : this.chunkUsed[c];
      const chunk = this.chunks[c];
      const into = shingles.subarray(off, off + used);
      if (chunk !== null) into.set(chunk.subarray(0, used));
      else if (this.chunkPos[c] >= 0 && this.file !== null) this.file.read(into, this.chunkPos[c]);
      else
        throw new Error(
          'near-duplicate store: spilled shingle sets were deleted (finish() or dispose() already ran)',
        );
      off += used;
    }
    if (off !== shingles.length)
      throw new Error(`near-duplicate store: arena holds ${off} hashes, expected ${shingles.length}`);
    return {
      rowLine: this.rowLine.slice(0, this.rowCount),
      rowRep: this.rowRep.slice(0, this.rowCount),
      repLength: this.repLength.slice(0, R),
      shingles,
      repBands: this.repBands.repMajor(),
      repKeys: this.table.keysByValue(R),
    };
  }

  /**
   * Appends the rows of a later store's partial (its lines after every stored line) in row order, as addRow /
   * addRep would have stored them: the first row of each of its reps looks the set up here (identical set →
   * the existing rep), else stores it if it fits the budget (with the partial's band hashes: they depend only
   * on the set and the hashing options), else the rep's rows are over budget. Returns the rows rejected by the
   * budget. Requires the same `bands` (and MinHash options) as the store the partial came from.
   */
  merge(p: NearStorePartial): number {
    const nb = this.bands;
    const R = p.repLength.length;
    if (p.repBands.length !== R * nb)
      throw new RangeError(
        `near-duplicate partial has ${p.repBands.length / Math.max(R, 1)} bands per set, expected ${nb}`,
      );
    const map = new Int32Array(R).fill(-1); // −1: not met yet, −2: over budget
    const key = new Uint32Array(2);
    let nextRep = 0;
    let off = 0;
    let rejected = 0;
    for (let i = 0; i < p.rowLine.length; i++) {
      const r = p.rowRep[i];
      let m = map[r];
      if (m === -1) {
        if (r !== nextRep)
          throw new RangeError('near-duplicate partial: sets are not numbered in order of their first row');
        const len = p.repLength[r];
        const sh = p.shingles.subarray(off, off + len);
        off += len;
        nextRep++;
        key[0] = p.repKeys[2 * r];
        key[1] = p.repKeys[2 * r + 1];
        m = this.table.find(key[0], key[1], (x) => sameSet(this.shinglesOf(x), sh));
        if (m < 0)
          m = this.fits(len)
            ? this.addRep(sh, key, p.repBands.subarray(r * nb, (r + 1) * nb), p.rowLine[i])
            : -2;
        map[r] = m;
      }
      if (m >= 0) this.addRow(p.rowLine[i], m);
      else rejected++;
    }
    return rejected;
  }

  /** Band `band`'s hash for every rep, indexed by rep (a fresh array, or the first repCount items of `into`). */
  bandColumn(band: number, into?: Uint32Array): Uint32Array {
    return this.repBands.column(band, into);
  }

  /**
   * True when reps `a` and `b` share a band hash in some band before `band` (the pair was seen there). Only for
   * reps whose band hashes are in memory (a, b ≥ spilledBandReps); see sharedEarlierBands.
   */
  sharedEarlierBand(a: number, b: number, band: number): boolean {
    const keys = this.repBands;
    for (let k = 0; k < band; k++) if (keys.keyAt(a, k) === keys.keyAt(b, k)) return true;
    return false;
  }

  /**
   * sharedEarlierBand for the pairs (a[i], b[i]), i < n, into out[i] (1 or 0), any reps: reads each earlier band
   * of the spilled reps once for the whole batch (into `colBuffer` when it holds spilledBandReps keys).
   */
  sharedEarlierBands(
    a: Uint32Array,
    b: Uint32Array,
    n: number,
    band: number,
    out: Uint8Array,
    colBuffer?: Uint32Array,
  ): void {
    this.repBands.markSharedEarlier(a, b, n, band, out, colBuffer);
  }
}
