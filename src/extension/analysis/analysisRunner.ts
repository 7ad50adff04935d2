/**
 * Worker lifecycle for analyses: one `worker_threads` worker per analysis, started lazily when an
 * analysis starts, stopped (core/threadStop.ts) when it finishes, when it is cancelled and when the runner is disposed.
 * A crashing worker (uncaught error, non-zero exit, out of memory) rejects that analysis only; the next
 * one gets a fresh worker. The job and its replies go through a channel (src/protocol/channel.ts: one id
 * scheme, replies routed to their request, stale ones dropped, a dead worker rejects the run). No `vscode`
 * import, so it is unit-testable with any worker script.
 */
import { removeNearSpillFiles } from '../../core/duplicates/nearSpillFile.ts';
import { removeSpoolDirs } from '../../core/lexical/tokenSpool.ts';
import type { ResourceLimits } from 'node:worker_threads';
import type { AnalyzeOptions, AnalyzeProgress } from '../../core/pipeline/analyzeOptions.ts';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import {
  ANALYSIS_REPLIES,
  type AnalysisWorkerToHost,
  type HostToAnalysisWorker,
  type PartialReport,
} from '../../protocol/analysisWorkerProtocol.ts';
import { workerChannel } from '../../protocol/channel.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import type { LostTypesIndex } from '../../core/tails/lostTypes.ts';
import { startThread, stopThread } from '../../core/threadStop.ts';
import { deferred } from '../deferred.ts';

/**
 * What the user reads when the analysis worker reached its heap limit (the editor itself is unaffected: only the
 * worker is stopped). Why spelled out: Node's "ERR_WORKER_OUT_OF_MEMORY" says nothing of what to do.
 */
export const ANALYSIS_OUT_OF_MEMORY =
  'the analysis ran out of memory and was stopped (the editor is unaffected). Try fewer analysis threads (setting diversityLens.workers, e.g. 1), a smaller file or one shard of the folder, or the CLI with more memory: NODE_OPTIONS=--max-old-space-size=8192 diversity-lens analyze FILE';

/** Thrown (as a rejection) when an analysis was cancelled; callers usually show nothing for it. */
export class AnalysisCancelledError extends Error {
  constructor() {
    super('analysis cancelled');
    this.name = 'AnalysisCancelledError';
  }
}

/** One running analysis. */
export interface AnalysisHandle {
  /** The id of the run's request (channel.ts' one id scheme); its forwarded progress carries it too. */
  readonly requestId: number;
  /** Settles once: the report, or a rejection (AnalysisCancelledError on cancel). */
  readonly result: Promise<AnalysisReport>;
  /** Terminates the worker; `result` rejects with AnalysisCancelledError. Idempotent. */
  cancel(): void;
}

/** Starts analyses in worker threads running `workerScript` (dist/worker.js in the packaged extension). */
export class AnalysisRunner {
  private readonly running = new Map<number, AnalysisHandle>();
  private disposed = false;

  /**
   * `workerScript`: path of the worker entry (dist/worker.js; the unit tests pass a bootstrap of the .ts source).
   * `resourceLimits`: the worker's heap limits; none by default (V8's default heap limit, as for the host: the
   * analysis keeps its own memory bounded, and reaching the limit stops the worker only, with
   * ANALYSIS_OUT_OF_MEMORY). The tests set a small one to run out of memory on purpose.
   */
  constructor(
    private readonly workerScript: string | URL,
    private readonly resourceLimits?: ResourceLimits,
  ) {}

  /** Number of analyses currently running (for the "analysis running" context key). */
  get activeCount(): number {
    return this.running.size;
  }

  /**
   * Starts analysing `target` (a file or folder path, or several files named by `label`) in a fresh worker; `onProgress` receives throttled progress of this run only,
   * `onPartial` the row counts and token totals once reading ends (before the metrics are done).
   * With `onLineMarks` the worker also computes the per-line marks of every homogeneous row and transfers
   * them (typed arrays, no copy) just before the report; with `onLostTypes`, every lost tail type of a run
   * with a reference (core/tails/lostTypes.ts), likewise.
   */
  start(
    target: string | { label: string; files: string[] },
    options: AnalyzeOptions,
    onProgress?: (p: AnalyzeProgress) => void,
    onPartial?: (p: PartialReport) => void,
    onLineMarks?: (m: LineMarks) => void,
    onLostTypes?: (index: LostTypesIndex) => void,
  ): AnalysisHandle {
    if (this.disposed) throw new Error('AnalysisRunner is disposed');
    const worker = startThread(
      this.workerScript,
      this.resourceLimits ? { resourceLimits: this.resourceLimits } : {},
    );
    const channel = workerChannel<HostToAnalysisWorker, AnalysisWorkerToHost>(
      worker,
      ANALYSIS_REPLIES,
      'analysis worker',
      ANALYSIS_OUT_OF_MEMORY,
    );
    // a worker that had to be terminated (it did not answer the stop) runs no cleanup code: remove the spill files it may have left
    const threadId = worker.threadId;
    worker.on('exit', () => {
      removeNearSpillFiles(threadId);
      removeSpoolDirs(threadId);
    });
    const request = channel.request(
      (requestId) => ({
        type: 'analyze',
        requestId,
        ...(typeof target === 'string' ? { path: target } : { path: target.label, files: target.files }),
        options,
        ...(onLineMarks ? { lineMarks: true } : {}),
        ...(onLostTypes ? { lostTypes: true } : {}),
      }),
      (m) => {
        if (m.type === 'progress') onProgress?.(m.progress);
        else if (m.type === 'partial') onPartial?.(m.partial);
        else if (m.type === 'lineMarks') onLineMarks?.(m.marks);
        else if (m.type === 'lostTypes') onLostTypes?.(m.index);
      },
    );
    const { requestId } = request;
    let settled = false;
    const { promise: result, resolve, reject } = deferred<AnalysisReport>();
    const finish = (outcome: { report: AnalysisReport } | { error: Error }): void => {
      if (settled) return;
      settled = true;
      this.running.delete(requestId);
      request.end(); // later replies of this run are stale
      void stopThread(worker); // asked, terminated only if it does not answer (core/threadStop.ts)
      if ('report' in outcome) resolve(outcome.report);
      else reject(outcome.error);
    };
    request.result.then(
      (m) =>
        finish(
          m.type === 'done' ? { report: m.report } : { error: new Error(`unexpected answer ${m.type}`) },
        ),
      (error: Error) => finish({ error }),
    );
    const handle: AnalysisHandle = {
      requestId,
      result,
      cancel: () => finish({ error: new AnalysisCancelledError() }),
    };
    this.running.set(requestId, handle);
    return handle;
  }

  /** Cancels every running analysis. */
  cancelAll(): void {
    for (const h of [...this.running.values()]) h.cancel();
  }

  /** Cancels everything and refuses new work (extension deactivation). */
  dispose(): void {
    this.disposed = true;
    this.cancelAll();
  }
}
