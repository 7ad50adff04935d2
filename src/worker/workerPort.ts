/**
 * What every worker-thread entry starts with: its parent port, typed by the messages the entry sends, and a
 * throttle for progress messages. Why shared: each entry refused to run outside a worker, typed its sends and
 * throttled progress the same way, in its own copy.
 */
import { parentPort } from 'node:worker_threads';
import { lowerThisThreadPriority } from '../core/threadPriority.ts';
import { answerStopThread } from '../core/threadStop.ts';

/** Minimum milliseconds between two progress messages (a notification or a pool cannot show more anyway). */
export const PROGRESS_INTERVAL_MS = 100;

/** A worker entry's side of its parent port, typed by the messages the entry sends. */
export interface WorkerPort<Out> {
  send: (m: Out, transfer?: ArrayBuffer[]) => void;
  onMessage: (handle: (m: unknown) => void) => void;
}

/** The entry's port: `send` posts a typed message (typed arrays' buffers in `transfer` are moved, not copied). */
export function workerPort<Out>(entry: string): WorkerPort<Out> {
  const port = parentPort;
  if (!port) throw new Error(`${entry} must run in a worker thread`);
  return {
    send: (m, transfer) => port.postMessage(m, transfer),
    // STOP_THREAD (core/threadStop.ts) is answered here, for every entry; the entry sees only its own messages
    onMessage: (handle) => port.on('message', (m: unknown) => answerStopThread(m) || handle(m)),
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

/**
 * Starts a background job entry (the editor's analysis, a comparison): lowers this thread's priority, so the extension
 * host answers first (core/threadPriority.ts; chunk workers the entry starts inherit it), then hands each valid job
 * (`isJob`) to `run` and answers anything else with `refusal(requestId)` — the id the message carried when it is a
 * usable one (a positive safe integer), else -1. Returns the port's `send`. Why: a refused job must still be answered
 * under the id the host waits on, so its request ends instead of hanging; every such entry needs exactly this start.
 */
export function serveBackgroundJobs<J, Out>(
  entry: string,
  isJob: (m: unknown) => m is J,
  run: (job: J) => Promise<void>,
  refusal: (requestId: number) => Out,
): WorkerPort<Out>['send'] {
  lowerThisThreadPriority();
  const { send, onMessage } = workerPort<Out>(entry);
  onMessage((m) => {
    if (isJob(m)) return void run(m);
    const id = (m as { requestId?: unknown } | null)?.requestId;
    send(refusal(typeof id === 'number' && Number.isSafeInteger(id) && id > 0 ? id : -1));
  });
  return send;
}
