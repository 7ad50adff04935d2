/**
 * Append-only typed arrays that double when full: the mix model keeps one number per row (or per token)
 * without a JS object per row, so a million rows cost megabytes, not hundreds of megabytes.
 */

type TypedCtor<T> = { new (n: number): T };

/** A growable typed array of one element type. */
export class Growable<T extends Uint32Array | Int32Array | Float64Array> {
  private buf: T;
  length = 0;

  constructor(
    private readonly ctor: TypedCtor<T>,
    initial = 1024,
  ) {
    this.buf = new ctor(initial);
  }

  push(v: number): void {
    if (this.length === this.buf.length) this.reserve(this.length + 1);
    this.buf[this.length++] = v;
  }

  /** Element i (i < length). */
  at(i: number): number {
    return this.buf[i];
  }

  /** Appends every element of `src`. */
  pushAll(src: ArrayLike<number>): void {
    this.reserve(this.length + src.length);
    (this.buf as unknown as { set(a: ArrayLike<number>, o: number): void }).set(src, this.length);
    this.length += src.length;
  }

  /** Makes room for `n` elements. */
  reserve(n: number): void {
    if (n <= this.buf.length) return;
    let cap = this.buf.length * 2;
    while (cap < n) cap *= 2;
    const grown = new this.ctor(cap);
    (grown as unknown as { set(a: T): void }).set(this.buf);
    this.buf = grown;
  }

  /** A right-sized copy of the elements. */
  toArray(): T {
    return this.buf.slice(0, this.length) as T;
  }
}
