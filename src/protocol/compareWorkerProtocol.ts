/**
 * The message contract between the extension host and the compare worker (src/worker/compareWorker.ts, one worker
 * per comparison, started by src/extension/compare/compareRunner.ts and terminated when it answers or is cancelled):
 *
 *   host → worker   HostToCompareWorker   (checked by the worker with isCompareJob)
 *   worker → host   CompareWorkerToHost   (checked by the host's channel with isCompareWorkerMessage)
 *
 * One job, `compare`: the datasets in order, the baseline's index, the analysis options, the cache folder (the
 * extension's storage) and whether to project the chain from the first dataset (issue #17 item 4). Replies carry
 * its requestId: throttled progress parts, then `done` (the CompareReport and the projection) or `failed`.
 * Free of `vscode`, Node and DOM imports (type-only imports from core, and the import-free options table).
 */
import type { CompareProgress } from '../core/compare/compareDatasets.ts';
import type { CompareReport } from '../core/compare/compareTypes.ts';
import type { ChainProjection } from '../core/compare/projectedChain.ts';
import type { AnalyzeOptions } from '../core/pipeline/analyzeOptions.ts';
import { analyzeOptionsProblem } from '../core/pipeline/optionsTable.ts';
import type { ChannelSpec } from './channel.ts';
import { hasOnlyKeys, isBoolean, isCount, isNumber, isObject, isRequestId, isString } from './guards.ts';

/** At most this many datasets in one comparison (the view's charts and table stay readable; the CLI has no bound). */
export const COMPARE_MAX_DATASETS = 64;
/** Longest path accepted in a job or a message. */
export const COMPARE_MAX_PATH_CHARS = 4096;

/** Host → compare worker. */
export interface CompareJob {
  type: 'compare';
  requestId: number;
  /** Dataset paths (files or folders), in the order compared. */
  inputs: string[];
  /** Index into `inputs` of the baseline. */
  baseline: number;
  options: AnalyzeOptions;
  /** Folder of the report cache (the extension's global storage), or null for no cache. */
  cacheDir: string | null;
  /** Also project the chain from the first dataset (the Mix tab's generations, docs/metrics.md). */
  projection: boolean;
}
export type HostToCompareWorker = CompareJob;

/** Compare worker → host. */
export type CompareWorkerToHost =
  | { type: 'progress'; requestId: number; progress: CompareProgress }
  | { type: 'done'; requestId: number; report: CompareReport; projection: ChainProjection | null }
  /** `usage`: the inputs themselves are wrong (CompareInputError: too few, missing, unknown baseline). */
  | { type: 'failed'; requestId: number; message: string; usage: boolean };

const PHASES = ['cached', 'analyzing', 'counting', 'comparing', 'done'];

const isPath = (x: unknown): x is string =>
  isString(x) && x.length > 0 && x.length <= COMPARE_MAX_PATH_CHARS && !x.includes('\0');

/** A list of 2…COMPARE_MAX_DATASETS dataset paths (non-empty, bounded, no NUL). */
export function isDatasetPaths(x: unknown): x is string[] {
  return Array.isArray(x) && x.length >= 2 && x.length <= COMPARE_MAX_DATASETS && x.every(isPath);
}

/** Runtime check of a job: exact keys, 2…64 paths, a baseline among them, options that follow the options table. */
export function isCompareJob(x: unknown): x is CompareJob {
  return (
    isObject(x) &&
    hasOnlyKeys(x, ['type', 'requestId', 'inputs', 'baseline', 'options', 'cacheDir', 'projection']) &&
    x.type === 'compare' &&
    isRequestId(x.requestId) &&
    isDatasetPaths(x.inputs) &&
    isCount(x.baseline, 0, x.inputs.length - 1) &&
    isObject(x.options) &&
    analyzeOptionsProblem(x.options) === null &&
    (x.cacheDir === null || isPath(x.cacheDir)) &&
    isBoolean(x.projection)
  );
}

/**
 * Runtime check of a worker message (type tag, requestId, envelope). The worker is our own code: this guards against
 * protocol drift and foreign messages; the report's figures are checked where they are shown (comparePanelProtocol).
 */
export function isCompareWorkerMessage(x: unknown): x is CompareWorkerToHost {
  if (!isObject(x) || !isRequestId(x.requestId)) return false;
  switch (x.type) {
    case 'progress':
      return (
        isObject(x.progress) &&
        isCount(x.progress.dataset) &&
        isString(x.progress.path) &&
        PHASES.includes(x.progress.phase as string) &&
        isNumber(x.progress.bytesRead) &&
        isNumber(x.progress.totalBytes)
      );
    case 'done':
      return (
        isObject(x.report) &&
        Array.isArray(x.report.datasets) &&
        (x.projection === null || isObject(x.projection))
      );
    case 'failed':
      return isString(x.message) && isBoolean(x.usage);
    default:
      return false;
  }
}

/** How the host's channel (channel.ts) reads the worker's replies: done ends the run, failed rejects it. */
export const COMPARE_REPLIES: ChannelSpec<CompareWorkerToHost> = {
  isReply: isCompareWorkerMessage,
  kind: (m) =>
    m.type === 'done'
      ? 'final'
      : m.type === 'failed'
        ? Object.assign(new Error(m.message), { usage: m.usage })
        : 'part',
};
