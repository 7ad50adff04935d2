/**
 * MATTR — moving-average type-token ratio (Covington & McFall 2010), streaming.
 *
 * Definition: for a stream of N tokens and window w, the mean over all N − w + 1 windows of w
 * consecutive tokens (positions 1…N−w+1) of distinct(window)/w. Undefined (null) when N < w.
 * Same as lexicalrichness' `mattr(window_size)`.
 *
 * O(N) time: a ring buffer of the last w ids and a count per id; the number of distinct ids in
 * the window is updated as one id enters and one leaves. State carries across rows.
 *
 * Chunks (`jump`): the windows that lie wholly inside a chunk depend on the chunk alone, so a chunk's worker sums
 * them; the merge pushes only the chunk's first w − 1 tokens (the windows that straddle the boundary) and then
 * jumps over the rest with the chunk's sum and its last w tokens. Σ distinct is an integer sum, so the value is
 * exactly that of one pass.
 */
import { LocalIdMap } from './lexicalIdMap.ts';
import { withRoom } from '../typedArrays.ts';

/** Default MATTR window. */
export const DEFAULT_MATTR_WINDOW = 100;

/** Streaming MATTR over dense ids (ids index a count array, so they should be small/dense). */
export class MattrWindow {
  private readonly ring: Uint32Array; // the window's ids, oldest at `pos` once full
  private counts = new Uint32Array(64); // occurrences of each id in the window
  private pos = 0; // ring slot of the next id
  private filled = 0; // ids in the ring (≤ window)
  private distinct = 0; // distinct ids in the window
  private sum = 0; // Σ distinct over the complete windows
  private windows = 0; // complete windows

  constructor(readonly window: number) {
    if (!Number.isInteger(window) || window < 1)
      throw new RangeError(`MATTR window must be a positive integer, got ${window}`);
    this.ring = new Uint32Array(window);
  }

  /** Adds the next token of the stream. */
  push(id: number): void {
    if (id >= this.counts.length) this.counts = withRoom(this.counts, id + 1);
    const counts = this.counts;
    if (this.filled === this.window) {
      const old = this.ring[this.pos];
      if (--counts[old] === 0) this.distinct--;
    } else {
      this.filled++;
    }
    this.ring[this.pos] = id;
    if (counts[id]++ === 0) this.distinct++;
    if (++this.pos === this.window) this.pos = 0;
    if (this.filled === this.window) {
      this.sum += this.distinct;
      this.windows++;
    }
  }

  /**
   * Adds `windows` complete windows whose distinct counts sum to `sum` (the windows inside a chunk, summed by its
   * worker) and makes `last` (the stream's last `window` ids, oldest first) the window. Why: the merge of a chunk
   * then costs O(w) instead of O(tokens); the caller has pushed the chunk's first w − 1 ids, so every window that
   * straddles the boundary was counted here.
   */
  jump(sum: number, windows: number, last: ArrayLike<number>): void {
    const w = this.window;
    if (last.length !== w) throw new RangeError(`MattrWindow.jump needs ${w} ids, got ${last.length}`);
    const counts0 = this.counts;
    for (let j = 0; j < this.filled; j++) counts0[this.ring[j]] = 0;
    this.distinct = 0;
    for (let j = 0; j < w; j++) {
      const id = last[j];
      if (id >= this.counts.length) this.counts = withRoom(this.counts, id + 1);
      this.ring[j] = id;
      if (this.counts[id]++ === 0) this.distinct++;
    }
    this.pos = 0;
    this.filled = w;
    this.sum += sum;
    this.windows += windows;
  }

  /** Σ distinct over the complete windows so far (an integer; MATTR = distinctSum / windowCount / window). */
  get distinctSum(): number {
    return this.sum;
  }

  /** Number of complete windows seen so far (N − w + 1 when N ≥ w, else 0). */
  get windowCount(): number {
    return this.windows;
  }

  /** MATTR of the stream so far, or null when fewer than `window` tokens were pushed. */
  value(): number | null {
    return this.windows === 0 ? null : this.sum / this.windows / this.window;
  }
}

/** MATTR of `ids` with window `w` (any uint32 ids); null when ids.length < w. */
export function mattr(ids: ArrayLike<number>, w: number = DEFAULT_MATTR_WINDOW): number | null {
  const map = new LocalIdMap();
  const m = new MattrWindow(w);
  for (let i = 0; i < ids.length; i++) m.push(map.localize(ids[i]));
  return m.value();
}
