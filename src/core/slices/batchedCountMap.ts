/**
 * A SliceCountMap that is only ever snapshotted (a chunk's dataset-wide bigram table): keys are appended to a buffer
 * and counted in batches — radix-sorted, then merged into a sorted list of (key, count) — instead of being probed
 * one by one in a hash table of tens of MB, where nearly every probe is a cache miss.
 *
 * Same result: a SliceCountMap's final state depends only on the multiset of keys added (sliceCountMap.ts: its
 * level is the smallest level ≤ 31 at which at most maxEntries distinct keys qualify, and every kept key's count is
 * exact). This class keeps exactly those keys and counts, so snapshot() equals SliceCountMap.snapshot() of a table
 * with the same maxEntries fed the same keys. A key that does not qualify for the current level is dropped on
 * arrival (the level only goes up), as the table drops it.
 */
import { keptAtLevel, sampleHash, type SliceCountMapPartial } from './sliceCountMap.ts';

/** Keys buffered before a batch is counted (4 MiB, and as much scratch for the sort). */
export const COUNT_BATCH = 1 << 20;

export class BatchedCountMap {
  private readonly maxEntries: number;
  private readonly batch: number;
  private buffer: Uint32Array;
  private pending = 0;
  /** Counted keys, ascending, and their counts (the first `used` entries). */
  private keys = new Uint32Array(0);
  private counts = new Uint32Array(0);
  private used = 0;
  private level = 0;

  constructor(maxEntries = Infinity, batch = COUNT_BATCH) {
    this.maxEntries = maxEntries;
    this.batch = Math.max(1, batch);
    this.buffer = new Uint32Array(Math.min(this.batch, 1024));
  }

  /** Sampling level so far (it may still go up at the next batch). */
  get samplingLevel(): number {
    return this.level;
  }

  /** Adds one occurrence of `key` (SliceCountMap.add with by = 1). */
  add(key: number): void {
    // (the buffer is counted first: counting may raise the level this key is checked against)
    if (this.pending === this.buffer.length) {
      if (this.pending >= this.batch) this.countPending();
      else {
        const grown = new Uint32Array(Math.min(this.batch, 2 * this.buffer.length));
        grown.set(this.buffer);
        this.buffer = grown;
      }
    }
    if (this.level > 0 && !keptAtLevel(key, this.level)) return;
    this.buffer[this.pending++] = key;
  }

  /** The table as SliceCountMap.snapshot gives it: kept keys ascending, their counts, the level. */
  snapshot(): SliceCountMapPartial {
    this.countPending();
    return {
      keys: this.keys.slice(0, this.used),
      counts: this.counts.slice(0, this.used),
      level: this.level,
    };
  }

  /** Sorts the buffered keys and merges their runs into the counted list; then applies the entry bound. */
  private countPending(): void {
    const n = this.pending;
    this.pending = 0;
    if (n === 0) return;
    const sorted = radixSort(this.buffer, n);
    const m = this.used;
    const keys = new Uint32Array(m + n);
    const counts = new Uint32Array(m + n);
    let i = 0;
    let j = 0;
    let out = 0;
    while (i < m || j < n) {
      let key: number;
      let c = 0;
      if (j >= n || (i < m && this.keys[i] <= sorted[j])) {
        key = this.keys[i];
        c = this.counts[i++];
      } else key = sorted[j];
      while (j < n && sorted[j] === key) {
        c++;
        j++;
      }
      keys[out] = key;
      counts[out++] = c;
    }
    this.keys = keys;
    this.counts = counts;
    this.used = out;
    if (out > this.maxEntries) this.raiseLevel();
  }

  /** The smallest level ≤ 31 at which at most maxEntries counted keys qualify (SliceCountMap.raiseLevel). */
  private raiseLevel(): void {
    // qualifying at level L ⇔ the sampling hash has ≥ L leading zero bits
    const atZeros = new Float64Array(33);
    for (let i = 0; i < this.used; i++) atZeros[Math.clz32(sampleHash(this.keys[i]))]++;
    let level = this.level;
    let kept = 0;
    for (let z = level; z <= 32; z++) kept += atZeros[z];
    while (kept > this.maxEntries && level < 31) {
      kept -= atZeros[level];
      level++;
    }
    this.level = level;
    let out = 0;
    for (let i = 0; i < this.used; i++) {
      if (!keptAtLevel(this.keys[i], level)) continue;
      this.keys[out] = this.keys[i];
      this.counts[out++] = this.counts[i];
    }
    this.used = out;
  }
}

/** The first n values of `a`, sorted ascending into a new array (LSD radix sort, two 16-bit passes). */
export function radixSort(a: Uint32Array, n: number): Uint32Array {
  const tmp = new Uint32Array(n);
  const out = new Uint32Array(n);
  const counts = new Uint32Array(65536);
  for (let pass = 0; pass < 2; pass++) {
    const shift = 16 * pass;
    const src = pass === 0 ? a : tmp;
    const dst = pass === 0 ? tmp : out;
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[(src[i] >>> shift) & 0xffff]++;
    let sum = 0;
    for (let d = 0; d < 65536; d++) {
      const c = counts[d];
      counts[d] = sum;
      sum += c;
    }
    for (let i = 0; i < n; i++) dst[counts[(src[i] >>> shift) & 0xffff]++] = src[i];
  }
  return out;
}
