/**
 * What every worker-thread entry starts with: its parent port, typed by the messages the entry sends, and a
 * throttle for progress messages. Why shared: each entry refused to run outside a worker, typed its sends and
 * throttled progress the same way, in its own copy.
 */
import { parentPort } from 'node:worker_threads';

/** Minimum milliseconds between two progress messages (a notification or a pool cannot show more anyway). */
export const PROGRESS_INTERVAL_MS = 100;

/** The entry's port: `send` posts a typed message (typed arrays' buffers in `transfer` are moved, not copied). */
export function workerPort<Out>(entry: string): {
  send: (m: Out, transfer?: ArrayBuffer[]) => void;
  onMessage: (handle: (m: unknown) => void) => void;
} {
  const port = parentPort;
  if (!port) throw new Error(`${entry} must run in a worker thread`);
  return {
    send: (m, transfer) => port.postMessage(m, transfer),
    onMessage: (handle) => port.on('message', handle),
  };
}

/** A gate that opens at most once per PROGRESS_INTERVAL_MS (`force` opens it regardless). */
export function progressGate(): (force?: boolean) => boolean {
  let last = 0;
  return (force = false) => {
    const now = Date.now();
    if (!force && now - last < PROGRESS_INTERVAL_MS) return false;
    last = now;
    return true;
  };
}
