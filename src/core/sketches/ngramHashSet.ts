/**
 * Open-addressing hash set of 64-bit fingerprints stored as two parallel Uint32Arrays.
 *
 * Why: distinct-n on a large corpus holds tens of millions of n-grams; a JS Set/Map cannot pass
 * 2^24 entries and costs ~50+ bytes per entry. Here an entry costs 8 bytes per slot (13–27 bytes
 * per stored key at the 0.3–0.6 load this set keeps), it is exact except for 64-bit hash
 * collisions, and its memory is known up front so a caller can enforce a budget.
 *
 * Layout: one Uint32Array with the two halves of a slot side by side (slot i at [2i, 2i+1], so a
 * probe touches one cache line), linear probing from the slot given by the TOP bits of the low half (so keys in
 * ascending order — as `toPairs` lists them — land in ascending slots of a table of any size, and a merge of a
 * chunk's keys sweeps the big table nearly sequentially instead of missing the cache on every key); the all-zero key marks an empty
 * slot, so the key (0,0) is tracked by a separate flag. Capacity is a power of two and doubles
 * when an insert would push the load past 0.6.
 */

/** Load factor above which the table doubles. */
export const NGRAM_SET_MAX_LOAD = 0.6;

export class NgramHashSet {
  /** slots[2i] = hi, slots[2i+1] = lo. */
  private slots: Uint32Array;
  /**
   * The capacity every rule sees (room, doubling, `bytes`, hence a caller's budget): it doubles as if the table
   * started at `initialCapacity`, whatever the slot array's size. The slot array has at least this many slots, more
   * when the constructor was given a larger `reserve`: a doubling within the reserve moves no key.
   */
  private cap: number;
  private mask: number;
  /** Slot of a key = the top log2(capacity) bits of its low half (lo >>> shift). */
  private shift: number;
  private stored = 0;
  private hasZeroKey = false;

  /**
   * `initialCapacity` (slots) is rounded up to a power of two (at least 16). `reserve` (slots, default 0): the slot
   * array is allocated at least this large (a power of two) up front. Why: a chunk worker's tables grow to about the
   * size of its previous chunk's, and each doubling re-inserts every key (~2.5 s of a 1 GiB run); a reserved table
   * behaves exactly as an unreserved one (same capacity, room, doublings and `bytes`, so the same budget decisions
   * and the same keys) — it only skips the copies.
   */
  constructor(initialCapacity = 1024, reserve = 0) {
    let cap = 16;
    while (cap < initialCapacity) cap *= 2;
    let slots = cap;
    while (slots < reserve) slots *= 2;
    this.cap = cap;
    this.slots = new Uint32Array(slots * 2);
    this.mask = slots - 1;
    this.shift = 32 - Math.log2(slots);
  }

  /** Number of distinct keys stored. */
  get size(): number {
    return this.stored + (this.hasZeroKey ? 1 : 0);
  }

  /** Number of slots, as every rule sees it (8 bytes each): the array may hold more when reserved (constructor). */
  get capacity(): number {
    return this.cap;
  }

  /** Bytes of `capacity` slots: what the table would hold without a reserve, and what a budget counts. */
  get bytes(): number {
    return this.cap * 8;
  }

  /**
   * Every stored key as packed (hi, lo) pairs, strictly ascending by the low half, then the high half (the order of
   * sketches/sortedKeySet.ts, so the main thread merges a chunk's keys into its sorted run without sorting them).
   * Why cheap: a key's home slot is the top bits of its low half, so slot order is already that order except inside
   * a probe run (a few keys, fixed by an insertion sort) and for the run that wraps past the last slot (its keys
   * in the first slots are listed last).
   */
  toPairs(): Uint32Array {
    const out = new Uint32Array(2 * this.size);
    const S = this.slots;
    const cap = this.mask + 1;
    const shift = this.shift;
    let w = 0;
    if (this.hasZeroKey) w = 2; // (0, 0) is the smallest key
    let e = 0; // first empty slot (the load stays ≤ 0.6, so there is one)
    while (e < cap && (S[2 * e] !== 0 || S[2 * e + 1] !== 0)) e++;
    // slots before e: keys whose home is at or before their slot (the wrapped run's keys come last)
    for (let i = 0; i < e; i++) {
      if (S[2 * i + 1] >>> shift <= i) {
        out[w++] = S[2 * i];
        out[w++] = S[2 * i + 1];
      }
    }
    for (let i = e; i < cap; i++) {
      if (S[2 * i] !== 0 || S[2 * i + 1] !== 0) {
        out[w++] = S[2 * i];
        out[w++] = S[2 * i + 1];
      }
    }
    for (let i = 0; i < e; i++) {
      if (S[2 * i + 1] >>> shift > i) {
        out[w++] = S[2 * i];
        out[w++] = S[2 * i + 1];
      }
    }
    insertionSortPairs(out);
    return out;
  }

  /** True when the next insert of a new key would trigger a doubling. */
  needsGrow(): boolean {
    return this.stored + 1 > this.cap * NGRAM_SET_MAX_LOAD;
  }

  /** Adds the key (hi, lo); returns true when it was not present. Grows the table when needed. */
  add(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) {
      if (this.hasZeroKey) return false;
      this.hasZeroKey = true;
      return true;
    }
    let i = this.slotOf(hi, lo);
    if (this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0) return false;
    if (this.needsGrow()) {
      this.grow();
      i = this.slotOf(hi, lo);
    }
    this.slots[2 * i] = hi;
    this.slots[2 * i + 1] = lo;
    this.stored++;
    return true;
  }

  /** The slot holding the non-zero key (hi, lo), or the empty slot where it would go (linear probing). */
  private slotOf(hi: number, lo: number): number {
    const S = this.slots;
    const mask = this.mask;
    let i = lo >>> this.shift;
    for (;;) {
      const h = S[2 * i];
      const l = S[2 * i + 1];
      if ((h === 0 && l === 0) || (h === hi && l === lo)) return i;
      i = (i + 1) & mask;
    }
  }

  /**
   * Adds `count` keys stored as pairs keys[start + 2j] (hi), keys[start + 2j + 1] (lo). Returns how
   * many were new. Call `hasRoomFor(count)` / `grow()` first to keep the batch free of doublings
   * (it still grows if needed). One tight loop, so the CPU overlaps the probes' cache misses.
   */
  addPairs(keys: Uint32Array, start: number, count: number): number {
    let added = 0;
    for (let j = 0; j < count; j++) {
      const hi = keys[start + 2 * j];
      const lo = keys[start + 2 * j + 1];
      if ((hi === 0 && lo === 0) || this.needsGrow()) {
        if (this.add(hi, lo)) added++;
        continue;
      }
      const S = this.slots;
      const i = this.slotOf(hi, lo);
      if (S[2 * i] === 0 && S[2 * i + 1] === 0) {
        S[2 * i] = hi;
        S[2 * i + 1] = lo;
        this.stored++;
        added++;
      }
    }
    return added;
  }

  /**
   * addPairs for the keys j whose `mark[j]` is 0 (the others are known to be stored and are skipped); afterwards
   * mark[j] is 1 for every key that was already stored (or skipped) and 0 for every key this call added. Returns how
   * many were new. Why: lexicalDistinct.ts learns from an n-gram already stored that its sub-n-grams are stored too,
   * so it probes fewer keys of the lower orders, and it needs each key's answer for the next order.
   */
  addPairsMarked(keys: Uint32Array, start: number, count: number, mark: Uint8Array): number {
    let added = 0;
    for (let j = 0; j < count; j++) {
      if (mark[j] !== 0) continue;
      const hi = keys[start + 2 * j];
      const lo = keys[start + 2 * j + 1];
      if ((hi === 0 && lo === 0) || this.needsGrow()) {
        if (this.add(hi, lo)) added++;
        else mark[j] = 1;
        continue;
      }
      const S = this.slots;
      const i = this.slotOf(hi, lo);
      if (S[2 * i] === 0 && S[2 * i + 1] === 0) {
        S[2 * i] = hi;
        S[2 * i + 1] = lo;
        this.stored++;
        added++;
      } else mark[j] = 1;
    }
    return added;
  }

  /** touch for the keys j whose `mark[j]` is 0 (the keys addPairsMarked will probe). */
  touchMarked(keys: Uint32Array, start: number, count: number, mark: Uint8Array): number {
    const S = this.slots;
    const shift = this.shift;
    let sink = 0;
    for (let j = 0; j < count; j++) if (mark[j] === 0) sink ^= S[2 * (keys[start + 2 * j + 1] >>> shift)];
    return sink;
  }

  /**
   * Reads the home slot of each of `count` keys laid out as in addPairs and returns a value that depends on
   * them (callers keep it, so the reads are not dropped). Why: the reads are independent, so the CPU overlaps
   * their cache and TLB misses; the probes of the following addPairs then mostly hit the cache (measured
   * ~25% fewer ns per key on a 256 MB table). No effect on the set's contents.
   */
  touch(keys: Uint32Array, start: number, count: number): number {
    const S = this.slots;
    const shift = this.shift;
    let sink = 0;
    for (let j = 0; j < count; j++) sink ^= S[2 * (keys[start + 2 * j + 1] >>> shift)];
    return sink;
  }

  /** True when `extra` more keys fit without a doubling. */
  hasRoomFor(extra: number): boolean {
    return this.stored + extra <= this.cap * NGRAM_SET_MAX_LOAD;
  }

  /** True when the key (hi, lo) is stored. */
  has(hi: number, lo: number): boolean {
    if (hi === 0 && lo === 0) return this.hasZeroKey;
    const i = this.slotOf(hi, lo);
    return this.slots[2 * i] !== 0 || this.slots[2 * i + 1] !== 0;
  }

  /** Calls `fn(hi, lo)` for every stored key (used to move all keys into a sketch). */
  forEach(fn: (hi: number, lo: number) => void): void {
    if (this.hasZeroKey) fn(0, 0);
    const S = this.slots;
    for (let j = 0; j < S.length; j += 2) if (S[j] !== 0 || S[j + 1] !== 0) fn(S[j], S[j + 1]);
  }

  /** Doubles the capacity; re-inserts every key into a new slot array unless the array is already that large. */
  grow(): void {
    this.cap *= 2;
    if (this.cap <= this.mask + 1) return;
    const old = this.slots;
    const cap = this.cap;
    this.shift = 32 - Math.log2(cap);
    this.slots = new Uint32Array(cap * 2);
    this.mask = cap - 1;
    for (let j = 0; j < old.length; j += 2)
      if (old[j] !== 0 || old[j + 1] !== 0) this.insertNew(old[j], old[j + 1]);
  }

  /** Frees the slot array (the set becomes an empty 16-slot table). */
  clear(): void {
    this.slots = new Uint32Array(32);
    this.cap = 16;
    this.mask = 15;
    this.shift = 28;
    this.stored = 0;
    this.hasZeroKey = false;
  }

  private insertNew(hi: number, lo: number): void {
    const i = this.slotOf(hi, lo);
    this.slots[2 * i] = hi;
    this.slots[2 * i + 1] = lo;
  }
}

/** Sorts packed (hi, lo) pairs by the low half, then the high half, in place; fast when they are nearly sorted. */
function insertionSortPairs(p: Uint32Array): void {
  for (let j = 2; j < p.length; j += 2) {
    const hi = p[j];
    const lo = p[j + 1];
    let k = j - 2;
    while (k >= 0 && (p[k + 1] > lo || (p[k + 1] === lo && p[k] > hi))) {
      p[k + 2] = p[k];
      p[k + 3] = p[k + 1];
      k -= 2;
    }
    p[k + 2] = hi;
    p[k + 3] = lo;
  }
}
