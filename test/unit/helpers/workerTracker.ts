/**
 * Sees every worker thread a test starts, for the fault and cancel tests (issue #15 items 10 and 11). Why:
 * "every worker stops" (and how fast: printed) needs the moment each one really exited, and chunk workers are started
 * deep inside the pool (or inside the analysis worker, a thread this one cannot see into). Two views:
 * - trackWorkers(): `Worker`s created in THIS thread (node:worker_threads' export swapped for a subclass that
 *   records its 'exit'), e.g. the chunk pool run in the test's thread, or AnalysisRunner's analysis worker;
 * - threadCount(): the process' OS threads (/proc/self/task, Linux), which includes workers started by
 *   workers: back at the count before the run means every worker thread, nested ones too, has exited.
 * (Not a test file itself.)
 */
import fs from 'node:fs';
import { createRequire, syncBuiltinESMExports } from 'node:module';
import type { Worker as WorkerType } from 'node:worker_threads';

const require = createRequire(import.meta.url);

export interface TrackedWorker {
  worker: WorkerType;
  /** performance.now() of its 'exit' event, or null while it runs. */
  exitedAt: number | null;
}

/** Records every Worker created in this thread until `restore()`. */
export function trackWorkers(): { workers: TrackedWorker[]; lastExit(): number | null; restore(): void } {
  const wt = require('node:worker_threads') as typeof import('node:worker_threads');
  const Original = wt.Worker;
  const workers: TrackedWorker[] = [];
  class Tracked extends Original {
    constructor(...args: ConstructorParameters<typeof Original>) {
      super(...args);
      const entry: TrackedWorker = { worker: this, exitedAt: null };
      workers.push(entry);
      this.on('exit', () => (entry.exitedAt = performance.now()));
    }
  }
  wt.Worker = Tracked;
  syncBuiltinESMExports();
  return {
    workers,
    lastExit: () =>
      workers.some((w) => w.exitedAt === null) ? null : Math.max(...workers.map((w) => w.exitedAt!)),
    restore: () => {
      wt.Worker = Original;
      syncBuiltinESMExports();
    },
  };
}

/** This process' OS threads (Linux /proc); null elsewhere. */
export function threadCount(): number | null {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return null;
  }
}

/**
 * Resolves with performance.now() of the first poll (every 2 ms) at which `done()` holds, or rejects after
 * `timeoutMs`. Why polling: the thread count has no event.
 */
export async function waitUntil(done: () => boolean, timeoutMs = 10_000): Promise<number> {
  const start = performance.now();
  for (;;) {
    if (done()) return performance.now();
    if (performance.now() - start > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}
