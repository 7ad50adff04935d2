/**
 * Growing typed arrays. Why one helper: the accumulators keep per-row and per-type numbers in typed arrays (no JS
 * object per row) that double when full; five hand-written copies of that step had drifted into three rules.
 */

type Grows = Uint8Array | Uint32Array | Int32Array | Float64Array;

/**
 * `arr` when it holds at least `n` elements, else a copy with room for `n` (capacity max(n, 2 × length, 16)).
 * Callers keep the returned array (it may be `arr` itself).
 */
export function withRoom<T extends Grows>(arr: T, n: number): T {
  if (n <= arr.length) return arr;
  const out = new (arr.constructor as new (length: number) => T)(Math.max(n, 2 * arr.length, 16));
  out.set(arr);
  return out;
}
