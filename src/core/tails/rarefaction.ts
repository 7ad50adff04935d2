/**
 * Rarefaction: size-robust comparison of corpora by the hypergeometric expectation of what a
 * subsample without replacement would contain. Every figure here is an exact expectation (no
 * random draw), computed in log space so that huge binomial coefficients never appear.
 */

const LN_FACT_TABLE_SIZE = 1024;
const lnFactTable = (() => {
  const t = new Float64Array(LN_FACT_TABLE_SIZE);
  for (let k = 2; k < LN_FACT_TABLE_SIZE; k++) t[k] = t[k - 1] + Math.log(k);
  return t;
})();

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos, g = 7; exact table of ln k! for small integers). */
export function lnGamma(x: number): number {
  if (Number.isInteger(x) && x >= 1 && x <= LN_FACT_TABLE_SIZE) return lnFactTable[x - 1];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lnGamma(1 - x);
  const y = x - 1;
  let a = LANCZOS[0];
  const t = y + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (y + i);
  return 0.5 * Math.log(2 * Math.PI) + (y + 0.5) * Math.log(t) - t + Math.log(a);
}

/** ln C(a, b) for integers 0 ≤ b ≤ a; −Infinity outside that range. */
export function lnChoose(a: number, b: number): number {
  if (b < 0 || b > a) return -Infinity;
  return lnGamma(a + 1) - lnGamma(b + 1) - lnGamma(a - b + 1);
}

/**
 * ln P(a type of frequency f in a corpus of N tokens is absent from a subsample of n tokens drawn
 * without replacement) = ln[C(N−f, n) / C(N, n)] = ln[C(N−n, f) / C(N, f)].
 * Small f: Σ_{i<f} log1p(−n/(N−i)) (f terms, precise); large f: log-gamma differences.
 */
export function lnAbsentProbability(f: number, N: number, n: number): number {
  if (f <= 0 || n <= 0) return 0;
  if (f + n > N) return -Infinity;
  if (f <= 64) {
    let s = 0;
    for (let i = 0; i < f; i++) s += Math.log1p(-n / (N - i));
    return s;
  }
  return lnGamma(N - f + 1) + lnGamma(N - n + 1) - lnGamma(N + 1) - lnGamma(N - f - n + 1);
}

/** P(type of frequency f survives a subsample of n of N tokens) = 1 − C(N−f, n)/C(N, n). */
export function survivalProbability(f: number, N: number, n: number): number {
  if (f <= 0 || n <= 0) return 0;
  if (n >= N) return 1;
  return -Math.expm1(lnAbsentProbability(f, N, n));
}

/**
 * Expected number of distinct items when drawing n of N items without replacement, from a
 * frequency table (zeros ignored): Σ_t 1 − C(N−f_t, n)/C(N, n). Exists so corpora of different
 * sizes can be compared at one common budget n. n ≥ N returns the number of types with f ≥ 1.
 */
export function expectedTypesAt(freqs: ArrayLike<number>, N: number, n: number): number {
  const cache = new Map<number, number>();
  let sum = 0;
  for (let i = 0; i < freqs.length; i++) {
    const f = freqs[i];
    if (!(f > 0)) continue;
    let p = cache.get(f);
    if (p === undefined) {
      p = survivalProbability(f, N, n);
      cache.set(f, p);
    }
    sum += p;
  }
  return sum;
}

/**
 * Hypergeometric probabilities P(X = j), j = 0…jMax, where X is how many of the K copies of a type
 * (in a corpus of N tokens) land in a subsample of n tokens drawn without replacement.
 * Computed in log space (start term, then the ratio recurrence) — no huge binomials.
 */
export function hypergeometricHead(K: number, N: number, n: number, jMax: number): Float64Array {
  const out = new Float64Array(jMax + 1);
  if (n >= N) {
    if (K <= jMax) out[K] = 1;
    return out;
  }
  const jLow = Math.max(0, K + n - N);
  const jHigh = Math.min(K, n, jMax);
  if (jLow > jHigh) return out;
  let lp =
    jLow === 0
      ? lnAbsentProbability(K, N, n)
      : lnChoose(K, jLow) + lnChoose(N - K, n - jLow) - lnChoose(N, n);
  out[jLow] = Math.exp(lp);
  for (let j = jLow; j < jHigh; j++) {
    lp += Math.log(((K - j) * (n - j)) / ((j + 1) * (N - K - n + j + 1)));
    out[j + 1] = Math.exp(lp);
  }
  return out;
}
