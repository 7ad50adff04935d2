/**
 * The bytes held of one unfinished line (lineScanner.ts) or JSON array element (jsonArrayScanner.ts) while it spans
 * chunks — never more than a bound: past it what was held is dropped and the rest only counted, so a 2 GB line
 * costs no memory and is still reported with its length. Why one class: both scanners hold, bound and forget an
 * item's pieces the same way; written once, they cannot disagree on when an item becomes "too long".
 */

export class HeldBytes {
  /** Copies of the item's pieces so far (empty once discarding). */
  parts: Buffer[] = [];
  /** Bytes in `parts`. */
  length = 0;
  /** True once the item outgrew the bound: its bytes are dropped and only counted in `discardedLen`. */
  discarding = false;
  /** The item's bytes so far once discarding (those held before included). */
  discardedLen = 0;

  /** Holds a copy of chunk[from, to); once the held bytes would pass `limit`, drops them all and only counts. */
  hold(chunk: Buffer, from: number, to: number, limit: number): void {
    const len = to - from;
    if (this.discarding) this.discardedLen += len;
    else if (this.length + len > limit) {
      this.discarding = true;
      this.discardedLen = this.length + len;
      this.parts = [];
      this.length = 0;
    } else {
      this.parts.push(Buffer.from(chunk.subarray(from, to)));
      this.length += len;
    }
  }

  /** Forgets the item (it was emitted): the next one starts with nothing held. */
  clear(): void {
    this.parts = [];
    this.length = 0;
    this.discarding = false;
    this.discardedLen = 0;
  }
}
