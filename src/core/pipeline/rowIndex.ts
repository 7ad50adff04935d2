/**
 * Line number → byte range of every parsed row, in typed arrays, so reports can show a row's text, the editor can
 * reveal it, and the mixer can copy it byte for byte without keeping any text in memory.
 *
 * Memory: 12 bytes a row, in blocks of up to 65,536 rows (line, offset from the block's first offset, length);
 * only the last block grows, so there is no doubling slack and no copy of the whole index while it grows (it was
 * 16 bytes a row in arrays that doubled: 32 MiB, and 48 MiB while copying, for the 2 M rows of a 2 GB file).
 */
/** A RowIndex as plain data. */
export interface RowIndexPartial {
  lines: Uint32Array;
  offsets: Float64Array;
  lengths: Uint32Array;
}

/** Rows per block. */
const BLOCK = 1 << 16;
const TWO_32 = 2 ** 32;

export class RowIndex {
  /** Row number of each block's first row. */
  private readonly starts: number[] = [];
  /** Byte offset of each block's first row: a row's offset is base + rel. */
  private readonly bases: number[] = [];
  private readonly lineBlocks: Uint32Array[] = [];
  private readonly relBlocks: Uint32Array[] = [];
  private readonly lengthBlocks: Uint32Array[] = [];
  private n = 0;

  /**
   * Records one parsed row; rows must arrive in increasing line order. A row whose offset lies before its block's
   * first offset or 4 GiB or more past it (the next file of a dataset; rows of several GiB) starts a new block.
   */
  add(line: number, offset: number, length: number): void {
    let b = this.starts.length - 1;
    const fill = b < 0 ? BLOCK : this.n - this.starts[b];
    const rel = b < 0 ? -1 : offset - this.bases[b];
    if (fill === BLOCK || !(rel >= 0 && rel < TWO_32)) {
      b = this.starts.length;
      this.starts.push(this.n);
      this.bases.push(offset);
      const cap = b === 0 ? 1024 : BLOCK;
      this.lineBlocks.push(new Uint32Array(cap));
      this.relBlocks.push(new Uint32Array(cap));
      this.lengthBlocks.push(new Uint32Array(cap));
      this.put(b, 0, line, 0, length);
    } else this.put(b, fill, line, rel, length);
    this.n++;
  }

  private put(b: number, i: number, line: number, rel: number, length: number): void {
    if (i === this.lineBlocks[b].length) {
      // only the first block starts small (a small file's index stays small); it doubles up to BLOCK rows
      const grow = (a: Uint32Array): Uint32Array => {
        const out = new Uint32Array(Math.min(BLOCK, 2 * a.length));
        out.set(a);
        return out;
      };
      this.lineBlocks[b] = grow(this.lineBlocks[b]);
      this.relBlocks[b] = grow(this.relBlocks[b]);
      this.lengthBlocks[b] = grow(this.lengthBlocks[b]);
    }
    this.lineBlocks[b][i] = line;
    this.relBlocks[b][i] = rel;
    this.lengthBlocks[b][i] = length;
  }

  get size(): number {
    return this.n;
  }

  /** The block holding row `i` (0 ≤ i < size). */
  private blockOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }

  /** Byte range of the row on `line`, or undefined when that line is not a parsed row. */
  find(line: number): { index: number; offset: number; length: number } | undefined {
    const nb = this.starts.length;
    if (nb === 0) return undefined;
    // the last block whose first line is ≤ line
    let lo = 0;
    let hi = nb - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >>> 1;
      if (this.lineBlocks[mid][0] <= line) lo = mid;
      else hi = mid - 1;
    }
    const lines = this.lineBlocks[lo];
    let a = 0;
    let z = (lo + 1 < nb ? this.starts[lo + 1] : this.n) - this.starts[lo] - 1;
    while (a <= z) {
      const mid = (a + z) >>> 1;
      const v = lines[mid];
      if (v === line)
        return {
          index: this.starts[lo] + mid,
          offset: this.bases[lo] + this.relBlocks[lo][mid],
          length: this.lengthBlocks[lo][mid],
        };
      if (v < line) a = mid + 1;
      else z = mid - 1;
    }
    return undefined;
  }

  /** Line, offset and length of the i-th parsed row (0-based). */
  at(i: number): { line: number; offset: number; length: number } {
    const b = this.blockOf(i);
    const k = i - this.starts[b];
    return {
      line: this.lineBlocks[b][k],
      offset: this.bases[b] + this.relBlocks[b][k],
      length: this.lengthBlocks[b][k],
    };
  }

  /** The index as plain typed arrays (for merging chunk results). */
  snapshot(): RowIndexPartial {
    const lines = new Uint32Array(this.n);
    const offsets = new Float64Array(this.n);
    const lengths = new Uint32Array(this.n);
    for (let b = 0; b < this.starts.length; b++) {
      const s = this.starts[b];
      const m = (b + 1 < this.starts.length ? this.starts[b + 1] : this.n) - s;
      lines.set(this.lineBlocks[b].subarray(0, m), s);
      lengths.set(this.lengthBlocks[b].subarray(0, m), s);
      const rel = this.relBlocks[b];
      const base = this.bases[b];
      for (let k = 0; k < m; k++) offsets[s + k] = base + rel[k];
    }
    return { lines, offsets, lengths };
  }

  /** Appends a later chunk's rows (all after this index's rows). */
  merge(p: RowIndexPartial): void {
    for (let i = 0; i < p.lines.length; i++) this.add(p.lines[i], p.offsets[i], p.lengths[i]);
  }
}
