/**
 * Background priority for the analysis threads the editor starts. Why: on a machine with few cores the analysis and
 * chunk workers (one per core) compete with the extension host's own thread for the CPU, and the host then answers
 * the editor late (issue #15 item 15 measured stalls of several hundred ms on 2 busy cores). A worker that lowers
 * its own thread's priority (Linux nice 10) still gets every idle cycle — the analysis is as fast on a quiet
 * machine — but the host thread, at normal priority, runs first whenever it has work. Worker threads a worker starts
 * (the chunk workers) inherit its priority; work a thread hands to libuv's shared pool (zlib's inflate, file reads)
 * runs at the pool's priority, the host's. Only the calling thread changes: the host and the CLI's main thread stay
 * at their priority. Linux only (a thread's id comes from /proc/thread-self); elsewhere nothing changes.
 */
import { readlinkSync, readFileSync } from 'node:fs';
import { setPriority } from 'node:os';

/** The nice value background threads get: below normal (0), above the lowest (19). */
export const BACKGROUND_NICE = 10;

/** The kernel's id of the calling thread (Linux), or null where it cannot be known. */
function threadId(): number | null {
  try {
    const id = Number(readlinkSync('/proc/thread-self').split('/').pop());
    return Number.isInteger(id) && id > 0 ? id : null;
  } catch {
    return null;
  }
}

/**
 * Lowers the calling thread to background priority; true when it did. Why a worker calls it first thing: see the
 * file comment. Never throws (a system that refuses the change leaves the thread as it was).
 */
export function lowerThisThreadPriority(nice = BACKGROUND_NICE): boolean {
  const id = threadId();
  if (id === null) return false;
  try {
    setPriority(id, nice);
    return true;
  } catch {
    return false;
  }
}

/** The calling thread's nice value (Linux), or null: for tests and diagnostics. */
export function thisThreadNice(): number | null {
  try {
    const stat = readFileSync('/proc/thread-self/stat', 'utf8');
    // fields after the command name in parentheses; nice is field 19 of stat, the 17th after ") "
    const nice = Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]);
    return Number.isInteger(nice) ? nice : null;
  } catch {
    return null;
  }
}
