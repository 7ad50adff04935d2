/**
 * HD-D — hypergeometric distribution diversity (McCarthy & Jarvis 2007), as lexicalrichness'
 * `LexicalRichness.hdd(draws)` reports it.
 *
 * Definition: HD-D = Σ over types of (1 − P0)/draws, where P0 = C(N − f, draws)/C(N, draws) is
 * the hypergeometric probability that a random sample of `draws` tokens (default 42, without
 * replacement) from the N tokens contains none of a type of frequency f. It is the expected TTR of
 * a 42-token sample. Undefined (null) when N < draws.
 *
 * P0 is computed as the product Π_{i=0}^{draws−1} (N − f − i)/(N − i) (never a huge binomial);
 * P0 = 0 when N − f < draws. Types are grouped by frequency, so the cost is draws × (number of
 * distinct frequencies), not × types.
 */

/** Default number of HD-D draws. */
export const DEFAULT_HDD_DRAWS = 42;

/** P0 = C(N − f, draws)/C(N, draws) by the product formula. */
export function hddP0(N: number, f: number, draws: number): number {
  if (N - f < draws) return 0;
  let p = 1;
  for (let i = 0; i < draws; i++) p *= (N - f - i) / (N - i);
  return p;
}

/**
 * P0 by log-gamma: exp(lnΓ(N−f+1) − lnΓ(N−f−d+1) − lnΓ(N+1) + lnΓ(N−d+1)). An independent path
 * used to cross-check `hddP0` (loses precision for very large N; the product does not).
 */
export function hddP0LogGamma(N: number, f: number, draws: number): number {
  if (N - f < draws) return 0;
  return Math.exp(lnGamma(N - f + 1) - lnGamma(N - f - draws + 1) - lnGamma(N + 1) + lnGamma(N - draws + 1));
}

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
  12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(x) for x > 0 (Lanczos approximation, g = 7; relative error ≈ 1e-15). */
export function lnGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - lnGamma(1 - x);
  x -= 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/**
 * HD-D of a frequency table: `freqs` holds each type's frequency (zeros are ignored), `N` the
 * total number of tokens (Σ freqs). null when N < draws.
 */
export function hdd(freqs: ArrayLike<number>, N: number, draws: number = DEFAULT_HDD_DRAWS): number | null {
  if (!Number.isInteger(draws) || draws < 1)
    throw new RangeError(`HD-D draws must be a positive integer, got ${draws}`);
  if (N < draws) return null;
  const typesByFreq = new Map<number, number>();
  for (let i = 0; i < freqs.length; i++) {
    const f = freqs[i];
    if (f > 0) typesByFreq.set(f, (typesByFreq.get(f) ?? 0) + 1);
  }
  let sum = 0;
  for (const [f, types] of typesByFreq) sum += (types * (1 - hddP0(N, f, draws))) / draws;
  return sum;
}
