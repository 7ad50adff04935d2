/**
 * SpaceSaving heavy-hitters sketch (Metwally et al. 2005) over token-id n-grams, in typed arrays.
 *
 * Why: the most frequent n-grams of a multi-GB corpus must be found in bounded memory. With m counters,
 * every item whose true count exceeds N/m (N = items offered) is guaranteed to be kept, and each kept item's
 * count is an upper bound with `count − error ≤ true count ≤ count`. While fewer than m distinct items were
 * offered nothing is evicted and every count is exact (`evicted` stays false).
 */

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
}

/** 53-bit map key from a 64-bit hash (two 32-bit halves). */
function key53(lo: number, hi: number): number {
  return (hi & 0x1fffff) * 4294967296 + (lo >>> 0);
}

/**
 * SpaceSaving with O(log m) increments: slots are kept in `order` sorted by count descending; an increment
 * swaps the slot with the first slot of its count block, then bumps it, so the minimum is always `order[m−1]`.
 */
export class SpaceSaving {
  private readonly keys: Float64Array;
  private readonly counts: Float64Array;
  private readonly errors: Float64Array;
  private readonly ids: Uint32Array;
  private readonly lens: Uint8Array;
  private readonly ex1: Float64Array;
  private readonly ex2: Float64Array;
  private readonly order: Uint32Array;
  private readonly pos: Uint32Array;
  private readonly index = new Map<number, number>();
  private used = 0;
  /** True once an item was evicted: counts may then be overestimates. */
  evicted = false;

  constructor(
    readonly capacity: number,
    private readonly width: number,
  ) {
    this.keys = new Float64Array(capacity);
    this.counts = new Float64Array(capacity);
    this.errors = new Float64Array(capacity);
    this.ids = new Uint32Array(capacity * width);
    this.lens = new Uint8Array(capacity);
    this.ex1 = new Float64Array(capacity);
    this.ex2 = new Float64Array(capacity);
    this.order = new Uint32Array(capacity);
    this.pos = new Uint32Array(capacity);
  }

  /**
   * Counts one occurrence of the n-gram `tokens[start … start+len)` (len ≤ width) whose 64-bit hash is (lo, hi),
   * seen on `line`.
   */
  offer(lo: number, hi: number, tokens: Uint32Array, start: number, len: number, line: number): void {
    const key = key53(lo, hi);
    let slot = this.index.get(key);
    if (slot !== undefined) {
      this.increment(slot);
      if (this.ex2[slot] === 0 && this.ex1[slot] !== line) this.ex2[slot] = line;
      return;
    }
    if (this.used < this.capacity) {
      slot = this.used++;
      this.order[slot] = slot;
      this.pos[slot] = slot;
      this.counts[slot] = 1;
      this.errors[slot] = 0;
    } else {
      slot = this.order[this.capacity - 1];
      this.index.delete(this.keys[slot]);
      this.errors[slot] = this.counts[slot];
      this.evicted = true;
      this.increment(slot);
    }
    this.keys[slot] = key;
    this.index.set(key, slot);
    this.ids.set(tokens.subarray(start, start + len), slot * this.width);
    this.lens[slot] = len;
    this.ex1[slot] = line;
    this.ex2[slot] = 0;
  }

  private increment(slot: number): void {
    const c = this.counts[slot];
    const p = this.pos[slot];
    let lo = 0;
    let hi = p;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.counts[this.order[mid]] > c) lo = mid + 1;
      else hi = mid;
    }
    const other = this.order[lo];
    this.order[lo] = slot;
    this.order[p] = other;
    this.pos[slot] = lo;
    this.pos[other] = p;
    this.counts[slot] = c + 1;
  }

  /** Smallest kept count (0 while not full): any item not kept has a true count ≤ this. */
  get minCount(): number {
    return this.used < this.capacity ? 0 : this.counts[this.order[this.capacity - 1]];
  }

  /** The `k` largest items by count (ties: earliest example line, then earliest inserted, first). */
  top(k: number): HeavyHitter[] {
    const slots = Array.from(this.order.subarray(0, this.used));
    slots.sort((a, b) => this.counts[b] - this.counts[a] || this.ex1[a] - this.ex1[b] || a - b);
    return slots.slice(0, k).map((s) => ({
      ids: this.ids.slice(s * this.width, s * this.width + this.lens[s]),
      count: this.counts[s],
      error: this.errors[s],
      exampleLines: this.ex2[s] > 0 ? [this.ex1[s], this.ex2[s]] : [this.ex1[s]],
    }));
  }
}
