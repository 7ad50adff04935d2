/**
 * Pure, chunk-boundary-exact line splitter: bytes in, raw lines out.
 *
 * Why it exists: `readline` decodes text before splitting (hiding invalid bytes behind U+FFFD) and is
 * several times slower. This scanner works on raw bytes with `Buffer.indexOf(10)`, so it yields exactly
 * the same lines, offsets and lengths whatever the chunk sizes are, and it never buffers a line longer
 * than `maxLineBytes` (such a line is discarded while the scanner keeps looking for its newline).
 * No fs, no zlib: it is unit-tested with in-memory chunks.
 */

import { BOM, CR, LF } from './jsonBytes.ts';
import { HeldBytes } from './heldBytes.ts';

/** Options of one scan. Offsets are absolute byte offsets in the (decompressed) input. */
export interface LineScannerOptions {
  /** Lines longer than this (excluding the terminator) are reported with `bytes === null`. */
  maxLineBytes: number;
  /** Absolute offset of the first byte that will be pushed (default 0). */
  baseOffset?: number;
  /** Strip a UTF-8 BOM at the very start of the input (default true). */
  stripBom?: boolean;
  /** Discard everything up to and including the first `\n` before emitting lines (byte ranges that start mid-file). */
  skipPartialFirstLine?: boolean;
  /** Lines whose first byte is at or after this absolute offset are not emitted; scanning stops there. */
  endOffset?: number;
  /** Number given to the first emitted line (default 1): a range that starts at line L of the file passes L. */
  firstLine?: number;
}

/**
 * Receives one raw line. `bytes` excludes the terminator (`\n` or `\r\n`) and is `null` when the line was
 * longer than `maxLineBytes` (it was never buffered whole). `length` is the line's byte length excluding the
 * terminator, `offset` the absolute offset of its first byte, `line` its 1-based number in the scan.
 * `bytes` may be a view into the pushed chunk: use it before the next `push`.
 */
export type LineSink = (bytes: Buffer | null, line: number, offset: number, length: number) => void;

/** Splits a byte stream into lines; see the module comment for the guarantees. */
export class LineScanner {
  /** True once a UTF-8 BOM was stripped at the start of the input. */
  bom = false;
  /** True once the scan ended (end of input, `endOffset` reached, or `stop()`). */
  finished = false;

  private readonly maxLineBytes: number;
  private readonly endOffset: number;
  private lineNo = 0;
  /** Absolute offset of the next byte not yet consumed. */
  private offset: number;
  /** Absolute offset of the first byte of the line being assembled. */
  private lineStart: number;
  private readonly held = new HeldBytes();
  private lastWasCR = false;
  private skipping: boolean;
  private bomHead: Buffer | null;

  constructor(options: LineScannerOptions) {
    this.maxLineBytes = options.maxLineBytes;
    this.endOffset = options.endOffset ?? Number.POSITIVE_INFINITY;
    this.lineNo = (options.firstLine ?? 1) - 1;
    this.offset = options.baseOffset ?? 0;
    this.lineStart = this.offset;
    this.skipping = options.skipPartialFirstLine ?? false;
    this.bomHead = (options.stripBom ?? true) && !this.skipping ? Buffer.alloc(0) : null;
    if (this.lineStart >= this.endOffset && !this.skipping) this.finished = true;
  }

  /**
   * Absolute offset up to which input has been consumed: the end of input, or, when the scan stopped at
   * `endOffset` / `stop()`, the end of the last emitted line's terminator.
   */
  get position(): number {
    return this.offset;
  }

  /** Bytes of the unfinished line currently held in memory (never more than maxLineBytes + 1). */
  get bufferedBytes(): number {
    return this.held.length;
  }

  /** Ends the scan now (e.g. strict mode hit a bad line); later pushes are ignored. */
  stop(): void {
    this.finished = true;
  }

  /** Feeds the next chunk; calls `sink` for every line completed inside it. */
  push(input: Buffer, sink: LineSink): void {
    if (this.finished || input.length === 0) return;
    let chunk: Buffer | null = input;
    if (this.bomHead !== null) {
      chunk = this.takeBom(input);
      if (chunk === null) return;
    }
    const base = this.offset;
    const n = chunk.length;
    let pos = 0;
    if (this.skipping) {
      const nl = chunk.indexOf(LF);
      if (nl === -1) {
        this.offset += n;
        return;
      }
      this.skipping = false;
      pos = nl + 1;
      this.lineStart = base + pos;
      if (this.lineStart >= this.endOffset) return this.stopAt(this.lineStart);
    }
    while (pos < n) {
      const nl = chunk.indexOf(LF, pos);
      if (nl === -1) {
        this.accumulate(chunk, pos, n);
        break;
      }
      this.finishLine(chunk, pos, nl, sink);
      pos = nl + 1;
      this.lineStart = base + pos;
      if (this.finished) return this.stopAt(this.lineStart);
      if (this.lineStart >= this.endOffset) return this.stopAt(this.lineStart);
    }
    this.offset = base + n;
  }

  /** Signals the end of input: emits a last line that has no terminating newline. */
  end(sink: LineSink): void {
    if (this.finished) return;
    if (this.bomHead !== null && this.bomHead.length > 0) {
      const head = this.bomHead;
      this.bomHead = null;
      this.push(head, sink);
      if (this.finished) return;
    }
    if (!this.skipping && (this.held.length > 0 || this.held.discarding)) {
      this.finishLine(null, 0, 0, sink);
    }
    this.finished = true;
  }

  private stopAt(position: number): void {
    this.offset = position;
    this.finished = true;
  }

  /** Collects the first bytes until it is known whether they are a BOM; returns the bytes to scan, or null to wait. */
  private takeBom(chunk: Buffer): Buffer | null {
    const head = this.bomHead!.length > 0 ? Buffer.concat([this.bomHead!, chunk]) : chunk;
    const k = Math.min(3, head.length);
    for (let i = 0; i < k; i++) {
      if (head[i] !== BOM[i]) {
        this.bomHead = null;
        return head;
      }
    }
    if (head.length < 3) {
      this.bomHead = Buffer.from(head);
      return null;
    }
    this.bomHead = null;
    this.bom = true;
    this.offset += 3;
    this.lineStart = this.offset;
    return head.subarray(3);
  }

  /** Keeps the unterminated tail [pos, n) of a chunk, or only its length once the line is too long. */
  private accumulate(chunk: Buffer, pos: number, n: number): void {
    this.lastWasCR = chunk[n - 1] === CR;
    // +1: a line of exactly maxLineBytes may still be followed by the \r of a \r\n terminator.
    this.held.hold(chunk, pos, n, this.maxLineBytes + 1);
  }

  /** Emits the line made of the kept parts plus chunk[pos, nl) (chunk null at end of input). */
  private finishLine(chunk: Buffer | null, pos: number, nl: number, sink: LineSink): void {
    const tailLen = nl - pos;
    const line = ++this.lineNo;
    const start = this.lineStart;
    const held = this.held;
    if (held.discarding || held.length + tailLen > this.maxLineBytes + 1) {
      const raw = (held.discarding ? held.discardedLen : held.length) + tailLen;
      const endsCR = tailLen > 0 ? chunk![nl - 1] === CR : this.lastWasCR;
      held.clear();
      sink(null, line, start, raw - (endsCR ? 1 : 0));
      return;
    }
    let bytes: Buffer;
    if (held.length === 0) {
      bytes = chunk === null ? Buffer.alloc(0) : chunk.subarray(pos, nl);
    } else {
      if (chunk !== null && tailLen > 0) held.parts.push(chunk.subarray(pos, nl));
      bytes = Buffer.concat(held.parts, held.length + tailLen);
      held.clear();
    }
    let len = bytes.length;
    if (len > 0 && bytes[len - 1] === CR) len--;
    if (len > this.maxLineBytes) {
      sink(null, line, start, len);
    } else {
      sink(len === bytes.length ? bytes : bytes.subarray(0, len), line, start, len);
    }
  }
}
