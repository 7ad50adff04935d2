/**
 * Count-Min sketch (conservative update) plus a bounded candidate heap: the frequent-phrase finder.
 *
 * Why not SpaceSaving here: every row offers ~one 6-gram per token, almost all of them unique, so a
 * SpaceSaving table churns and its per-item error grows to N/m (measured: ±40 on an 800-row corpus with
 * 4,096 counters). A Count-Min sketch of width W and depth d overestimates a count by at most e·N/W with
 * probability ≥ 1 − e^−d, per item, and costs d array reads/writes per offer. Conservative update (raise
 * only the cells below the new estimate) makes the overestimate much smaller in practice.
 */
import type { HeavyHitter } from './spaceSaving.ts';
import { SlotIndex, remapIds } from './spaceSaving.ts';
import { combineItems, keepBest, storeKept, type ItemColumns } from './itemColumns.ts';

/**
 * A CountMinTopK as plain data (typed arrays trimmed to the tracked candidates; `cells` is the whole sketch,
 * depth rows of `width` cells), e.g. to post between threads. Candidates are listed in slot order, the last
 * tie-break of top(), so that a merge can keep it.
 */
export interface CountMinTopKPartial {
  width: number;
  depth: number;
  candidates: number;
  itemWidth: number;
  /** Items offered (N). */
  total: number;
  cells: Uint32Array;
  /** Per candidate, in slot order: 64-bit hash, stored estimate, first two example lines (0 = none). */
  keyLo: Uint32Array;
  keyHi: Uint32Array;
  counts: Float64Array;
  ex1: Float64Array;
  ex2: Float64Array;
  /** Token count per candidate and, `itemWidth` per candidate, its token ids (the first `lens[i]` are used). */
  lens: Uint8Array;
  ids: Uint32Array;
}

export class CountMinTopK {
  private readonly cells: Uint32Array;
  private readonly mask: number;
  private readonly idx: Int32Array;
  private total = 0;
  // candidates: a binary min-heap of slots by estimated count
  private readonly heap: Int32Array;
  private readonly hpos: Int32Array;
  private readonly counts: Float64Array;
  private readonly keyLo: Uint32Array;
  private readonly keyHi: Uint32Array;
  private readonly ids: Uint32Array;
  private readonly lens: Uint8Array;
  private readonly ex1: Float64Array;
  private readonly ex2: Float64Array;
  private index: SlotIndex;
  private used = 0;

  /**
   * @param width cells per row, rounded up to a power of two (memory 4·width·depth bytes)
   * @param candidates items tracked for the top list (rank by estimated count)
   * @param itemWidth max tokens per item
   */
  constructor(
    width: number,
    private readonly candidates: number,
    private readonly itemWidth: number,
    private readonly depth = 4,
  ) {
    let w = 1024;
    while (w < width) w *= 2;
    this.mask = w - 1;
    this.cells = new Uint32Array(w * depth);
    this.idx = new Int32Array(depth);
    this.heap = new Int32Array(candidates);
    this.hpos = new Int32Array(candidates);
    this.counts = new Float64Array(candidates);
    this.keyLo = new Uint32Array(candidates);
    this.keyHi = new Uint32Array(candidates);
    this.ids = new Uint32Array(candidates * itemWidth);
    this.lens = new Uint8Array(candidates);
    this.ex1 = new Float64Array(candidates);
    this.ex2 = new Float64Array(candidates);
    this.index = new SlotIndex(candidates);
  }

  /** Cells per row. */
  get width(): number {
    return this.mask + 1;
  }

  /** Items offered so far (N). */
  get offered(): number {
    return this.total;
  }

  /** ⌊e·N/W⌋: with probability ≥ 1 − e^−depth an item's (integer) estimate exceeds its true count by at most this. */
  get errorBound(): number {
    return Math.floor((Math.E * this.total) / this.width);
  }

  /**
   * Reads the `depth` cells of the key (lo, hi) and returns a value depending on them; no effect on counts.
   * Why: a row's phrases are touched together before they are offered, so the reads' cache misses overlap
   * instead of stalling each offer in turn.
   */
  touch(lo: number, hi: number): number {
    lo >>>= 0;
    hi >>>= 0;
    const w = this.mask + 1;
    let sink = 0;
    for (let i = 0; i < this.depth; i++)
      sink ^= this.cells[i * w + ((lo + Math.imul(i, hi | 1)) & this.mask)];
    return sink;
  }

  /** The current estimate of the key (lo, hi): the smallest of its cells (an upper bound of its true count). */
  estimate(lo: number, hi: number): number {
    lo >>>= 0;
    hi >>>= 0;
    const w = this.mask + 1;
    let est = 0xffffffff;
    for (let i = 0; i < this.depth; i++) {
      const c = this.cells[i * w + ((lo + Math.imul(i, hi | 1)) & this.mask)];
      if (c < est) est = c;
    }
    return est;
  }

  /** Counts one occurrence of `tokens[start … start+len)` with 64-bit hash (lo, hi), seen on `line`. */
  offer(lo: number, hi: number, tokens: Uint32Array, start: number, len: number, line: number): void {
    lo >>>= 0;
    hi >>>= 0;
    this.total++;
    const w = this.mask + 1;
    let est = 0xffffffff;
    for (let i = 0; i < this.depth; i++) {
      const at = i * w + ((lo + Math.imul(i, hi | 1)) & this.mask);
      this.idx[i] = at;
      if (this.cells[at] < est) est = this.cells[at];
    }
    const next = est + 1;
    for (let i = 0; i < this.depth; i++) if (this.cells[this.idx[i]] < next) this.cells[this.idx[i]] = next;
    // Early exit, same result as the lookup below: a tracked item's stored count is an estimate taken when its
    // cells were raised to it, and cells never decrease, so a tracked item always has next > its count ≥ the
    // heap minimum. When the heap is full and next ≤ its minimum the item is untracked and would not enter it.
    if (this.used === this.candidates && next <= this.counts[this.heap[0]]) return;

    let slot = this.index.get(lo, hi);
    if (slot >= 0) {
      this.counts[slot] = next;
      this.siftDown(this.hpos[slot]);
      if (this.ex2[slot] === 0 && this.ex1[slot] !== line) this.ex2[slot] = line;
      return;
    }
    if (this.used < this.candidates) {
      slot = this.used++;
      this.heap[slot] = slot;
      this.hpos[slot] = slot;
      this.counts[slot] = next;
      this.siftUp(slot);
    } else {
      slot = this.heap[0];
      if (next <= this.counts[slot]) return;
      this.index.delete(this.keyLo[slot], this.keyHi[slot]);
      this.counts[slot] = next;
      this.siftDown(0);
    }
    this.keyLo[slot] = lo;
    this.keyHi[slot] = hi;
    this.index.set(lo, hi, slot);
    const base = slot * this.itemWidth;
    for (let i = 0; i < len; i++) this.ids[base + i] = tokens[start + i];
    this.lens[slot] = len;
    this.ex1[slot] = line;
    this.ex2[slot] = 0;
  }

  private swap(i: number, j: number): void {
    const a = this.heap[i];
    const b = this.heap[j];
    this.heap[i] = b;
    this.heap[j] = a;
    this.hpos[b] = i;
    this.hpos[a] = j;
  }

  private siftUp(i: number): void {
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (this.counts[this.heap[p]] <= this.counts[this.heap[i]]) return;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    const n = this.used;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && this.counts[this.heap[r]] < this.counts[this.heap[l]] ? r : l;
      if (this.counts[this.heap[c]] >= this.counts[this.heap[i]]) return;
      this.swap(i, c);
      i = c;
    }
  }

  /** The sketch as plain data (fresh typed arrays, each owning its buffer, so they can be transferred). */
  snapshot(): CountMinTopKPartial {
    const n = this.used;
    const w = this.itemWidth;
    const ids = new Uint32Array(n * w);
    for (let s = 0; s < n; s++) ids.set(this.ids.subarray(s * w, s * w + this.lens[s]), s * w);
    return {
      width: this.width,
      depth: this.depth,
      candidates: this.candidates,
      itemWidth: w,
      total: this.total,
      cells: this.cells.slice(),
      keyLo: this.keyLo.slice(0, n),
      keyHi: this.keyHi.slice(0, n),
      counts: this.counts.slice(0, n),
      ex1: this.ex1.slice(0, n),
      ex2: this.ex2.slice(0, n),
      lens: this.lens.slice(0, n),
      ids,
    };
  }

  /** The candidates' columns (the arrays themselves, not copies), for the shared merge steps (itemColumns.ts). */
  private columns(): ItemColumns {
    const { keyLo, keyHi, counts, ex1, ex2, lens, ids } = this;
    return { keyLo, keyHi, counts, ex1, ex2, lens, ids };
  }

  /**
   * Folds in the sketch of a LATER part of the stream. Cells are added cell-wise (saturating at 2^32 − 1) and
   * N is added. Candidates = this sketch's and the partial's (one entry per hash); each is re-estimated from the
   * merged cells, and the `candidates` largest estimates are kept (ties: earlier first example line, then this
   * sketch's candidates before the partial's, each in slot order — the order in which one pass would have
   * inserted them). `remap[id]` translates the partial's token ids (omitted: unchanged).
   *
   * Exactness: N is exact and the merged cells are exactly the sums of the parts' cells. Those equal the cells of
   * one sketch fed both parts when no two distinct items share a cell. Otherwise they can differ in either
   * direction, because conservative update (raise only the cells below the new estimate) is not additive
   * (measured: N = 20,000 offers of 4,674 items into 4 × 1,024 cells, split in two: mean overestimate 3.9
   * merged vs 3.6 in one pass). Each summed cell is still ≤ the plain Count-Min cell, so every estimate remains
   * an upper bound of the true count within ⌊e·N/W⌋ with probability ≥ 1 − e^−depth. When the whole stream has
   * at most `candidates` distinct items and the estimates are exact (every item has a cell no other item
   * touches, in one pass and merged), the candidate list (counts, example lines, order) equals one pass's; once
   * the heap has been full the lists can differ within those bounds (one pass keeps whatever beat the heap
   * minimum when it was offered, the merge the largest final estimates). The result depends only on the parts
   * and their order.
   */
  merge(p: CountMinTopKPartial, remap?: Uint32Array): void {
    if (
      p.width !== this.width ||
      p.depth !== this.depth ||
      p.candidates !== this.candidates ||
      p.itemWidth !== this.itemWidth
    )
      throw new RangeError(
        `CountMinTopK merge: width/depth/candidates/itemWidth ${p.width}/${p.depth}/${p.candidates}/${p.itemWidth} ≠ ${this.width}/${this.depth}/${this.candidates}/${this.itemWidth}`,
      );
    const cells = this.cells;
    for (let i = 0; i < cells.length; i++) {
      const sum = cells[i] + p.cells[i];
      cells[i] = sum > 0xffffffff ? 0xffffffff : sum;
    }
    this.total += p.total;
    const w = this.itemWidth;
    // the combined candidates in rank order: this sketch's slots, then the partial's new ones in its slot order;
    // every count is then re-estimated from the merged cells
    const { cols, n } = combineItems(
      this.columns(),
      this.used,
      p,
      remapIds(p.ids, remap),
      w,
      this.index,
      () => {},
      () => {},
    );
    const { counts, keyLo, keyHi, ex1 } = cols;
    for (let r = 0; r < n; r++) counts[r] = this.estimate(keyLo[r], keyHi[r]);
    const kept = keepBest(n, this.candidates, (a, b) => counts[b] - counts[a] || ex1[a] - ex1[b] || a - b);
    this.index = new SlotIndex(this.candidates);
    storeKept(this.columns(), cols, kept, w, this.index);
    kept.forEach((_, s) => {
      this.heap[s] = s;
      this.hpos[s] = s;
    });
    this.used = kept.length;
    for (let i = (this.used >> 1) - 1; i >= 0; i--) this.siftDown(i);
  }

  /** The `k` candidates with the largest estimates (ties: earliest example line); `error` = errorBound. */
  top(k: number): HeavyHitter[] {
    const slots = Array.from(this.heap.subarray(0, this.used));
    slots.sort((a, b) => this.counts[b] - this.counts[a] || this.ex1[a] - this.ex1[b] || a - b);
    const error = this.errorBound;
    return slots.slice(0, k).map((s) => ({
      ids: this.ids.slice(s * this.itemWidth, s * this.itemWidth + this.lens[s]),
      count: this.counts[s],
      error,
      exampleLines: this.ex2[s] > 0 ? [this.ex1[s], this.ex2[s]] : [this.ex1[s]],
    }));
  }
}
