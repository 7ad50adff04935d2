/**
 * Host side of the Mix & Correct worker (src/worker/mixWorker.ts): one long-lived `worker_threads` worker
 * per panel that holds the mix model, so previews never re-read the files and never run on the extension
 * host thread. Jobs (build, write, measure) are promises keyed by a job id; previews are fire-and-forget
 * with a request id, their parts delivered to one callback (the caller drops stale ids). A crashed worker
 * rejects the pending jobs and is replaced, empty, on the next build. No `vscode` import (unit-testable).
 */
import { Worker } from 'node:worker_threads';
import type { MixBuildProgress } from '../../core/mix/buildMixModel.ts';
import type { MixFigures } from '../../core/mix/mixFigures.ts';
import type { MixModelOptions, MixSettings } from '../../core/mix/mixTypes.ts';
import { isMixWorkerMessage, type HostToMixWorker, type MixModelInfo, type MixWorkerToHost } from '../../protocol/mixProtocol.ts';

/** A preview part as the worker sends it (projection, sweep, generations, or a failure). */
export type MixPreviewPart = Extract<MixWorkerToHost, { requestId: number }>;

/** Rejection of a write the user cancelled (the temporary file is already removed). */
export class MixWriteCancelledError extends Error {
  override name = 'MixWriteCancelledError';
}

export interface MixWritten {
  path: string;
  rows: number;
  bytes: number;
  recipePath: string;
  projected: MixFigures;
}

interface Pending {
  resolve(m: MixWorkerToHost): void;
  reject(e: Error): void;
  onProgress?: (m: MixWorkerToHost) => void;
}

/** Drives one mix worker; `workerScript` is the path of dist/mixWorker.js (the unit tests pass a bootstrap of the .ts source). */
export class MixWorkerClient {
  private worker: Worker | null = null;
  private nextJob = 1;
  private readonly pending = new Map<number, Pending>();
  private disposed = false;

  constructor(
    private readonly workerScript: string | URL,
    private readonly onPreview: (part: MixPreviewPart) => void,
  ) {}

  /** Reads both inputs in the worker and keeps the model there (replacing any previous one). */
  async build(datasetPath: string, referencePath: string, options: MixModelOptions, onProgress?: (p: MixBuildProgress) => void): Promise<Omit<MixModelInfo, 'referenceName'>> {
    const m = await this.job((jobId) => ({ type: 'build', jobId, datasetPath, referencePath, options }), (p) => {
      if (p.type === 'buildProgress') onProgress?.(p.progress);
    });
    if (m.type !== 'built') throw new Error(`unexpected answer ${m.type}`);
    return m.info;
  }

  /** Asks for a preview of `settings`; parts arrive through the constructor's `onPreview`. */
  preview(requestId: number, settings: MixSettings, generations: boolean): void {
    this.post({ type: 'preview', requestId, settings, generations });
  }

  /** Writes the mix; `signal` aborts it (rejects with MixWriteCancelledError). */
  async write(settings: MixSettings, outPath: string, onProgress?: (written: number, total: number) => void, signal?: AbortSignal): Promise<MixWritten> {
    let jobId = 0;
    const abort = (): void => {
      if (jobId) this.post({ type: 'cancelWrite', jobId });
    };
    signal?.addEventListener('abort', abort, { once: true });
    try {
      const answer = this.job((id) => {
        jobId = id;
        return { type: 'write', jobId: id, settings, outPath };
      }, (p) => {
        if (p.type === 'writeProgress') onProgress?.(p.written, p.total);
      });
      if (signal?.aborted) abort(); // aborted before the job existed: cancel it at once
      const m = await answer;
      if (m.type !== 'written') throw new Error(`unexpected answer ${m.type}`);
      return { path: m.path, rows: m.rows, bytes: m.bytes, recipePath: m.recipePath, projected: m.projected };
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Analyses the written file with the model's view and thresholds, against the held-out part of `settings` (measureWrittenMix). */
  async measure(outPath: string, settings: MixSettings): Promise<MixFigures> {
    const m = await this.job((jobId) => ({ type: 'measure', jobId, outPath, settings }));
    if (m.type !== 'measured') throw new Error(`unexpected answer ${m.type}`);
    return m.figures;
  }

  /** Terminates the worker (drops the model); pending jobs reject. */
  dispose(): void {
    this.disposed = true;
    this.stop(new Error('the Mix view was closed'));
  }

  private job(make: (jobId: number) => HostToMixWorker, onProgress?: (m: MixWorkerToHost) => void): Promise<MixWorkerToHost> {
    const jobId = this.nextJob++;
    return new Promise<MixWorkerToHost>((resolve, reject) => {
      this.pending.set(jobId, { resolve, reject, onProgress });
      try {
        this.post(make(jobId));
      } catch (err) {
        this.pending.delete(jobId);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  private post(m: HostToMixWorker): void {
    if (this.disposed) throw new Error('the Mix view was closed');
    this.ensureWorker().postMessage(m);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(this.workerScript);
    w.on('message', (m: unknown) => this.onMessage(m));
    w.on('error', (err) => this.crashed(w, new Error(`mix worker crashed: ${err.message}`)));
    w.on('exit', (code) => this.crashed(w, new Error(`mix worker exited unexpectedly (exit code ${code})`)));
    this.worker = w;
    return w;
  }

  private crashed(w: Worker, err: Error): void {
    if (this.worker !== w) return;
    this.stop(err);
  }

  private stop(err: Error): void {
    const w = this.worker;
    this.worker = null;
    if (w) void w.terminate();
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  private onMessage(m: unknown): void {
    if (!isMixWorkerMessage(m)) return;
    if ('requestId' in m) {
      this.onPreview(m);
      return;
    }
    const p = this.pending.get(m.jobId);
    if (!p) return; // stale
    if (m.type === 'buildProgress' || m.type === 'writeProgress') {
      p.onProgress?.(m);
      return;
    }
    this.pending.delete(m.jobId);
    if (m.type === 'jobFailed') p.reject(m.aborted ? new MixWriteCancelledError('write cancelled') : new Error(m.message));
    else p.resolve(m);
  }
}
