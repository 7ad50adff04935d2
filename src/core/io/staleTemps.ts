/**
 * Removes what a DEAD process of ours left in a temp folder: MTLD spool folders (`diversity-lens-spool-<pid>-t<n>-…`,
 * lexical/tokenSpool.ts) and spill files (`diversity-lens-near-<pid>-t<n>-….bin`, duplicates/nearSpillFile.ts).
 * Why: a process that is killed — SIGKILL, the kernel's out-of-memory killer, a crashed extension host — runs no
 * exit code, and the spill of a multi-GB run is itself gigabytes; without this nothing would ever remove it. The first
 * spill a thread makes in a folder sweeps that folder once (sweepStaleTempsOnce).
 *
 * Conservative, because a wrong removal would break a live run: an entry goes only when (1) no process with its pid
 * runs here (`process.kill(pid, 0)` fails with ESRCH; EPERM means it runs under another user) and (2) it has not
 * been modified for STALE_TEMP_AFTER_MS — a folder shared with another pid namespace (a container) can hold a live
 * run whose pid looks dead from here, and a live run writes its spill files as it goes. This process's own pid is
 * never swept (its exit hooks own those entries).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

/** An entry is stale once its owner is gone and it has been untouched this long (one hour). */
export const STALE_TEMP_AFTER_MS = 60 * 60 * 1000;

/** The names this sweep may remove: `diversity-lens-<spool|near>-<pid>-t<thread>-…`; group 2 is the pid. */
const OUR_TEMP = /^diversity-lens-(spool|near)-(\d+)-t\d+-/;

/** True when a process with this pid runs (or may run: one we may not signal counts as running). */
export function processRuns(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code !== 'ESRCH';
  }
}

/**
 * Removes each entry of ours in `dir` whose owner pid (never this process) and lstat `remove` accepts — a spool only
 * if it is a folder, a spill only if it is a regular file; anything else with our name is left alone. Returns the
 * paths removed; never throws (an entry that cannot be read or removed is left as it is).
 */
function removeOurTemps(dir: string, remove: (pid: number, st: fs.Stats) => boolean): string[] {
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    const m = OUR_TEMP.exec(name);
    if (!m || Number(m[2]) === process.pid) continue;
    const p = path.join(dir, name);
    try {
      const st = fs.lstatSync(p);
      if (m[1] === 'spool' ? !st.isDirectory() : !st.isFile()) continue;
      if (!remove(Number(m[2]), st)) continue;
      fs.rmSync(p, { recursive: true, force: true });
      removed.push(p);
    } catch {
      // gone meanwhile, or not ours to remove
    }
  }
  return removed;
}

/**
 * Removes every stale entry (see the file comment) in `dir`; returns the paths removed. Never throws: an entry that
 * cannot be read or removed is left as it is.
 */
export function removeDeadProcessTemps(
  dir: string = os.tmpdir(),
  now: number = Date.now(),
  staleAfterMs: number = STALE_TEMP_AFTER_MS,
): string[] {
  const runs = new Map<number, boolean>();
  return removeOurTemps(dir, (pid, st) => {
    if (!runs.has(pid)) runs.set(pid, processRuns(pid));
    return !runs.get(pid) && now - st.mtimeMs >= staleAfterMs;
  });
}

/**
 * Removes every entry of ours in `dir` made by process `pid` and last modified between `from` and `to` (ms since the
 * epoch, each widened by one second for the file system's coarse clock): what a child process that ran in that time
 * left. Only for the parent of a child that has just exited (the editor's analysis process:
 * extension/analysis/analysisEndpoint.ts), which knows the pid ran no more at `to`; a killed child ran no cleanup of
 * its own. Why the window: once the child is reaped its pid may be reused — an entry of a later process with that pid
 * is modified after `to`, one of an earlier process before `from`; both are left to the age rule of the sweep above.
 * Returns the paths removed; never throws.
 */
export function removeExitedProcessTemps(
  pid: number,
  dir: string = os.tmpdir(),
  from = Number.NEGATIVE_INFINITY,
  to = Number.POSITIVE_INFINITY,
): string[] {
  return removeOurTemps(
    dir,
    (owner, st) => owner === pid && st.mtimeMs >= from - 1000 && st.mtimeMs <= to + 1000,
  );
}

const swept = new Set<string>();

/** Sweeps `dir` the first time this thread spills there (later calls for the same folder do nothing). */
export function sweepStaleTempsOnce(dir: string): void {
  const key = path.resolve(dir);
  if (swept.has(key)) return;
  swept.add(key);
  removeDeadProcessTemps(key);
}
