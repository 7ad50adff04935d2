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

/** Sorted copy of the ids (for the multiset-intersection bound). */
function sortedCopy(ids: Int32Array): Int32Array {
  return Int32Array.from(ids).sort();
}

/** Size of the multiset intersection of two sorted id arrays: an upper bound of their LCS. */
function bagOverlap(a: Int32Array, b: Int32Array): number {
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) {
      k++;
      i++;
      j++;
    } else if (a[i] < b[j]) i++;
    else j++;
  }
  return k;
}

/** True when the fraction 2·l1/s1 is greater than 2·l2/s2 (exact: cross-multiplied integers). */
function greater(l1: number, s1: number, l2: number, s2: number): boolean {
  return l1 * s2 > l2 * s1;
}

/**
 * For every prompt of `prompts` (token ids from one TokenIds), its maximum ROUGE-L F with any OTHER prompt of
 * `prompts` — or, with `against`, with any prompt of `against` (a reference sample; then a prompt is compared with
 * all of it). Why pruned: all pairs of 2,000 prompts are 2 million LCS tables; a pair is skipped when an upper bound
 * of its F cannot beat what both sides already have: first 2·min(|a|,|b|)/(|a|+|b|) (LCS ≤ the shorter length),
 * then 2·|A ∩ B|/(|a|+|b|) (LCS ≤ the multiset intersection). The maxima are exact either way.
 */
export function nearestOverlap(
  prompts: readonly Int32Array[],
  against?: readonly Int32Array[],
): NearestOverlap {
  const n = prompts.length;
  const best = new Float64Array(n);
  const lcs = new Int32Array(n);
  const lengthSum = new Int32Array(n).fill(1); // 0/1 until a pair shares a token
  const others = against ?? prompts;
  const sortedP = prompts.map(sortedCopy);
  const sortedO = against ? against.map(sortedCopy) : sortedP;
  // the other side's best too (only when comparing within one sample)
  let maxLen = 0;
  for (const o of others) maxLen = Math.max(maxLen, o.length);
  const row = new Int32Array(maxLen + 1);
  let computed = 0;
  const consider = (i: number, j: number): void => {
    const a = prompts[i];
    const b = others[j];
    const la = a.length;
    const lb = b.length;
    if (la === 0 || lb === 0) return;
    const sum = la + lb;
    const self = against === undefined;
    // a bound helps only if it beats prompt i's best or (within one sample) prompt j's best
    const beats = (bound: number): boolean =>
      greater(bound, sum, lcs[i], lengthSum[i]) || (self && greater(bound, sum, lcs[j], lengthSum[j]));
    if (!beats(Math.min(la, lb))) return;
    const bag = bagOverlap(sortedP[i], sortedO[j]);
    if (bag === 0 || !beats(bag)) return;
    const l = lcsLength(a, b, row);
    computed++;
    if (l === 0) return;
    if (greater(l, sum, lcs[i], lengthSum[i])) {
      lcs[i] = l;
      lengthSum[i] = sum;
      best[i] = rougeLFromLcs(l, la, lb);
    }
    if (self && greater(l, sum, lcs[j], lengthSum[j])) {
      lcs[j] = l;
      lengthSum[j] = sum;
      best[j] = rougeLFromLcs(l, la, lb);
    }
  };
  if (against === undefined) {
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) consider(i, j);
  } else {
    for (let i = 0; i < n; i++) for (let j = 0; j < others.length; j++) consider(i, j);
  }
  for (let i = 0; i < n; i++) if (lcs[i] === 0) lengthSum[i] = 0;
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
    sum += o.best[i];
  }
  if (n === 0) return { prompts: 0, histogram, median: null, shareAbove07: null, mean: null };
  const sorted = Float64Array.from(o.best).sort();
  const median = n % 2 === 1 ? sorted[(n - 1) / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  return { prompts: n, histogram, median, shareAbove07: above / n, mean: sum / n };
}
