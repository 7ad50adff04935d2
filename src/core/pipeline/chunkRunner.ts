/**
 * Runs the chunks of a chunked analysis on a pool of worker threads and hands their partials to the caller in
 * CHUNK ORDER, whatever order they finish in. Why: merging in chunk order is what makes the report independent
 * of the number of workers; the pool only decides how many chunks run at once.
 *
 * Bounded: at most `workers` chunks run, and a chunk is only started while fewer than `workers` partials wait
 * for their turn to merge. Cancel (the signal) terminates every worker at once; chunk workers write no files.
 * Without a worker script the chunks run one after another in this thread (same partials, same report).
 */
import { Worker } from 'node:worker_threads';
import { ReaderError } from '../reader/jsonlReader.ts';
import type { ReaderErrorReason } from '../reader/readerError.ts';
import { createAbortError } from '../reader/readerError.ts';
import { isChunkWorkerMessage, type ChunkFailure, type ToChunkWorker } from '../../protocol/chunkProtocol.ts';
import { analyzeChunk, CHUNK_PARTIAL_VERSION, type ChunkPartial } from './chunkAnalysis.ts';
import type { AnalyzeOptions } from './analyzeOptions.ts';
import type { Chunk } from './chunkPlan.ts';

/** How to start a chunk worker: a script path (dist/chunkWorker.js), or code with `eval` (tests bootstrap tsx). */
export interface ChunkWorkerScript {
  script: string;
  eval?: boolean;
}

export interface RunChunksOptions {
  workers: number;
  /** Collect the per-row columns of the editor's line marks in every chunk. */
  lineMarks?: boolean;
  /** Omitted: run the chunks in this thread. */
  worker?: ChunkWorkerScript;
  signal?: AbortSignal;
  /** Bytes read so far over all chunks. */
  onProgress?: (bytesRead: number) => void;
  /** Called once per chunk, in chunk order; the next partial is not delivered before it returns. */
  onPartial: (p: ChunkPartial) => void;
}

/** Analyses every chunk and delivers the partials in order. Rejects with the first failure to arrive (a worker error, a bad message, a merge error, or cancel); every worker is then terminated. */
export async function runChunks(path: string, chunks: Chunk[], options: AnalyzeOptions, o: RunChunksOptions): Promise<void> {
  if (!o.worker) {
    let done = 0;
    for (const chunk of chunks) {
      o.signal?.throwIfAborted();
      const p = await analyzeChunk(path, chunk, options, { signal: o.signal, lineMarks: o.lineMarks ?? false, onProgress: (b) => o.onProgress?.(done + b) });
      done += chunk.end - chunk.start;
      checkVersion(p);
      o.onPartial(p);
    }
    return;
  }
  await new WorkerPool(path, chunks, options, o, o.worker).run();
}

function checkVersion(p: ChunkPartial): void {
  if (p.version !== CHUNK_PARTIAL_VERSION) throw new Error(`chunk partial version ${p.version}, expected ${CHUNK_PARTIAL_VERSION}`);
}

class WorkerPool {
  private readonly idle: Worker[] = [];
  private readonly all: Worker[] = [];
  private readonly waiting = new Map<number, ChunkPartial>();
  private readonly progress: number[];
  private next = 0;
  private nextToMerge = 0;
  private settled = false;
  private resolve!: () => void;
  private reject!: (err: unknown) => void;

  constructor(
    private readonly path: string,
    private readonly chunks: Chunk[],
    private readonly options: AnalyzeOptions,
    private readonly o: RunChunksOptions,
    private readonly spec: ChunkWorkerScript,
  ) {
    this.progress = chunks.map(() => 0);
  }

  run(): Promise<void> {
    const done = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    const signal = this.o.signal;
    if (signal?.aborted) return Promise.reject(createAbortError(signal.reason));
    const onAbort = (): void => this.fail(createAbortError(signal?.reason));
    signal?.addEventListener('abort', onAbort, { once: true });
    const count = Math.max(1, Math.min(this.o.workers, this.chunks.length));
    for (let i = 0; i < count; i++) this.idle.push(this.start());
    this.dispatch();
    return done.finally(() => {
      signal?.removeEventListener('abort', onAbort);
      for (const w of this.all) void w.terminate();
    });
  }

  private start(): Worker {
    const w = new Worker(this.spec.script, { eval: this.spec.eval ?? false });
    this.all.push(w);
    w.on('message', (m: unknown) => this.onMessage(w, m));
    w.on('error', (err) => this.fail(err));
    w.on('exit', (code) => {
      if (!this.settled) this.fail(new Error(`chunk worker exited with code ${code}`));
    });
    return w;
  }

  /** Starts chunks on idle workers; `mergedUpTo`: chunks before it are merged or about to be (not waiting). */
  private dispatch(mergedUpTo = this.nextToMerge): void {
    const limit = Math.max(1, this.o.workers);
    while (!this.settled && this.idle.length > 0 && this.next < this.chunks.length && this.next - mergedUpTo < limit) {
      const w = this.idle.pop()!;
      const chunk = this.chunks[this.next++];
      const job: ToChunkWorker = { type: 'chunk', path: this.path, chunk, options: this.options, lineMarks: this.o.lineMarks ?? false };
      w.postMessage(job);
    }
  }

  private onMessage(w: Worker, m: unknown): void {
    if (this.settled) return;
    if (!isChunkWorkerMessage(m)) return this.fail(new Error('chunk worker sent an invalid message'));
    if (m.type === 'progress') {
      this.progress[m.index] = m.bytesRead;
      this.o.onProgress?.(this.progress.reduce((a, b) => a + b, 0));
      return;
    }
    if (m.type === 'failed') return this.fail(errorOf(m.error));
    try {
      checkVersion(m.partial);
      this.progress[m.index] = this.chunks[m.index].end - this.chunks[m.index].start;
      this.o.onProgress?.(this.progress.reduce((a, b) => a + b, 0));
      this.waiting.set(m.index, m.partial);
      this.idle.push(w);
      // hand out the next chunks BEFORE merging: the merge runs in this thread while the workers go on
      let ready = this.nextToMerge;
      while (this.waiting.has(ready)) ready++;
      this.dispatch(ready);
      while (this.waiting.has(this.nextToMerge)) {
        const p = this.waiting.get(this.nextToMerge)!;
        this.waiting.delete(this.nextToMerge);
        this.nextToMerge++;
        this.o.onPartial(p);
      }
    } catch (err) {
      return this.fail(err);
    }
    if (this.nextToMerge === this.chunks.length) {
      this.settled = true;
      this.resolve();
      return;
    }
    this.dispatch();
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
  if (f.reader) return new ReaderError(f.reader.file, f.reader.line, f.reader.column, f.reader.reason as ReaderErrorReason, f.reader.detail);
  const e = new Error(f.message);
  e.name = f.name;
  return e;
}
