/**
 * Locality-sensitive hashing (banding) for MinHash signatures: parameter choice and sort-based
 * candidate-pair generation in bounded memory (no Map of buckets).
 */

/** Banding parameters of an LSH index. */
export interface Banding {
  bands: number;
  rowsPerBand: number;
  /** P(candidate | Jaccard = threshold) = 1 − (1 − t^r)^b. */
  recallAtThreshold: number;
}

/** Probability that a pair of Jaccard similarity `s` shares at least one of `b` bands of `r` MinHash rows. */
export function candidateProbability(s: number, bands: number, rowsPerBand: number): number {
  return 1 - Math.pow(1 - Math.pow(s, rowsPerBand), bands);
}

/**
 * Picks the banding for a similarity threshold: the LARGEST r (fewest false candidates) such that with
 * b = ⌊k / r⌋ bands the recall at the threshold, 1 − (1 − t^r)^b, is at least `targetRecall`.
 * b·r ≤ k: the last k − b·r permutations would never be used, so they are not computed.
 * When no r reaches the target (tiny thresholds), r = 1, b = k (the highest recall possible).
 * Example: t = 0.8, k = 128 → r = 8, b = 16 gives 0.947 (too low), r = 7, b = 18 gives 0.986.
 */
export function chooseBanding(threshold: number, permutations: number, targetRecall = 0.95): Banding {
  for (let r = permutations; r >= 1; r--) {
    const b = Math.floor(permutations / r);
    const p = candidateProbability(threshold, b, r);
    if (p >= targetRecall) return { bands: b, rowsPerBand: r, recallAtThreshold: p };
  }
  return {
    bands: permutations,
    rowsPerBand: 1,
    recallAtThreshold: candidateProbability(threshold, permutations, 1),
  };
}

/** Up to this many items, radixSortPairs sorts by insertion. */
const SMALL_SORT = 64;

/**
 * Sorts `keys` ascending and permutes `vals` alongside (LSD radix sort, two 16-bit passes, stable),
 * so equal keys keep their original order of `vals`. O(n), 2·n·4 bytes of scratch: `scratch` (arrays of at least n
 * items) when given — why: the near-duplicate finish sorts one column per band, and fresh scratch for each left
 * ~45 MB of garbage per band at 2 GB, which raised the process' peak RSS — else allocated here.
 */
export function radixSortPairs(
  keys: Uint32Array,
  vals: Uint32Array,
  scratch?: { keys: Uint32Array; vals: Uint32Array },
): void {
  const n = keys.length;
  // a few items: a stable insertion sort, rather than two passes over 65,536 counters (a small file's analysis
  // spent most of its time here)
  if (n <= SMALL_SORT) {
    for (let i = 1; i < n; i++) {
      const k = keys[i];
      const v = vals[i];
      let j = i - 1;
      while (j >= 0 && keys[j] > k) {
        keys[j + 1] = keys[j];
        vals[j + 1] = vals[j];
        j--;
      }
      keys[j + 1] = k;
      vals[j + 1] = v;
    }
    return;
  }
  const k2 = scratch ? scratch.keys.subarray(0, n) : new Uint32Array(n);
  const v2 = scratch ? scratch.vals.subarray(0, n) : new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let shift = 0; shift <= 16; shift += 16) {
    const [srcK, srcV, dstK, dstV] = shift === 0 ? [keys, vals, k2, v2] : [k2, v2, keys, vals];
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(srcK[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) {
      const d = (srcK[i] >>> shift) & 0xffff;
      const at = counts[d]++;
      dstK[at] = srcK[i];
      dstV[at] = srcV[i];
    }
  }
}

/**
 * Emits the candidate pairs of one band: items whose band hashes are equal. `hashes[i]` is item i's hash for
 * this band. Buckets of at most `bucketCap` items emit all their pairs; a larger bucket (e.g. thousands of
 * near-identical template rows) compares each item with its `bucketCap` predecessors only (a sliding window,
 * in item order), which keeps the work linear and still links chains of similar items into one cluster.
 * Pairs are emitted with a < b, and `oversized` tells whether they come from such a bucket.
 * Returns the number of oversized buckets in the band.
 */
export function forEachBandCandidate(
  hashes: Uint32Array,
  bucketCap: number,
  emit: (a: number, b: number, oversized: boolean) => void,
  scratch?: BandSortScratch,
): number {
  const n = hashes.length;
  const keys = scratch ? scratch.keysFor(hashes) : hashes.slice();
  const items = scratch ? scratch.items.subarray(0, n) : new Uint32Array(n);
  for (let i = 0; i < n; i++) items[i] = i;
  radixSortPairs(keys, items, scratch?.sort);
  let oversized = 0;
  let start = 0;
  while (start < n) {
    let end = start + 1;
    while (end < n && keys[end] === keys[start]) end++;
    const size = end - start;
    if (size > 1) {
      const big = size > bucketCap;
      if (big) oversized++;
      for (let j = start + 1; j < end; j++) {
        const from = Math.max(start, j - bucketCap);
        for (let i = from; i < j; i++) emit(items[i], items[j], big);
      }
    }
    start = end;
  }
  return oversized;
}

/**
 * The arrays forEachBandCandidate sorts a band in (4 × 4 bytes per item), allocated once for every band of an
 * index. Why: a finish over ~1.9 M sets and 18 bands otherwise allocates and drops ~45 MB per band; the garbage
 * piles up between collections and stays in the process' resident memory (docs/performance.md, session 9).
 */
export class BandSortScratch {
  /** Where a band's hashes are sorted (a copy: the caller's column is left as it was). */
  private readonly keys: Uint32Array;
  readonly items: Uint32Array;
  readonly sort: { keys: Uint32Array; vals: Uint32Array };

  constructor(readonly capacity: number) {
    this.keys = new Uint32Array(capacity);
    this.items = new Uint32Array(capacity);
    this.sort = { keys: new Uint32Array(capacity), vals: new Uint32Array(capacity) };
  }

  /** A copy of `hashes` in the scratch (throws when they do not fit). */
  keysFor(hashes: Uint32Array): Uint32Array {
    if (hashes.length > this.capacity)
      throw new RangeError(`band of ${hashes.length} items, scratch of ${this.capacity}`);
    const keys = this.keys.subarray(0, hashes.length);
    keys.set(hashes);
    return keys;
  }
}
