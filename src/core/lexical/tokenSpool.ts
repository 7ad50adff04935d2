/**
 * Append-only spool of 32-bit token ids that can be read back in reverse order.
 *
 * Why: MTLD's backward pass needs the whole token stream reversed, and a multi-GB corpus has
 * hundreds of millions of tokens. Ids are kept in a growable Uint32Array up to a memory budget
 * (default 16 MiB = 4 M ids: the backward pass reads the spill file sequentially, so a larger budget
 * buys little time and costs peak memory; 64 MiB before session 9); beyond it the in-memory block is written to a temporary file
 * and the spool continues, so memory stays at the budget whatever the corpus size.
 *
 * File format: raw Uint32 words in the host byte order (little-endian on every platform Node/VS
 * Code ships for); the file never leaves this process. It lives in a fresh directory made with
 * mkdtemp under `tmpDir` (default os.tmpdir()) and is removed by `dispose()` — callers must call
 * it in a finally block — and, as a last resort, when the process exits (the main thread's exit hook, and the CLI's
 * signal handler, also remove the directories of this pid that worker threads left: removeProcessSpoolDirs).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { sweepStaleTempsOnce } from '../io/staleTemps.ts';
import { ProcessTemps } from '../io/processTemps.ts';

/** Options of a `TokenSpool`. */
export interface TokenSpoolOptions {
  /** Bytes of ids kept in memory before spilling to disk (default 16 MiB, minimum 16 bytes). */
  memoryBytes?: number;
  /** Parent directory of the temporary spill directory (default os.tmpdir()). */
  tmpDir?: string;
  /** Ids per block when reading the spill file back (default 1 Mi ids = 4 MiB). */
  readBlockIds?: number;
  /**
   * Write spilled blocks in the background (libuv's pool) instead of blocking the caller [false]; `settle()` must
   * then be awaited before reading back. Why: a chunked run's main thread spills while it merges, and a synchronous
   * write of 64 MiB stalls the merge on a busy disk. A block is kept in memory until written.
   */
  writeBehind?: boolean;
}

/** Default in-memory budget of a spool. */
export const DEFAULT_SPOOL_MEMORY_BYTES = 16 * 1024 * 1024;

/** Name prefix of every spool directory: `diversity-lens-spool-<pid>-t<threadId>-XXXXXX`. */
export const SPOOL_PREFIX = 'diversity-lens-spool-';

/** This process's spool directories (io/processTemps.ts: live ones, folders used, the exit hook, the sweeps). */
const spools = new ProcessTemps(SPOOL_PREFIX);

/**
 * Removes the spool directories that worker thread `thread` (its Worker.threadId) of this process left in `dir`
 * (default os.tmpdir()). Why: a worker stopped by terminate() runs no exit handler, so its parent cleans up from the
 * Worker's 'exit' event. Returns how many were removed.
 */
export function removeSpoolDirs(thread: number, dir: string = os.tmpdir()): number {
  return spools.removeThread(thread, dir);
}

/**
 * Removes every spool directory this process may have left: this thread's live ones and, in the main thread, every
 * `diversity-lens-spool-<this pid>-…` directory in os.tmpdir() and in the directories this thread spooled in (worker
 * threads' ones too: a worker stopped by terminate() or by the process's exit runs no cleanup). Synchronous, for an
 * exit handler or a signal handler about to call process.exit. Returns how many directories were removed.
 */
export function removeProcessSpoolDirs(): number {
  return spools.removeProcess();
}

function removeDir(dir: string): void {
  try {
    fs.rmSync(dir, { recursive: true, force: true });
  } catch {
    // best effort: the directory is in the OS temp area
  }
  spools.untrack(dir);
}

/** Stores ids in order; replays them last-to-first with `forEachReverseBlock`. */
export class TokenSpool {
  private buf: Uint32Array;
  private len = 0;
  private readonly capIds: number;
  private readonly tmpDir: string;
  private readonly readBlockIds: number;
  private dir: string | null = null;
  private fd: number | null = null;
  private fileIds = 0;
  private disposed = false;
  private readonly writeBehind: boolean;
  /** Background writes not finished yet, the first one's error, and who waits for them (settle). */
  private pending = 0;
  private writeError: Error | null = null;
  private waiters: (() => void)[] = [];

  constructor(options: TokenSpoolOptions = {}) {
    const memoryBytes = options.memoryBytes ?? DEFAULT_SPOOL_MEMORY_BYTES;
    this.capIds = Math.max(4, Math.floor(memoryBytes / 4));
    this.buf = new Uint32Array(Math.min(4096, this.capIds));
    this.tmpDir = options.tmpDir ?? os.tmpdir();
    this.readBlockIds = Math.max(1, options.readBlockIds ?? 1024 * 1024);
    this.writeBehind = options.writeBehind ?? false;
  }

  /** Resolves once every background write is done; rejects with the first write error. */
  async settle(): Promise<void> {
    while (this.pending > 0) await new Promise<void>((resolve) => this.waiters.push(resolve));
    if (this.writeError) throw this.writeError;
  }

  /** Total ids pushed. */
  get length(): number {
    return this.fileIds + this.len;
  }

  /** True once part of the stream went to the temporary file. */
  get spilled(): boolean {
    return this.fd !== null;
  }

  /** Path of the spill file, or null while everything is in memory. */
  get spillPath(): string | null {
    return this.dir === null ? null : path.join(this.dir, 'tokens.u32');
  }

  /** Appends one id. */
  push(id: number): void {
    if (this.len === this.buf.length) this.makeRoom();
    this.buf[this.len++] = id;
  }

  /** Appends `ids` in order (one copy per block; the same as pushing each). */
  pushAll(ids: Uint32Array): void {
    let done = 0;
    while (done < ids.length) {
      if (this.len === this.buf.length) this.makeRoom();
      const n = Math.min(ids.length - done, this.buf.length - this.len);
      this.buf.set(ids.subarray(done, done + n), this.len);
      this.len += n;
      done += n;
    }
  }

  /**
   * Copies ids [start, start + out.length) of the stream into `out` (from the spill file and/or memory). Why: a
   * chunked run's backward MTLD reads only a few factors at each chunk's end and start (lexicalMtld.ts resume).
   */
  read(start: number, out: Uint32Array): void {
    if (this.disposed) throw new Error('TokenSpool used after dispose()');
    const end = start + out.length;
    if (start < 0 || end > this.length)
      throw new RangeError(`TokenSpool.read [${start}, ${end}) of ${this.length}`);
    this.checkSettled();
    const fileEnd = Math.min(end, this.fileIds);
    if (start < fileEnd) {
      const bytes = new Uint8Array(out.buffer, out.byteOffset, (fileEnd - start) * 4);
      let done = 0;
      while (done < bytes.length) {
        const n = fs.readSync(this.fd!, bytes, done, bytes.length - done, start * 4 + done);
        if (n <= 0) throw new Error(`token spool file ended early at id ${start + done / 4}`);
        done += n;
      }
    }
    const memStart = Math.max(start, this.fileIds);
    if (memStart < end)
      out.set(this.buf.subarray(memStart - this.fileIds, end - this.fileIds), memStart - start);
  }

  /**
   * Calls `fn(block)` for consecutive blocks from the END of the stream toward the start; the ids
   * inside each block are in forward order, so iterate each block from its last element.
   * The block array is only valid during the call.
   */
  forEachReverseBlock(fn: (block: Uint32Array) => void): void {
    if (this.disposed) throw new Error('TokenSpool used after dispose()');
    this.checkSettled();
    if (this.len > 0) fn(this.buf.subarray(0, this.len));
    if (this.fd === null || this.fileIds === 0) return;
    const block = new Uint32Array(Math.min(this.readBlockIds, this.fileIds));
    const bytes = new Uint8Array(block.buffer);
    let end = this.fileIds;
    while (end > 0) {
      const start = Math.max(0, end - block.length);
      const count = end - start;
      let done = 0;
      while (done < count * 4) {
        const n = fs.readSync(this.fd, bytes, done, count * 4 - done, start * 4 + done);
        if (n <= 0) throw new Error(`token spool file ended early at id ${start + done / 4}`);
        done += n;
      }
      fn(block.subarray(0, count));
      end = start;
    }
  }

  /**
   * Deletes the spill file, closes it (once background writes end, if any are running) and frees memory. Safe to
   * call more than once.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.buf = new Uint32Array(0);
    this.len = 0;
    // unlinked now (a running write ends in the unlinked file), closed by the last write's callback
    if (this.dir !== null) removeDir(this.dir);
    if (this.pending === 0) this.closeFile();
  }

  private closeFile(): void {
    if (this.fd !== null) {
      try {
        fs.closeSync(this.fd);
      } catch {
        // already closed
      }
      this.fd = null;
    }
  }

  private checkSettled(): void {
    if (this.pending > 0) throw new Error('TokenSpool read before settle()');
    if (this.writeError) throw this.writeError;
  }

  private makeRoom(): void {
    if (this.disposed) throw new Error('TokenSpool used after dispose()');
    if (this.buf.length < this.capIds) {
      const grown = new Uint32Array(Math.min(this.capIds, this.buf.length * 2));
      grown.set(this.buf);
      this.buf = grown;
      return;
    }
    this.spill();
  }

  /** Writes the in-memory block to the end of the spill file and empties it. */
  private spill(): void {
    if (this.fd === null) {
      sweepStaleTempsOnce(this.tmpDir); // what killed processes left here (io/staleTemps.ts)
      // the pid and thread in the name let a parent remove the directory of a worker it terminated (removeSpoolDirs)
      const dir = fs.mkdtempSync(path.join(this.tmpDir, spools.threadPrefix()));
      this.dir = dir;
      spools.track(dir, this.tmpDir, () => removeDir(dir));
      this.fd = fs.openSync(path.join(this.dir, 'tokens.u32'), 'w+');
    }
    const bytes = new Uint8Array(this.buf.buffer, 0, this.len * 4);
    const at = this.fileIds * 4;
    this.fileIds += this.len;
    this.len = 0;
    if (this.writeBehind) {
      // the block goes to the write; later ids go to a new one (its pages are touched only as it fills)
      this.buf = new Uint32Array(this.capIds);
      this.writeInBackground(this.fd, bytes, 0, at);
      return;
    }
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(this.fd, bytes, done, bytes.length - done, at + done);
  }

  private writeInBackground(fd: number, bytes: Uint8Array, done: number, at: number): void {
    this.pending++;
    fs.write(fd, bytes, done, bytes.length - done, at + done, (err, written) => {
      this.pending--;
      if (err) this.writeError ??= err;
      else if (written === 0) this.writeError ??= new Error('token spool: a write wrote nothing');
      else if (done + written < bytes.length && !this.disposed) {
        this.writeInBackground(fd, bytes, done + written, at);
        return;
      }
      if (this.pending > 0) return;
      if (this.disposed) this.closeFile();
      for (const w of this.waiters.splice(0)) w();
    });
  }
}
