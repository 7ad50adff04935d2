/**
 * Distribution distance between two unigram distributions — how far the dataset's word usage has
 * drifted from the reference's, independent of which tail types exist.
 */

/**
 * Jensen–Shannon divergence, base 2, in [0, 1]: JS(P, Q) = ½·KL(P‖M) + ½·KL(Q‖M), M = (P + Q)/2,
 * over the union of types, where P = counts_a / Σ counts_a and Q = counts_b / Σ counts_b.
 * 0 for identical distributions, 1 for disjoint supports; null when either side has no tokens.
 */
export function jsDivergence(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): number | null {
  const na = total(a);
  const nb = total(b);
  if (na <= 0 || nb <= 0) return null;
  let js = 0;
  for (const [t, ca] of a) {
    if (!(ca > 0)) continue;
    const p = ca / na;
    const cb = b.get(t);
    const q = cb !== undefined && cb > 0 ? cb / nb : 0;
    const m = (p + q) / 2;
    js += 0.5 * p * Math.log2(p / m);
    if (q > 0) js += 0.5 * q * Math.log2(q / m);
  }
  for (const [t, cb] of b) {
    if (!(cb > 0)) continue;
    const ca = a.get(t);
    if (ca !== undefined && ca > 0) continue; // already counted above
    // p = 0 here, so m = q/2 and the term is ½·q·log2(2) = q/2.
    js += 0.5 * (cb / nb);
  }
  return Math.min(1, Math.max(0, js));
}

function total(m: ReadonlyMap<string, number>): number {
  let s = 0;
  for (const c of m.values()) if (c > 0) s += c;
  return s;
}
