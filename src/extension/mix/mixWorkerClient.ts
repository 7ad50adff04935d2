/**
 * Host side of the Mix & Correct worker (src/worker/mixWorker.ts): one long-lived `worker_threads` worker
 * per panel that holds the mix model, so previews never re-read the files and never run on the extension
 * host thread. Every job (build, preview, write, measure) is a request on a channel (src/protocol/channel.ts:
 * one id scheme, replies routed to their request). Jobs are promises; a preview's parts go to the callback
 * given with it, and a newer preview ends the older one, so its late parts are dropped as stale. A crashed
 * worker rejects what was pending and is replaced, empty, on the next request. No `vscode` import (unit-testable).
 */
import { Worker, type ResourceLimits } from 'node:worker_threads';
import type { MixBuildProgress } from '../../core/mix/buildMixModel.ts';
import type { MixFigures } from '../../core/mix/mixFigures.ts';
import type { MixModelOptions, MixSettings } from '../../core/mix/mixTypes.ts';
import {
  MIX_REPLIES,
  MixWriteCancelledError,
  type HostToMixWorker,
  type MixModelInfo,
  type MixPreviewPart,
  type MixWorkerToHost,
} from '../../protocol/mixWorkerProtocol.ts';
import { Channel, workerChannel, type PendingRequest } from '../../protocol/channel.ts';
import { removeOwnTemps } from '../../core/io/atomicWrite.ts';
import { recipePathFor } from '../../core/mix/recipe.ts';
import { startThread, stopThread } from '../../core/threadStop.ts';

export { MixWriteCancelledError };
export type { MixPreviewPart };

export interface MixWritten {
  path: string;
  rows: number;
  bytes: number;
  recipePath: string;
  projected: MixFigures;
}

const CLOSED = 'the Mix view was closed';

/** What the user reads when the mix worker reached its heap limit (its model is gone; the editor is unaffected). */
export const MIX_OUT_OF_MEMORY =
  'the Mix view ran out of memory and its worker was stopped (the editor is unaffected). Analyse again to rebuild it; with a dataset or reference this large, try the CLI with more memory: NODE_OPTIONS=--max-old-space-size=8192 diversity-lens mix …';

/** Drives one mix worker; `workerScript` is the path of dist/mixWorker.js (the unit tests pass a bootstrap of the .ts source). */
export class MixWorkerClient {
  private worker: Worker | null = null;
  private channel: Channel<HostToMixWorker, MixWorkerToHost> | null = null;
  /** Settles when the current worker has stopped (its files are then safe to remove). */
  private exited: Promise<void> = Promise.resolve();
  /** The newest preview: the only one whose parts are still delivered. */
  private previewRequest: PendingRequest<MixWorkerToHost> | null = null;
  private disposed = false;

  /** `resourceLimits`: the worker's heap limits (none by default, as AnalysisRunner; the tests set a small one). */
  constructor(
    private readonly workerScript: string | URL,
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  /**
   * Reads both inputs in the worker and keeps the model there (replacing any previous one). The dataset is a file, or
   * several files (a folder's, a multi-selection's: the analysed report's `files`) named by `label`.
   */
  async build(
    dataset: string | { label: string; files: string[] },
    referencePath: string,
    options: MixModelOptions,
    onProgress?: (p: MixBuildProgress) => void,
  ): Promise<Omit<MixModelInfo, 'referenceName'>> {
    const m = await this.open().request(
      (requestId) => ({
        type: 'build',
        requestId,
        ...(typeof dataset === 'string'
          ? { datasetPath: dataset }
          : { datasetPath: dataset.label, datasetFiles: dataset.files }),
        referencePath,
        options,
      }),
      (p) => {
        if (p.type === 'buildProgress') onProgress?.(p.progress);
      },
    ).result;
    if (m.type !== 'built') throw new Error(`unexpected answer ${m.type}`);
    return m.info;
  }

  /**
   * Asks for a preview of `settings`; its parts (as the worker sent them, with the returned request id) go to
   * `onPart` until a newer preview replaces this one. Throws once disposed.
   */
  preview(settings: MixSettings, generations: boolean, onPart: (part: MixPreviewPart) => void): number {
    if (this.disposed) throw new Error(CLOSED);
    this.previewRequest?.end(); // superseded: its remaining parts are stale
    const request = this.open().request(
      (requestId) => ({ type: 'preview', requestId, settings, generations }),
      (m) => {
        if (
          m.type === 'mixProjection' ||
          m.type === 'mixSweep' ||
          m.type === 'mixGenerations' ||
          m.type === 'mixPreviewFailed'
        )
          onPart(m);
      },
    );
    this.previewRequest = request;
    return request.requestId;
  }

  /** Writes the mix; `signal` aborts it (rejects with MixWriteCancelledError). */
  async write(
    settings: MixSettings,
    outPath: string,
    onProgress?: (written: number, total: number) => void,
    signal?: AbortSignal,
  ): Promise<MixWritten> {
    const channel = this.open();
    const exited = this.exited;
    const request = channel.request(
      (requestId) => ({ type: 'write', requestId, settings, outPath }),
      (p) => {
        if (p.type === 'writeProgress') onProgress?.(p.written, p.total);
      },
    );
    const abort = (): void => {
      if (!channel.closed) channel.send({ type: 'cancelWrite', requestId: request.requestId });
    };
    signal?.addEventListener('abort', abort, { once: true });
    try {
      if (signal?.aborted) abort(); // aborted before the request existed: cancel it at once
      const m = await request.result.catch(async (err: unknown) => {
        // the worker stopped mid-write (a crash, its heap limit, dispose): once it is gone, remove the temporary
        // files it could not (a cancelled or failed write removes its own and leaves the worker running)
        if (channel.closed) {
          await exited;
          await removeOwnTemps(outPath);
          await removeOwnTemps(recipePathFor(outPath));
        }
        throw err;
      });
      if (m.type !== 'written') throw new Error(`unexpected answer ${m.type}`);
      return { path: m.path, rows: m.rows, bytes: m.bytes, recipePath: m.recipePath, projected: m.projected };
    } finally {
      signal?.removeEventListener('abort', abort);
    }
  }

  /** Analyses the written file with the model's view and thresholds, against the held-out part of `settings` (measureWrittenMix). */
  async measure(outPath: string, settings: MixSettings): Promise<MixFigures> {
    const m = await this.open().request((requestId) => ({ type: 'measure', requestId, outPath, settings }))
      .result;
    if (m.type !== 'measured') throw new Error(`unexpected answer ${m.type}`);
    return m.figures;
  }

  /** Terminates the worker (drops the model); pending jobs reject. */
  dispose(): void {
    this.disposed = true;
    this.stop(new Error(CLOSED));
  }

  /** The channel to the live worker, starting one if there is none (first use, or after a crash). */
  private open(): Channel<HostToMixWorker, MixWorkerToHost> {
    if (this.disposed) {
      // closed from the start: its requests reject at once, and nothing starts a worker again
      const closed = new Channel<HostToMixWorker, MixWorkerToHost>(() => {}, MIX_REPLIES);
      closed.close(new Error(CLOSED));
      return closed;
    }
    if (this.channel && !this.channel.closed) return this.channel;
    const w = startThread(
      this.workerScript,
      this.resourceLimits ? { resourceLimits: this.resourceLimits } : {},
    );
    const channel = workerChannel<HostToMixWorker, MixWorkerToHost>(
      w,
      MIX_REPLIES,
      'mix worker',
      MIX_OUT_OF_MEMORY,
    );
    // a crashed worker (the channel rejected what was pending) is let go; the next request starts a new one
    w.on('error', () => this.forget(w));
    w.on('exit', () => this.forget(w));
    this.exited = new Promise((resolve) => w.once('exit', () => resolve()));
    this.worker = w;
    this.channel = channel;
    return channel;
  }

  private forget(w: Worker): void {
    if (this.worker !== w) return;
    this.worker = null;
    this.channel = null;
    void stopThread(w);
  }

  private stop(err: Error): void {
    const w = this.worker;
    this.channel?.close(err);
    this.worker = null;
    this.channel = null;
    if (w) void stopThread(w); // asked, terminated only if it does not answer (core/threadStop.ts)
  }
}
