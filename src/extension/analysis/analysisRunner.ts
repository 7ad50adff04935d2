/**
 * Worker lifecycle for analyses: one analysis worker per analysis — a `worker_threads` worker of this process, or the
 * same worker inside a child process with glibc's malloc tuned (analysisEndpoint.ts says which and why) — started
 * lazily when an analysis starts, stopped (core/threadStop.ts; a process is asked, then killed) when it finishes, when
 * it is cancelled and when the runner is disposed.
 * A crashing worker (uncaught error, non-zero exit, out of memory) rejects that analysis only; the next
 * one gets a fresh worker. The job and its replies go through a channel (src/protocol/channel.ts: one id
 * scheme, replies routed to their request, stale ones dropped, a dead worker rejects the run). No `vscode`
 * import, so it is unit-testable with any worker script.
 */
import { fileURLToPath } from 'node:url';
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
import { deferred } from '../deferred.ts';
import { startAnalysisEndpoint, type AnalysisLaunch } from './analysisEndpoint.ts';

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

/** Starts analyses in workers running `workerScript` (dist/worker.js in the packaged extension). */
export class AnalysisRunner {
  private readonly running = new Map<number, AnalysisHandle>();
  private disposed = false;

  /**
   * `workerScript`: path of the worker entry (dist/worker.js; the unit tests pass a bootstrap of the .ts source).
   * `resourceLimits`: the worker's heap limits; none by default (V8's default heap limit, as for the host: the
   * analysis keeps its own memory bounded, and reaching the limit stops the worker only, with
   * ANALYSIS_OUT_OF_MEMORY). The tests set a small one to run out of memory on purpose.
   * `launch`: where the workers run (analysisEndpoint.ts' analysisLaunch decides it for the editor); threads by default.
   */
  constructor(
    private readonly workerScript: string | URL,
    private readonly resourceLimits?: ResourceLimits,
    readonly launch: AnalysisLaunch = { kind: 'thread' },
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
    const script = this.workerScript;
    const worker = startAnalysisEndpoint(
      this.launch,
      typeof script === 'string' ? script : fileURLToPath(script),
      this.resourceLimits,
    );
    const channel = workerChannel<HostToAnalysisWorker, AnalysisWorkerToHost>(
      worker,
      ANALYSIS_REPLIES,
      'analysis worker',
      ANALYSIS_OUT_OF_MEMORY,
    );
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
      void worker.stop(); // asked, terminated (or killed) only if it does not answer (core/threadStop.ts)
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
