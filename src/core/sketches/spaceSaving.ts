/**
 * SpaceSaving heavy-hitters sketch (Metwally et al. 2005) over token-id n-grams, in typed arrays.
 *
 * Why: the most frequent n-grams of a multi-GB corpus must be found in bounded memory. With m counters,
 * every item whose true count exceeds N/m (N = items offered) is guaranteed to be kept, and each kept item's
 * count is an upper bound with `count − error ≤ true count ≤ count`. While fewer than m distinct items were
 * offered nothing is evicted and every count is exact (`evicted` stays false).
 */
import { combineItems, keepBest, storeKept, type ItemColumns } from './itemColumns.ts';
import { newItemColumns, noteExampleLine, snapshotItems, storeItem } from './itemSlots.ts';
import { emptyKeySlots, homeSlot } from './keySlots.ts';

/** One kept item. */
export interface HeavyHitter {
  /** Token ids of the n-gram. */
  ids: Uint32Array;
  /** Upper bound of the true count. */
  count: number;
  /** Overestimation bound: true count ≥ count − error. */
  error: number;
  /** Up to two line numbers where the item was seen (since it was last (re)inserted). */
  exampleLines: number[];
  /** The item's 64-bit key as offered (the hash the sketch counts by; content-key based in the analysis). */
  keyLo?: number;
  keyHi?: number;
}

/**
 * Open-addressing index (64-bit key → slot) with backward-shift deletion, so SpaceSaving's constant
 * evictions leave no tombstones. Load ≤ 1/4.
 */
export class SlotIndex {
  private readonly lo: Uint32Array;
  private readonly hi: Uint32Array;
  private readonly slot: Int32Array;
  private readonly mask: number;

  constructor(capacity: number) {
    ({ lo: this.lo, hi: this.hi, val: this.slot, mask: this.mask } = emptyKeySlots(capacity * 4));
  }

  private home(lo: number, hi: number): number {
    return homeSlot(lo, hi, this.mask);
  }

  /** Position of the key in the table, or −1. */
  private position(lo: number, hi: number): number {
    let i = this.home(lo, hi);
    for (;;) {
      const s = this.slot[i];
      if (s < 0) return -1;
      if (this.lo[i] === lo && this.hi[i] === hi) return i;
      i = (i + 1) & this.mask;
    }
  }

  get(lo: number, hi: number): number {
    const i = this.position(lo, hi);
    return i < 0 ? -1 : this.slot[i];
  }

  set(lo: number, hi: number, slot: number): void {
    let i = this.home(lo, hi);
    while (this.slot[i] >= 0) i = (i + 1) & this.mask;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.slot[i] = slot;
  }

  delete(lo: number, hi: number): void {
    let i = this.position(lo, hi);
    if (i < 0) return;
    let j = i;
    for (;;) {
      j = (j + 1) & this.mask;
      if (this.slot[j] < 0) break;
      const h = this.home(this.lo[j], this.hi[j]);
      // keep entry j where it is if its home lies cyclically in (i, j]
      if (i <= j ? i < h && h <= j : i < h || h <= j) continue;
      this.lo[i] = this.lo[j];
      this.hi[i] = this.hi[j];
      this.slot[i] = this.slot[j];
      i = j;
    }
    this.slot[i] = -1;
  }
}

/**
 * A SpaceSaving sketch as plain data (typed arrays trimmed to the kept items), e.g. to post between threads.
 * Items are listed in slot order, the last tie-break of top(), so that a merge can keep it: 64-bit hash, count,
 * error, first two example lines, tokens (`width` per item).
 */
export interface SpaceSavingPartial extends ItemColumns {
  capacity: number;
  width: number;
  evicted: boolean;
  /** Per kept item: its overestimation bound (count − error ≤ true count). */
  errors: Float64Array;
}

/** `ids` with every id replaced by remap[id] (a copy); identity without remap. */
export function remapIds(ids: Uint32Array, remap: Uint32Array | undefined): Uint32Array {
  const out = ids.slice();
  if (!remap) return out;
  for (let i = 0; i < out.length; i++) {
    const id = out[i];
    if (id >= remap.length)
      throw new RangeError(`token id ${id} has no entry in the remap (length ${remap.length})`);
    out[i] = remap[id];
  }
  return out;
}

/**
 * SpaceSaving with O(log m) increments: slots are kept in `order` sorted by count descending; an increment
 * swaps the slot with the first slot of its count block, then bumps it, so the minimum is always `order[m−1]`.
 */
export class SpaceSaving {
  /** The counters' keys, counts, errors, example lines and tokens, by slot (itemColumns.ts). */
  private readonly items: Required<ItemColumns>;
  private readonly order: Uint32Array;
  private readonly pos: Uint32Array;
  private index: SlotIndex;
  private used = 0;
  /** True once an item was evicted (here or in a merged summary): counts may then be overestimates. */
  evicted = false;

  constructor(
    readonly capacity: number,
    private readonly width: number,
  ) {
    this.items = { ...newItemColumns(capacity, width), errors: new Float64Array(capacity) };
    this.index = new SlotIndex(capacity);
    this.order = new Uint32Array(capacity);
    this.pos = new Uint32Array(capacity);
  }

  /**
   * Counts one occurrence of the n-gram `tokens[start … start+len)` (len ≤ width) whose 64-bit hash is (lo, hi),
   * seen on `line`.
   */
  offer(lo: number, hi: number, tokens: Uint32Array, start: number, len: number, line: number): void {
    lo >>>= 0;
    hi >>>= 0;
    let slot = this.index.get(lo, hi);
    if (slot >= 0) {
      this.increment(slot);
      noteExampleLine(this.items, slot, line);
      return;
    }
    if (this.used < this.capacity) {
      slot = this.used++;
      this.order[slot] = slot;
      this.pos[slot] = slot;
      this.items.counts[slot] = 1;
      this.items.errors[slot] = 0;
    } else {
      slot = this.order[this.capacity - 1];
      this.index.delete(this.items.keyLo[slot], this.items.keyHi[slot]);
      this.items.errors[slot] = this.items.counts[slot];
      this.evicted = true;
      this.increment(slot);
    }
    this.index.set(lo, hi, slot);
    storeItem(this.items, slot, this.width, lo, hi, tokens, start, len, line);
  }

  private increment(slot: number): void {
    const { counts } = this.items;
    const c = counts[slot];
    const p = this.pos[slot];
    let lo = 0;
    let hi = p;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (counts[this.order[mid]] > c) lo = mid + 1;
      else hi = mid;
    }
    const other = this.order[lo];
    this.order[lo] = slot;
    this.order[p] = other;
    this.pos[slot] = lo;
    this.pos[other] = p;
    counts[slot] = c + 1;
  }

  /** Smallest kept count (0 while not full): any item not kept has a true count ≤ this. */
  get minCount(): number {
    return this.used < this.capacity ? 0 : this.items.counts[this.order[this.capacity - 1]];
  }

  /** The sketch as plain data (fresh typed arrays, each owning its buffer, so they can be transferred). */
  snapshot(): SpaceSavingPartial {
    return {
      capacity: this.capacity,
      width: this.width,
      evicted: this.evicted,
      ...(snapshotItems(this.items, this.used, this.width) as Required<ItemColumns>),
    };
  }

  /**
   * Folds in the summary of a LATER part of the stream (the mergeable-summary merge of Agarwal et al. 2012):
   * an item in both gets the sum of the counts and of the errors; an item in one summary only gets the other's
   * minimum count added to its count and error when that other summary has evicted (it may then have occurred
   * there up to that many times unseen; a summary that never evicted saw every item it was offered, so 0 is
   * added); then the `capacity` items with the largest count are kept (ties: smaller error, earlier first
   * example line, this summary's items before the partial's, each in slot order). `remap[id]` translates the
   * partial's token ids (omitted: unchanged).
   *
   * Guarantees: every kept count is still an upper bound with count − error ≤ true count, and every item whose
   * true count exceeds N/capacity (N = items offered to both) is kept. When the combined stream has at most
   * `capacity` distinct items and neither side evicted, the result (counts, errors = 0, example lines, slot
   * order and so top()) equals one sketch offered both parts in order, and `evicted` stays false. Example lines:
   * this summary's first, then the partial's — the earliest lines, as in one pass.
   */
  merge(p: SpaceSavingPartial, remap?: Uint32Array): void {
    if (p.capacity !== this.capacity || p.width !== this.width)
      throw new RangeError(
        `SpaceSaving merge: capacity/width ${p.capacity}/${p.width} ≠ ${this.capacity}/${this.width}`,
      );
    const w = this.width;
    const mine = this.used;
    const theirs = p.counts.length;
    // what an unkept item may have had on each side
    const mThis = this.evicted ? this.minCount : 0;
    let mP = 0;
    if (p.evicted) {
      mP = Infinity;
      for (let i = 0; i < theirs; i++) if (p.counts[i] < mP) mP = p.counts[i];
      if (theirs === 0) mP = 0;
    }
    const pIds = remapIds(p.ids, remap);
    // the combined items in rank order: this summary's slots, then the partial's new items in its slot order
    const matched = new Uint8Array(mine);
    const { cols, n } = combineItems(
      this.items,
      mine,
      p,
      pIds,
      w,
      this.index,
      (c, s, j) => {
        matched[s] = 1;
        c.counts[s] += p.counts[j];
        c.errors![s] += p.errors[j];
      },
      (c, m, j) => {
        c.counts[m] = p.counts[j] + mThis;
        c.errors![m] = p.errors[j] + mThis;
      },
    );
    const { counts, errors, ex1 } = cols as Required<ItemColumns>;
    if (mP > 0)
      for (let s = 0; s < mine; s++) {
        if (matched[s]) continue;
        counts[s] += mP;
        errors[s] += mP;
      }
    // keep the `capacity` largest counts, then put them back in rank order
    const kept = keepBest(
      n,
      this.capacity,
      (a, b) => counts[b] - counts[a] || errors[a] - errors[b] || ex1[a] - ex1[b] || a - b,
    );
    this.evicted = this.evicted || p.evicted || n > this.capacity;
    this.index = new SlotIndex(this.capacity);
    storeKept(this.items, cols, kept, w, this.index);
    this.used = kept.length;
    // `order`: slots by count, descending (ties in slot order)
    const order = Array.from({ length: this.used }, (_, s) => s).sort(
      (a, b) => this.items.counts[b] - this.items.counts[a] || a - b,
    );
    order.forEach((s, i) => {
      this.order[i] = s;
      this.pos[s] = i;
    });
  }

  /**
   * The `k` items with the largest guaranteed count (count − error), then largest count, earliest example line,
   * earliest inserted. Without evictions this is simply the k most frequent items.
   */
  top(k: number): HeavyHitter[] {
    const slots = Array.from(this.order.subarray(0, this.used));
    const { counts, errors, ex1, ex2, ids, lens, keyLo, keyHi } = this.items;
    slots.sort(
      (a, b) =>
        counts[b] - errors[b] - (counts[a] - errors[a]) || counts[b] - counts[a] || ex1[a] - ex1[b] || a - b,
    );
    return slots.slice(0, k).map((s) => ({
      ids: ids.slice(s * this.width, s * this.width + lens[s]),
      count: counts[s],
      error: errors[s],
      exampleLines: ex2[s] > 0 ? [ex1[s], ex2[s]] : [ex1[s]],
      keyLo: keyLo[s],
      keyHi: keyHi[s],
    }));
  }
}
