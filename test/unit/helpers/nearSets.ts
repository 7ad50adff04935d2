/** Shared hand-built token rows of the near-duplicate tests. (Not a test file itself.) */

/** The tokens from, from + 1, …, from + n − 1. */
export const range = (from: number, n: number): number[] => Array.from({ length: n }, (_, i) => from + i);

/**
 * Two sets and a near copy of each, 20 tokens (16 shingles) a row. A = tokens 0..19; A1 = A with its last token
 * changed: 15 shingles shared, union 17 → 15/17 = 0.882. B = 100..119; B2 = B with its last two tokens changed:
 * 14 shared, union 18 → 14/18 = 0.778 (< 0.8, no pair at the default threshold).
 */
export const A = range(0, 20);
export const A1 = [...A.slice(0, 19), 999];
export const B = range(100, 20);
export const B2 = [...B.slice(0, 18), 998, 997];
