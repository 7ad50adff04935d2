/**
 * The one request/reply helper of every boundary where a request gets replies (host ⇄ analysis worker,
 * host ⇄ mix worker). Why: each client used to number its requests its own way (`analysisId`, `jobId`,
 * `requestId`), route replies by hand and reject what was pending when its worker died; this is that code
 * once, with ONE id scheme: every request and every reply names its request by `requestId`, a number from
 * this thread's (or page's) single counter, so ids are unique across all channels of a thread.
 *
 * A channel sits on the requesting side of a postMessage-like endpoint. It sends requests, validates what
 * comes back (the contract's guard), hands the parts of a request (progress, preview parts) to that request
 * only, settles it on its final reply (or failure), drops replies of requests that are no longer pending
 * (finished, ended, or from before a restart), and rejects everything pending when the endpoint dies.
 * Free of `vscode`, Node and DOM imports: the endpoint is described structurally (a worker_threads Worker
 * fits {@link WorkerLike}).
 */

/** What every request and every reply of a channel carries. */
export interface Addressed {
  requestId: number;
}

/** How one contract's replies are told apart. */
export interface ChannelSpec<In extends Addressed> {
  /** Runtime check of an incoming message; anything else is dropped. */
  isReply(x: unknown): x is In;
  /** What a reply does to its request: one of its parts, its final answer, or its failure (as an Error). */
  kind(m: In): 'part' | 'final' | Error;
}

/** One request in flight. */
export interface PendingRequest<In> {
  readonly requestId: number;
  /**
   * The final reply, or a rejection (a failure reply, {@link PendingRequest.end} with a reason, the channel
   * closing). Already marked handled: a request nobody awaits (an open-ended preview) never raises an
   * unhandled rejection; awaiting it still throws.
   */
  readonly result: Promise<In>;
  /** Stops routing replies to this request (later ones are dropped as stale); `result` rejects with `reason`. Idempotent. */
  end(reason?: Error): void;
}

/** Rejection of a request ended without a reason (e.g. a preview superseded by a newer one). */
export class RequestEndedError extends Error {
  override name = 'RequestEndedError';
}

let lastRequestId = 0;

/** The one id scheme: the next request id of this thread or page (1, 2, 3, …; never reused). */
export function nextRequestId(): number {
  return ++lastRequestId;
}

interface Entry<In> {
  onPart?: (m: In) => void;
  resolve(m: In): void;
  reject(e: Error): void;
}

/** Requests over one endpoint: `post` sends, {@link Channel.receive} takes what the endpoint delivers. */
export class Channel<Out extends Addressed, In extends Addressed> {
  private readonly pending = new Map<number, Entry<In>>();
  private closedWith: Error | null = null;

  constructor(
    private readonly post: (m: Out) => void,
    private readonly spec: ChannelSpec<In>,
  ) {}

  /** Requests still waiting for their final reply. */
  get size(): number {
    return this.pending.size;
  }

  /** True once {@link Channel.close} ran: new requests reject at once. */
  get closed(): boolean {
    return this.closedWith !== null;
  }

  /**
   * Sends the request `make` builds with a fresh id; its parts go to `onPart` (and to nothing else), its
   * final reply resolves `result`. A `post` that throws rejects the request.
   */
  request(make: (requestId: number) => Out, onPart?: (m: In) => void): PendingRequest<In> {
    const requestId = nextRequestId();
    let entry!: Entry<In>;
    const result = new Promise<In>((resolve, reject) => (entry = { onPart, resolve, reject }));
    result.catch(() => {}); // handled here; awaiting callers still see the rejection
    const end = (reason: Error = new RequestEndedError('request ended')): void => {
      if (this.pending.get(requestId) !== entry) return;
      this.pending.delete(requestId);
      entry.reject(reason);
    };
    if (this.closedWith) {
      entry.reject(this.closedWith);
      return { requestId, result, end };
    }
    this.pending.set(requestId, entry);
    try {
      this.post(make(requestId));
    } catch (err) {
      end(err instanceof Error ? err : new Error(String(err)));
    }
    return { requestId, result, end };
  }

  /** Sends a message that expects no reply (e.g. cancelling a request by its id). */
  send(m: Out): void {
    this.post(m);
  }

  /** Routes one message from the endpoint: to its pending request, or dropped (invalid, stale, foreign). */
  receive(x: unknown): void {
    if (!this.spec.isReply(x)) return;
    const entry = this.pending.get(x.requestId);
    if (!entry) return; // stale: finished, ended, or sent before a restart
    const kind = this.spec.kind(x);
    if (kind === 'part') {
      entry.onPart?.(x);
      return;
    }
    this.pending.delete(x.requestId);
    if (kind === 'final') entry.resolve(x);
    else entry.reject(kind);
  }

  /** The endpoint died or its owner closed it: every pending request rejects with `reason`, later ones at once. Idempotent. */
  close(reason: Error): void {
    this.closedWith ??= reason;
    const entries = [...this.pending.values()];
    this.pending.clear();
    for (const e of entries) e.reject(reason);
  }
}

/** The part of a worker_threads Worker a channel uses (tests pass a fake). */
export interface WorkerLike<Out> {
  postMessage(m: Out): void;
  on(event: 'message', listener: (m: unknown) => void): unknown;
  on(event: 'error', listener: (err: Error) => void): unknown;
  on(event: 'exit', listener: (code: number) => void): unknown;
}

/** The code Node gives a worker stopped at its heap limit (worker_threads `resourceLimits`, or V8's default). */
export const WORKER_OUT_OF_MEMORY = 'ERR_WORKER_OUT_OF_MEMORY';

/**
 * The user's message for a worker's 'error' event: `outOfMemory` when the worker reached its heap limit (Node's
 * own text, "Worker terminated due to reaching memory limit: JS heap out of memory", says nothing of what to do),
 * else "`name` crashed: …".
 */
export function workerFailure(err: unknown, name: string, outOfMemory?: string): Error {
  if (thrownCode(err) === WORKER_OUT_OF_MEMORY)
    return Object.assign(new Error(outOfMemory ?? `${name} ran out of memory and was stopped`), {
      code: WORKER_OUT_OF_MEMORY,
    });
  return new Error(`${name} crashed: ${thrownText(err)}`);
}

/**
 * The text of a thrown value: an Error's message, else the value as a string. Why: a worker's 'error' event carries
 * whatever was thrown (`throw 'x'`, `throw null`, an object without a prototype), and reading `.message` of it would
 * say "undefined" or throw in the listener. Never throws.
 */
export function thrownText(err: unknown): string {
  if (err instanceof Error) return err.message;
  try {
    return String(err);
  } catch {
    return 'a value that cannot be shown as text';
  }
}

/** A thrown value's string `code` (Node's error codes, e.g. ERR_WORKER_OUT_OF_MEMORY), if it has one. */
export function thrownCode(err: unknown): string | undefined {
  const code = typeof err === 'object' && err !== null ? (err as { code?: unknown }).code : undefined;
  return typeof code === 'string' ? code : undefined;
}

/**
 * A channel over a worker: its messages are received, and a crash or an exit closes the channel
 * ("`name` crashed: …", `outOfMemory` when it reached its heap limit, "`name` exited unexpectedly (exit code N)"),
 * so nothing waits for a dead worker.
 */
export function workerChannel<Out extends Addressed, In extends Addressed>(
  worker: WorkerLike<Out>,
  spec: ChannelSpec<In>,
  name: string,
  outOfMemory?: string,
): Channel<Out, In> {
  const channel = new Channel<Out, In>((m) => worker.postMessage(m), spec);
  worker.on('message', (m) => channel.receive(m));
  worker.on('error', (err) => channel.close(workerFailure(err, name, outOfMemory)));
  worker.on('exit', (code) => channel.close(new Error(`${name} exited unexpectedly (exit code ${code})`)));
  return channel;
}
