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
 *
 * On disk past `memoryKeys` (default 2^20 keys, 8 MiB): a run that would grow past it moves to a temporary file
 * (duplicates/nearSpillFile.ts: `diversity-lens-near-<pid>-t<thread>-keys-….bin`, deleted by clear(), on exit and by
 * the parent of a terminated worker), and every later merge streams the old run from that file and the new keys
 * into a fresh file in 512 KiB windows, then deletes the old one. Why: at 2 GB of text the three orders hold ~36 M
 * keys (281 MiB), the largest item of a chunked run's memory (docs/performance.md); on disk they cost a sequential
 * rewrite per merge (the page cache absorbs most of it) and no memory. `bytes` stays the run's size as blocks
 * (bytesFor(size)) in both modes, so the distinct-n budget decides exactly as before: it bounds how many keys are
 * kept exact, wherever they are.
 */
import * as os from 'node:os';
import { NearSpillFile } from '../duplicates/nearSpillFile.ts';
import { radixSortPairs } from './lsh.ts';

/** Keys per block (2^17: 1 MiB per block). */
const BLOCK_SHIFT = 17;
const BLOCK_KEYS = 1 << BLOCK_SHIFT;
const BLOCK_MASK = BLOCK_KEYS - 1;
/** Bytes of one block. */
export const SORTED_BLOCK_BYTES = BLOCK_KEYS * 8;
/** Stands for a block already handed on by mergeAll. */
const EMPTY = new Uint32Array(0);
/** Keys a run keeps in memory before it moves to its temporary file (2^20: 8 MiB). */
export const DEFAULT_SORTED_MEMORY_KEYS = 1 << 20;
/** Keys per read or write window of a run on file (2^16: 512 KiB). */
const IO_KEYS = 1 << 16;

/** Where a SortedKeySet keeps its keys. */
export interface SortedKeySetOptions {
  /** Keys held in memory; a run that would grow past them moves to a temporary file (Infinity: never). */
  memoryKeys?: number;
  /** Folder of that file (default os.tmpdir()). */
  tmpDir?: string;
}

export class SortedKeySet {
  /** blocks[b][2k] = hi, [2k + 1] = lo of key b·BLOCK_KEYS + k (empty while the run is on file). */
  private blocks: Uint32Array[] = [];
  private n = 0;
  /** The run's keys as packed (hi, lo) words, ascending, when it is on disk (then `blocks` is empty). */
  private file: NearSpillFile | null = null;
  /** Keys the run may hold in memory; a merge past it moves the run to its file (settable: SortedKeyTiers shares one allowance among its runs). */
  memoryKeys: number;
  private readonly tmpDir: string | undefined;

  constructor(options: SortedKeySetOptions = {}) {
    this.memoryKeys = options.memoryKeys ?? DEFAULT_SORTED_MEMORY_KEYS;
    this.tmpDir = options.tmpDir;
  }

  /** Number of distinct keys stored. */
  get size(): number {
    return this.n;
  }

  /**
   * The run's size as blocks, bytesFor(size), in memory or on file: what the distinct-n budget counts (see the
   * module comment).
   */
  get bytes(): number {
    return SortedKeySet.bytesFor(this.n);
  }

  /** Bytes of memory the keys hold now (0 while the run is on file). */
  get memoryBytes(): number {
    return this.blocks.length * SORTED_BLOCK_BYTES;
  }

  /** True while the keys are in the temporary file. */
  get onDisk(): boolean {
    return this.file !== null;
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
    if (this.file !== null) return this.streamMerge(count, arrayWindows(pairs, start, count), null);
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
    if (this.file !== null || union > this.memoryKeys) {
      const w = this.mergeToFile(count, arrayWindows(pairs, start, count));
      if (w !== union) throw new Error(`sorted key merge: union ${union} does not match the keys (${w})`);
      return;
    }
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
    return this.mergeFrom(count, arrayWindows(pairs, start, count));
  }

  /**
   * Adds every key of `other` (another run, in memory or on file; it is left unchanged) in one pass, as mergeAll;
   * returns the new size. Why: SortedKeyTiers merges its runs into each other without copying one into an array.
   */
  mergeSet(other: SortedKeySet): number {
    if (other === this) return this.n;
    return this.mergeFrom(other.n, other.windows());
  }

  /**
   * The one-pass union of mergeAll and mergeSet: `count` strictly ascending new keys that `nextNew` hands out a window
   * at a time (see mergeWindows).
   */
  private mergeFrom(count: number, nextNew: (first: boolean) => Uint32Array): number {
    if (this.file !== null || this.n + count > this.memoryKeys) return this.mergeToFile(count, nextNew);
    const old = this.blocks;
    const n = this.n;
    const out: Uint32Array[] = [];
    const free: Uint32Array[] = [];
    let b = 0; // the old block handed out last
    const w = mergeWindows(
      n,
      (first) => {
        // the block before has been read: it becomes an output block
        if (!first) {
          free.push(old[b]);
          old[b++] = EMPTY;
        }
        return old[b];
      },
      count,
      nextNew,
      (full, _words, last) => {
        if (full !== null) out.push(full);
        return last ? EMPTY : (free.pop() ?? new Uint32Array(2 * BLOCK_KEYS));
      },
    );
    this.blocks = out;
    this.n = w;
    return w;
  }

  /**
   * The file path of mergeAll/merge/unionSize: the old run — its file in windows, or its blocks while it is still in
   * memory — is merged with the new keys; with `out`, every key of the union is written there in windows. Returns
   * the union's size. One sequential read of both runs, as in memory.
   */
  private streamMerge(
    count: number,
    nextNew: (first: boolean) => Uint32Array,
    out: NearSpillFile | null,
  ): number {
    const outBuf = new Uint32Array(2 * IO_KEYS);
    return mergeWindows(this.n, this.windows(), count, nextNew, (full, words) => {
      if (full !== null && out !== null) out.append(full.subarray(0, words));
      return outBuf;
    });
  }

  /** Merges the run (on file or still in memory) and the keys into a fresh file; returns the new size. */
  private mergeToFile(count: number, nextNew: (first: boolean) => Uint32Array): number {
    const out = new NearSpillFile(this.tmpDir ?? os.tmpdir(), 'keys-');
    let w: number;
    try {
      w = this.streamMerge(count, nextNew, out);
    } catch (err) {
      out.delete();
      throw err;
    }
    this.file?.delete();
    this.blocks = [];
    this.file = out;
    this.n = w;
    return w;
  }

  /**
   * The run's keys a window at a time, for mergeWindows: its blocks while in memory, else a reused read buffer filled
   * from its file. Why: a run merges into another without being copied into one array first.
   */
  private windows(): (first: boolean) => Uint32Array {
    const n = this.n;
    const src = this.file;
    if (src === null) {
      const blocks = this.blocks;
      let b = 0;
      return () => blocks[b++];
    }
    const buf = new Uint32Array(2 * Math.min(IO_KEYS, Math.max(1, n)));
    let read = 0;
    return () => {
      const take = Math.min(buf.length / 2, n - read);
      src.read(buf.subarray(0, 2 * take), read * 8);
      read += take;
      return buf;
    };
  }

  /** Calls `fn(hi, lo)` for every key, in ascending order. */
  forEach(fn: (hi: number, lo: number) => void): void {
    if (this.file !== null) {
      const buf = new Uint32Array(2 * Math.min(IO_KEYS, this.n));
      for (let from = 0; from < this.n; from += buf.length / 2) {
        const keys = Math.min(buf.length / 2, this.n - from);
        this.file.read(buf.subarray(0, 2 * keys), from * 8);
        for (let k = 0; k < 2 * keys; k += 2) fn(buf[k], buf[k + 1]);
      }
      return;
    }
    for (let i = 0; i < this.n; i++) {
      const blk = this.blocks[i >>> BLOCK_SHIFT];
      const a = 2 * (i & BLOCK_MASK);
      fn(blk[a], blk[a + 1]);
    }
  }

  /** Every key as packed (hi, lo) pairs, ascending (a valid input of merge). */
  toPairs(): Uint32Array {
    const out = new Uint32Array(2 * this.n);
    if (this.file !== null) {
      if (this.n > 0) this.file.read(out, 0);
      return out;
    }
    for (let b = 0; b < this.blocks.length; b++) {
      const from = b * BLOCK_KEYS;
      const keys = Math.min(BLOCK_KEYS, this.n - from);
      if (keys <= 0) break;
      out.set(this.blocks[b].subarray(0, 2 * keys), 2 * from);
    }
    return out;
  }

  /** Frees every block and deletes the file. */
  clear(): void {
    this.blocks = [];
    this.n = 0;
    this.file?.delete();
    this.file = null;
  }
}

/** `count` keys of `pairs` from `start` as one window (mergeWindows' new side). */
function arrayWindows(pairs: Uint32Array, start: number, count: number): (first: boolean) => Uint32Array {
  return () => pairs.subarray(start, start + 2 * count);
}

/**
 * The one merge loop of SortedKeySet, over windows: the old run's `n` keys come a window at a time from `nextOld`
 * and the `m` new keys from `nextNew` (each called with true for its first window, then each time the window before
 * has been read to its end; a window holds as many keys as it has room for, up to its run's end); each key of the
 * union is written into the window `nextOut` gave (asked with null at the start), which is handed back full (with its
 * word count) for the next one, and at the end with the words written in it and `last` set. Returns the union's size.
 * Why windows: the same loop serves runs in memory (windows are their blocks, the old run's recycled as output), runs on
 * file (read and write buffers) and a chunk's keys in one array. The inner loop runs as many steps as no window can run
 * out of, so it checks no window boundary per key, and a tail of one side only is copied in bulk (1.3–1.7× faster than
 * a loop that checked every window at every key, measured on 12 batches of 500,000 keys).
 */
function mergeWindows(
  n: number,
  nextOld: (first: boolean) => Uint32Array,
  m: number,
  nextNew: (first: boolean) => Uint32Array,
  nextOut: (full: Uint32Array | null, words: number, last: boolean) => Uint32Array,
): number {
  let ob: Uint32Array = n > 0 ? nextOld(true) : EMPTY; // the window holding old key i
  let oi = 0; // word offset of key i in ob
  let i = 0;
  let nb: Uint32Array = m > 0 ? nextNew(true) : EMPTY; // the window holding new key j
  let ni = 0; // word offset of key j in nb
  let j = 0;
  let w = 0; // keys written
  let wb: Uint32Array = nextOut(null, 0, false); // the window receiving key w
  let wo = 0; // word offset of key w in wb
  while (i < n || j < m) {
    // a window read to its end (with keys left) or written full is replaced first
    if (i < n && oi === ob.length) {
      ob = nextOld(false);
      oi = 0;
    }
    if (j < m && ni === nb.length) {
      nb = nextNew(false);
      ni = 0;
    }
    if (wo === wb.length) {
      wb = nextOut(wb, wo, false);
      wo = 0;
    }
    // then as many keys as no window can run out of: each step reads at least one key and writes one
    let steps = (wb.length - wo) >> 1;
    if (i < n && j < m) {
      steps = Math.min(steps, (ob.length - oi) >> 1, (nb.length - ni) >> 1, n - i, m - j);
      for (; steps > 0; steps--) {
        const ahi = ob[oi];
        const alo = ob[oi + 1];
        const bhi = nb[ni];
        const blo = nb[ni + 1];
        if (alo < blo || (alo === blo && ahi < bhi)) {
          wb[wo] = ahi;
          wb[wo + 1] = alo;
          oi += 2;
          i++;
        } else {
          wb[wo] = bhi;
          wb[wo + 1] = blo;
          if (alo === blo && ahi === bhi) {
            // in both: written once
            oi += 2;
            i++;
          }
          ni += 2;
          j++;
        }
        wo += 2;
        w++;
      }
    } else {
      // one side's keys left: copied in bulk
      const old = i < n;
      const src = old ? ob : nb;
      const at = old ? oi : ni;
      steps = Math.min(steps, (src.length - at) >> 1, old ? n - i : m - j);
      wb.set(src.subarray(at, at + 2 * steps), wo);
      if (old) {
        oi += 2 * steps;
        i += steps;
      } else {
        ni += 2 * steps;
        j += steps;
      }
      wo += 2 * steps;
      w += steps;
    }
  }
  if (wo > 0) nextOut(wb, wo, true);
  return w;
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
