/**
 * Growing typed arrays. Why one helper: the accumulators keep per-row and per-type numbers in typed arrays (no JS
 * object per row) that double when full; five hand-written copies of that step had drifted into three rules.
 */

type Grows = Uint8Array | Uint32Array | Int32Array | Float64Array;

/**
 * `arr` when it holds at least `n` elements, else a copy with room for `n` (capacity max(n, 2 × length, 16)).
 * Callers keep the returned array (it may be `arr` itself).
 */
export function withRoom<T extends Grows>(arr: T, n: number): T {
  if (n <= arr.length) return arr;
  const out = new (arr.constructor as new (length: number) => T)(Math.max(n, 2 * arr.length, 16));
  out.set(arr);
  return out;
}

/** Ids per block of a U32BlockList (4 MiB): under the CLI's 8 MiB mmap threshold (src/cli/launchPolicy.ts). */
export const U32_BLOCK_IDS = 1 << 20;

/**
 * An append-only list of uint32 values kept in fixed-size blocks, read once as one exact-size array.
 * Why not a doubling array: a chunk's token ids (~4.5 M per 32 MiB chunk) doubled through 8, 16 and 32 MiB arrays in
 * every chunk, each copied into the next and then into an exact-size copy; fixed blocks are filled once, hold at
 * most one block of slack, and blocks under the mmap threshold are reused from the allocator's arena by the next
 * chunk instead of being mapped and faulted in again.
 */
export class U32BlockList {
  private blocks: Uint32Array[] = [];
  /** Values in the last block. */
  private fill = 0;
  private count = 0;

  constructor(private readonly blockSize = U32_BLOCK_IDS) {}

  /** Number of values appended. */
  get length(): number {
    return this.count;
  }

  /** Appends every value of `values`, in order. */
  append(values: Uint32Array): void {
    let from = 0;
    while (from < values.length) {
      if (this.blocks.length === 0 || this.fill === this.blockSize) {
        this.blocks.push(new Uint32Array(this.blockSize));
        this.fill = 0;
      }
      const take = Math.min(values.length - from, this.blockSize - this.fill);
      this.blocks[this.blocks.length - 1].set(values.subarray(from, from + take), this.fill);
      this.fill += take;
      from += take;
    }
    this.count += values.length;
  }

  /** Every value appended, as one array of exactly `length` values; the list is empty afterwards. */
  take(): Uint32Array {
    const out = new Uint32Array(this.count);
    let at = 0;
    for (let b = 0; b < this.blocks.length; b++) {
      const n = b === this.blocks.length - 1 ? this.fill : this.blockSize;
      out.set(this.blocks[b].subarray(0, n), at);
      at += n;
    }
    this.clear();
    return out;
  }

  /** Drops every value. */
  clear(): void {
    this.blocks = [];
    this.fill = 0;
    this.count = 0;
  }
}
