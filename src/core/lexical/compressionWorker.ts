/**
 * One shared background thread that gzips many independent streams and reports their sizes.
 *
 * Why: the compression ratio must come from ONE gzip member over the whole joined text, but
 * `addRow` is synchronous and Node's streaming zlib is asynchronous (there is no public
 * synchronous streaming deflate). Chunks of text are transferred to this worker, which feeds a
 * `zlib.createGzip` per stream and counts output bytes. Backpressure keeps memory bounded: each
 * stream has a SharedArrayBuffer counter of bytes in flight; the writer blocks with Atomics.wait
 * while it is above the cap, and the worker decrements it as zlib consumes each chunk. The worker
 * also uses the machine's second core. It is started on first use and stopped (core/threadStop.ts) when no stream
 * is open. Its entry is src/worker/gzipWorker.ts (bundled as dist/gzipWorker.js); messages: protocol/gzipWorkerProtocol.ts.
 */
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../workerEntry.ts';
import { startThread, stopThread } from '../threadStop.ts';
import type { FromGzipWorker, ToGzipWorker } from '../../protocol/gzipWorkerProtocol.ts';

interface Pending {
  resolve: (bytes: number) => void;
  reject: (err: Error) => void;
}

let worker: Worker | null = null;
let nextId = 1;
const open = new Map<number, Pending>();
let workerError: Error | null = null;

function getWorker(): Worker {
  if (worker !== null) return worker;
  workerError = null;
  // dist/gzipWorker.js beside the bundle, or src/worker/gzipWorker.ts through tsx when running from source
  const { script, eval: isEval = false } = workerEntry('gzipWorker');
  const w = startThread(script, { eval: isEval });
  w.on('message', (m: FromGzipWorker) => {
    const p = open.get(m.id);
    if (!p) return;
    open.delete(m.id);
    if (m.t === 'done') p.resolve(m.bytes);
    else p.reject(new Error(`gzip failed: ${m.message}`));
    releaseIfIdle();
  });
  const failAll = (err: Error) => {
    workerError = err;
    if (worker === w) worker = null;
    for (const p of open.values()) p.reject(err);
    open.clear();
  };
  // only the CURRENT worker's death fails the open streams: a released worker (stopped when idle) may exit
  // after a new worker already took new streams, and must not take them down with it
  w.on('error', (err) => {
    if (worker === w) failAll(err instanceof Error ? err : new Error(String(err)));
  });
  w.on('exit', (code) => {
    if (worker === w && open.size > 0) failAll(new Error(`gzip worker exited with code ${code}`));
    if (worker === w) worker = null;
  });
  worker = w;
  return w;
}

/** Posts a typed message to the gzip thread. */
function send(w: Worker, m: ToGzipWorker, transfer: ArrayBuffer[] = []): void {
  w.postMessage(m, transfer);
}

function releaseIfIdle(): void {
  if (open.size === 0 && worker !== null) {
    const w = worker;
    worker = null;
    // asked, never terminated: a terminate() landing in its createGzip aborts the process (core/threadStop.ts)
    void stopThread(w);
  }
}

/** A gzip stream running in the shared worker; counts the compressed bytes of everything written. */
export class GzipWorkerStream {
  private readonly id = nextId++;
  private readonly inflight = new Int32Array(new SharedArrayBuffer(4));
  private readonly result: Promise<number>;
  private ended = false;
  private failure: Error | null = null;

  /**
   * `maxInFlightBytes`: writes block (Atomics.wait) while more than this many bytes are queued.
   * `stallTimeoutMs`: if the worker makes no progress for this long while blocked, the stream fails.
   */
  constructor(
    level: number,
    private readonly maxInFlightBytes = 16 * 1024 * 1024,
    private readonly stallTimeoutMs = 60_000,
  ) {
    const w = getWorker();
    this.result = new Promise<number>((resolve, reject) => open.set(this.id, { resolve, reject }));
    this.result.catch((err: Error) => {
      this.failure = err;
    });
    send(w, { t: 'open', id: this.id, level, sab: this.inflight.buffer as SharedArrayBuffer });
  }

  /** Transfers `chunk`'s ArrayBuffer (which must not be shared with anything else: it is detached) to the worker. */
  write(chunk: Uint8Array): void {
    if (this.failure) throw this.failure;
    if (workerError) throw workerError;
    if (this.ended) throw new Error('write after end');
    const w = getWorker();
    const ab = chunk.buffer as ArrayBuffer;
    Atomics.add(this.inflight, 0, chunk.byteLength);
    send(w, { t: 'write', id: this.id, buf: ab, offset: chunk.byteOffset, len: chunk.byteLength }, [ab]);
    this.waitBelowCap();
  }

  /** Ends the gzip member; resolves to its total compressed size in bytes. */
  end(): Promise<number> {
    if (!this.ended) {
      this.ended = true;
      if (worker !== null && open.has(this.id)) send(worker, { t: 'end', id: this.id });
    }
    return this.result;
  }

  /** Abandons the stream (no result). */
  abort(): void {
    this.ended = true;
    const p = open.get(this.id);
    if (!p) return;
    open.delete(this.id);
    if (worker !== null) send(worker, { t: 'abort', id: this.id });
    p.reject(new Error('gzip stream aborted'));
    releaseIfIdle();
  }

  private waitBelowCap(): void {
    let current = Atomics.load(this.inflight, 0);
    while (current > this.maxInFlightBytes) {
      const r = Atomics.wait(this.inflight, 0, current, this.stallTimeoutMs);
      const next = Atomics.load(this.inflight, 0);
      if (r === 'timed-out' && next === current) {
        const err = new Error(`gzip worker made no progress for ${this.stallTimeoutMs} ms`);
        this.failure = err;
        this.abort();
        throw err;
      }
      current = next;
    }
  }
}
