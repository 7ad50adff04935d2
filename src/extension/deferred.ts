/**
 * A promise with its resolve and reject in hand (Promise.withResolvers, which Node 20 — VS Code's extension host —
 * does not have yet). Why: the worker runners (analysis/analysisRunner.ts, compare/compareRunner.ts) settle a run's
 * promise from outside its executor — on the worker's answer, its exit or a cancel — whichever comes first.
 */

/** A deferred promise: `promise` settles when `resolve` or `reject` is called. */
export interface Deferred<T> {
  promise: Promise<T>;
  resolve: (value: T) => void;
  reject: (error: Error) => void;
}

/** Makes a deferred promise (why: see the module comment). */
export function deferred<T>(): Deferred<T> {
  let resolve!: (value: T) => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<T>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  return { promise, resolve, reject };
}
