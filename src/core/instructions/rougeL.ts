/**
 * ROUGE-L between instructions, and each prompt's overlap with its nearest neighbour in a sample.
 * Why: Self-Instruct (Wang et al. 2023, Figure 4) judges a generated instruction set by how much each
 * instruction overlaps the most similar other one (ROUGE-L F-measure, computed with Google's `rouge-score`,
 * β = 1, no stemming) and drops those above 0.7; a homogeneous synthetic set has most of its mass near 1.
 *
 * Definitions (docs/metrics.md, "Instructions"):
 * - tokens: the text lower-cased, split into maximal runs of letters, combining marks and digits that start
 *   with a letter or digit (`[\p{L}\p{N}][\p{L}\p{M}\p{N}]*`: a lone emoji variation selector is no token);
 *   everything else separates. On ASCII text this is exactly rouge-score's default
 *   tokenizer (`[^a-z0-9]+` → space, split); rouge-score drops non-ASCII letters, which would make every
 *   Chinese or Russian prompt empty, so here they are kept.
 * - LCS(a, b): the length of the longest common subsequence of the two token sequences (Lin 2004, §3.1).
 * - ROUGE-L F (β = 1): P = LCS/|candidate|, R = LCS/|reference|, F = 2PR/(P+R) = 2·LCS/(|a|+|b|); 0 when
 *   either side has no token or LCS = 0. Symmetric, so "candidate" and "reference" do not matter. Computed as
 *   2·LCS/(|a|+|b|) (one correctly rounded division; rouge-score's 2PR/(P+R) can differ in the last bit).
 * - Thresholds and histogram bins are decided on the exact rational 2·LCS/(|a|+|b|), never on a rounded float:
 *   a pair with F exactly 0.7 (say LCS 7, lengths 9 and 11) is not "above 0.7", although rouge-score's float
 *   2PR/(P+R) gives 0.7000000000000001 for it.
 */

/** Lower-cased word tokens of `text` (see the header): rouge-score's tokens on ASCII text. */
export function rougeTokens(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}][\p{L}\p{M}\p{N}]*/gu) ?? [];
}

/**
 * Length of the longest common subsequence of `a` and `b`, with one row of dynamic programming (O(|a|·|b|) time,
 * O(|b|) memory). `row` is scratch space of at least |b| + 1 entries (reused by callers in hot loops).
 */
export function lcsLength(
  a: Int32Array,
  b: Int32Array,
  row: Int32Array = new Int32Array(b.length + 1),
): number {
  const n = a.length;
  const m = b.length;
  if (n === 0 || m === 0) return 0;
  row.fill(0, 0, m + 1);
  for (let i = 0; i < n; i++) {
    const x = a[i];
    let diag = 0; // row[j-1] of the previous i
    let left = 0; // row[j-1] of this i
    for (let j = 1; j <= m; j++) {
      const up = row[j];
      const v = b[j - 1] === x ? diag + 1 : up > left ? up : left;
      row[j] = v;
      diag = up;
      left = v;
    }
  }
  return row[m];
}

/**
 * Bit-parallel LCS against one fixed sequence (Allison & Dix 1986; Crochemore et al. 2001; Hyyrö 2004): `a`'s
 * match masks are built once (`prepare`), then each `lcs(b)` costs |b|·⌈|a|/32⌉ word operations instead of |a|·|b|
 * table cells. Why: the nearest-instruction overlap compares each prompt with up to thousands of others.
 * Recurrence over the m = |a| bits of V (all ones at the start), for each token y of b with match mask M[y]:
 * V ← (V + (V & M[y])) | (V & ~M[y]) (multi-word addition with carry); LCS = zero bits among V's low m bits.
 */
export class BitParallelLcs {
  private words = 0;
  private m = 0;
  private masks = new Uint32Array(0); // masks of a's distinct tokens, `words` each
  private slot: Int32Array; // token id → mask index, −1 when the token is not in a
  private used: number[] = []; // token ids whose slot is set (reset on the next prepare)
  private v = new Uint32Array(0);

  /** `vocabulary`: one more than the largest token id that will be seen. */
  constructor(vocabulary: number) {
    this.slot = new Int32Array(vocabulary).fill(-1);
  }

  /** Makes `a` the fixed side. */
  prepare(a: Int32Array): void {
    for (const id of this.used) this.slot[id] = -1;
    this.used = [];
    this.m = a.length;
    this.words = Math.max(1, Math.ceil(a.length / 32));
    let distinct = 0;
    for (let i = 0; i < a.length; i++) {
      if (this.slot[a[i]] < 0) {
        this.slot[a[i]] = distinct++;
        this.used.push(a[i]);
      }
    }
    if (this.masks.length < distinct * this.words) this.masks = new Uint32Array(distinct * this.words * 2);
    this.masks.fill(0, 0, distinct * this.words);
    for (let i = 0; i < a.length; i++) this.masks[this.slot[a[i]] * this.words + (i >>> 5)] |= 1 << (i & 31);
    if (this.v.length < this.words) this.v = new Uint32Array(this.words * 2);
  }

  /** LCS length of the prepared `a` and `b`. */
  lcs(b: Int32Array): number {
    const w = this.words;
    const m = this.m;
    if (m === 0 || b.length === 0) return 0;
    const v = this.v;
    v.fill(0xffffffff, 0, w);
    const masks = this.masks;
    const slot = this.slot;
    for (let j = 0; j < b.length; j++) {
      const s = slot[b[j]];
      if (s < 0) continue; // M = 0: V + 0 | V = V
      const base = s * w;
      let carry = 0;
      for (let k = 0; k < w; k++) {
        const vk = v[k];
        const mk = masks[base + k];
        const sum = vk + ((vk & mk) >>> 0) + carry; // < 2^33: exact in a double
        carry = sum > 0xffffffff ? 1 : 0;
        v[k] = (sum >>> 0) | (vk & ~mk);
      }
    }
    let zeros = 0;
    for (let k = 0; k < w; k++) {
      const bits = k === w - 1 && m % 32 !== 0 ? m % 32 : 32;
      let x = ~v[k] >>> 0;
      if (bits < 32) x &= (1 << bits) - 1;
      x = x - ((x >>> 1) & 0x55555555);
      x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
      zeros += (Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24) & 0xff;
    }
    return zeros;
  }
}

/** ROUGE-L F (β = 1) from an LCS length and the two lengths: 2·lcs/(la + lb), 0 when lcs = 0. */
export function rougeLFromLcs(lcs: number, la: number, lb: number): number {
  return lcs === 0 ? 0 : (2 * lcs) / (la + lb);
}

/** Turns tokens into small integer ids (one table per comparison run), so LCS compares numbers, not strings. */
export class TokenIds {
  private readonly ids = new Map<string, number>();

  /** The ids of `tokens` (new tokens get the next id). */
  encode(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      let id = this.ids.get(tokens[i]);
      if (id === undefined) {
        id = this.ids.size;
        this.ids.set(tokens[i], id);
      }
      out[i] = id;
    }
    return out;
  }

  /** Number of distinct tokens seen. */
  get size(): number {
    return this.ids.size;
  }
}

/** ROUGE-L F-measure of two texts (tokenised with rougeTokens). Why: the one-pair form for tests and callers. */
export function rougeL(a: string, b: string): number {
  const ids = new TokenIds();
  const x = ids.encode(rougeTokens(a));
  const y = ids.encode(rougeTokens(b));
  return rougeLFromLcs(lcsLength(x, y), x.length, y.length);
}

/** Default number of prompts the nearest-instruction overlap compares (all pairs: n(n−1)/2 of them). */
export const DEFAULT_OVERLAP_SAMPLE = 2000;

/** Number of histogram bins of the overlap (width 0.05 over [0, 1]). */
export const OVERLAP_BINS = 20;

/** Each prompt's best ROUGE-L against the other prompts (or a reference), as exact fractions. */
export interface NearestOverlap {
  /** best[i] = max F of prompt i (0 when no other prompt shares a token). */
  best: Float64Array;
  /** The best pair's LCS and length sum, so thresholds are exact: best[i] = 2·lcs[i]/lengthSum[i]. */
  lcs: Int32Array;
  lengthSum: Int32Array;
  /** Pairs whose LCS was actually computed (the rest were pruned by the bounds). */
  lcsComputed: number;
}

/** The distinct ids of `ids` with their counts, as parallel arrays (ids ascending). */
function countIds(ids: Int32Array): { id: Int32Array; count: Int32Array } {
  const sorted = Int32Array.from(ids).sort();
  const id: number[] = [];
  const count: number[] = [];
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && sorted[i] === sorted[i - 1]) count[count.length - 1]++;
    else {
      id.push(sorted[i]);
      count.push(1);
    }
  }
  return { id: Int32Array.from(id), count: Int32Array.from(count) };
}

/** Bound buckets of the candidate search (nearestOverlap). */
const BUCKETS = 1024;

/** True when the fraction l1/s1 is greater than l2/s2 (exact: cross-multiplied integers below 2^53). */
function greater(l1: number, s1: number, l2: number, s2: number): boolean {
  return l1 * s2 > l2 * s1;
}

/**
 * For every prompt of `prompts` (token ids from one TokenIds), its maximum ROUGE-L F with any OTHER prompt of
 * `prompts` — or, with `against`, with any prompt of `against` (a reference sample). Exact, and fast enough for all
 * pairs of thousands of prompts: for prompt i, an inverted index of the other side gives every candidate's multiset
 * intersection |A ∩ B| at once (an upper bound of the LCS, so F ≤ 2·|A ∩ B|/(|a|+|b|)); candidates are tried in
 * decreasing order of that bound (1,024 buckets) and the search stops at the first bucket whose upper edge cannot
 * beat i's best so far; each
 * LCS is bit-parallel (BitParallelLcs). A candidate sharing no token has F = 0 and is never tried.
 */
export function nearestOverlap(
  prompts: readonly Int32Array[],
  against?: readonly Int32Array[],
): NearestOverlap {
  const n = prompts.length;
  const self = against === undefined;
  const others = against ?? prompts;
  const best = new Float64Array(n);
  const lcs = new Int32Array(n);
  const lengthSum = new Int32Array(n);
  let vocabulary = 0;
  for (const list of [prompts, others])
    for (const x of list) for (let k = 0; k < x.length; k++) vocabulary = Math.max(vocabulary, x[k] + 1);
  // inverted index of the other side: token → (prompt, count) postings
  const otherCounts = others.map(countIds);
  const start = new Int32Array(vocabulary + 1);
  for (const c of otherCounts) for (let k = 0; k < c.id.length; k++) start[c.id[k] + 1]++;
  for (let t = 0; t < vocabulary; t++) start[t + 1] += start[t];
  const fill = start.slice(0, vocabulary);
  const postPrompt = new Int32Array(start[vocabulary]);
  const postCount = new Int32Array(start[vocabulary]);
  otherCounts.forEach((c, j) => {
    for (let k = 0; k < c.id.length; k++) {
      const at = fill[c.id[k]]++;
      postPrompt[at] = j;
      postCount[at] = c.count[k];
    }
  });
  const bits = new BitParallelLcs(vocabulary);
  const shared = new Int32Array(others.length); // |A ∩ B| of prompt i with each candidate
  const touched: number[] = [];
  const bucketOf = new Int32Array(others.length);
  const bucketStart = new Int32Array(BUCKETS + 1);
  const bucketFill = new Int32Array(BUCKETS);
  const order = new Int32Array(others.length);
  let computed = 0;
  for (let i = 0; i < n; i++) {
    const a = prompts[i];
    if (a.length === 0) continue;
    const own = self ? otherCounts[i] : countIds(a);
    for (let k = 0; k < own.id.length; k++) {
      const ci = own.count[k];
      for (let p = start[own.id[k]]; p < start[own.id[k] + 1]; p++) {
        const j = postPrompt[p];
        if (self && j === i) continue;
        if (shared[j] === 0) touched.push(j);
        shared[j] += Math.min(ci, postCount[p]);
      }
    }
    const la = a.length;
    // bucket the candidates by bound (2·|A ∩ B|/(|a|+|b|) ∈ (0, 1]) and try the buckets from the top, stopping when
    // a whole bucket's upper edge cannot beat the best so far (sorting every candidate costs more than the LCSs)
    bucketStart.fill(0);
    for (const j of touched) {
      const b = Math.min(BUCKETS - 1, Math.floor((BUCKETS * 2 * shared[j]) / (la + others[j].length)));
      bucketOf[j] = b;
      bucketStart[b + 1]++;
    }
    for (let b = 0; b < BUCKETS; b++) bucketStart[b + 1] += bucketStart[b];
    bucketFill.set(bucketStart.subarray(0, BUCKETS));
    for (const j of touched) order[bucketFill[bucketOf[j]]++] = j;
    let bl = 0; // best LCS and its length sum: the best F = 2·bl/bs
    let bs = 1;
    bits.prepare(a);
    for (let b = BUCKETS - 1; b >= 0; b--) {
      // every bound in bucket b is < (b + 1)/BUCKETS: stop when that cannot beat 2·bl/bs
      if (bl > 0 && (b + 1) * bs <= BUCKETS * 2 * bl) break;
      for (let q = bucketStart[b]; q < bucketStart[b + 1]; q++) {
        const j = order[q];
        const sum = la + others[j].length;
        if (!greater(shared[j], sum, bl, bs)) continue;
        const l = bits.lcs(others[j]);
        computed++;
        if (greater(l, sum, bl, bs)) {
          bl = l;
          bs = sum;
        }
      }
    }
    for (const j of touched) shared[j] = 0;
    touched.length = 0;
    if (bl > 0) {
      lcs[i] = bl;
      lengthSum[i] = bs;
      best[i] = rougeLFromLcs(bl, la, bs - la);
    }
  }
  return { best, lcs, lengthSum, lcsComputed: computed };
}

/** The overlap figures of a set of nearest-neighbour maxima. */
export interface OverlapSummary {
  /** Prompts compared. */
  prompts: number;
  /** counts[k] = prompts whose best F is in [0.05k, 0.05(k+1)); the last bin also holds F = 1. */
  histogram: number[];
  /** Median of the best F (mean of the two middle values for an even count); null for no prompt. */
  median: number | null;
  /** Share of the prompts whose best F is above 0.7 (exact: 20·LCS > 7·(|a|+|b|)); null for no prompt. */
  shareAbove07: number | null;
  /** Mean of the best F; null for no prompt. */
  mean: number | null;
}

/** Histogram, median, mean and share above 0.7 of `o` (bins and threshold decided on the exact fractions). */
export function summarizeOverlap(o: NearestOverlap): OverlapSummary {
  const n = o.best.length;
  const histogram = new Array<number>(OVERLAP_BINS).fill(0);
  let above = 0;
  let sum = 0;
  for (let i = 0; i < n; i++) {
    const l = o.lcs[i];
    const s = o.lengthSum[i];
    // F = 2l/s ∈ [k/20, (k+1)/20) ⟺ k = ⌊40·l/s⌋ (integers: the quotient is exact when it is an integer)
    const k = l === 0 ? 0 : Math.min(OVERLAP_BINS - 1, Math.floor((40 * l) / s));
    histogram[k]++;
    if (l > 0 && 20 * l > 7 * s) above++;
  }
  if (n === 0) return { prompts: 0, histogram, median: null, shareAbove07: null, mean: null };
  const sorted = Float64Array.from(o.best).sort();
  // summed in sorted order: the mean does not depend on the order the prompts came in (a merge's sample order)
  for (let i = 0; i < n; i++) sum += sorted[i];
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { prompts: n, histogram, median, shareAbove07: above / n, mean: sum / n };
}
