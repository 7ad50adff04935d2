/**
 * Stopping a worker thread without Worker.terminate(), wherever the thread can answer. Why: terminate() stops a
 * thread at ANY point of its JavaScript, and when that point lies inside a zlib object's constructor (after Node
 * made the native handle, before it initialised it) Node 20 aborts the WHOLE process — the CLI, or the editor's
 * extension host — with `Assertion failed: init_done_ && "close before init"`. CI met it on a cancelled chunked
 * analysis: the chunk worker's gzip thread was opening a stream when the pool terminated the worker.
 *
 * So a parent asks: it posts STOP_THREAD (protocol/stopThreadProtocol.ts). The thread reads it between two tasks of
 * its event loop — never inside a constructor — stops the threads it started itself the same way (leaves first: a
 * thread's exit would otherwise tear its children down mid-task), then calls process.exit, which also runs its exit
 * hooks (the spill files and spool dirs it made are removed). terminate() remains only the fallback for a thread
 * that has not exited `graceMs` after the request (one stuck in a long synchronous step).
 */
import type { Worker } from 'node:worker_threads';
import { isStopThread, STOP_THREAD } from '../protocol/stopThreadProtocol.ts';

/** How long a thread has to exit after STOP_THREAD before it is terminated. */
export const STOP_GRACE_MS = 2000;

/** The worker threads this thread started and that have not exited yet. */
const children = new Set<Worker>();
const stopping = new WeakMap<Worker, Promise<void>>();

/**
 * Registers a worker this thread started, so that this thread's own stop (answerStopThread) stops it first.
 * Returns the worker. Every Worker our code creates goes through here.
 */
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
 * Asks `w` to stop (STOP_THREAD) and resolves once it has exited; terminates it if it has not after `graceMs`.
 * Why not terminate() at once: see the file comment. Calling it again for the same worker returns the same promise.
 */
export function stopThread(w: Worker, graceMs = STOP_GRACE_MS): Promise<void> {
  const known = stopping.get(w);
  if (known) return known;
  const done =
    w.threadId === -1
      ? Promise.resolve()
      : new Promise<void>((resolve) => {
          const timer = setTimeout(() => void w.terminate(), graceMs);
          w.once('exit', () => {
            clearTimeout(timer);
            resolve();
          });
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
  void stopOwnThreads().then(() => process.exit(0));
  return true;
}
