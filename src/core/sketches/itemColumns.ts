/**
 * The tracked items of a top-k sketch (SpaceSaving's counters, CountMinTopK's candidates) as parallel columns, and
 * the two steps both sketches' merges share: line up this sketch's items and a partial's new ones in rank order,
 * then write the kept ones back into the sketch's own columns.
 *
 * Why one module: the two merges must order, match and copy items identically (slot order is the last tie-break of
 * top(), so it decides which items a merged report lists); written twice, the copies drifted apart.
 */
import type { SlotIndex } from './spaceSaving.ts';

/** Items in slot order: 64-bit key, count, error (SpaceSaving only), first two example lines (0 = none), tokens. */
export interface ItemColumns {
  keyLo: Uint32Array;
  keyHi: Uint32Array;
  counts: Float64Array;
  /** Absent for sketches whose error is global (CountMinTopK). */
  errors?: Float64Array;
  ex1: Float64Array;
  ex2: Float64Array;
  /** Token count per item and, `width` per item, its token ids (the first `lens[i]` are used). */
  lens: Uint8Array;
  ids: Uint32Array;
}

/**
 * The combined items of a merge in rank order: the first `mine` items of `own`, then the partial's items that `own`
 * does not track (looked up in `index`), in the partial's slot order. A shared item keeps its slot; `onShared(s, j)`
 * lets the sketch add the partial's count, and its example lines are merged here (the earliest two, as one pass).
 * `onNew(n, j)` lets the sketch set the count of the partial's item j, now at n. `pIds`: the partial's ids, remapped.
 */
export function combineItems(
  own: ItemColumns,
  mine: number,
  p: ItemColumns,
  pIds: Uint32Array,
  width: number,
  index: SlotIndex,
  onShared: (cols: ItemColumns, s: number, j: number) => void,
  onNew: (cols: ItemColumns, n: number, j: number) => void,
): { cols: ItemColumns; n: number } {
  const theirs = p.counts.length;
  const n0 = mine + theirs;
  const cols: ItemColumns = {
    keyLo: new Uint32Array(n0),
    keyHi: new Uint32Array(n0),
    counts: new Float64Array(n0),
    ...(own.errors ? { errors: new Float64Array(n0) } : {}),
    ex1: new Float64Array(n0),
    ex2: new Float64Array(n0),
    lens: new Uint8Array(n0),
    ids: new Uint32Array(n0 * width),
  };
  cols.keyLo.set(own.keyLo.subarray(0, mine));
  cols.keyHi.set(own.keyHi.subarray(0, mine));
  cols.counts.set(own.counts.subarray(0, mine));
  if (cols.errors && own.errors) cols.errors.set(own.errors.subarray(0, mine));
  cols.ex1.set(own.ex1.subarray(0, mine));
  cols.ex2.set(own.ex2.subarray(0, mine));
  cols.lens.set(own.lens.subarray(0, mine));
  cols.ids.set(own.ids.subarray(0, mine * width));
  let n = mine;
  for (let j = 0; j < theirs; j++) {
    const s = index.get(p.keyLo[j], p.keyHi[j]);
    if (s >= 0) {
      onShared(cols, s, j);
      addExampleLines(cols.ex1, cols.ex2, s, p.ex1[j], p.ex2[j]);
      continue;
    }
    cols.keyLo[n] = p.keyLo[j];
    cols.keyHi[n] = p.keyHi[j];
    cols.ex1[n] = p.ex1[j];
    cols.ex2[n] = p.ex2[j];
    cols.lens[n] = p.lens[j];
    cols.ids.set(pIds.subarray(j * width, j * width + p.lens[j]), n * width);
    onNew(cols, n, j);
    n++;
  }
  return { cols, n };
}

/**
 * Of the `n` combined items, the indexes of the `capacity` first by `better` (a comparator), back in rank order;
 * all of them when they fit. Why rank order: slot order is top()'s last tie-break, as in one pass.
 */
export function keepBest(n: number, capacity: number, better: (a: number, b: number) => number): number[] {
  let kept = Array.from({ length: n }, (_, i) => i);
  if (n > capacity) {
    kept.sort(better);
    kept = kept.slice(0, capacity).sort((a, b) => a - b);
  }
  return kept;
}

/** Writes the kept combined items into the sketch's columns, slot s = the s-th kept item, and into its index. */
export function storeKept(
  target: ItemColumns,
  cols: ItemColumns,
  kept: number[],
  width: number,
  index: SlotIndex,
): void {
  kept.forEach((r, s) => {
    target.keyLo[s] = cols.keyLo[r];
    target.keyHi[s] = cols.keyHi[r];
    target.counts[s] = cols.counts[r];
    if (target.errors && cols.errors) target.errors[s] = cols.errors[r];
    target.ex1[s] = cols.ex1[r];
    target.ex2[s] = cols.ex2[r];
    target.lens[s] = cols.lens[r];
    target.ids.set(cols.ids.subarray(r * width, r * width + cols.lens[r]), s * width);
    index.set(cols.keyLo[r], cols.keyHi[r], s);
  });
}

/**
 * Adds a later part's example lines (l1, then l2; 0 = none) to slot s's (ex1, ex2): the first two distinct lines
 * in stream order, as one pass would have recorded them.
 */
export function addExampleLines(
  ex1: Float64Array,
  ex2: Float64Array,
  s: number,
  l1: number,
  l2: number,
): void {
  if (ex2[s] !== 0) return;
  if (l1 !== 0 && l1 !== ex1[s]) ex2[s] = l1;
  else if (l2 !== 0 && l2 !== ex1[s]) ex2[s] = l2;
}
