/**
 * What the CLI does on SIGINT (Ctrl-C), SIGTERM and SIGHUP: remove every temporary file of the process, say so in
 * one line on stderr, and exit with 128 + the signal's number (130, 143, 129), after asking the worker threads to
 * stop (core/threadStop.ts). Why: Node's default action for these
 * signals ends the process without running its `process.on('exit')` hooks, so MTLD spool directories, near-duplicate
 * spill files and atomic writes' temporary files stayed behind. Only the CLI installs this: the VS Code extension
 * host owns its own signals.
 *
 * An atomic write inside its commit window (a mix's recipe put in place, then the mix renamed) is let finish first,
 * so the recipe never describes a mix that was not written; a second signal while waiting for it exits at once.
 * Signals arriving once the exit has begun are ignored (the process is already ending; nothing throws).
 * A command started by the CLI's launcher (launcher.ts) also gets the signals the launcher received, over IPC; a
 * signal that reached both processes (a terminal's Ctrl-C) is one event (signals.ts).
 */
import { writeSync } from 'node:fs';
import { removeProcessSpoolDirs } from '../core/lexical/tokenSpool.ts';
import { removeProcessNearSpillFiles } from '../core/duplicates/nearSpillFile.ts';
import { commitRunning, commitsSettled, removeLiveTemps } from '../core/io/atomicWrite.ts';
import { stopOwnThreads } from '../core/threadStop.ts';
import {
  INTERRUPT_SIGNALS,
  createSignalMerger,
  interruptExitCode,
  isForwardedSignal,
  type InterruptSignal,
} from './signals.ts';
import { LAUNCHED_VARIABLE } from './launchPolicy.ts';

/** How long the worker threads have to stop on a signal before they are terminated (core/threadStop.ts). */
export const INTERRUPT_STOP_GRACE_MS = 500;

/** What the handler needs from the process (a test gives its own to watch the decisions without exiting). */
export interface InterruptEnv {
  /** Removes every temporary file of the process now; returns how many there were. */
  removeTemps: () => number;
  /** Whether an atomic write is in its commit window, and a promise of its end. */
  commitRunning: () => boolean;
  commitsSettled: () => Promise<void>;
  /** Writes one line to stderr. */
  say: (line: string) => void;
  exit: (code: number) => void;
}

/**
 * Makes the signal handler (one for all three signals). Why separate from installing it: the state machine
 * (running → waiting for a commit → exiting) is tested in-process with a fake `exit`.
 */
export function createInterruptHandler(env: InterruptEnv): (signal: InterruptSignal) => void {
  let state: 'running' | 'waiting' | 'exiting' = 'running';
  const finish = (signal: InterruptSignal): void => {
    if (state === 'exiting') return;
    state = 'exiting';
    let removed = 0;
    try {
      removed = env.removeTemps();
    } catch {
      // best effort: the exit hooks try again
    }
    env.say(
      `diversity-lens: interrupted (${signal}): stopped; ${removed} temporary file${removed === 1 ? '' : 's'} removed`,
    );
    env.exit(interruptExitCode(signal));
  };
  return (signal) => {
    if (state === 'running' && env.commitRunning()) {
      state = 'waiting';
      void env.commitsSettled().then(() => {
        if (state === 'waiting') finish(signal);
      });
      return;
    }
    // a first signal outside a commit, or a second one while waiting for it: exit now
    finish(signal);
  };
}

/** Removes the spool directories, near-duplicate spill files and atomic-write temporaries of this process. */
function removeAllTemps(): number {
  return removeProcessSpoolDirs() + removeProcessNearSpillFiles() + removeLiveTemps();
}

let installed = false;
let interrupted = false;

/**
 * True once a signal began the exit. Why: while the worker threads are asked to stop, the command still running sees
 * them go and fails; its error is not the user's news (they pressed Ctrl-C), so the CLI's entry prints none.
 */
export function wasInterrupted(): boolean {
  return interrupted;
}

/** Installs the handler for SIGINT, SIGTERM and SIGHUP (once; later calls do nothing). For the CLI's entry only. */
export function installInterruptHandlers(): void {
  if (installed) return;
  installed = true;
  const handle = createInterruptHandler({
    removeTemps: removeAllTemps,
    commitRunning,
    commitsSettled,
    say: (line) => {
      try {
        writeSync(2, `${line}\n`);
      } catch {
        // stderr closed (the terminal that sent SIGHUP is gone): exit anyway
      }
    },
    // the worker threads are asked to stop first (a terminate() inside a zlib constructor aborts the process:
    // core/threadStop.ts), at most INTERRUPT_STOP_GRACE_MS; what they made meanwhile is swept again
    exit: (code) => {
      interrupted = true;
      void stopOwnThreads(INTERRUPT_STOP_GRACE_MS).finally(() => {
        removeAllTemps();
        process.exit(code);
      });
    },
  });
  const merged = createSignalMerger(handle);
  for (const signal of INTERRUPT_SIGNALS) process.on(signal, () => merged.fromSystem(signal));
  // a command run by the CLI's launcher (launcher.ts) also hears the signals the launcher got, and stops as on
  // SIGHUP when the launcher is gone (killed): nobody waits for its result any more
  if (process.env[LAUNCHED_VARIABLE] === '1' && process.send !== undefined) {
    process.on('message', (m: unknown) => {
      if (isForwardedSignal(m)) merged.fromLauncher(m.diversityLensSignal);
    });
    process.on('disconnect', () => merged.fromLauncher('SIGHUP'));
    process.channel?.unref(); // the channel alone does not keep the command running
  }
}
