/**
 * A set of 64-bit fingerprints kept as ONE sorted run of distinct keys, 8 bytes per key, in fixed-size blocks;
 * a sorted batch of new keys is merged in place, from the back, into blocks appended for the union.
 *
 * Why: a chunked analysis's main thread only ever unions the chunks' distinct-n keys (lexicalDistinct.ts). An
 * open-addressing table (ngramHashSet.ts) needs 13–27 bytes per key (load 0.3–0.6) and, while it doubles, its old
 * and new slot arrays at once (up to 40 bytes per key); this run needs 8 bytes per key plus at most one partly
 * filled block, never a second copy, so the same memory budget holds 1.6–3.4× more keys exactly. A merge reads
 * both runs sequentially (no cache miss per key), which costs no more than inserting the chunk's keys into a table.
 *
 * Order: ascending by the low half, then the high half (both unsigned) — the order in which NgramHashSet.toPairs
 * lists its keys (its slot is the top bits of the low half), so a chunk's keys arrive sorted. Pairs are packed as
 * in NgramHashSet: (hi, lo) at [2i, 2i + 1].
 */
import { radixSortPairs } from './lsh.ts';

/** Keys per block (2^17: 1 MiB per block). */
const BLOCK_SHIFT = 17;
const BLOCK_KEYS = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_KEYS - 1;
/** Bytes of one block. */
export const SORTED_BLOCK_BYTES = BLOCK_KEYS * 8;
/** Stands for a block already handed on by mergeAll. */
const EMPTY = new Uint32Array(0);

export class SortedKeySet {
  /** blocks[b][2k] = hi, [2k + 1] = lo of key b·BLOCK_KEYS + k. */
  private blocks: Uint32Array[] = [];
  private n = 0;

  /** Number of distinct keys stored. */
  get size(): number {
    return this.n;
  }

  /** Bytes held by the blocks. */
  get bytes(): number {
    return this.blocks.length * SORTED_BLOCK_BYTES;
  }

  /** Bytes the blocks of `keys` keys take (what a merge up to that size will hold). */
  static bytesFor(keys: number): number {
    return Math.ceil(keys / BLOCK_KEYS) * SORTED_BLOCK_BYTES;
  }

  /**
   * Size of the union of this set and `count` keys pairs[start + 2j] (hi), [start + 2j + 1] (lo), which must be
   * strictly ascending (sortedPairs). One sequential read of both.
   */
  unionSize(pairs: Uint32Array, start: number, count: number): number {
    const B = this.blocks;
    const n = this.n;
    let i = 0;
    let j = 0;
    let u = 0;
    while (i < n && j < count) {
      const blk = B[i >>> BLOCK_SHIFT];
      const a = 2 * (i & BLOCK_MASK);
      const alo = blk[a + 1];
      const blo = pairs[start + 2 * j + 1];
      if (alo < blo) i++;
      else if (alo > blo) j++;
      else {
        const ahi = blk[a];
        const bhi = pairs[start + 2 * j];
        if (ahi < bhi) i++;
        else if (ahi > bhi) j++;
        else {
          i++;
          j++;
        }
      }
      u++;
    }
    return u + (n - i) + (count - j);
  }

  /**
   * Adds `count` strictly ascending keys (as in unionSize); `union` is their unionSize. Blocks are appended for the
   * union and both runs are merged from the back, so no key is moved before it was read and no second copy exists.
   */
  merge(pairs: Uint32Array, start: number, count: number, union: number): void {
    const B = this.blocks;
    while (B.length * BLOCK_KEYS < union) B.push(new Uint32Array(2 * BLOCK_KEYS));
    let i = this.n - 1;
    let j = count - 1;
    let w = union - 1;
    while (j >= 0) {
      const bhi = pairs[start + 2 * j];
      const blo = pairs[start + 2 * j + 1];
      let hi = bhi;
      let lo = blo;
      if (i >= 0) {
        const blk = B[i >>> BLOCK_SHIFT];
        const a = 2 * (i & BLOCK_MASK);
        const ahi = blk[a];
        const alo = blk[a + 1];
        if (alo > blo || (alo === blo && ahi > bhi)) {
          hi = ahi;
          lo = alo;
          i--;
        } else {
          if (alo === blo && ahi === bhi) i--;
          j--;
        }
      } else j--;
      const out = B[w >>> BLOCK_SHIFT];
      const o = 2 * (w & BLOCK_MASK);
      out[o] = hi;
      out[o + 1] = lo;
      w--;
    }
    // once the new keys are placed, the rest of the old run is already where it belongs (w === i)
    if (w !== i) throw new Error(`sorted key merge: union ${union} does not match the keys`);
    this.n = union;
  }

  /**
   * Adds `count` strictly ascending keys (as in unionSize) in ONE pass, without knowing their union beforehand;
   * returns the new size. Why: merge() needs unionSize() first, a second full read of the run, and the main thread
   * of a chunked run merges every chunk's distinct-n keys into runs of tens of millions. The run is merged forward
   * into fresh blocks; each old block is recycled as an output block as soon as it has been read, so at most the new
   * keys' blocks (and one partly filled block) are held beyond the run's own, as with merge().
   */
  mergeAll(pairs: Uint32Array, start: number, count: number): number {
    const old = this.blocks;
    const n = this.n;
    const out: Uint32Array[] = [];
    const free: Uint32Array[] = [];
    let ob: Uint32Array = old[0] ?? new Uint32Array(0); // the old block holding key i
    let oi = 0; // word offset of key i in ob
    let i = 0;
    let w = 0; // keys written
    let wb: Uint32Array = new Uint32Array(0); // the output block holding key w
    let wo = 2 * BLOCK_KEYS; // word offset of key w in wb (full: the next write takes a block)
    const end = start + 2 * count;
    let p = start;
    while (i < n || p < end) {
      let hi: number;
      let lo: number;
      if (i < n) {
        const ahi = ob[oi];
        const alo = ob[oi + 1];
        let takeOld = true;
        let dup = false;
        if (p < end) {
          const bhi = pairs[p];
          const blo = pairs[p + 1];
          if (blo < alo || (blo === alo && bhi < ahi)) takeOld = false;
          else dup = blo === alo && bhi === ahi;
        }
        if (takeOld) {
          hi = ahi;
          lo = alo;
          if (dup) p += 2;
          i++;
          oi += 2;
          if (oi === 2 * BLOCK_KEYS) {
            // the old block is read: it becomes an output block
            const b = (i >>> BLOCK_SHIFT) - 1;
            free.push(old[b]);
            old[b] = EMPTY;
            ob = i < n ? old[i >>> BLOCK_SHIFT] : EMPTY;
            oi = 0;
          }
        } else {
          hi = pairs[p];
          lo = pairs[p + 1];
          p += 2;
        }
      } else {
        hi = pairs[p];
        lo = pairs[p + 1];
        p += 2;
      }
      if (wo === 2 * BLOCK_KEYS) {
        wb = free.pop() ?? new Uint32Array(2 * BLOCK_KEYS);
        out.push(wb);
        wo = 0;
      }
      wb[wo] = hi;
      wb[wo + 1] = lo;
      wo += 2;
      w++;
    }
    this.blocks = out;
    this.n = w;
    return w;
  }

  /** Calls `fn(hi, lo)` for every key, in ascending order. */
  forEach(fn: (hi: number, lo: number) => void): void {
    for (let i = 0; i < this.n; i++) {
      const blk = this.blocks[i >>> BLOCK_SHIFT];
      const a = 2 * (i & BLOCK_MASK);
      fn(blk[a], blk[a + 1]);
    }
  }

  /** Every key as packed (hi, lo) pairs, ascending (a valid input of merge). */
  toPairs(): Uint32Array {
    const out = new Uint32Array(2 * this.n);
    for (let b = 0; b < this.blocks.length; b++) {
      const from = b * BLOCK_KEYS;
      const keys = Math.min(BLOCK_KEYS, this.n - from);
      if (keys <= 0) break;
      out.set(this.blocks[b].subarray(0, 2 * keys), 2 * from);
    }
    return out;
  }

  /** Frees every block. */
  clear(): void {
    this.blocks = [];
    this.n = 0;
  }
}

/** True when the packed (hi, lo) pairs are strictly ascending in SortedKeySet's order (low half, then high half). */
export function pairsAscending(pairs: Uint32Array): boolean {
  for (let j = 2; j < pairs.length; j += 2) {
    const plo = pairs[j - 1];
    const lo = pairs[j + 1];
    if (plo > lo || (plo === lo && pairs[j - 2] >= pairs[j])) return false;
  }
  return true;
}

/**
 * The packed (hi, lo) pairs strictly ascending in SortedKeySet's order, without repeats: `pairs` itself when it
 * already is, else a sorted copy (two stable radix sorts: by the high half, then by the low half). Why: chunk
 * partials list their keys sorted, but a partial file written before they did (or by another tool) may not.
 */
export function sortedPairs(pairs: Uint32Array): Uint32Array {
  if (pairsAscending(pairs)) return pairs;
  const n = pairs.length / 2;
  const hi = new Uint32Array(n);
  const lo = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    hi[j] = pairs[2 * j];
    lo[j] = pairs[2 * j + 1];
  }
  radixSortPairs(hi, lo); // by hi
  radixSortPairs(lo, hi); // by lo, stable: ties stay in hi order
  const out = new Uint32Array(2 * n);
  let w = 0;
  for (let j = 0; j < n; j++) {
    if (w > 0 && out[w - 2] === hi[j] && out[w - 1] === lo[j]) continue;
    out[w++] = hi[j];
    out[w++] = lo[j];
  }
  return w === out.length ? out : out.slice(0, w);
}
