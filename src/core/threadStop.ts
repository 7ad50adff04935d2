/**
 * Stopping a worker thread without Worker.terminate(), wherever the thread can answer. Why: terminate() stops a
 * thread at ANY point of its JavaScript, and when that point lies inside a zlib object's constructor (after Node
 * made the native handle, before it initialised it) Node 20 aborts the WHOLE process — the CLI, or the editor's
 * extension host — with `Assertion failed: init_done_ && "close before init"`. CI met it on a cancelled chunked
 * analysis: the chunk worker's gzip thread was opening a stream when the pool terminated the worker.
 *
 * So a parent asks, two ways at once:
 * - it posts STOP_THREAD (protocol/stopThreadProtocol.ts), which the thread reads between two tasks of its event loop;
 * - a thread started from the main thread (the CLI's chunk workers, the editor's analysis, compare and mix workers)
 *   roots a TREE of threads that share one stop flag (an Int32Array in shared memory, handed down in `workerData`);
 *   stopping the root sets the flag, and every thread of the tree wakes on it (Atomics.waitAsync) in its own event
 *   loop — so the chunk workers and gzip threads of an analysis worker stop even while that worker is busy in a long
 *   synchronous step (a merge, the end of the analysis) and cannot read its messages.
 * A stopping thread stops the threads it started (leaves first: a thread's exit would tear its children down
 * mid-task), lets an atomic write in its commit window finish, then calls process.exit, which also runs its exit hooks
 * (its spill files, spool dirs and atomic-write temporaries are removed).
 * terminate() remains the fallback for a thread that has not exited `graceMs` after the request: by then its children
 * have stopped by themselves, and it is stuck in a synchronous step of its own.
 */
import { isMainThread, Worker, workerData, type WorkerOptions } from 'node:worker_threads';
import { isStopThread, STOP_THREAD } from '../protocol/stopThreadProtocol.ts';
import { commitsSettled } from './io/atomicWrite.ts';

/**
 * How long a thread has to exit after the request before it is terminated. Why 400 ms: Cancel must stop every worker
 * within 500 ms (issue #10); a thread that has not answered by then is stuck in a synchronous step.
 */
export const STOP_GRACE_MS = 400;

/** The `workerData` key under which a tree's stop flag travels to every thread of the tree. */
const TREE_FLAG_KEY = 'diversityLensStopFlag';

/** The worker threads this thread started and that have not exited yet. */
const children = new Set<Worker>();
/** Threads started with `terminateOnStop`: stopThread terminates them at once (see startThread). */
const terminatedOnStop = new WeakSet<Worker>();
const stopping = new WeakMap<Worker, Promise<void>>();
/** Main thread only: the stop flag of the tree each of its workers roots. */
const rootFlags = new WeakMap<Worker, Int32Array>();

/** This thread's tree flag: the one it was started with (null in the main thread, or in a thread started otherwise). */
const treeFlag: Int32Array | null = (() => {
  const given = isMainThread ? undefined : (workerData as Record<string, unknown> | null)?.[TREE_FLAG_KEY];
  return given instanceof Int32Array && given.buffer instanceof SharedArrayBuffer ? given : null;
})();

let stoppingSelf = false;

/**
 * Stops this thread: its own threads first, then — once no atomic write of this thread is in its commit window (a mix's
 * recipe in place, its mix not yet renamed: io/atomicWrite.ts) — process.exit(0) (exit hooks run). Idempotent.
 */
function stopSelf(): void {
  if (stoppingSelf) return;
  stoppingSelf = true;
  void stopOwnThreads()
    .then(commitsSettled)
    .then(() => process.exit(0));
}

type WaitAsync = (
  a: Int32Array,
  index: number,
  value: number,
) => { async: true; value: Promise<string> } | { async: false; value: string };

if (treeFlag !== null) {
  // wakes this thread when its tree is stopped, whatever its parent is doing; holds no event-loop handle
  const waited = (Atomics as unknown as { waitAsync: WaitAsync }).waitAsync(treeFlag, 0, 0);
  if (waited.async) void waited.value.then(stopSelf);
  else stopSelf(); // the tree was stopped before this thread started
}

/**
 * True once this thread's tree is being stopped (its shared flag is set) or the thread answered a stop request. For
 * long synchronous loops of a worker, checked between items: Atomics.waitAsync wakes the thread only at a turn of its
 * event loop, which such a loop does not give.
 */
export function stopRequested(): boolean {
  return stoppingSelf || (treeFlag !== null && Atomics.load(treeFlag, 0) !== 0);
}

/**
 * Starts a worker thread that this thread owns: it is registered (ownThread) and joins this thread's tree, or — from
 * the main thread — roots a tree of its own. Every Worker our code creates goes through here.
 *
 * `terminateOnStop`: stopThread terminates the thread at once instead of asking it. Only for a thread that runs
 * JavaScript alone — it never constructs a zlib stream (the abort of the file comment), starts no thread and writes no
 * file — such as the instruction tagger (wink-nlp). Why: its long synchronous steps (booting the bundle, loading
 * wink's model: ~300 ms, more on a loaded machine) would otherwise hold a Cancel for the whole grace.
 */
export function startThread(
  script: string | URL,
  options: WorkerOptions = {},
  { terminateOnStop = false }: { terminateOnStop?: boolean } = {},
): Worker {
  const flag = treeFlag ?? new Int32Array(new SharedArrayBuffer(4));
  const data = (options.workerData ?? {}) as Record<string, unknown>;
  const w = new Worker(script, { ...options, workerData: { ...data, [TREE_FLAG_KEY]: flag } });
  if (treeFlag === null) rootFlags.set(w, flag);
  if (terminateOnStop) terminatedOnStop.add(w);
  return ownThread(w);
}

/** Registers a worker this thread started, so that this thread's own stop stops it first. Returns the worker. */
export function ownThread(w: Worker): Worker {
  children.add(w);
  w.once('exit', () => children.delete(w));
  return w;
}

/** Worker threads this thread started that are still running (tests: nothing outlives its run). */
export function liveThreadCount(): number {
  return children.size;
}

/**
 * Asks `w` to stop and resolves once it has exited; terminates it if it has not after `graceMs` (at once when it was
 * started with `terminateOnStop`). A tree root (a worker the main thread started) has its tree's flag set too, so its
 * whole tree stops at once. Why not terminate() at once: see the file comment. Calling it again for the same worker
 * returns the same promise.
 */
export function stopThread(w: Worker, graceMs = STOP_GRACE_MS): Promise<void> {
  const known = stopping.get(w);
  if (known) return known;
  const done =
    w.threadId === -1
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(() => void w.terminate(), terminatedOnStop.has(w) ? 0 : graceMs);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
          const flag = rootFlags.get(w);
          if (flag) {
            Atomics.store(flag, 0, 1);
            Atomics.notify(flag, 0);
          }
          try {
            w.postMessage(STOP_THREAD);
          } catch {
            void w.terminate();
          }
        });
  stopping.set(w, done);
  return done;
}

/** Stops every thread this thread started (and any it starts meanwhile), each as stopThread does. */
export async function stopOwnThreads(graceMs = STOP_GRACE_MS): Promise<void> {
  while (children.size > 0) await Promise.all([...children].map((w) => stopThread(w, graceMs)));
}

/**
 * A worker entry's answer to its parent's STOP_THREAD: true when `m` was it (the entry handles nothing else of it).
 * The thread stops its own threads, then exits with code 0; its job is abandoned where it stands.
 */
export function answerStopThread(m: unknown): boolean {
  if (!isStopThread(m)) return false;
  stopSelf();
  return true;
}
