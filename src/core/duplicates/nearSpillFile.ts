/**
 * The temporary file that receives the near-duplicate store's spilled shingle-arena chunks
 * (nearDuplicatesStore.ts) and a chunked run's distinct-n key runs past their memory share (sketches/sortedKeySet.ts),
 * and the registry that deletes such files when the thread or process exits.
 *
 * Why a file: the store keeps 4 bytes per token of every distinct row; on a multi-GB dataset that alone would
 * exceed the 1 GiB RSS budget, so full arena chunks past the store's memory budget are appended here and read
 * back with positioned reads (verification, identical-set checks, snapshots).
 *
 * Lifetime: created lazily on the first spill as `<tmpDir>/diversity-lens-near-<pid>-t<threadId>-<random>.bin`
 * (flag 'wx', mode 0o600), deleted by `delete()` — the store calls it when the accumulator finishes, is disposed
 * or throws — and, as a last resort, by a `process.on('exit')` handler of the thread that created it (in a worker
 * thread that event fires when the worker ends by itself or calls process.exit()). The main thread's handler also
 * removes files of this process left by worker threads (the pid in the name), in os.tmpdir() and in every
 * directory a spill file was made in. Remaining gaps: a worker stopped by `Worker.terminate()` runs no code, so
 * its files stay until its parent calls `removeNearSpillFiles(worker.threadId)` from the Worker's 'exit' event or
 * the main thread exits; a SIGKILL (or a crash of the process) leaves them in place until a later process spills in
 * the same folder: its first spill removes them once that pid is gone and they are an hour old (io/staleTemps.ts).
 *
 * File format: raw Uint32 words in the host byte order; the file never leaves this process.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { sweepStaleTempsOnce } from '../io/staleTemps.ts';
import { ProcessTemps } from '../io/processTemps.ts';

/** Name prefix of every near-duplicate spill file. */
export const NEAR_SPILL_PREFIX = 'diversity-lens-near-';

/** This process's spill files (io/processTemps.ts: open ones, folders used, the exit hook, the sweeps). */
const spills = new ProcessTemps(NEAR_SPILL_PREFIX, '.bin');

/**
 * Deletes every near-duplicate spill file this process may have left: this thread's open ones and, in the main
 * thread, every `diversity-lens-near-<this pid>-…` file in os.tmpdir() and in the directories this thread spilled in
 * (the whole process is ending: files that terminated workers could not delete are garbage now). Synchronous, for an
 * exit handler or a signal handler about to call process.exit. Returns how many files were deleted.
 */
export function removeProcessNearSpillFiles(): number {
  return spills.removeProcess();
}

/**
 * Deletes the near-duplicate spill files that worker thread `thread` (its Worker.threadId) of this process made in
 * `dir` (default os.tmpdir()). For a parent's Worker 'exit' handler: a terminated worker runs no code and cannot
 * delete its own files. Never touches other threads' or processes' files. Returns how many were deleted.
 */
export function removeNearSpillFiles(thread: number, dir: string = os.tmpdir()): number {
  return spills.removeThread(thread, dir);
}

/** An append-only temporary file of 32-bit words with positioned reads. */
export class NearSpillFile {
  readonly path: string;
  private fd: number | null;
  /** Bytes written so far (the next append's position). */
  size = 0;
  /** Background writes (appendBehind) still running; the descriptor is closed only once they end. */
  private pending = 0;
  private closeWhenIdle: number | null = null;

  /**
   * `tag`: a word put after the thread in the name (e.g. `keys-` for distinct-n key runs), so a leftover says what
   * it held; the prefix up to the thread stays the same, so every cleanup above covers it.
   */
  constructor(dir: string, tag = '') {
    sweepStaleTempsOnce(dir); // what killed processes left here (io/staleTemps.ts)
    this.path = path.join(dir, `${spills.threadPrefix()}${tag}${randomBytes(8).toString('hex')}.bin`);
    this.fd = fs.openSync(this.path, 'wx+', 0o600);
    spills.track(this.path, dir, () => this.delete());
  }

  /** True until delete(). */
  get isOpen(): boolean {
    return this.fd !== null;
  }

  /** Appends `words` at the end of the file; returns the byte position they were written at. */
  append(words: Uint32Array): number {
    const fd = this.handle();
    const at = this.size;
    const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
    let done = 0;
    while (done < bytes.length) done += fs.writeSync(fd, bytes, done, bytes.length - done, at + done);
    this.size += bytes.length;
    return at;
  }

  /**
   * Appends `words` like append(), but writes them in the background (libuv's pool); `done` is called once they
   * are on file (err set if the write failed). Why: the main thread's merge must not wait for a busy disk. The
   * caller keeps `words` unchanged and does not read their bytes back until `done`.
   */
  appendBehind(words: Uint32Array, done: (err: Error | null) => void): number {
    const fd = this.handle();
    const at = this.size;
    const bytes = new Uint8Array(words.buffer, words.byteOffset, words.byteLength);
    this.size += bytes.length;
    const write = (from: number): void => {
      this.pending++;
      fs.write(fd, bytes, from, bytes.length - from, at + from, (err, n) => {
        this.pending--;
        const failed = err ?? (n === 0 ? new Error('a write wrote nothing') : null);
        if (failed === null && from + n < bytes.length && this.closeWhenIdle === null) {
          write(from + n);
          return;
        }
        if (this.pending === 0 && this.closeWhenIdle !== null) {
          try {
            fs.closeSync(this.closeWhenIdle);
          } catch {
            // already closed
          }
          this.closeWhenIdle = null;
        }
        done(failed);
      });
    };
    write(0);
    return at;
  }

  /** Fills `into` with the words stored at byte position `at`. */
  read(into: Uint32Array, at: number): void {
    const fd = this.handle();
    const bytes = new Uint8Array(into.buffer, into.byteOffset, into.byteLength);
    let done = 0;
    while (done < bytes.length) {
      const n = fs.readSync(fd, bytes, done, bytes.length - done, at + done);
      if (n <= 0) throw new Error(`spill file ${this.path} ended early at byte ${at + done}`);
      done += n;
    }
  }

  /** Closes and unlinks the file (best effort; idempotent). */
  delete(): void {
    if (this.fd === null) return;
    const fd = this.fd;
    this.fd = null;
    spills.untrack(this.path);
    // a descriptor with writes running is closed by the last one (closing it now could let a new file reuse it)
    if (this.pending > 0) this.closeWhenIdle = fd;
    else
      try {
        fs.closeSync(fd);
      } catch {
        // already closed
      }
    try {
      fs.unlinkSync(this.path);
    } catch {
      // already gone
    }
  }

  private handle(): number {
    if (this.fd === null) throw new Error(`spill file ${this.path} was deleted`);
    return this.fd;
  }
}
