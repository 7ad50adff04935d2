/**
 * Runs the chunks of a chunked analysis on a pool of worker threads and hands their partials to the caller in
 * CHUNK ORDER, whatever order they finish in. Why: merging in chunk order is what makes the report independent
 * of the number of workers; the pool only decides how many chunks run at once.
 *
 * Bounded: at most `workers` chunks run, and at most `workers` + 1 chunks are out beyond the merge point (running,
 * or finished and waiting for their turn to merge). Cancel (the signal) stops every worker at once (core/threadStop.ts: each is asked, and
 * terminated only if it does not answer); chunk workers write no files of their own. A worker that crashes or runs
 * out of memory fails the run once, with its message, and every other worker is stopped.
 * Without a worker script the chunks run one after another in this thread (same partials, same report).
 */
import { Worker } from 'node:worker_threads';
import { ReaderError } from '../reader/jsonlReader.ts';
import type { ReaderErrorReason } from '../reader/readerError.ts';
import { createAbortError } from '../reader/readerError.ts';
import {
  isChunkWorkerMessage,
  type ChunkFailure,
  type ToChunkWorker,
} from '../../protocol/chunkWorkerProtocol.ts';
import { analyzeChunk, CHUNK_PARTIAL_VERSION, type ChunkPartial } from './chunkAnalysis.ts';
import type { BytesChunk } from './compressedChunks.ts';
import type { AnalyzeOptions } from './analyzeOptions.ts';
import type { Chunk } from './chunkPlan.ts';
import type { WorkerEntry } from '../workerEntry.ts';
import { workerFailure } from '../../protocol/channel.ts';
import { startThread, stopThread } from '../threadStop.ts';

/** What the user reads when a chunk worker reached its heap limit (every other chunk worker is stopped too). */
export const CHUNK_OUT_OF_MEMORY =
  'the analysis ran out of memory in a chunk worker and was stopped. Try fewer threads (--workers 1, setting diversityLens.workers) or smaller chunks (--chunk-bytes), or give Node more memory: NODE_OPTIONS=--max-old-space-size=8192';

/**
 * A chunk worker's V8 limits: a young generation of 16 MiB instead of V8's default (3 × 16 MiB semi-spaces on
 * 64-bit). Why: a chunk's data lives in typed arrays outside the V8 heap, and a young generation of 48 MiB was
 * mostly empty room, resident in every worker (docs/performance.md, session 9). The old generation keeps V8's
 * default limit (a worker at it fails with CHUNK_OUT_OF_MEMORY).
 */
export const CHUNK_WORKER_LIMITS = { maxYoungGenerationSizeMb: 16 };

/** How to start a chunk worker: a script path (dist/chunkWorker.js), or code with `eval` (tests bootstrap tsx). */
/** How to start a chunk worker (core/workerEntry.ts). */
export type ChunkWorkerScript = WorkerEntry;

export interface RunChunksOptions {
  workers: number;
  /** Collect the per-row columns of the editor's line marks in every chunk. */
  lineMarks?: boolean;
  /** The dataset's first rows (parsed values), which decide the text view; omitted: each chunk reads its file's. */
  sample?: unknown[];
  /**
   * At most this many chunks will come from a streamed source (its length is unknown until it ends), so no more
   * workers than that are started. Ignored for a listed source (its length is known).
   */
  chunksAtMost?: number;
  /** Omitted: run the chunks in this thread. */
  worker?: ChunkWorkerScript;
  signal?: AbortSignal;
  /**
   * Bytes read so far over all chunks, and the rows and tokens analysed in the chunks not yet delivered to onPartial
   * (a caller adds them to what it merged for running counts).
   */
  onProgress?: (bytesRead: number, inFlight: { rows: number; tokens: number }) => void;
  /** Called once per chunk, in chunk order; the next partial is not delivered before it returns. */
  onPartial: (p: ChunkPartial) => void;
}

/**
 * What a run analyses, in order: a plain file's chunks (byte ranges) listed, or streamed as the plan finds them
 * (chunkPlan.ts streamChunks: no `bytes`), or a compressed (gzip/zstd) file's chunks with their bytes.
 */
export type ChunkSource = Chunk[] | AsyncIterable<{ chunk: Chunk; bytes?: Buffer } | BytesChunk>;

/** Analyses every chunk and delivers the partials in order. Rejects with the first failure to arrive (a worker error, a bad message, a merge error, or cancel); every worker is then stopped. */
export async function runChunks(
  path: string,
  source: ChunkSource,
  options: AnalyzeOptions,
  o: RunChunksOptions,
): Promise<void> {
  if (!o.worker) {
    let done = 0;
    for await (const item of items(source)) {
      o.signal?.throwIfAborted();
      const { chunk, bytes } = item;
      const p = await analyzeChunk(path, chunk, options, {
        signal: o.signal,
        lineMarks: o.lineMarks ?? false,
        sample: o.sample,
        bytes,
        onProgress: (b, rows, tokens) => o.onProgress?.(done + b, { rows, tokens }),
      });
      done += chunk.end - chunk.start;
      checkVersion(p);
      o.onPartial(p);
    }
    return;
  }
  await new WorkerPool(
    path,
    items(source),
    Array.isArray(source) ? source.length : (o.chunksAtMost ?? Infinity),
    options,
    o,
    o.worker,
  ).run();
}

async function* items(
  source: ChunkSource,
): AsyncGenerator<{ chunk: Chunk; bytes?: Buffer }, void, undefined> {
  if (Array.isArray(source)) for (const chunk of source) yield { chunk };
  else yield* source;
}

function checkVersion(p: ChunkPartial): void {
  if (p.version !== CHUNK_PARTIAL_VERSION)
    throw new Error(`chunk partial version ${p.version}, expected ${CHUNK_PARTIAL_VERSION}`);
}

class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting = new Map<number, ChunkPartial>();
  private readonly progress = new Map<number, number>();
  /** Rows and tokens analysed so far in each chunk not yet merged. */
  private readonly inFlight = new Map<number, { rows: number; tokens: number }>();
  private readonly sizes = new Map<number, number>();
  /** Chunks handed to workers so far (= index of the next chunk). */
  private next = 0;
  private nextToMerge = 0;
  private sourceDone = false;
  private pulling = false;
  /**
   * The next chunk, pulled before a worker asked for it, so a worker that finishes is handed its next chunk at once.
   * Why: the pull scans the file for the chunk's end (I/O, several turns of the event loop), and the merge that
   * follows a partial runs synchronously for up to a second; a pull begun when the worker finished settled only after
   * that merge, so both workers sat idle through it (session 21: 0.3–1.3 s per round on 256 MB, from timestamps of
   * each chunk's start, finish and merge; docs/performance.md).
   */
  private ahead: { chunk: Chunk; bytes?: Buffer } | null = null;
  /**
   * Whether the source has yielded a chunk with bytes (a compressed file's): from then on nothing is pulled ahead, so
   * at most one such chunk (a dataset's first compressed chunk after plain files) ever waits in `ahead`.
   */
  private holdsBytes = false;
  private settled = false;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;

  constructor(
    private readonly path: string,
    private readonly source: AsyncIterator<{ chunk: Chunk; bytes?: Buffer }>,
    private readonly knownCount: number,
    private readonly options: AnalyzeOptions,
    private readonly o: RunChunksOptions,
    private readonly spec: ChunkWorkerScript,
  ) {}

  run(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const signal = this.o.signal;
    if (signal?.aborted) return Promise.reject(createAbortError(signal.reason));
    const onAbort = (): void => this.fail(createAbortError(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const count = Math.max(1, Math.min(this.o.workers, this.knownCount));
    for (let i = 0; i < count; i++) this.idle.push(this.start());
    this.dispatch();
    return done.finally(() => {
      signal?.removeEventListener('abort', onAbort);
      void this.source.return?.();
      // each worker is asked to stop, then terminated if it has not within the grace (core/threadStop.ts)
      for (const w of this.all) void stopThread(w);
    });
  }

  private start(): Worker {
    const w = startThread(this.spec.script, {
      eval: this.spec.eval ?? false,
      resourceLimits: this.spec.resourceLimits ?? CHUNK_WORKER_LIMITS,
    });
    this.all.push(w);
    w.on('message', (m: unknown) => this.onMessage(w, m));
    w.on('error', (err) => this.fail(workerFailure(err, 'a chunk worker', CHUNK_OUT_OF_MEMORY)));
    w.on('exit', (code) => {
      if (!this.settled) this.fail(new Error(`chunk worker exited with code ${code}`));
    });
    return w;
  }

  /**
   * Starts chunks on idle workers, one pull from the source at a time; `mergedUpTo`: chunks before it are merged
   * or about to be (not waiting). At most `workers` + 1 chunks are out beyond the merge point, which also paces the
   * decompressing reader (it is only pulled when a chunk may start). Why + 1: a worker that finishes a chunk before
   * an earlier one can start the next chunk while its partial waits; with a limit of `workers` it sat idle until the
   * earlier chunk was done, ~4 s of every ~25 s per worker on 2 workers (a thread profile, session 20). A plain
   * file's next chunk is pulled ahead (`ahead`) once every worker is busy, and handed out without waiting.
   */
  private dispatch(mergedUpTo = this.nextToMerge): void {
    if (this.settled) return;
    const limit = Math.max(1, this.o.workers) + 1;
    const mayStart = (): boolean => this.idle.length > 0 && this.next - mergedUpTo < limit;
    if (this.ahead !== null) {
      if (!mayStart()) return;
      const item = this.ahead;
      this.ahead = null;
      this.startChunk(item);
    }
    if (this.pulling || this.sourceDone) return;
    // with no idle worker, pull ahead only what holds no bytes in memory (a plain file's byte range)
    const pullAhead = !mayStart();
    if (pullAhead && this.holdsBytes) return;
    this.pulling = true;
    this.source.next().then(
      (r) => {
        this.pulling = false;
        if (this.settled) return;
        if (r.done) {
          this.sourceDone = true;
          this.finishIfDone();
          return;
        }
        if (r.value.chunk.index !== this.next)
          return this.fail(new Error(`chunk ${r.value.chunk.index} arrived, expected ${this.next}`));
        if (r.value.bytes) this.holdsBytes = true;
        this.ahead = r.value;
        this.dispatch(Math.max(mergedUpTo, this.nextToMerge));
      },
      (err: unknown) => {
        this.pulling = false;
        this.fail(err);
      },
    );
  }

  /** Posts `item`'s chunk to an idle worker (its bytes transferred, not copied). */
  private startChunk({ chunk, bytes }: { chunk: Chunk; bytes?: Buffer }): void {
    this.next++;
    this.sizes.set(chunk.index, chunk.end - chunk.start);
    const w = this.idle.pop()!;
    const job: ToChunkWorker = {
      type: 'chunk',
      path: this.path,
      chunk,
      options: this.options,
      lineMarks: this.o.lineMarks ?? false,
      ...(this.o.sample !== undefined ? { sample: this.o.sample } : {}),
    };
    if (bytes) {
      const ab = bytes.buffer as ArrayBuffer;
      w.postMessage({ ...job, bytes: ab, bytesOffset: bytes.byteOffset, bytesLength: bytes.length }, [ab]);
    } else w.postMessage(job);
  }

  private finishIfDone(): void {
    if (!this.settled && this.sourceDone && this.nextToMerge === this.next) {
      this.settled = true;
      this.resolve();
    }
  }

  private onMessage(w: Worker, m: unknown): void {
    if (this.settled) return;
    if (!isChunkWorkerMessage(m)) return this.fail(new Error('chunk worker sent an invalid message'));
    if (m.type === 'progress') {
      this.progress.set(m.index, m.bytesRead);
      if (m.index >= this.nextToMerge) this.inFlight.set(m.index, { rows: m.rows, tokens: m.tokens });
      this.reportProgress();
      return;
    }
    if (m.type === 'failed') return this.fail(errorOf(m.error));
    try {
      checkVersion(m.partial);
      this.progress.set(m.index, this.sizes.get(m.index) ?? 0);
      this.reportProgress();
      this.waiting.set(m.index, m.partial);
      this.idle.push(w);
      // hand out the next chunks BEFORE merging: the merge runs in this thread while the workers go on
      let ready = this.nextToMerge;
      while (this.waiting.has(ready)) ready++;
      this.dispatch(ready);
    } catch (err) {
      return this.fail(err);
    }
    // merge on the next turn of the event loop: dispatch's pull from the source settles in microtasks, and a merge
    // run right here (synchronous, up to a second on a large file) would hold back the post of the next chunk,
    // leaving the workers idle for as long as it runs (measured: 11% of a lone worker's time on 1 GiB)
    setImmediate(() => this.mergeReady());
  }

  /** Merges every partial whose turn has come, in chunk order, then starts more chunks or settles the run. */
  private mergeReady(): void {
    if (this.settled) return;
    try {
      while (this.waiting.has(this.nextToMerge)) {
        const p = this.waiting.get(this.nextToMerge)!;
        this.waiting.delete(this.nextToMerge);
        this.inFlight.delete(this.nextToMerge);
        this.nextToMerge++;
        this.o.onPartial(p);
      }
    } catch (err) {
      return this.fail(err);
    }
    this.finishIfDone();
    this.dispatch();
  }

  private reportProgress(): void {
    let sum = 0;
    for (const v of this.progress.values()) sum += v;
    const inFlight = { rows: 0, tokens: 0 };
    for (const c of this.inFlight.values()) {
      inFlight.rows += c.rows;
      inFlight.tokens += c.tokens;
    }
    this.o.onProgress?.(sum, inFlight);
  }

  private fail(err: unknown): void {
    if (this.settled) return;
    this.settled = true;
    this.waiting.clear();
    this.reject(err);
  }
}

/** A worker's failure as an Error of the same kind (a ReaderError keeps its location and reason). */
function errorOf(f: ChunkFailure): Error {
  if (f.reader)
    return new ReaderError(
      f.reader.file,
      f.reader.line,
      f.reader.column,
      f.reader.reason as ReaderErrorReason,
      f.reader.detail,
    );
  const e = new Error(f.message);
  e.name = f.name;
  return e;
}
