/**
 * Open-addressing hash set of 64-bit fingerprints stored as two parallel Uint32Arrays.
 *
 * Why: distinct-n on a large corpus holds tens of millions of n-grams; a JS Set/Map cannot pass
 * 2^24 entries and costs ~50+ bytes per entry. Here an entry costs 8 bytes per slot (13–27 bytes
 * per stored key at the 0.3–0.6 load this set keeps), it is exact except for 64-bit hash
 * collisions, and its memory is known up front so a caller can enforce a budget.
 *
 * Layout: linear probing on the low half; the all-zero key marks an empty slot, so the key (0,0)
 * is tracked by a separate flag. Capacity is a power of two and doubles when an insert would push
 * the load past 0.6.
 */

/** Load factor above which the table doubles. */
export const NGRAM_SET_MAX_LOAD = 0.6;

export class NgramHashSet {
  private hi: Uint32Array;
  private lo: Uint32Array;
  private mask: number;
  private stored = 0;
  private hasZeroKey = false;

  /** `initialCapacity` is rounded up to a power of two (at least 16 slots). */
  constructor(initialCapacity = 1024) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
  }

  /** Number of distinct keys stored. */
  get size(): number {
    return this.stored + (this.hasZeroKey ? 1 : 0);
  }

  /** Number of slots. */
  get capacity(): number {
    return this.mask + 1;
  }

  /** Bytes held by the two slot arrays. */
  get bytes(): number {
    return this.capacity * 8;
  }

  /** True when the next insert of a new key would trigger a doubling. */
  needsGrow(): boolean {
    return this.stored + 1 > this.capacity * NGRAM_SET_MAX_LOAD;
  }

  /** Adds the key (hi, lo); returns true when it was not present. Grows the table when needed. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) {
      if (this.hasZeroKey) return false;
      this.hasZeroKey = true;
      return true;
    }
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const h = H[i];
      const l = L[i];
      if (h === 0 && l === 0) break;
      if (h === hi && l === lo) return false;
      i = (i + 1) & mask;
    }
    if (this.needsGrow()) {
      this.grow();
      this.insertNew(hi, lo);
    } else {
      H[i] = hi;
      L[i] = lo;
    }
    this.stored++;
    return true;
  }

  /** True when the key (hi, lo) is stored. */
  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) return this.hasZeroKey;
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = lo & mask;
    for (;;) {
      const h = H[i];
      const l = L[i];
      if (h === 0 && l === 0) return false;
      if (h === hi && l === lo) return true;
      i = (i + 1) & mask;
    }
  }

  /** Calls `fn(hi, lo)` for every stored key (used to move all keys into a sketch). */
  forEach(fn: (hi: number, lo: number) => void): void {
    if (this.hasZeroKey) fn(0, 0);
    const H = this.hi;
    const L = this.lo;
    for (let i = 0; i < H.length; i++) if (H[i] !== 0 || L[i] !== 0) fn(H[i], L[i]);
  }

  /** Doubles the capacity and re-inserts every key. */
  grow(): void {
    const oldHi = this.hi;
    const oldLo = this.lo;
    const cap = oldHi.length * 2;
    this.hi = new Uint32Array(cap);
    this.lo = new Uint32Array(cap);
    this.mask = cap - 1;
    for (let i = 0; i < oldHi.length; i++) {
      if (oldHi[i] !== 0 || oldLo[i] !== 0) this.insertNew(oldHi[i], oldLo[i]);
    }
  }

  /** Frees the slot arrays (the set becomes an empty 16-slot table). */
  clear(): void {
    this.hi = new Uint32Array(16);
    this.lo = new Uint32Array(16);
    this.mask = 15;
    this.stored = 0;
    this.hasZeroKey = false;
  }

  private insertNew(hi: number, lo: number): void {
    const H = this.hi;
    const L = this.lo;
    const mask = this.mask;
    let i = lo & mask;
    while (H[i] !== 0 || L[i] !== 0) i = (i + 1) & mask;
    H[i] = hi;
    L[i] = lo;
  }
}
