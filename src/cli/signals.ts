/**
 * The signals the CLI turns into a clean exit, and how a launched command (launcher.ts) hears them from two sources.
 * Kept apart from interrupt.ts (which removes temporary files and stops threads) so the launcher's bundle stays small.
 */
import { constants } from 'node:os';

/** The signals the CLI turns into a clean exit. */
export const INTERRUPT_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
export type InterruptSignal = (typeof INTERRUPT_SIGNALS)[number];

/** The conventional exit code of a process ended by `signal` (128 + its number): 130, 143, 129. */
export function interruptExitCode(signal: NodeJS.Signals): number {
  return 128 + constants.signals[signal];
}

/** The IPC message a launcher sends its command for a signal the launcher received. */
export interface ForwardedSignal {
  diversityLensSignal: InterruptSignal;
}

/** Checks a message from the parent process before it is used. */
export function isForwardedSignal(m: unknown): m is ForwardedSignal {
  return (
    typeof m === 'object' &&
    m !== null &&
    (INTERRUPT_SIGNALS as readonly unknown[]).includes(
      (m as { diversityLensSignal?: unknown }).diversityLensSignal,
    )
  );
}

/**
 * How close (ms) a signal from the system and the same signal forwarded by the launcher must be to count as one.
 * Why a window: Ctrl-C in a terminal reaches the launcher and its command at once (one process group), and the
 * launcher forwards what it gets, since a `kill` may reach it alone; both copies wait in the command's event loop
 * while it is busy, so they arrive close together however long it was busy.
 */
export const SAME_SIGNAL_WINDOW_MS = 1000;

/**
 * Merges the two sources of a launched command's signals into one stream of events for `handle`: a signal from the
 * system and the same signal from the launcher within `windowMs` are one event (whichever came first counts);
 * two signals from the same source are always two (a second Ctrl-C still means "exit now").
 */
export function createSignalMerger(
  handle: (signal: InterruptSignal) => void,
  now: () => number = () => performance.now(),
  windowMs = SAME_SIGNAL_WINDOW_MS,
): { fromSystem: (s: InterruptSignal) => void; fromLauncher: (s: InterruptSignal) => void } {
  const unpaired = {
    system: new Map<InterruptSignal, number>(),
    launcher: new Map<InterruptSignal, number>(),
  };
  const arrive = (
    own: Map<InterruptSignal, number>,
    other: Map<InterruptSignal, number>,
    s: InterruptSignal,
  ) => {
    const t = now();
    const at = other.get(s);
    other.delete(s);
    if (at !== undefined && t - at <= windowMs) return; // the other copy of an event already handled
    own.set(s, t);
    handle(s);
  };
  return {
    fromSystem: (s) => arrive(unpaired.system, unpaired.launcher, s),
    fromLauncher: (s) => arrive(unpaired.launcher, unpaired.system, s),
  };
}
