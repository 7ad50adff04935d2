/**
 * Near-duplicate rows: pairs of rows whose word-5-gram shingle sets have Jaccard similarity ≥ a threshold,
 * found with MinHash + LSH banding and then VERIFIED by exact Jaccard (no false positives).
 */
import type { DuplicateCluster } from './exactDuplicates.ts';
import { BandSortScratch, chooseBanding, forEachBandCandidate } from '../sketches/lsh.ts';
import { ShingleBuffer, bandHash, shingleHashes, shingleHashesInto } from '../sketches/minhash.ts';
import { OnePermutationHasher } from '../sketches/minhashOph.ts';
import { VerifiedPairs, buildNearClusters, type NearClusters } from './nearDuplicatesClusters.ts';
import { NearDuplicateStore, type NearStorePartial } from './nearDuplicatesStore.ts';
import { UnionFind } from '../sketches/unionFind.ts';
import type { Accumulator } from '../pipeline/accumulator.ts';

export interface NearDuplicateOptions {
  /** Jaccard threshold on shingle sets (default 0.8). */
  threshold?: number;
  /** MinHash signature length k (default 128; b·r ≤ k bins are used). */
  permutations?: number;
  /** Seed of the MinHash permutations (default 1); a run is deterministic for a seed. */
  seed?: number;
  /** Clusters listed in the report (default 1,000). */
  maxClusters?: number;
  /**
   * Budget of stored shingle hashes in bytes, in memory and spilled to disk together (default 16 GiB); rows with a
   * new set past it are not considered (`rowsOverBudget`).
   */
  maxShingleBytes?: number;
  /**
   * Bytes of stored shingle hashes kept in memory (default 16 MiB); past it full arena chunks (4 MiB) go to a
   * temporary file, deleted by finish(), dispose(), an error thrown out of the accumulator, or process exit
   * (nearSpillFile.ts). Results never depend on it.
   */
  shingleMemoryBytes?: number;
  /**
   * Bytes of LSH band hashes (4 per band per distinct set) kept in memory (default 16 MiB); past it the oldest
   * full segments go to the same temporary file, and finish() reads them back band by band. Results never depend
   * on it.
   */
  bandMemoryBytes?: number;
  /** Distinct sets per band-hash segment (default 8,192; small values exercise the spill in tests). */
  bandSegmentReps?: number;
  /** Candidate pairs checked per batch once band hashes were spilled (default 1 Mi; small values for tests). */
  candidateBatch?: number;
  /**
   * Bytes of spilled shingle sets read ahead, in file order, for a run of a batch's candidate pairs (default 16 MiB;
   * small values for tests). Results never depend on it.
   */
  readAheadBytes?: number;
  /** Directory of that temporary file (default os.tmpdir()). */
  tmpDir?: string;
  /** Write spilled chunks in the background (NearStoreSpillOptions.writeBehind) [false]. */
  writeBehind?: boolean;
  /** Largest LSH bucket whose pairs are all compared (default 100); larger buckets use a sliding window. */
  bucketCap?: number;
  /** Verified pairs of distinct sets kept for verifiedPairs() (default 1,000,000); counts never depend on it. */
  maxStoredPairs?: number;
}

export interface NearDuplicatesReport {
  threshold: number;
  permutations: number;
  bands: number;
  rowsPerBand: number;
  /** P(a pair at exactly the threshold becomes a candidate) = 1 − (1 − t^r)^b. */
  recallAtThreshold: number;
  /** Rows with ≥ 1 token that entered the index. */
  rowsConsidered: number;
  /** Distinct candidate pairs of distinct shingle sets that were verified by exact Jaccard. */
  candidatePairs: number;
  /** Row pairs with verified Jaccard ≥ threshold (identical sets included). */
  pairs: number;
  clusters: DuplicateCluster[];
  /** Number of connected components of 2+ rows in the verified-pair graph. */
  clusterCount: number;
  /** Σ over clusters of (size − 1): rows a deduplication keeping one row per cluster would drop. */
  rowsRemovable: number;
  /** rowsRemovable / all rows given to addRow. */
  rateRemovable: number;
  /** LSH buckets larger than bucketCap (their pairs were compared in a sliding window: `pairs` is then a lower bound). */
  oversizedBuckets: number;
  /** Rows with tokens skipped because the shingle budget was exhausted. */
  rowsOverBudget: number;
}

/** Sorted distinct 32-bit hashes of a row's word 5-gram shingles (1–4 tokens: one shingle; 0 tokens: empty). */
export function shingles(tokens: Uint32Array): Uint32Array {
  return shingleHashes(tokens);
}

/**
 * Exact Jaccard |A ∩ B| / |A ∪ B| of two sorted arrays of distinct values (merge walk).
 * Two empty sets are identical: 1.
 */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  const la = a.length;
  const lb = b.length;
  if (la === 0 && lb === 0) return 1;
  let i = 0;
  let j = 0;
  let inter = 0;
  while (i < la && j < lb) {
    const x = a[i];
    const y = b[j];
    if (x === y) {
      inter++;
      i++;
      j++;
    } else if (x < y) i++;
    else j++;
  }
  return inter / (la + lb - inter);
}

/**
 * A NearDuplicateAccumulator's state as plain data (numbers and typed arrays trimmed to their used length), from
 * `snapshot()`, for `merge()`: it can be posted between threads (transfer the arrays' buffers) and written to
 * disk. Fields of NearStorePartial: stored rows (rowLine, rowRep) and distinct shingle sets ("reps", numbered in
 * order of their first row: repLength, shingles, repBands, repKeys).
 */
export interface NearDuplicatesPartial extends NearStorePartial {
  /** Banding and MinHash seed the band hashes were computed with (a merge requires the same). */
  bands: number;
  rowsPerBand: number;
  seed: number;
  /** Rows given to addRow (rows without tokens included). */
  totalRows: number;
  /** Rows with tokens whose new set did not fit this accumulator's own shingle budget (not in the arrays). */
  rowsOverBudget: number;
}

/** Default budget of stored shingle hashes (memory + disk). */
export const DEFAULT_MAX_SHINGLE_BYTES = 16 * 2 ** 30;
/** Default bytes of stored shingle hashes kept in memory before spilling to a temporary file. */
export const DEFAULT_SHINGLE_MEMORY_BYTES = 16 * 2 ** 20;
/** Default bytes of LSH band hashes kept in memory before spilling to the same file. */
export const DEFAULT_BAND_MEMORY_BYTES = 16 * 2 ** 20;
/** Candidate pairs gathered before their earlier bands are checked, once band hashes were spilled (9 bytes each). */
const CANDIDATE_BATCH = 1 << 20;

/** Relative slack on the threshold comparison, so 4/5 ≥ 0.8 holds despite floating point. */
const EPS = 1e-12;

/**
 * Streams rows (token ids, in file order) and finds near-duplicate clusters.
 * Per row: shingle set → if an identical set was seen, the row joins it (no MinHash needed); otherwise
 * MinHash (one-permutation hashing into b·r bins, sketches/minhashOph.ts) → b band hashes, and the sorted shingle hashes are kept for verification.
 * finish(): per band, sort band hashes and emit candidate pairs from equal runs; a pair is verified only in
 * the first band where it collides (so once), by exact Jaccard; verified pairs are union-found into clusters.
 *
 * Partials and merging (why: chunked and parallel analysis — each chunk of the file is accumulated on its own,
 * possibly in a worker thread with its own vocabulary, and the main thread merges the chunks in file order):
 * `snapshot()` returns the stored rows and distinct sets as flat typed arrays (NearDuplicatesPartial);
 * `merge(p)` folds in the partial of a LATER chunk (every line of `p` after every line already added), built
 * with the same permutations, threshold and seed. The chunk's rows are appended in row order; the first row of
 * each of its sets looks the set up among the sets already stored (an identical set becomes rows of the
 * existing one), otherwise the set is stored with the chunk's band hashes if it fits THIS accumulator's
 * `maxShingleBytes` at that point, otherwise its rows are over budget — the budget applied in row order exactly
 * as one pass applies it. So merging the chunks' partials in order into a fresh accumulator gives the same
 * finish() (pairs, clusters, counts, rowsConsidered, candidatePairs, oversizedBuckets, rowsOverBudget),
 * clusterOfLine(), rowClusters() and verifiedPairs() as one accumulator fed all rows in order — provided no
 * chunk accumulator ran out of its OWN budget (`rowsOverBudget` 0 in every partial). A row a chunk accumulator
 * rejected for its own budget carries no shingles, so the merge keeps it over budget even where one pass would
 * have stored its set or joined it to an identical set stored by an earlier chunk; from there on the merged index
 * can differ from one pass (deterministically). Give chunk accumulators `maxShingleBytes: Infinity` (a chunk
 * stores at most 4 bytes per token it holds) and the merged one the real budget.
 *
 * Memory and the spill file: stored shingle sets past `shingleMemoryBytes` (16 MiB) are moved to a temporary file
 * in full arena chunks and read back when needed (nearDuplicatesStore.ts, nearSpillFile.ts), and so are the band
 * hashes past `bandMemoryBytes` (16 MiB, nearBandKeys.ts); every result is the same as with everything in memory. The file is deleted when finish() (or clusterOfLine / rowClusters /
 * verifiedPairs) has computed the result, by dispose() (call it on error or cancel), when any method throws, and
 * at the end of the thread or process. Afterwards an accumulator that did spill refuses addRow, merge and
 * snapshot (they would need the deleted sets); the finished result stays available. One that never spilled is
 * not affected.
 */
export class NearDuplicateAccumulator implements Accumulator<
  [line: number, tokens: Uint32Array, from?: NearDuplicateAccumulator],
  NearDuplicatesReport
> {
  private readonly threshold: number;
  private readonly permutations: number;
  private readonly bands: number;
  private readonly rowsPerBand: number;
  private readonly recall: number;
  private readonly maxClusters: number;
  private readonly bucketCap: number;
  private readonly maxStoredPairs: number;
  private readonly candidateBatch: number;
  private readonly oph: OnePermutationHasher;
  private readonly sig: Uint32Array;
  private readonly bandBuf: Uint32Array;
  private readonly key = new Uint32Array(2);
  /** The last row's shingle set and whether bandBuf holds its band keys: what `addRow(…, from)` reuses. */
  private lastShingles: Uint32Array | null = null;
  private lastBandsValid = false;
  /** Scratch of the row's shingle set (shingleHashesInto). */
  private readonly shingleBuf = new ShingleBuffer();
  private readonly store: NearDuplicateStore;
  private readonly seed: number;
  private totalRows = 0;
  private overBudget = 0;
  private result: { report: NearDuplicatesReport; clusters: NearClusters } | undefined;

  constructor(options: NearDuplicateOptions = {}) {
    this.threshold = options.threshold ?? 0.8;
    if (!(this.threshold > 0 && this.threshold <= 1)) throw new RangeError('threshold must be in (0, 1]');
    this.permutations = Math.max(1, Math.floor(options.permutations ?? 128));
    const banding = chooseBanding(this.threshold, this.permutations);
    this.bands = banding.bands;
    this.rowsPerBand = banding.rowsPerBand;
    this.recall = banding.recallAtThreshold;
    this.maxClusters = options.maxClusters ?? 1000;
    this.bucketCap = Math.max(2, options.bucketCap ?? 100);
    this.maxStoredPairs = options.maxStoredPairs ?? 1_000_000;
    this.candidateBatch = Math.max(1, Math.floor(options.candidateBatch ?? CANDIDATE_BATCH));
    this.seed = options.seed ?? 1;
    this.oph = new OnePermutationHasher(this.bands * this.rowsPerBand, this.seed);
    this.sig = new Uint32Array(this.bands * this.rowsPerBand);
    this.bandBuf = new Uint32Array(this.bands);
    this.store = new NearDuplicateStore(this.bands, options.maxShingleBytes ?? DEFAULT_MAX_SHINGLE_BYTES, {
      memoryBytes: options.shingleMemoryBytes ?? DEFAULT_SHINGLE_MEMORY_BYTES,
      bandMemoryBytes: options.bandMemoryBytes ?? DEFAULT_BAND_MEMORY_BYTES,
      bandSegmentReps: options.bandSegmentReps,
      readAheadBytes: options.readAheadBytes,
      tmpDir: options.tmpDir,
      writeBehind: options.writeBehind ?? false,
    });
  }

  /** Path of the temporary file of spilled shingle sets while one is open, else null (for tests and diagnostics). */
  get spillPath(): string | null {
    return this.store.spillPath;
  }

  /** Positioned reads of spilled shingle sets so far (for tests and diagnostics). */
  get spilledSetReads(): number {
    return this.store.setReads;
  }

  /**
   * Deletes the temporary file of spilled shingle sets, if any (call on error or cancel). Idempotent. A disposed
   * accumulator that had spilled refuses addRow, merge and snapshot; one that never spilled keeps working.
   */
  dispose(): void {
    this.store.release();
  }

  /** Runs `fn`; an error thrown out of it first deletes the spill file. */
  private guard<T>(fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  private checkOpen(what: string): void {
    if (this.store.released)
      throw new Error(
        `NearDuplicateAccumulator.${what} after finish()/dispose(): its spilled shingle sets were deleted`,
      );
  }

  /**
   * Adds one row (call in file order). Rows without tokens count in the denominator only. The token values are
   * only hashed (into shingles), never looked up, so any per-token 32-bit key that is equal for equal tokens
   * works: the analysis passes the vocabulary's content keys (Vocabulary.keysOf), which, unlike token ids, are
   * the same in every chunk, so that partials of different chunks can be merged.
   *
   * `from`: an accumulator that was just given this same row with the same keys (the file's, when this one holds a
   * slice): its shingle set — and its band keys, when it computed them with the same banding and seed — are reused
   * instead of being computed again. Same values, so the same result.
   */
  addRow(line: number, tokens: Uint32Array, from?: NearDuplicateAccumulator): void {
    try {
      this.add(line, tokens, from);
    } catch (err) {
      this.dispose();
      throw err;
    }
  }

  private add(line: number, tokens: Uint32Array, from?: NearDuplicateAccumulator): void {
    if (this.store.released) this.checkOpen('addRow');
    this.totalRows++;
    this.result = undefined;
    this.lastShingles = null;
    this.lastBandsValid = false;
    if (tokens.length === 0) return;
    const st = this.store;
    // a row the file's accumulator just took: same tokens, so the same shingle set (and, with the same banding and
    // seed, the same band keys when it computed them)
    const reuse = from !== undefined && from.lastShingles !== null;
    // (a view of this accumulator's scratch: the store copies a new set, and `from` reuse happens within the row)
    const sh = reuse ? from.lastShingles! : shingleHashesInto(tokens, this.shingleBuf);
    this.lastShingles = sh;
    let rep = st.findRep(sh, this.key);
    if (rep < 0) {
      if (!st.fits(sh.length)) {
        this.overBudget++;
        return;
      }
      if (
        reuse &&
        from.lastBandsValid &&
        from.bands === this.bands &&
        from.rowsPerBand === this.rowsPerBand &&
        from.seed === this.seed
      )
        this.bandBuf.set(from.bandBuf);
      else {
        this.oph.signature(sh, this.sig);
        for (let b = 0; b < this.bands; b++) this.bandBuf[b] = bandHash(this.sig, b, this.rowsPerBand);
      }
      this.lastBandsValid = true;
      rep = st.addRep(sh, this.key, this.bandBuf, line);
    }
    st.addRow(line, rep);
  }

  /** The state as plain data, for merging into another accumulator (see the class comment). */
  snapshot(): NearDuplicatesPartial {
    return this.guard(() => {
      this.checkOpen('snapshot');
      return {
        bands: this.bands,
        rowsPerBand: this.rowsPerBand,
        seed: this.seed,
        totalRows: this.totalRows,
        rowsOverBudget: this.overBudget,
        ...this.store.snapshot(),
      };
    });
  }

  /**
   * Folds in the partial of a LATER chunk (all its lines after every line added so far), as if its rows had been
   * given to addRow in order (see the class comment for the one case where it differs).
   */
  merge(p: NearDuplicatesPartial): void {
    this.guard(() => this.mergePartial(p));
  }

  private mergePartial(p: NearDuplicatesPartial): void {
    this.checkOpen('merge');
    if (p.bands !== this.bands || p.rowsPerBand !== this.rowsPerBand || p.seed !== this.seed) {
      throw new RangeError(
        `near-duplicate partial has bands ${p.bands} × ${p.rowsPerBand} rows, seed ${p.seed}; expected ${this.bands} × ${this.rowsPerBand}, seed ${this.seed}`,
      );
    }
    this.result = undefined;
    this.totalRows += p.totalRows;
    this.overBudget += p.rowsOverBudget + this.store.merge(p);
  }

  /**
   * Verifies LSH candidates and builds the clusters (cached until the next addRow or merge). Deletes the spill
   * file, if any: an accumulator that spilled cannot take more rows after finish() (clusterOfLine, rowClusters and
   * verifiedPairs still work; they use the cached result).
   */
  finish(): NearDuplicatesReport {
    return this.compute().report;
  }

  /**
   * Cluster id of every row that is in a near-duplicate cluster (rows in no cluster are absent).
   * Ids are ranks in size order: id i < maxClusters is `finish().clusters[i]`. Bounded by clustered rows.
   */
  clusterOfLine(): Map<number, number> {
    return this.compute().clusters.clusterOfLine();
  }

  /**
   * Per-row cluster access without a Map (for marking every clustered row in the editor): stored rows in
   * file order with their cluster id (−1 = none) and every cluster's size / first line / mean similarity.
   * Ids are the same ranks as clusterOfLine's. No allocation beyond what finish() already keeps.
   */
  rowClusters(): Pick<NearClusters, 'rowCount' | 'rowLine' | 'rowCluster' | 'clusterMeta' | 'clusterCount'> {
    return this.compute().clusters;
  }

  /**
   * Up to `limit` verified row pairs (lines, Jaccard), identical-set pairs first — for highlights and tests.
   * Pairs between distinct sets come from the first `maxStoredPairs` verified ones.
   */
  verifiedPairs(limit = 100_000): { lineA: number; lineB: number; similarity: number }[] {
    return this.compute().clusters.pairs(limit);
  }

  private compute(): { report: NearDuplicatesReport; clusters: NearClusters } {
    if (this.result) return this.result;
    this.result = this.guard(() => this.verify());
    this.store.release(); // the result is cached: the spilled sets are not read again
    return this.result;
  }

  private verify(): { report: NearDuplicatesReport; clusters: NearClusters } {
    const st = this.store;
    const uf = new UnionFind(st.repCount);
    const pairs = new VerifiedPairs(st.repCount, this.maxStoredPairs);
    let candidates = 0;
    let oversized = 0;
    const t = this.threshold;
    /** A pair first seen in this band (not in an earlier one), in candidate order. */
    const check = (a: number, b: number, big: boolean): void => {
      // in an oversized bucket (already a lower bound) skip pairs that are connected anyway
      if (big && uf.find(a) === uf.find(b)) return;
      candidates++;
      const A = st.shinglesOf(a);
      const B = st.shinglesOf(b);
      const small = Math.min(A.length, B.length);
      const large = Math.max(A.length, B.length);
      if (small < (t - EPS) * large) return; // Jaccard ≤ |small|/|large| < t
      const s = jaccard(A, B);
      if (s >= t - EPS) {
        uf.union(a, b);
        pairs.add(a, b, s, st.repMult[a] * st.repMult[b]);
      }
    };
    // one column buffer and one sort scratch for all the bands (fresh ones per band were ~45 MB of garbage per
    // band at 2 GB, and the process' peak RSS); nothing of them outlives this method
    const column = new Uint32Array(st.repCount);
    const scratch = new BandSortScratch(st.repCount);
    if (st.spilledBandReps === 0) {
      for (let band = 0; band < this.bands; band++)
        oversized += forEachBandCandidate(
          st.bandColumn(band, column),
          this.bucketCap,
          (a, b, big) => {
            if (!st.sharedEarlierBand(a, b, band)) check(a, b, big);
          },
          scratch,
        );
    } else {
      // Band hashes partly on disk: a band's candidates are gathered in batches, their earlier bands checked for
      // the whole batch (each earlier band read once), then checked in the same order as above — the shared-band
      // test does not depend on the union-find, so the result is the same.
      const cap = this.candidateBatch;
      const batchA = new Uint32Array(cap);
      const batchB = new Uint32Array(cap);
      const batchBig = new Uint8Array(cap);
      const shared = new Uint8Array(cap);
      const spilledColumn = new Uint32Array(st.spilledBandReps);
      let n = 0;
      let band = 0;
      const flush = (): void => {
        st.sharedEarlierBands(batchA, batchB, n, band, shared, spilledColumn);
        // the batch's spilled shingle sets are read ahead in file order, a run of pairs at a time (the same checks in
        // the same order: only where the sets come from changes)
        for (let i = 0; i < n;) {
          const end = st.readAheadPairs(batchA, batchB, shared, i, n);
          for (; i < end; i++) if (!shared[i]) check(batchA[i], batchB[i], batchBig[i] === 1);
        }
        n = 0;
      };
      for (; band < this.bands; band++) {
        oversized += forEachBandCandidate(
          st.bandColumn(band, column),
          this.bucketCap,
          (a, b, big) => {
            batchA[n] = a;
            batchB[n] = b;
            batchBig[n] = big ? 1 : 0;
            if (++n === cap) flush();
          },
          scratch,
        );
        if (n > 0) flush();
      }
      st.dropReadAhead();
    }
    const clusters = buildNearClusters(st, uf, pairs, this.maxClusters);
    const report: NearDuplicatesReport = {
      threshold: t,
      permutations: this.permutations,
      bands: this.bands,
      rowsPerBand: this.rowsPerBand,
      recallAtThreshold: this.recall,
      rowsConsidered: st.rowCount,
      candidatePairs: candidates,
      pairs: clusters.pairCount,
      clusters: clusters.top,
      clusterCount: clusters.clusterCount,
      rowsRemovable: clusters.rowsRemovable,
      rateRemovable: this.totalRows === 0 ? 0 : clusters.rowsRemovable / this.totalRows,
      oversizedBuckets: oversized,
      rowsOverBudget: this.overBudget,
    };
    return { report, clusters };
  }
}
