/**
 * Open-addressing hash table from a 64-bit key (two 32-bit halves) to a non-negative int32 value,
 * stored in typed arrays (12 bytes per slot, load ≤ 1/2, so ≈ 24 bytes per key).
 *
 * Why: exact-identity lookups over millions of keys (normalised texts for exact duplicates, identical
 * shingle sets for near duplicates) without a JS object per key. The table never stores the texts themselves.
 * Equal keys may be stored several times: `find` accepts a predicate so a caller can confirm a match and keep
 * probing past 64-bit collisions.
 */
import { emptyKeySlots, homeSlot } from './keySlots.ts';

export class Hash64Table {
  private lo: Uint32Array;
  private hi: Uint32Array;
  private val: Int32Array;
  private mask: number;
  private used = 0;

  constructor(initialCapacity = 1024) {
    ({ lo: this.lo, hi: this.hi, val: this.val, mask: this.mask } = emptyKeySlots(initialCapacity * 2));
  }

  /** Number of stored keys. */
  get size(): number {
    return this.used;
  }

  /** Bytes held by the table's arrays. */
  get bytes(): number {
    return this.lo.byteLength + this.hi.byteLength + this.val.byteLength;
  }

  /**
   * Value stored under (lo, hi) for which `accept(value)` holds (default: the first one), or −1.
   */
  find(lo: number, hi: number, accept?: (value: number) => boolean): number {
    lo >>>= 0;
    hi >>>= 0;
    let i = homeSlot(lo, hi, this.mask);
    for (;;) {
      const v = this.val[i];
      if (v < 0) return -1;
      if (this.lo[i] === lo && this.hi[i] === hi && (accept === undefined || accept(v))) return v;
      i = (i + 1) & this.mask;
    }
  }

  /**
   * The key of every value 0..n−1 as [lo₀, hi₀, lo₁, hi₁, …], for tables whose values are exactly 0..n−1, each
   * stored once (the entry / rep numbers of the duplicate accumulators). Why: a snapshot carries the keys
   * without the accumulator keeping a second per-value copy of them.
   */
  keysByValue(n: number): Uint32Array {
    const out = new Uint32Array(2 * n);
    const { lo, hi, val } = this;
    for (let i = 0; i < val.length; i++) {
      const v = val[i];
      if (v >= 0 && v < n) {
        out[2 * v] = lo[i];
        out[2 * v + 1] = hi[i];
      }
    }
    return out;
  }

  /** Stores `value` (≥ 0) under (lo, hi); does not check for an existing equal key. */
  insert(lo: number, hi: number, value: number): void {
    if ((this.used + 1) * 2 > this.val.length) this.grow();
    this.place(lo >>> 0, hi >>> 0, value);
    this.used++;
  }

  private place(lo: number, hi: number, value: number): void {
    let i = homeSlot(lo, hi, this.mask);
    while (this.val[i] >= 0) i = (i + 1) & this.mask;
    this.lo[i] = lo;
    this.hi[i] = hi;
    this.val[i] = value;
  }

  private grow(): void {
    const { lo, hi, val } = this;
    ({ lo: this.lo, hi: this.hi, val: this.val, mask: this.mask } = emptyKeySlots(val.length * 2));
    for (let i = 0; i < val.length; i++) if (val[i] >= 0) this.place(lo[i], hi[i], val[i]);
  }
}
