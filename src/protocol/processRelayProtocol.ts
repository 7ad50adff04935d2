/**
 * What the editor's analysis process (src/worker/analysisProcess.ts) and the host's end of it
 * (src/extension/analysis/analysisEndpoint.ts) say besides the analysis worker's own contract: how the process is
 * started, and the worker thread's crash, which a process cannot send as an 'error' event of its own. Every other
 * message crosses the relay unchanged, in both directions.
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
  return { script: v.script, resourceLimits: limits as RelayStart['resourceLimits'] };
}

/** The message is a RelayedError. */
export function isRelayedError(m: unknown): m is RelayedError {
  if (!isObject(m) || !hasKeyCount(m, 1)) return false;
  const e = m.diversityLensRelayedError;
  return isObject(e) && typeof e.message === 'string' && (e.code === undefined || typeof e.code === 'string');
}
