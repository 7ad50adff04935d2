/**
 * MinHash signatures by one-permutation hashing (OPH, Li, Owen & Zhang 2012) with optimal densification
 * (Shrivastava 2017): the near-duplicate index's signature scheme.
 *
 * Why: k independent permutations cost k hash evaluations per shingle (126 per token of every distinct row,
 * the largest single cost of the analysis). OPH hashes each shingle ONCE: the hash picks one of k bins and the
 * signature keeps, per bin, the smallest hash that fell into it. Bins left empty (sets with fewer shingles
 * than bins) are filled by optimal densification: empty bin i walks a fixed pseudo-random sequence of bins
 * j₁(i), j₂(i), … (the same for every set) and copies the value of the first bin that was not empty. For
 * every bin, P(sig_A[i] = sig_B[i]) = Jaccard(A, B), as with k permutations, so LSH banding is unchanged.
 * Cost: O(|set| + k·(expected probes)), i.e. one hash per shingle plus k/(filled bins) probes per empty bin.
 */
import { fmix32 } from './hashing.ts';

/** Reusable OPH signer for `bins` bins and a seed (deterministic for a seed). */
export class OnePermutationHasher {
  private readonly seed: number;
  private readonly probeSeed: number;
  private readonly filled: Uint8Array;

  constructor(
    readonly bins: number,
    seed: number,
  ) {
    if (!Number.isInteger(bins) || bins < 1 || bins > 65536)
      throw new RangeError(`bins must be an integer in 1..65536, got ${bins}`);
    this.seed = fmix32((seed ^ 0x5bd1e995) >>> 0);
    this.probeSeed = fmix32((seed + 0x9e3779b9) >>> 0);
    this.filled = new Uint8Array(bins);
  }

  /**
   * Signature of a non-empty set of distinct 32-bit shingle hashes into `out` (length ≥ bins). `out[i]` is the
   * minimum of fmix32(x ⊕ seed) over the shingles whose hash falls in bin i, or a densified copy.
   */
  signature(shingles: Uint32Array, out: Uint32Array): Uint32Array {
    const k = this.bins;
    const filled = this.filled;
    filled.fill(0);
    out.fill(0xffffffff, 0, k);
    const seed = this.seed;
    const n = shingles.length;
    for (let j = 0; j < n; j++) {
      const h = fmix32(shingles[j] ^ seed);
      const bin = ((h >>> 16) * k) >>> 16;
      filled[bin] = 1;
      if (h < out[bin]) out[bin] = h;
    }
    if (n === 0) return out;
    for (let i = 0; i < k; i++) {
      if (filled[i] === 1) continue;
      for (let attempt = 1; ; attempt++) {
        const h = fmix32(
          (this.probeSeed ^ Math.imul(i + 1, 0x9e3779b1) ^ Math.imul(attempt, 0x85ebca6b)) >>> 0,
        );
        const j = ((h >>> 16) * k) >>> 16;
        if (filled[j] === 1) {
          out[i] = out[j];
          break;
        }
      }
    }
    return out;
  }
}
