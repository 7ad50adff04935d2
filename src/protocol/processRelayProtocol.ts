/**
 * What the editor's analysis process (src/worker/analysisProcess.ts) and the host's end of it
 * (src/extension/analysis/analysisEndpoint.ts) say besides the analysis worker's own contract: how the process is
 * started, and the worker thread's crash, which a process cannot send as an 'error' event of its own. Every other
 * message crosses the relay unchanged, in both directions. A typed array that crosses the IPC channel arrives as a view
 * into the channel's read buffer (its `byteOffset` need not be 0 and its `buffer` is larger): use the view, never
 * its `.buffer`, if it is passed on.
 */
import { hasKeyCount, isObject } from './guards.ts';

/** The process's one argument (JSON): the worker script it runs, and that worker's heap limits. */
export interface RelayStart {
  script: string;
  resourceLimits?: { maxOldGenerationSizeMb?: number; maxYoungGenerationSizeMb?: number };
}

/** Process → host: the worker thread emitted 'error' (`code`: Node's error code, e.g. ERR_WORKER_OUT_OF_MEMORY). */
export interface RelayedError {
  diversityLensRelayedError: { message: string; code?: string };
}

/**
 * Process → host: the worker thread exited with `code` and the process is about to exit with it. Why a message: the
 * host must tell the worker's exit (reported as a thread's exit is) from a failure of the process itself (reported
 * with what it wrote to stderr), and an exit code alone cannot say which.
 */
export interface RelayedExit {
  diversityLensRelayedExit: number;
}

/** The start argument, or null when it is not one. */
export function parseRelayStart(arg: string | undefined): RelayStart | null {
  let v: unknown;
  try {
    v = JSON.parse(arg ?? '');
  } catch {
    return null;
  }
  if (!isObject(v) || typeof v.script !== 'string' || v.script === '') return null;
  const limits = v.resourceLimits;
  if (limits === undefined) return { script: v.script };
  if (!isObject(limits)) return null;
  const mb = (x: unknown) => x === undefined || (typeof x === 'number' && Number.isFinite(x) && x > 0);
  if (!mb(limits.maxOldGenerationSizeMb) || !mb(limits.maxYoungGenerationSizeMb)) return null;
  // only the two limits are passed on to the worker (any other key is dropped, never handed to Node)
  const kept: NonNullable<RelayStart['resourceLimits']> = {};
  if (limits.maxOldGenerationSizeMb !== undefined)
    kept.maxOldGenerationSizeMb = limits.maxOldGenerationSizeMb as number;
  if (limits.maxYoungGenerationSizeMb !== undefined)
    kept.maxYoungGenerationSizeMb = limits.maxYoungGenerationSizeMb as number;
  return { script: v.script, resourceLimits: kept };
}

/** The message is a RelayedError. */
export function isRelayedError(m: unknown): m is RelayedError {
  if (!isObject(m) || !hasKeyCount(m, 1)) return false;
  const e = m.diversityLensRelayedError;
  return isObject(e) && typeof e.message === 'string' && (e.code === undefined || typeof e.code === 'string');
}

/** The message is a RelayedExit. */
export function isRelayedExit(m: unknown): m is RelayedExit {
  return isObject(m) && hasKeyCount(m, 1) && Number.isInteger(m.diversityLensRelayedExit);
}
