/**
 * Worker lifecycle of Compare Datasets…: one `worker_threads` worker (dist/compareWorker.js) per comparison, started
 * when it starts, stopped (core/threadStop.ts) when it answers, when it is cancelled (Cancel on the progress notification: the worker is
 * stopped at once, with the chunk workers it started) and when the runner is disposed. The job and its replies go
 * through a channel (src/protocol/channel.ts; replies checked by isCompareWorkerMessage). No `vscode` import, so the
 * unit tests run it on the real worker entry (through a tsx bootstrap) and time the cancel.
 */
import type { CompareProgress } from '../../core/compare/compareDatasets.ts';
import type { CompareReport } from '../../core/compare/compareTypes.ts';
import type { ChainProjection } from '../../core/compare/projectedChain.ts';
import type { AnalyzeOptions } from '../../core/pipeline/analyzeOptions.ts';
import { startThread, stopThread } from '../../core/threadStop.ts';
import { workerChannel } from '../../protocol/channel.ts';
import {
  COMPARE_REPLIES,
  type CompareWorkerToHost,
  type HostToCompareWorker,
} from '../../protocol/compareWorkerProtocol.ts';
import { deferred } from '../deferred.ts';

/** Rejection of a cancelled comparison; callers show nothing for it. */
export class CompareCancelledError extends Error {
  override name = 'CompareCancelledError';
  constructor() {
    super('comparison cancelled');
  }
}

/** What a comparison is asked for. */
export interface CompareRequest {
  inputs: string[];
  baseline: number;
  options: AnalyzeOptions;
  cacheDir: string | null;
  projection: boolean;
}

/** A comparison's answer. */
export interface CompareResult {
  report: CompareReport;
  projection: ChainProjection | null;
}

/** One running comparison. */
export interface CompareHandle {
  /** Settles once: the result, or a rejection (CompareCancelledError on cancel; `usage` set on bad inputs). */
  readonly result: Promise<CompareResult>;
  /** Terminates the worker; resolves when it has exited (the tests time it). Idempotent. */
  cancel(): Promise<void>;
}

/** Starts comparisons in worker threads running `workerScript`. */
export class CompareRunner {
  private readonly running = new Set<CompareHandle>();
  private disposed = false;

  /** `workerScript`: dist/compareWorker.js in the extension; the unit tests pass a bootstrap of the .ts source. */
  constructor(private readonly workerScript: string | URL) {}

  /** Comparisons currently running. */
  get activeCount(): number {
    return this.running.size;
  }

  /** Why: the one way a comparison starts. A fresh worker runs `req`; `onProgress` gets its throttled progress. */
  start(req: CompareRequest, onProgress?: (p: CompareProgress) => void): CompareHandle {
    if (this.disposed) throw new Error('CompareRunner is disposed');
    const worker = startThread(this.workerScript);
    const exited = new Promise<void>((r) => worker.once('exit', () => r()));
    const channel = workerChannel<HostToCompareWorker, CompareWorkerToHost>(
      worker,
      COMPARE_REPLIES,
      'compare worker',
    );
    const request = channel.request(
      (requestId) => ({ type: 'compare', requestId, ...req }),
      (m) => {
        if (m.type === 'progress') onProgress?.(m.progress);
      },
    );
    let settled = false;
    const { promise: result, resolve, reject } = deferred<CompareResult>();
    result.catch(() => {}); // a caller that only cancels never sees an unhandled rejection
    const finish = (outcome: CompareResult | Error): Promise<void> => {
      if (!settled) {
        settled = true;
        this.running.delete(handle);
        request.end();
        void stopThread(worker); // asked, terminated only if it does not answer (core/threadStop.ts)
        if (outcome instanceof Error) reject(outcome);
        else resolve(outcome);
      }
      return exited;
    };
    request.result.then(
      (m) =>
        void finish(
          m.type === 'done'
            ? { report: m.report, projection: m.projection }
            : new Error(`unexpected answer ${m.type}`),
        ),
      (error: Error) => void finish(error),
    );
    const handle: CompareHandle = { result, cancel: () => finish(new CompareCancelledError()) };
    this.running.add(handle);
    return handle;
  }

  /** Cancels every running comparison (the extension's deactivation). */
  dispose(): void {
    this.disposed = true;
    for (const h of [...this.running]) void h.cancel();
  }
}
