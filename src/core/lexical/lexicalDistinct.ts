/**
 * distinct-n for n = 2, 3, 4: unique n-grams / all n-grams, with n-grams formed INSIDE each row
 * (a row of k tokens has max(0, k − n + 1) n-grams of order n) and pooled over the dataset.
 * (distinct-1 is types/tokens and is counted exactly by the accumulator's type table.)
 *
 * Why this layout: a 500 MB corpus holds > 11 million distinct 4-grams, past what a JS Set can
 * hold. Each n-gram is fingerprinted by a 64-bit hash (sketches/hashing.ts: MurmurHash3 + xxHash32-style
 * halves) and stored in an `NgramHashSet` — exact except for 64-bit hash collisions. The three
 * tables share `budgetBytes`; when a table would need to double past the budget, that order
 * switches to a HyperLogLog sketch: every stored hash is fed into the sketch, the table is freed,
 * and counting continues in the sketch (relative standard error 1.04/√2^p).
 * A row's orders are inserted from the highest down: the n-grams inside an n-gram already stored are stored too, so
 * they are not probed (on e-mail text less than half of the keys are), with the same sets and the same switches.
 * A counter fed only by merges (the file's counter in a chunked run) keeps each order's keys as sorted runs
 * (sketches/sortedKeySet.ts, 8 bytes per key, no doubling; past 8 MiB they live in temporary files) that merge like a
 * binary counter (sketches/sortedKeyTiers.ts), under `sortedBudgetBytes` (320 MiB of keys, in memory or on file); when
 * a merge would pass it, the largest order switches to HyperLogLog first.
 */
import { HASH_SEED_HI, HASH_SEED_LO, xxStart } from '../sketches/hashing.ts';
import { HyperLogLog } from '../sketches/hyperLogLog.ts';
import { NgramHashSet } from '../sketches/ngramHashSet.ts';
import { SortedKeySet, type SortedKeySetOptions, sortedPairs } from '../sketches/sortedKeySet.ts';
import { SortedKeyTiers } from '../sketches/sortedKeyTiers.ts';

/** Default memory budget of the exact n-gram tables, all orders together (1 GiB). */
export const DEFAULT_DISTINCT_MEMORY_BUDGET = 1024 * 1024 * 1024;
/**
 * Default budget of the sorted runs of merged distinct-n keys, all orders together (320 MiB: 8 bytes per key, so 41.9 M
 * keys). Why this size: it keeps exact every order that the 1 GiB hash-table budget kept exact on the 256 MB bench
 * corpora (the Zipf one holds 34.4 M distinct 2- and 3-grams; its distinct-4, 29 M, was already estimated), and it is
 * the main thread's largest item in the memory model of a chunked run (docs/performance.md).
 */
export const DEFAULT_DISTINCT_SORTED_BUDGET = 320 * 1024 * 1024;
/** HyperLogLog precision used after the fallback (2^16 registers: 0.41% standard error). */
export const DISTINCT_HLL_PRECISION = 16;

/** Counts for one n-gram order. */
export interface DistinctOrderCount {
  /** Unique n-grams (exact, or the rounded HLL estimate clamped to `total`). */
  unique: number;
  total: number;
  method: 'exact' | 'hll';
  /** 0 when exact (up to 2^-64 collisions), else the sketch's relative standard error. */
  relativeError: number;
}

/** Keys a merge inserts between two room checks. */
const MERGE_SLICE = 1 << 16;

const M_START = HASH_SEED_HI | 0;
const X_START = xxStart(HASH_SEED_LO);

/** Slots to reserve for the tables of orders 2, 3 and 4 (NgramDistinctCounter's constructor, reserveForNext). */
export type DistinctReserve = readonly [number, number, number];

/** A NgramDistinctCounter as plain data: orders 2, 3, 4 in that order. */
export interface DistinctPartial {
  orders: { total: number; pairs: Uint32Array | null; registers: Uint8Array | null }[];
}

/** Pooled distinct-2/3/4 counter with an exact → HyperLogLog fallback past a memory budget. */
export class NgramDistinctCounter {
  private readonly sets: (NgramHashSet | null)[];
  private readonly sketches: (HyperLogLog | null)[] = [null, null, null, null, null];
  /**
   * An order whose keys came only from merges (a chunked run's file counter) keeps them as sorted runs (8 bytes
   * per key, no doubling) instead of its hash set: `sets[n]` is then null and `sorted[n]` holds them.
   */
  private readonly sorted: (SortedKeyTiers | null)[] = [null, null, null, null, null];
  private readonly totals = [0, 0, 0, 0, 0];
  private readonly row = new RowBigramSet();
  private scratch = new Uint32Array(6 * 64);
  /** Per token of the row: its part of the murmurMix step (k · c1, rotated, · c2) and of the xxMix step (k · P3). */
  private km = new Int32Array(64);
  private kx = new Int32Array(64);
  /** Per key of one order of the row: 1 when it is known to be stored (insertOrders). */
  private mark = new Uint8Array(64);
  /** Tokens of the row whose fingerprints `scratch` holds (−1: none), for a counter that reuses them (addRow's `from`). */
  private lastK = -1;
  /** Accumulates the values of NgramHashSet.touch so the prefetching reads stay in the compiled code. */
  private sink = 0;

  /**
   * `budgetBytes`: the hash tables of a counter fed rows (one pass, a chunk). `sortedBudgetBytes`: the sorted runs of a
   * counter fed only merges (a chunked run's file counter, docs/performance.md "Memory model"), at most `budgetBytes`;
   * it counts 8 bytes a key whether a run is in memory or, past `sortedSpill.memoryKeys`, in its temporary file.
   */
  constructor(
    private readonly budgetBytes: number = DEFAULT_DISTINCT_MEMORY_BUDGET,
    private readonly hllPrecision = DISTINCT_HLL_PRECISION,
    private readonly sortedBudgetBytes = Math.min(budgetBytes, DEFAULT_DISTINCT_SORTED_BUDGET),
    private readonly sortedSpill: SortedKeySetOptions = {},
    reserve: DistinctReserve = [0, 0, 0],
  ) {
    this.sets = [
      null,
      null,
      new NgramHashSet(undefined, reserve[0]),
      new NgramHashSet(undefined, reserve[1]),
      new NgramHashSet(undefined, reserve[2]),
    ];
  }

  /**
   * Slots worth reserving for orders 2, 3, 4 in a counter about to see rows like this one's (the capacities its
   * exact tables reached; 0 for an order that is a sketch or sorted). Why: a chunk worker's next chunk is of the
   * same size, and a table reserved that large never copies its keys while it doubles (NgramHashSet's constructor).
   */
  reserveForNext(): DistinctReserve {
    const capacity = (n: number) => this.sets[n]?.capacity ?? 0;
    return [capacity(2), capacity(3), capacity(4)];
  }

  /**
   * Adds every 2-, 3- and 4-gram of one row. Returns the number of distinct bigrams within this row.
   * `ids` feed the MurmurHash half of each n-gram's fingerprint and `hi` (default: `ids`) the xxHash half; the
   * analysis passes each token's two content lanes (Vocabulary.keysOf), so the fingerprint of an n-gram depends
   * only on its tokens' characters and tables built from separate chunks merge.
   */
  addRow(ids: Uint32Array, hi: Uint32Array = ids, from?: NgramDistinctCounter): number {
    const k = ids.length;
    if (from !== undefined && from.lastK === k) return this.addHashed(from, k);
    this.lastK = k;
    this.row.reset(k);
    if (k < 2) return 0;
    if (k > this.scratch.length / 6)
      this.scratch = new Uint32Array(6 * Math.max(k, (2 * this.scratch.length) / 6));
    // scratch layout: [order-2 pairs | order-3 pairs | order-4 pairs], each 2·k words (hi, lo)
    const sc = this.scratch;
    const o3 = 2 * k;
    const o4 = 4 * k;
    if (this.km.length < k) {
      this.km = new Int32Array(Math.max(k, 2 * this.km.length));
      this.kx = new Int32Array(this.km.length);
    }
    const km = this.km;
    const kx = this.kx;
    // The fingerprints of sketches/hashing.ts, written out: an n-gram starting at i is
    //   murmurFinish(murmurMix(…murmurMix(M_START, ids[i])…, ids[i+n−1]), n) : xxFinish(xxMix(…(X_START, hi[i])…), n)
    // (the test checks it). Why by hand: V8 did not inline those calls here (a call per step, 12 per token), and each
    // token's own part of a mix step — murmurMix's multiply-rotate-multiply of k, xxMix's k · PRIME32_3 — is the
    // same in the four chains that step through the token (those starting at i − 3 … i), so it is computed once per
    // token (km, kx). Together 1.5× faster for the whole counter on e-mail rows, with the same keys (session 15).
    for (let i = 0; i < k; i++) {
      const a = Math.imul(ids[i], 0xcc9e2d51);
      km[i] = Math.imul((a << 15) | (a >>> 17), 0x1b873593);
      kx[i] = Math.imul(hi[i], 0xc2b2ae3d);
    }
    for (let i = 0; i + 1 < k; i++) {
      let m = M_START ^ km[i];
      m = (Math.imul((m << 13) | (m >>> 19), 5) + 0xe6546b64) | 0;
      let x = (X_START + kx[i]) | 0;
      x = Math.imul((x << 17) | (x >>> 15), 0x27d4eb2f);
      m ^= km[i + 1];
      m = (Math.imul((m << 13) | (m >>> 19), 5) + 0xe6546b64) | 0;
      x = (x + kx[i + 1]) | 0;
      x = Math.imul((x << 17) | (x >>> 15), 0x27d4eb2f);
      let f = m ^ 8;
      f ^= f >>> 16;
      f = Math.imul(f, 0x85ebca6b);
      f ^= f >>> 13;
      f = Math.imul(f, 0xc2b2ae35);
      const h2 = (f ^ (f >>> 16)) >>> 0;
      let g = (x + 8) | 0;
      g ^= g >>> 15;
      g = Math.imul(g, 0x85ebca77);
      g ^= g >>> 13;
      g = Math.imul(g, 0xc2b2ae3d);
      const l2 = (g ^ (g >>> 16)) >>> 0;
      sc[2 * i] = h2;
      sc[2 * i + 1] = l2;
      this.row.add(h2, l2);
      if (i + 2 < k) {
        m ^= km[i + 2];
        m = (Math.imul((m << 13) | (m >>> 19), 5) + 0xe6546b64) | 0;
        x = (x + kx[i + 2]) | 0;
        x = Math.imul((x << 17) | (x >>> 15), 0x27d4eb2f);
        f = m ^ 12;
        f ^= f >>> 16;
        f = Math.imul(f, 0x85ebca6b);
        f ^= f >>> 13;
        f = Math.imul(f, 0xc2b2ae35);
        sc[o3 + 2 * i] = f ^ (f >>> 16);
        g = (x + 12) | 0;
        g ^= g >>> 15;
        g = Math.imul(g, 0x85ebca77);
        g ^= g >>> 13;
        g = Math.imul(g, 0xc2b2ae3d);
        sc[o3 + 2 * i + 1] = g ^ (g >>> 16);
        if (i + 3 < k) {
          m ^= km[i + 3];
          m = (Math.imul((m << 13) | (m >>> 19), 5) + 0xe6546b64) | 0;
          x = (x + kx[i + 3]) | 0;
          x = Math.imul((x << 17) | (x >>> 15), 0x27d4eb2f);
          f = m ^ 16;
          f ^= f >>> 16;
          f = Math.imul(f, 0x85ebca6b);
          f ^= f >>> 13;
          f = Math.imul(f, 0xc2b2ae35);
          sc[o4 + 2 * i] = f ^ (f >>> 16);
          g = (x + 16) | 0;
          g ^= g >>> 15;
          g = Math.imul(g, 0x85ebca77);
          g ^= g >>> 13;
          g = Math.imul(g, 0xc2b2ae3d);
          sc[o4 + 2 * i + 1] = g ^ (g >>> 16);
        }
      }
    }
    // touch every order's home slots first (independent reads: their misses overlap), then insert
    this.insertOrders(sc, k);
    return this.row.size;
  }

  /**
   * The row `from` was just given (k tokens, the same keys): its fingerprints and its count of distinct bigrams are
   * taken from `from` instead of being hashed again — the same values, so the same sets. Why: a slice's counter
   * sees every row the file's counter sees, and hashing is a fifth of distinct-n's cost.
   */
  private addHashed(from: NgramDistinctCounter, k: number): number {
    this.lastK = -1; // this counter's scratch does not hold the row
    if (k < 2) return 0;
    this.insertOrders(from.scratch, k);
    return from.row.size;
  }

  /**
   * Inserts the k-token row's n-grams of every order from `sc` (the scratch layout of addRow). Highest order first:
   * an n-gram already stored was stored with every n-gram inside it (they came in the same row, or in an earlier
   * one), so the (n − 1)-grams inside a stored n-gram are not probed at all — on e-mail text less than half of the
   * keys need a probe, and each probe is a likely cache miss in a table of tens of MB. The sets end up the same.
   */
  private insertOrders(sc: Uint32Array, k: number): void {
    if (this.sorted[2] !== null || this.sorted[3] !== null || this.sorted[4] !== null) this.unsort();
    // room first, orders 2, 3, 4 as before: inserting never changes a table's capacity, so every doubling and
    // every switch to HyperLogLog happens at the same row and for the same order as when each order made room
    // right before its own inserts
    for (let n = 2; n <= 4; n++) {
      const count = k - n + 1;
      if (count <= 0) break;
      this.totals[n] += count;
      const set = this.sets[n];
      if (set !== null) this.makeRoom(n, set, count);
    }
    if (this.mark.length < k) this.mark = new Uint8Array(Math.max(k, 2 * this.mark.length));
    const m = this.mark;
    // m[i] = 1: the n-gram at i is known to be stored (it lies inside a stored (n + 1)-gram, at i − 1 or i)
    let above = 0; // keys of order n + 1 in this row whose answers m holds
    for (let n = 4; n >= 2; n--) {
      const count = k - n + 1;
      if (count <= 0) continue;
      let prev = 0;
      for (let i = 0; i < count; i++) {
        const cur = i < above ? m[i] : 0;
        m[i] = prev | cur;
        prev = cur;
      }
      const base = 2 * k * (n - 2);
      const set = this.sets[n];
      if (set !== null) {
        this.sink ^= set.touchMarked(sc, base, count, m);
        set.addPairsMarked(sc, base, count, m);
      } else {
        // a sketch: a skipped key is already in it (a stored n-gram's keys were moved into it at the switch, or
        // added with it); the others are added, and only the skipped ones stay marked
        const sketch = this.sketches[n]!;
        for (let j = 0; j < count; j++) if (m[j] === 0) sketch.add(sc[base + 2 * j], sc[base + 2 * j + 1]);
      }
      above = count;
    }
  }

  /** Counts of order n ∈ {2, 3, 4}. */
  count(n: 2 | 3 | 4): DistinctOrderCount {
    const total = this.totals[n];
    const set = this.sets[n];
    if (set !== null) return { unique: set.size, total, method: 'exact', relativeError: 0 };
    const run = this.sorted[n];
    if (run !== null) return { unique: run.distinctSize(), total, method: 'exact', relativeError: 0 };
    const sketch = this.sketches[n]!;
    return {
      unique: Math.min(total, Math.round(sketch.estimate())),
      total,
      method: 'hll',
      relativeError: sketch.relativeStandardError,
    };
  }

  /**
   * The counter as plain data: per order its total and either the exact table's keys (ascending, as SortedKeySet
   * merges them) or the HLL registers. `release`: each table is freed once its keys are listed (the counter is then
   * only good for dispose), so a chunk never holds all its tables and all their lists at once.
   */
  snapshot(release = false): DistinctPartial {
    const orders: DistinctPartial['orders'] = [];
    for (let n = 2; n <= 4; n++) {
      const set = this.sets[n] ?? this.sorted[n];
      orders.push(
        set !== null
          ? { total: this.totals[n], pairs: set.toPairs(), registers: null }
          : { total: this.totals[n], pairs: null, registers: this.sketches[n]!.snapshot() },
      );
      if (release) set?.clear();
    }
    return { orders };
  }

  /**
   * Adds a chunk's counter. Exact tables take the union of the keys (the same set one pass would hold), under the
   * same memory budget: a table that would grow past it switches to HyperLogLog as in addRow. A sketch on either
   * side makes the order a sketch (register-wise maximum: the sketch of the union).
   */
  merge(p: DistinctPartial): void {
    for (let n = 2; n <= 4; n++) {
      const o = p.orders[n - 2];
      this.totals[n] += o.total;
      if (o.registers !== null) {
        const exact = this.sets[n] ?? this.sorted[n];
        if (exact !== null) this.switchToSketch(n, exact);
        this.sketches[n]!.mergeRegisters(o.registers);
        continue;
      }
      const set = this.sets[n];
      if (set !== null && set.size > 0) {
        this.mergeIntoTable(n, set, o.pairs!);
        continue;
      }
      if (this.sketches[n] !== null) {
        const sketch = this.sketches[n]!;
        const pairs = o.pairs!;
        for (let j = 0; j < pairs.length; j += 2) sketch.add(pairs[j], pairs[j + 1]);
        continue;
      }
      // keys from merges only: one sorted run (the empty hash set is dropped)
      if (set !== null) {
        set.clear();
        this.sets[n] = null;
        this.sorted[n] = new SortedKeyTiers(this.sortedSpill);
      }
      const run = this.sorted[n]!;
      const pairs = sortedPairs(o.pairs!);
      const count = pairs.length / 2;
      // when even a union of all the keys fits, no order can switch (the loop below would not run): the keys are
      // added as a new run. The sizes are the runs' stored keys, upper bounds of the unions: when the test passes, the
      // same test on exact sizes passes too, and one run per order would also have merged without a switch. Near the
      // budget every order is first made one run (exact sizes) and tested again; if it still fails, the union is
      // counted first, exactly as with one run, so the switches happen at the same merges
      const fitsAsNewRun = (): boolean =>
        this.tableBytes - run.bytes + SortedKeySet.bytesFor(run.storedKeys + count) <= this.sortedBudgetBytes;
      if (!fitsAsNewRun()) for (const r of this.sorted) r?.compact();
      if (fitsAsNewRun()) {
        run.add(pairs, 0, count);
        continue;
      }
      const union = run.unionSize(pairs, 0, count);
      const need = SortedKeySet.bytesFor(union);
      // past the budget, the largest exact order goes to HyperLogLog first (it frees the most and keeps the
      // smaller orders exact), until this merge fits
      let fits = true;
      while (this.tableBytes - run.bytes + need > this.sortedBudgetBytes) {
        const victim = this.largestExact(n, need);
        if (victim === n) {
          fits = false;
          break;
        }
        this.switchToSketch(victim, (this.sets[victim] ?? this.sorted[victim])!);
      }
      if (!fits) {
        this.switchToSketch(n, run);
        const sketch = this.sketches[n]!;
        for (let j = 0; j < pairs.length; j += 2) sketch.add(pairs[j], pairs[j + 1]);
        continue;
      }
      run.mergeExact(pairs, 0, count, union);
    }
  }

  /** The exact order holding the most bytes, order n counted at `nBytes` (ties: the higher order). */
  private largestExact(n: number, nBytes: number): number {
    let best = n;
    let bestBytes = nBytes;
    for (let m = 2; m <= 4; m++) {
      if (m === n) continue;
      const set = this.sets[m] ?? this.sorted[m];
      if (set === null) continue;
      if (set.bytes > bestBytes || (set.bytes === bestBytes && m > best)) {
        best = m;
        bestBytes = set.bytes;
      }
    }
    return best;
  }

  /** Inserts a partial's keys into order n's hash table (an order that also counted rows itself). */
  private mergeIntoTable(n: number, set: NgramHashSet, pairs: Uint32Array): void {
    const count = pairs.length / 2;
    // The partial lists its keys ascending by their low half (NgramHashSet.toPairs), so inserting
    // them sweeps this table nearly sequentially. A table smaller than the partial takes them all at once: a slice
    // of sorted keys would all land in one small region of it and pile up. A larger table takes them in slices, so
    // it grows for the keys that are new rather than for the whole partial.
    const step = set.size < count ? count : MERGE_SLICE;
    let j = 0;
    for (; j < count; j += step) {
      const take = Math.min(step, count - j);
      if (!this.makeRoom(n, set, take)) break;
      set.addPairs(pairs, 2 * j, take);
    }
    if (j >= count) return;
    const sketch = this.sketches[n]!;
    for (; j < count; j++) sketch.add(pairs[2 * j], pairs[2 * j + 1]);
  }

  /** Moves every sorted run back into a hash table (a counter given rows after merges; no chunked run does that). */
  private unsort(): void {
    for (let n = 2; n <= 4; n++) {
      const run = this.sorted[n];
      if (run === null) continue;
      const set = new NgramHashSet();
      this.sorted[n] = null;
      this.sets[n] = set;
      this.mergeIntoTable(n, set, run.toPairs());
      run.clear();
    }
  }

  /**
   * Bytes held by the exact tables: hash tables as allocated, sorted runs as SortedKeySet.bytesFor(their stored keys),
   * an upper bound of their union's bytes until they are compacted (count, snapshot).
   */
  get tableBytes(): number {
    let b = 0;
    for (const s of this.sets) if (s !== null) b += s.bytes;
    for (const s of this.sorted) if (s !== null) b += s.bytes;
    return b;
  }

  /** Frees all tables and sketches. */
  dispose(): void {
    for (let n = 2; n <= 4; n++) {
      this.sets[n]?.clear();
      this.sets[n] = null;
      this.sorted[n]?.clear();
      this.sorted[n] = null;
      this.sketches[n] = null;
    }
  }

  /**
   * Doubles `set` until `extra` more keys fit. When a doubling would take the tables past the
   * budget (old and new table both count while copying), the order switches to its sketch and
   * this returns false.
   */
  private makeRoom(n: number, set: NgramHashSet, extra: number): boolean {
    while (!set.hasRoomFor(extra)) {
      if (this.tableBytes + 2 * set.bytes > this.budgetBytes) {
        this.switchToSketch(n, set);
        return false;
      }
      set.grow();
    }
    return true;
  }

  private switchToSketch(n: number, set: NgramHashSet | SortedKeyTiers): void {
    const sketch = new HyperLogLog(this.hllPrecision);
    set.forEach((hi, lo) => sketch.add(hi, lo));
    set.clear();
    this.sets[n] = null;
    this.sorted[n] = null;
    this.sketches[n] = sketch;
  }
}

/**
 * Small reusable set of 64-bit bigram hashes for ONE row (the row's own distinct-2). Cleared in
 * O(1) per row by a generation stamp; grows to the longest row seen.
 */
export class RowBigramSet {
  private hi = new Uint32Array(64);
  private lo = new Uint32Array(64);
  private stamp = new Uint32Array(64);
  private generation = 0;
  private count = 0;

  /** Starts a new row expecting up to k − 1 bigrams. */
  reset(k: number): void {
    if (k * 2 > this.hi.length) {
      let cap = this.hi.length;
      while (cap < k * 2) cap *= 2;
      this.hi = new Uint32Array(cap);
      this.lo = new Uint32Array(cap);
      this.stamp = new Uint32Array(cap);
      this.generation = 0;
    }
    this.generation++;
    if (this.generation === 0xffffffff) {
      this.stamp.fill(0);
      this.generation = 1;
    }
    this.count = 0;
  }

  /** Distinct keys added since the last reset. */
  get size(): number {
    return this.count;
  }

  /** Adds one key of the current row. */
  add(hi: number, lo: number): void {
    const mask = this.hi.length - 1;
    const g = this.generation;
    let i = lo & mask;
    for (;;) {
      if (this.stamp[i] !== g) {
        this.stamp[i] = g;
        this.hi[i] = hi;
        this.lo[i] = lo;
        this.count++;
        return;
      }
      if (this.hi[i] === hi && this.lo[i] === lo) return;
      i = (i + 1) & mask;
    }
  }
}
