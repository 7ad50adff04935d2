/**
 * Compression ratio of one slice, in bounded memory and without a gzip thread per slice (a dataset
 * may have hundreds of slices): the ratio is measured on the slice's text prefix of up to
 * `maxBytes` (default 256 KiB; gzip's window is 32 KiB, so the figure is near its full-text value
 * past that). As soon as the prefix is full it is gzipped and the buffer released.
 * Definition: R = UTF-8 bytes of the prefix (rows joined with one space, truncated to whole rows,
 * at least one row) / bytes of gzip(prefix, level 6). null when the slice has no text.
 */
import * as zlib from 'node:zlib';

export const SLICE_COMPRESSION_BYTES = 256 * 1024;

export class SliceCompression {
  private parts: string[] = [];
  private bytes = 0;
  private ratio: number | null = null;
  private closed = false;
  private readonly maxBytes: number;

  constructor(maxBytes = SLICE_COMPRESSION_BYTES) {
    this.maxBytes = maxBytes;
  }

  /** Appends one row's text (until the prefix is full). */
  addText(text: string): void {
    if (this.closed) return;
    const piece = this.parts.length === 0 ? text : ' ' + text;
    const b = Buffer.byteLength(piece, 'utf8');
    if (this.parts.length > 0 && this.bytes + b > this.maxBytes) {
      this.close();
      return;
    }
    this.parts.push(piece);
    this.bytes += b;
    if (this.bytes >= this.maxBytes) this.close();
  }

  /** Raw bytes measured (the prefix length). */
  get rawBytes(): number {
    return this.bytes;
  }

  /** The ratio (gzips the prefix now if it was not full yet). */
  finish(): number | null {
    this.close();
    return this.ratio;
  }

  private close(): void {
    if (this.closed) return;
    this.closed = true;
    if (this.bytes > 0) {
      const joined = this.parts.join('');
      this.ratio = this.bytes / zlib.gzipSync(joined, { level: 6 }).length;
    }
    this.parts = [];
  }
}
