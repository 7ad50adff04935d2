/**
 * Appends many small buffers to an open file in few writes. Why: the mix writer (mix/atomicLines.ts) and its spools
 * (mix/lineSource.ts, mix/parquetSource.ts) write one row at a time; collecting the rows and writing them as one
 * buffer once enough are pending keeps the number of write calls small, and written once, no caller can forget
 * the last batch's bytes or count them wrong.
 */
import type { FileHandle } from 'node:fs/promises';

export class BatchedWriter {
  private pending: Buffer[] = [];
  private pendingBytes = 0;

  /** Writes to `fh` (at its current position) in batches of at least `flushBytes` (the last one: what is left). */
  constructor(
    private readonly fh: FileHandle,
    private readonly flushBytes: number,
  ) {}

  /** Queues `bytes`, kept by reference until written: the caller must not change them before the next flush. */
  push(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
  }

  /** Writes the queued bytes once they reach `flushBytes`. */
  async flushIfFull(): Promise<void> {
    if (this.pendingBytes >= this.flushBytes) await this.flush();
  }

  /** Writes whatever is queued (call once at the end). */
  async flush(): Promise<void> {
    if (this.pendingBytes === 0) return;
    const data = Buffer.concat(this.pending, this.pendingBytes);
    this.pending = [];
    this.pendingBytes = 0;
    await this.fh.write(data, 0, data.length);
  }
}
