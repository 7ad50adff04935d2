/**
 * Near-duplicate rows: pairs of rows whose word-5-gram shingle sets have Jaccard similarity ≥ a threshold,
 * found with MinHash + LSH banding and then VERIFIED by exact Jaccard (no false positives).
 */
import type { DuplicateCluster } from './exactDuplicates.ts';
import { chooseBanding, forEachBandCandidate } from '../sketches/lsh.ts';
import { bandHash, shingleHashes } from '../sketches/minhash.ts';
import { OnePermutationHasher } from '../sketches/minhashOph.ts';
import { VerifiedPairs, buildNearClusters, type NearClusters } from './nearDuplicatesClusters.ts';
import { NearDuplicateStore } from './nearDuplicatesStore.ts';
import { UnionFind } from '../sketches/unionFind.ts';

export interface NearDuplicateOptions {
  /** Jaccard threshold on shingle sets (default 0.8). */
  threshold?: number;
  /** MinHash signature length k (default 128; b·r ≤ k bins are used). */
  permutations?: number;
  /** Seed of the MinHash permutations (default 1); a run is deterministic for a seed. */
  seed?: number;
  /** Clusters listed in the report (default 1,000). */
  maxClusters?: number;
  /** Budget of stored shingle hashes in bytes (default 1 GiB); rows with a new set past it are not considered. */
  maxShingleBytes?: number;
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

/** Relative slack on the threshold comparison, so 4/5 ≥ 0.8 holds despite floating point. */
const EPS = 1e-12;

/**
 * Streams rows (token ids, in file order) and finds near-duplicate clusters.
 * Per row: shingle set → if an identical set was seen, the row joins it (no MinHash needed); otherwise
 * MinHash (one-permutation hashing into b·r bins, sketches/minhashOph.ts) → b band hashes, and the sorted shingle hashes are kept for verification.
 * finish(): per band, sort band hashes and emit candidate pairs from equal runs; a pair is verified only in
 * the first band where it collides (so once), by exact Jaccard; verified pairs are union-found into clusters.
 */
export class NearDuplicateAccumulator {
  private readonly threshold: number;
  private readonly permutations: number;
  private readonly bands: number;
  private readonly rowsPerBand: number;
  private readonly recall: number;
  private readonly maxClusters: number;
  private readonly bucketCap: number;
  private readonly maxStoredPairs: number;
  private readonly oph: OnePermutationHasher;
  private readonly sig: Uint32Array;
  private readonly bandBuf: Uint32Array;
  private readonly key = new Uint32Array(2);
  private readonly store: NearDuplicateStore;
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
    this.oph = new OnePermutationHasher(this.bands * this.rowsPerBand, options.seed ?? 1);
    this.sig = new Uint32Array(this.bands * this.rowsPerBand);
    this.bandBuf = new Uint32Array(this.bands);
    this.store = new NearDuplicateStore(this.bands, options.maxShingleBytes ?? 2 ** 30);
  }

  /** Adds one row (call in file order). Rows without tokens count in the denominator only. */
  addRow(line: number, tokens: Uint32Array): void {
    this.totalRows++;
    this.result = undefined;
    if (tokens.length === 0) return;
    const st = this.store;
    const sh = shingleHashes(tokens);
    let rep = st.findRep(sh, this.key);
    if (rep < 0) {
      if (!st.fits(sh.length)) {
        this.overBudget++;
        return;
      }
      this.oph.signature(sh, this.sig);
      for (let b = 0; b < this.bands; b++) this.bandBuf[b] = bandHash(this.sig, b, this.rowsPerBand);
      rep = st.addRep(sh, this.key, this.bandBuf, line);
    }
    st.addRow(line, rep);
  }

  /** Verifies LSH candidates and builds the clusters (cached until the next addRow). */
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
    const st = this.store;
    const uf = new UnionFind(st.repCount);
    const pairs = new VerifiedPairs(st.repCount, this.maxStoredPairs);
    let candidates = 0;
    let oversized = 0;
    const t = this.threshold;
    for (let band = 0; band < this.bands; band++) {
      oversized += forEachBandCandidate(st.bandColumn(band), this.bucketCap, (a, b, big) => {
        if (st.sharedEarlierBand(a, b, band)) return;
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
      });
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
    this.result = { report, clusters };
    return this.result;
  }
}
