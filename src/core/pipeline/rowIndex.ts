/**
 * Line number → byte range of every parsed row, in typed arrays (12 bytes a row), so reports can
 * show a row's text, the editor can reveal it, and the mixer can copy it byte for byte without
 * keeping any text in memory.
 */
/** A RowIndex as plain data. */
export interface RowIndexPartial {
  lines: Uint32Array;
  offsets: Float64Array;
  lengths: Uint32Array;
}

export class RowIndex {
  private lines = new Uint32Array(1024);
  private offsets = new Float64Array(1024);
  private lengths = new Uint32Array(1024);
  private n = 0;

  /** Records one parsed row; rows must arrive in increasing line order. */
  add(line: number, offset: number, length: number): void {
    if (this.n === this.lines.length) this.grow();
    this.lines[this.n] = line;
    this.offsets[this.n] = offset;
    this.lengths[this.n] = length;
    this.n++;
  }

  get size(): number {
    return this.n;
  }

  /** Byte range of the row on `line`, or undefined when that line is not a parsed row. */
  find(line: number): { index: number; offset: number; length: number } | undefined {
    let lo = 0;
    let hi = this.n - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      const v = this.lines[mid];
      if (v === line) return { index: mid, offset: this.offsets[mid], length: this.lengths[mid] };
      if (v < line) lo = mid + 1;
      else hi = mid - 1;
    }
    return undefined;
  }

  /** Line, offset and length of the i-th parsed row (0-based). */
  at(i: number): { line: number; offset: number; length: number } {
    return { line: this.lines[i], offset: this.offsets[i], length: this.lengths[i] };
  }

  /** The index as plain typed arrays (for merging chunk results). */
  snapshot(): RowIndexPartial {
    return {
      lines: this.lines.slice(0, this.n),
      offsets: this.offsets.slice(0, this.n),
      lengths: this.lengths.slice(0, this.n),
    };
  }

  /** Appends a later chunk's rows (all after this index's rows). */
  merge(p: RowIndexPartial): void {
    for (let i = 0; i < p.lines.length; i++) this.add(p.lines[i], p.offsets[i], p.lengths[i]);
  }

  private grow(): void {
    const cap = this.lines.length * 2;
    const lines = new Uint32Array(cap);
    lines.set(this.lines);
    const offsets = new Float64Array(cap);
    offsets.set(this.offsets);
    const lengths = new Uint32Array(cap);
    lengths.set(this.lengths);
    this.lines = lines;
    this.offsets = offsets;
    this.lengths = lengths;
  }
}
