/**
 * Count-Min sketch (conservative update) plus a bounded candidate heap: the frequent-phrase finder.
 *
 * Why not SpaceSaving here: every row offers ~one 6-gram per token, almost all of them unique, so a
 * SpaceSaving table churns and its per-item error grows to N/m (measured: ±40 on an 800-row corpus with
 * 4,096 counters). A Count-Min sketch of width W and depth d overestimates a count by at most e·N/W with
 * probability ≥ 1 − e^−d, per item, and costs d array reads/writes per offer. Conservative update (raise
 * only the cells below the new estimate) makes the overestimate much smaller in practice.
 *
 * Cells start as 16-bit counters and the whole table widens to 32 bits the first time a cell must pass 65,535
 * (`widen`), so every cell always holds the value a 32-bit table would hold. Why: the templates touch d random
 * cells per 6-gram of every row, and those reads are most of their time (docs/performance.md, session 19); a table
 * of 4 × 2^18 16-bit cells is 2 MiB instead of 4 and stays in the caches far better, while a chunk's cells rarely
 * pass 65,535 (a 6-gram counts at most once per row).
 */
import type { HeavyHitter } from './spaceSaving.ts';
import { SlotIndex, remapIds } from './spaceSaving.ts';
import { combineItems, keepBest, storeKept, type ItemColumns } from './itemColumns.ts';
import { newItemColumns, noteExampleLine, snapshotItems, storeItem } from './itemSlots.ts';

/**
 * A CountMinTopK as plain data (typed arrays trimmed to the tracked candidates; `cells` is the whole sketch,
 * depth rows of `width` cells), e.g. to post between threads. Candidates are listed in slot order, the last
 * tie-break of top(), so that a merge can keep it: 64-bit hash, stored estimate, first two example lines, tokens
 * (`itemWidth` per candidate); no `errors` (the error is global: errorBound).
 */
export interface CountMinTopKPartial extends ItemColumns {
  width: number;
  depth: number;
  candidates: number;
  itemWidth: number;
  /** Items offered, each counted with its weight (N). */
  total: number;
  cells: Uint32Array;
}

export class CountMinTopK {
  /** The cells while every one is ≤ 65,535 (depth rows of `width`); null once widened. */
  private narrow: Uint16Array | null;
  /** The cells once one had to pass 65,535 (the same values, 32 bits); null before. */
  private wide: Uint32Array | null = null;
  private readonly mask: number;
  private readonly idx: Int32Array;
  private total = 0;
  // candidates: a binary min-heap of slots by estimated count
  private readonly heap: Int32Array;
  private readonly hpos: Int32Array;
  /** The candidates' keys, estimates, example lines and tokens, by slot (itemColumns.ts). */
  private readonly items: ItemColumns;
  private index: SlotIndex;
  private used = 0;

  /**
   * @param width cells per row, rounded up to a power of two (memory 2·width·depth bytes, 4·width·depth once widened)
   * @param candidates items tracked for the top list (rank by estimated count)
   * @param itemWidth max tokens per item
   */
  constructor(
    width: number,
    private readonly candidates: number,
    private readonly itemWidth: number,
    readonly depth = 4,
  ) {
    let w = 1024;
    while (w < width) w *= 2;
    this.mask = w - 1;
    this.narrow = new Uint16Array(w * depth);
    this.idx = new Int32Array(depth);
    this.heap = new Int32Array(candidates);
    this.hpos = new Int32Array(candidates);
    this.items = newItemColumns(candidates, itemWidth);
    this.index = new SlotIndex(candidates);
  }

  /** Cells per row. */
  get width(): number {
    return this.mask + 1;
  }

  /** Items offered so far, each counted with its weight (N). */
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
    return this.locate(lo, hi, this.idx, 0);
  }

  /**
   * Writes the positions of the key's `depth` cells to `at[from … from+depth)` and returns a value depending on the
   * cells (as touch). Why: the templates' hot path locates (and so touches) a row's phrases first and offers them
   * afterwards with offerAt, so each cell position is computed once per offer instead of twice.
   */
  locate(lo: number, hi: number, at: Int32Array, from: number): number {
    this.positions(lo, hi, at, from);
    // (not the templates' hot path, which reads a whole row's cells with touchCells)
    const cells = this.narrow ?? this.wide!;
    let sink = 0;
    for (let i = 0; i < this.depth; i++) sink ^= cells[at[from + i]];
    return sink;
  }

  /**
   * Writes the positions of the key's `depth` cells to `at[from … from+depth)` without reading them (locate without
   * the touch). Why: the templates write the positions of a whole row's phrases first and then read all their cells
   * in one tight loop (touchCells), which keeps more of those cache misses in flight than a read per position.
   */
  positions(lo: number, hi: number, at: Int32Array, from: number): void {
    lo >>>= 0;
    const step = (hi >>> 0) | 1;
    const mask = this.mask;
    const w = mask + 1;
    for (let i = 0; i < this.depth; i++) at[from + i] = i * w + ((lo + Math.imul(i, step)) & mask);
  }

  /** Reads the cells at `at[0 … count)` and returns a value depending on them; no effect on counts (see positions). */
  touchCells(at: Int32Array, count: number): number {
    let sink = 0;
    const narrow = this.narrow;
    if (narrow !== null) {
      for (let q = 0; q < count; q++) sink ^= narrow[at[q]];
      return sink;
    }
    const wide = this.wide!;
    for (let q = 0; q < count; q++) sink ^= wide[at[q]];
    return sink;
  }

  /** The current estimate of the key (lo, hi): the smallest of its cells (an upper bound of its true count). */
  estimate(lo: number, hi: number): number {
    lo >>>= 0;
    hi >>>= 0;
    const w = this.mask + 1;
    const cells = this.narrow ?? this.wide!;
    let est = 0xffffffff;
    for (let i = 0; i < this.depth; i++) {
      const c = cells[i * w + ((lo + Math.imul(i, hi | 1)) & this.mask)];
      if (c < est) est = c;
    }
    return est;
  }

  /**
   * Counts `weight` occurrences (default 1) of `tokens[start … start+len)` with 64-bit hash (lo, hi), seen on `line`.
   * A weight w > 1 is one occurrence of a row kept by a 1-in-w sample standing for w rows (templates: sampled
   * phrases); the estimate then counts in those units and N grows by w.
   */
  offer(
    lo: number,
    hi: number,
    tokens: Uint32Array,
    start: number,
    len: number,
    line: number,
    weight = 1,
  ): void {
    this.locate(lo, hi, this.idx, 0);
    this.offerAt(this.idx, 0, lo, hi, tokens, start, len, line, weight);
  }

  /**
   * offer() with the cell positions already written by locate(lo, hi, at, from): the same result, bit for bit.
   * Conservative update: the new estimate is the smallest cell + weight, and only cells below it are raised to it.
   */
  offerAt(
    at: Int32Array,
    from: number,
    lo: number,
    hi: number,
    tokens: Uint32Array,
    start: number,
    len: number,
    line: number,
    weight = 1,
  ): void {
    lo >>>= 0;
    hi >>>= 0;
    this.total += weight;
    const depth = this.depth;
    let next: number;
    const narrow = this.narrow;
    let est = 0xffffffff;
    if (narrow !== null) {
      for (let i = 0; i < depth; i++) {
        const c = narrow[at[from + i]];
        if (c < est) est = c;
      }
      next = est + weight;
      if (next <= 0xffff) {
        for (let i = 0; i < depth; i++) if (narrow[at[from + i]] < next) narrow[at[from + i]] = next;
      } else this.raiseWide(at, from, next);
    } else {
      const wide = this.wide!;
      for (let i = 0; i < depth; i++) {
        const c = wide[at[from + i]];
        if (c < est) est = c;
      }
      next = Math.min(est + weight, 0xffffffff);
      for (let i = 0; i < depth; i++) if (wide[at[from + i]] < next) wide[at[from + i]] = next;
    }
    // Early exit, same result as the lookup below: a tracked item's stored count is an estimate taken when its
    // cells were raised to it, and cells never decrease, so a tracked item always has next > its count ≥ the
    // heap minimum. When the heap is full and next ≤ its minimum the item is untracked and would not enter it.
    if (this.used === this.candidates && next <= this.items.counts[this.heap[0]]) return;

    let slot = this.index.get(lo, hi);
    if (slot >= 0) {
      this.items.counts[slot] = next;
      this.siftDown(this.hpos[slot]);
      noteExampleLine(this.items, slot, line);
      return;
    }
    if (this.used < this.candidates) {
      slot = this.used++;
      this.push(slot, next);
    } else {
      slot = this.heap[0];
      if (next <= this.items.counts[slot]) return;
      this.index.delete(this.items.keyLo[slot], this.items.keyHi[slot]);
      this.items.counts[slot] = next;
      this.siftDown(0);
    }
    this.index.set(lo, hi, slot);
    storeItem(this.items, slot, this.itemWidth, lo, hi, tokens, start, len, line);
  }

  /** Widens the cells to 32 bits (the same values) and raises the key's cells at `at[from …]` below `next` to it. */
  private raiseWide(at: Int32Array, from: number, next: number): void {
    const wide = this.widen();
    for (let i = 0; i < this.depth; i++) if (wide[at[from + i]] < next) wide[at[from + i]] = next;
  }

  /** The cells as 32-bit counters from now on (a copy of the 16-bit ones the first time). */
  private widen(): Uint32Array {
    if (this.wide === null) {
      this.wide = Uint32Array.from(this.narrow!);
      this.narrow = null;
    }
    return this.wide;
  }

  /** True once the cells are 32-bit counters (a cell had to pass 65,535, or a merge). For tests. */
  get widened(): boolean {
    return this.wide !== null;
  }

  /** Adds the free slot `slot` (the heap's next position) to the heap with estimate `count`. */
  private push(slot: number, count: number): void {
    this.heap[slot] = slot;
    this.hpos[slot] = slot;
    this.items.counts[slot] = count;
    this.siftUp(slot);
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
    const { counts } = this.items;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (counts[this.heap[p]] <= counts[this.heap[i]]) return;
      this.swap(i, p);
      i = p;
    }
  }

  private siftDown(i: number): void {
    const n = this.used;
    const { counts } = this.items;
    for (;;) {
      const l = 2 * i + 1;
      if (l >= n) return;
      const r = l + 1;
      const c = r < n && counts[this.heap[r]] < counts[this.heap[l]] ? r : l;
      if (counts[this.heap[c]] >= counts[this.heap[i]]) return;
      this.swap(i, c);
      i = c;
    }
  }

  /** The sketch as plain data (fresh typed arrays, each owning its buffer, so they can be transferred). */
  snapshot(): CountMinTopKPartial {
    return {
      width: this.width,
      depth: this.depth,
      candidates: this.candidates,
      itemWidth: this.itemWidth,
      total: this.total,
      // 32-bit cells whatever this sketch holds: the partial's format does not depend on the widening
      cells: this.wide !== null ? this.wide.slice() : Uint32Array.from(this.narrow!),
      ...snapshotItems(this.items, this.used, this.itemWidth),
    };
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
    // sums of two parts can pass 65,535: a merged sketch counts in 32 bits
    const cells = this.widen();
    for (let i = 0; i < cells.length; i++) {
      const sum = cells[i] + p.cells[i];
      cells[i] = sum > 0xffffffff ? 0xffffffff : sum;
    }
    this.total += p.total;
    const w = this.itemWidth;
    // the combined candidates in rank order: this sketch's slots, then the partial's new ones in its slot order;
    // every count is then re-estimated from the merged cells
    const { cols, n } = combineItems(
      this.items,
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
    storeKept(this.items, cols, kept, w, this.index);
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
    const { counts, ex1, ex2, ids, lens } = this.items;
    slots.sort((a, b) => counts[b] - counts[a] || ex1[a] - ex1[b] || a - b);
    const error = this.errorBound;
    return slots.slice(0, k).map((s) => ({
      ids: ids.slice(s * this.itemWidth, s * this.itemWidth + lens[s]),
      count: counts[s],
      error,
      exampleLines: ex2[s] > 0 ? [ex1[s], ex2[s]] : [ex1[s]],
    }));
  }
}
