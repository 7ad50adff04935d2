/**
 * The bookkeeping of one kind of temporary entry this process makes in temp folders, named
 * `<prefix><pid>-t<thread>-…<suffix>`: MTLD spool folders (lexical/tokenSpool.ts) and spill files
 * (duplicates/nearSpillFile.ts). Why one class: the two kinds kept near-copies of the same registry — the entries
 * alive in this thread, the folders used, a sweep by pid and thread, one exit hook — and a fix to one had to be
 * made twice. Removal is synchronous: it runs from exit hooks and from the CLI's signal handler just before
 * process.exit. Entries of processes that were killed are another module's job (io/staleTemps.ts).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { isMainThread, threadId } from 'node:worker_threads';

export class ProcessTemps {
  /** This thread's live entries: path → what releases it (its owner's own cleanup, which removes it). */
  private readonly live = new Map<string, () => void>();
  /** Every folder an entry of this thread was made in (a custom `tmpDir` too), for the main thread's sweep. */
  private readonly dirsUsed = new Set<string>();
  private hooked = false;

  /** `prefix`: the kind's name start (e.g. `diversity-lens-near-`); `suffix`: its name end ('' for any). */
  constructor(
    readonly prefix: string,
    private readonly suffix = '',
  ) {}

  /** The name start of this thread's entries: `<prefix><pid>-t<thread>-`. */
  threadPrefix(thread: number = threadId): string {
    return `${this.prefix}${process.pid}-t${thread}-`;
  }

  /**
   * Records a live entry at `p`, made in folder `dir`; `release` is its owner's cleanup (it must remove the entry and
   * call `untrack`). The first entry installs the thread's exit hook (a worker's fires when it ends by itself or
   * calls process.exit; never when it is terminated — its parent then calls removeThread).
   */
  track(p: string, dir: string, release: () => void): void {
    if (!this.hooked) {
      this.hooked = true;
      process.on('exit', () => this.removeProcess());
    }
    this.live.set(p, release);
    this.dirsUsed.add(dir);
  }

  /** Forgets a live entry its owner removed. */
  untrack(p: string): void {
    this.live.delete(p);
  }

  /**
   * Removes what worker thread `thread` (its Worker.threadId) of this process left in `dir` (default os.tmpdir()).
   * For a parent's Worker 'exit' handler: a terminated worker runs no code. Returns how many entries were removed.
   */
  removeThread(thread: number, dir: string = os.tmpdir()): number {
    return this.removeNamed(this.threadPrefix(thread), dir);
  }

  /**
   * Removes every entry this process may have left: this thread's live ones and, in the main thread, every
   * `<prefix><this pid>-…` entry in os.tmpdir() and in the folders this thread used (worker threads' too: the whole
   * process is ending). Returns how many were removed. A custom folder only a worker thread used is not known here.
   */
  removeProcess(): number {
    let removed = 0;
    for (const [p, release] of [...this.live]) {
      release();
      this.live.delete(p);
      removed++;
    }
    if (isMainThread)
      for (const dir of new Set([os.tmpdir(), ...this.dirsUsed]))
        removed += this.removeNamed(`${this.prefix}${process.pid}-`, dir);
    return removed;
  }

  private removeNamed(start: string, dir: string): number {
    let names: string[];
    try {
      names = fs.readdirSync(dir);
    } catch {
      return 0;
    }
    let removed = 0;
    for (const name of names) {
      if (!name.startsWith(start) || !name.endsWith(this.suffix)) continue;
      const p = path.join(dir, name);
      const release = this.live.get(p);
      this.live.delete(p);
      try {
        if (release) release();
        fs.rmSync(p, { recursive: true, force: true });
        removed++;
      } catch {
        // best effort: the entry is in a temp area
      }
    }
    return removed;
  }
}
