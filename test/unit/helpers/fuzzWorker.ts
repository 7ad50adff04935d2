/**
 * The fuzz sandbox's worker thread: runs one fuzzOps operation per message and posts back its summary, or what it
 * threw (name, constructor, reason, message, stack). Why a worker: the main thread can cut off a hang (even a
 * synchronous endless loop) by terminating it, and `resourceLimits` turn a runaway allocation into a reported
 * failure instead of an out-of-memory machine. An exception that escapes asynchronously (an unhandled 'error'
 * event, an unhandled rejection) kills the worker, which the sandbox reports as a failure too. (Not a test file.)
 */
import { parentPort } from 'node:worker_threads';
import { fuzzOps, type FuzzOpName } from './fuzzOps.ts';

/** A request: run `op` with `args`; the answer carries the same `id`. */
interface Request {
  id: number;
  op: FuzzOpName;
  args: unknown[];
}

/** What a thrown value looked like, in cloneable form. */
export interface Thrown {
  name: string;
  ctor: string;
  reason?: string;
  message: string;
  stack?: string;
}

const thrown = (err: unknown): Thrown => {
  if (err instanceof Error) {
    const reason = (err as { reason?: unknown }).reason;
    return {
      name: err.name,
      ctor: err.constructor?.name ?? 'Error',
      reason: typeof reason === 'string' ? reason : undefined,
      message: err.message,
      stack: err.stack,
    };
  }
  return { name: typeof err, ctor: typeof err, message: String(err) };
};

parentPort!.on('message', (req: Request) => {
  const fn = fuzzOps[req.op] as (...a: unknown[]) => unknown;
  Promise.resolve()
    .then(() => fn(...req.args))
    // two turns of the event loop before answering: an error a stream emits just after the operation ended kills the
    // worker within this case, not during the next one
    .finally(() => new Promise((r) => setImmediate(r)).then(() => new Promise((r) => setImmediate(r))))
    .then(
      (value) => parentPort!.postMessage({ id: req.id, value }),
      (err: unknown) => parentPort!.postMessage({ id: req.id, thrown: thrown(err) }),
    );
});
