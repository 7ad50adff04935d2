/**
 * What a top-k sketch (SpaceSaving, CountMinTopK) does with one tracked item between merges: allocate the columns,
 * store a new item in a slot, note a second example line, and copy the items out for a snapshot.
 * Why one module: the two sketches keep their items in the same columns (ItemColumns, itemColumns.ts) and must store
 * and snapshot them identically (a merge reads back what a snapshot wrote); written twice, the copies could drift.
 */
import type { ItemColumns } from './itemColumns.ts';

/** Why: both sketches allocate the same columns for `capacity` items of up to `width` tokens (errors: SpaceSaving's). */
export function newItemColumns(capacity: number, width: number): ItemColumns {
  return {
    keyLo: new Uint32Array(capacity),
    keyHi: new Uint32Array(capacity),
    counts: new Float64Array(capacity),
    ex1: new Float64Array(capacity),
    ex2: new Float64Array(capacity),
    lens: new Uint8Array(capacity),
    ids: new Uint32Array(capacity * width),
  };
}

/**
 * Why: a new item takes `slot` (a free one, or an evicted item's) the same way in both sketches — its 64-bit key, its
 * tokens `tokens[start … start+len)` and `line` as its first example line; its count is the sketch's to set.
 */
export function storeItem(
  cols: ItemColumns,
  slot: number,
  width: number,
  lo: number,
  hi: number,
  tokens: Uint32Array,
  start: number,
  len: number,
  line: number,
): void {
  cols.keyLo[slot] = lo;
  cols.keyHi[slot] = hi;
  const base = slot * width;
  for (let i = 0; i < len; i++) cols.ids[base + i] = tokens[start + i];
  cols.lens[slot] = len;
  cols.ex1[slot] = line;
  cols.ex2[slot] = 0;
}

/** Why: a tracked item seen again on `line` records it as its second example line, if it has none and it is new. */
export function noteExampleLine(cols: ItemColumns, slot: number, line: number): void {
  if (cols.ex2[slot] === 0 && cols.ex1[slot] !== line) cols.ex2[slot] = line;
}

/**
 * Why: both sketches' snapshots carry their first `n` items as fresh typed arrays, each owning its buffer (so they
 * can be transferred between threads); only the first lens[s] ids of a slot are copied, the rest may be left over
 * from an evicted item.
 */
export function snapshotItems(cols: ItemColumns, n: number, width: number): ItemColumns {
  const ids = new Uint32Array(n * width);
  for (let s = 0; s < n; s++) ids.set(cols.ids.subarray(s * width, s * width + cols.lens[s]), s * width);
  return {
    keyLo: cols.keyLo.slice(0, n),
    keyHi: cols.keyHi.slice(0, n),
    counts: cols.counts.slice(0, n),
    ...(cols.errors ? { errors: cols.errors.slice(0, n) } : {}),
    ex1: cols.ex1.slice(0, n),
    ex2: cols.ex2.slice(0, n),
    lens: cols.lens.slice(0, n),
    ids,
  };
}
