/**
 * A compact uint32 key → count table (open addressing over typed arrays) for per-slice unigram and
 * bigram frequency tables, with optional bounded memory through hash sampling.
 *
 * Sampling: a key is kept only when the top `level` bits of mix(key) are zero, i.e. with probability
 * q = 2^−level, independently of its count. When the table would exceed `maxEntries`, the level goes
 * up by one and the entries that no longer qualify are dropped. Any sum over types (e.g. expected
 * types under rarefaction) is then estimated without bias as (1/q) × the sum over the kept types.
 * Two tables with different levels agree on every key that qualifies for the higher level.
 *
 * Iteration (forEach, countsArray) runs in ascending key order, whatever order the keys were added in: the
 * slice figures are float sums over these tables, and a table merged from chunk partials (merge) must give the
 * same sums, bit for bit, as one table fed every key in order.
 *
 * Merging (chunked analysis): the final state of a table depends only on the multiset of keys added — its level
 * is the smallest level at which at most maxEntries distinct keys qualify (levels only go up, and the count of
 * keys qualifying at a level only grows), and every kept key's count is exact. A merge raises the level to the
 * higher of the two, adds the partial's kept keys (raising further as add would), and so gives EXACTLY the table
 * one pass would have built (same keys, counts and level), for any split of the input.
 */
import { fmix32 } from '../sketches/minhash.ts';

/** The sampling hash of a key (independent of the table's slot hash). */
export function sampleHash(key: number): number {
  return fmix32((key ^ 0x5bd1e995) >>> 0);
}

/** True when `key` qualifies for sampling level `level` (probability 2^−level). */
export function keptAtLevel(key: number, level: number): boolean {
  return level === 0 || sampleHash(key) >>> (32 - level) === 0;
}

/** A SliceCountMap as plain data: its kept keys (ascending) and their counts, and the sampling level. */
export interface SliceCountMapPartial {
  keys: Uint32Array;
  counts: Uint32Array;
  level: number;
}

export class SliceCountMap {
  /**
   * Slot i is (key, count) at [2i, 2i + 1] (count 0 = empty slot): a probe reads one cache line, not one line of a
   * key array and another of a count array (the tables are probed once per token of every slice).
   */
  private slots: Uint32Array;
  /** Kept keys in ascending order and their counts (built on demand, dropped by any change). */
  private sorted: { keys: Uint32Array; counts: Uint32Array } | null = null;
  private used = 0;
  private level = 0;
  private readonly maxEntries: number;

  /** `maxEntries` = Infinity keeps the table exact. */
  constructor(maxEntries = Infinity, initialSlots = 64) {
    this.maxEntries = maxEntries;
    let slots = 16;
    while (slots < initialSlots) slots *= 2;
    this.slots = new Uint32Array(2 * slots);
  }

  /** Number of kept keys. */
  get size(): number {
    return this.used;
  }

  /** Sampling level: kept keys are those with keptAtLevel(key, level). 0 = exact. */
  get samplingLevel(): number {
    return this.level;
  }

  /** 1 / sampling rate (2^level): the factor that turns a sum over kept types into an estimate. */
  get scale(): number {
    return 2 ** this.level;
  }

  /** Adds `by` occurrences of `key` (ignored when the key is sampled out). */
  add(key: number, by = 1): void {
    if (this.level > 0 && !keptAtLevel(key, this.level)) return;
    this.sorted = null;
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let i = fmix32(key) & mask;
    while (slots[2 * i + 1] !== 0) {
      if (slots[2 * i] === key) {
        slots[2 * i + 1] += by;
        return;
      }
      i = (i + 1) & mask;
    }
    slots[2 * i] = key;
    slots[2 * i + 1] = by;
    this.used++;
    if (this.used > this.maxEntries) this.raiseLevel();
    else if (this.used * 2 > slots.length >>> 1) this.rehash(slots.length, this.level);
  }

  /** Count of `key` (0 when absent or sampled out). */
  get(key: number): number {
    const slots = this.slots;
    const mask = (slots.length >>> 1) - 1;
    let i = fmix32(key) & mask;
    while (slots[2 * i + 1] !== 0) {
      if (slots[2 * i] === key) return slots[2 * i + 1];
      i = (i + 1) & mask;
    }
    return 0;
  }

  /** Calls fn(key, count) for every kept key, in ascending key order. */
  forEach(fn: (key: number, count: number) => void): void {
    const s = this.sortedEntries();
    for (let i = 0; i < s.keys.length; i++) fn(s.keys[i], s.counts[i]);
  }

  /** Counts of the kept keys (for rarefaction), in ascending key order. */
  countsArray(): Uint32Array {
    return this.sortedEntries().counts.slice();
  }

  /** The table as plain data (arrays that own their buffers); the table is unchanged. */
  snapshot(): SliceCountMapPartial {
    const s = this.sortedEntries();
    return { keys: s.keys.slice(), counts: s.counts.slice(), level: this.level };
  }

  /**
   * Adds a partial's counts (another part of the same input). `remap[key]` replaces each key first (token-id
   * tables of a chunk: Vocabulary.merge); omit it for content-keyed tables. Without a remap the result equals
   * one table fed both parts' keys (see the class comment); with one, as long as the remap is one-to-one.
   */
  merge(p: SliceCountMapPartial, remap?: Uint32Array): void {
    if (p.level > this.level) this.rehash(this.slots.length >>> 1, p.level);
    for (let i = 0; i < p.keys.length; i++) this.add(remap ? remap[p.keys[i]] : p.keys[i], p.counts[i]);
  }

  private sortedEntries(): { keys: Uint32Array; counts: Uint32Array } {
    if (this.sorted) return this.sorted;
    const slots = this.slots;
    const keys = new Uint32Array(this.used);
    let j = 0;
    for (let i = 0; i < slots.length; i += 2) if (slots[i + 1] !== 0) keys[j++] = slots[i];
    keys.sort();
    const counts = new Uint32Array(keys.length);
    for (let i = 0; i < keys.length; i++) counts[i] = this.get(keys[i]);
    this.sorted = { keys, counts };
    return this.sorted;
  }

  private raiseLevel(): void {
    const slots = this.slots;
    let level = this.level;
    let kept = this.used;
    while (kept > this.maxEntries && level < 31) {
      level++;
      kept = 0;
      for (let i = 0; i < slots.length; i += 2)
        if (slots[i + 1] !== 0 && keptAtLevel(slots[i], level)) kept++;
    }
    this.rehash(slots.length >>> 1, level);
  }

  private rehash(capacity: number, level: number): void {
    this.sorted = null;
    const old = this.slots;
    const slots = new Uint32Array(2 * capacity);
    this.slots = slots;
    this.used = 0;
    this.level = level;
    const mask = capacity - 1;
    for (let j = 0; j < old.length; j += 2) {
      const c = old[j + 1];
      if (c === 0) continue;
      const key = old[j];
      if (level > 0 && !keptAtLevel(key, level)) continue;
      let i = fmix32(key) & mask;
      while (slots[2 * i + 1] !== 0) i = (i + 1) & mask;
      slots[2 * i] = key;
      slots[2 * i + 1] = c;
      this.used++;
    }
  }
}
