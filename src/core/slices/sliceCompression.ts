/**
 * Compression ratio of one slice, in bounded memory and without a gzip thread per slice (a dataset
 * may have hundreds of slices): the ratio is measured on the slice's text prefix of up to
 * `maxBytes` (default 256 KiB; gzip's window is 32 KiB, so the figure is near its full-text value
 * past that). As soon as the prefix is full it is gzipped and the buffer released.
 * Definition: R = UTF-8 bytes of the prefix (rows joined with one space, truncated to whole rows,
 * at least one row) / bytes of gzip(prefix, level 6). null when the slice has no text.
 *
 * Chunked analysis: a chunk's instance (`chunk: true`) keeps its prefix's rows instead of gzipping them, and
 * merge() replays a later chunk's rows into the file's instance with the same rule. The file's prefix is then
 * exactly the one-pass prefix (a chunk's prefix holds every row the file's prefix can still take from it: the
 * file's prefix is at least as full at every row, so it stops no later), and so is the ratio.
 */
import * as zlib from 'node:zlib';

export const SLICE_COMPRESSION_BYTES = 256 * 1024;

/** A chunk's prefix: its rows (texts, without the joining spaces) and whether the prefix was closed. */
export interface SliceCompressionPartial {
  texts: string[];
  closed: boolean;
}

export class SliceCompression {
  private parts: string[] = [];
  private bytes = 0;
  private ratio: number | null = null;
  private closed = false;
  private readonly maxBytes: number;
  private readonly chunk: boolean;

  /** `chunk`: keep the prefix's rows for snapshot() instead of gzipping them. */
  constructor(maxBytes = SLICE_COMPRESSION_BYTES, chunk = false) {
    this.maxBytes = maxBytes;
    this.chunk = chunk;
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

  /** Chunk mode: the prefix's rows as plain data. */
  snapshot(): SliceCompressionPartial {
    if (!this.chunk) throw new Error('SliceCompression.snapshot needs the chunk option');
    return { texts: this.parts.map((p, i) => (i === 0 ? p : p.slice(1))), closed: this.closed };
  }

  /** Replays a LATER chunk's prefix rows (a closed chunk prefix closes this one after them, as one pass would). */
  merge(p: SliceCompressionPartial): void {
    for (const t of p.texts) {
      if (this.closed) return;
      this.addText(t);
    }
    if (p.closed) this.close();
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
    if (this.chunk) return;
    if (this.bytes > 0) {
      const joined = this.parts.join('');
      this.ratio = this.bytes / zlib.gzipSync(joined, { level: 6 }).length;
    }
    this.parts = [];
  }
}
