/**
 * The message contract between the extension host and the analysis worker (src/worker/analysisWorker.ts,
 * one worker_threads worker per analysis; the host side is src/extension/analysis/analysisRunner.ts):
 *
 *   host → worker   HostToAnalysisWorker   (checked by the worker with isAnalysisJob)
 *   worker → host   AnalysisWorkerToHost   (checked by the host's channel with isAnalysisWorkerMessage)
 *
 * One discriminated union per direction, tagged by `type`. The job is a request of the one id scheme
 * (channel.ts): every reply carries its `requestId`, so replies of a cancelled run are dropped. The
 * progress and partial replies are also what the panel receives (panelProtocol.ts reuses these types; the
 * host forwards them as they are). Only aggregates cross (the report is bounded: top-k clusters, first 100
 * line errors, capped row text), never file contents in bulk.
 *
 * Imported by the host, the worker and (through panelProtocol.ts) the webview bundle, so it stays free of
 * `vscode`, Node and DOM imports (type-only imports from core are fine, and so is the import-free options
 * table, src/core/pipeline/optionsTable.ts, whose ranges the job's options are checked against).
 */
import type { AnalyzeOptions, AnalyzeProgress } from '../core/pipeline/analyzeOptions.ts';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { LineMarks } from '../core/lineMarks/lineMarkCollector.ts';
import type { LostTypesIndex } from '../core/tails/lostTypes.ts';
import { analyzeOptionsProblem } from '../core/pipeline/optionsTable.ts';
import type { ChannelSpec } from './channel.ts';
import { isBoolean, isNumber, isObject, isRequestId, isString, isStringArray } from './guards.ts';

/** The counts known once reading ends (analyzeFile's onPartial), shown before the metrics finish. */
export type PartialReport = Partial<Pick<AnalysisReport, 'rows' | 'shape' | 'view' | 'fields' | 'tokens'>>;

/**
 * Host → worker: the one job a worker runs (one worker per analysis; it exits when done).
 * `lineMarks: true` asks for the per-line marks of every homogeneous row (sent as `lineMarks` before `done`);
 * `lostTypes: true` for every lost tail type of a run with a reference (sent as `lostTypes` before `done`).
 * `path` is a dataset file or a folder (its dataset files, analysed as one dataset; no line marks then); with `files`
 * (the explorer's multi-selection, in reading order) those files are the dataset and `path` names it.
 */
export type HostToAnalysisWorker = {
  type: 'analyze';
  requestId: number;
  path: string;
  files?: string[];
  options: AnalyzeOptions;
  lineMarks?: boolean;
  lostTypes?: boolean;
};

/** Progress of a run (throttled by the worker); forwarded to the panel as it is. */
export type AnalysisProgress = { type: 'progress'; requestId: number; progress: AnalyzeProgress };
/** The counts once reading ends; forwarded to the panel as it is. */
export type AnalysisPartial = { type: 'partial'; requestId: number; partial: PartialReport };

/** Worker → host: parts (progress, partial, lineMarks, lostTypes), then exactly one of done / failed. */
export type AnalysisWorkerToHost =
  | AnalysisProgress
  | AnalysisPartial
  /** Typed arrays posted with a transfer list (moved, not copied; never JSON); at most 2,000,000 marks. Stays on the host. */
  | { type: 'lineMarks'; requestId: number; marks: LineMarks }
  /** Every lost tail type (core/tails/lostTypes.ts; typed arrays transferred, bounded by its caps). Stays on the host. */
  | { type: 'lostTypes'; requestId: number; index: LostTypesIndex }
  | { type: 'done'; requestId: number; report: AnalysisReport }
  | { type: 'failed'; requestId: number; message: string };

const PHASES: readonly unknown[] = ['reading', 'reference', 'finishing'];

/** Shape of an AnalyzeProgress (the panel computes its percentage from it). */
export function isAnalyzeProgress(x: unknown): x is AnalyzeProgress {
  return (
    isObject(x) &&
    PHASES.includes(x.phase) &&
    isNumber(x.bytesRead) &&
    isNumber(x.totalBytes) &&
    isNumber(x.rows)
  );
}

/** Runtime check of an AnalysisProgress message (the host's channel, and the webview through isHostMessage). */
export function isAnalysisProgress(x: unknown): x is AnalysisProgress {
  return isObject(x) && x.type === 'progress' && isRequestId(x.requestId) && isAnalyzeProgress(x.progress);
}

/** Runtime check of an AnalysisPartial message. */
export function isAnalysisPartial(x: unknown): x is AnalysisPartial {
  return isObject(x) && x.type === 'partial' && isRequestId(x.requestId) && isObject(x.partial);
}

/** Shape of a LostTypesIndex: its strings, typed arrays of one length, and counts. */
export function isLostTypesIndex(x: unknown): x is LostTypesIndex {
  if (!isObject(x)) return false;
  const n = x.ends instanceof Uint32Array ? x.ends.length : -1;
  const sized = (a: unknown, type: typeof Uint32Array | typeof Uint8Array): boolean =>
    a instanceof type && a.length === n;
  return (
    n >= 0 &&
    isString(x.text) &&
    ((x.lower === null && x.lowerEnds === null) || (isString(x.lower) && sized(x.lowerEnds, Uint32Array))) &&
    sized(x.counts, Uint32Array) &&
    sized(x.numeric, Uint8Array) &&
    sized(x.byToken, Uint32Array) &&
    isNumber(x.numericCount) &&
    isNumber(x.total)
  );
}

/**
 * Runtime check of a worker message (type tag, requestId, payload envelope). The worker is our own code, so
 * this guards against protocol drift and foreign messages, not against an adversary.
 */
export function isAnalysisWorkerMessage(x: unknown): x is AnalysisWorkerToHost {
  if (!isObject(x) || !isRequestId(x.requestId)) return false;
  switch (x.type) {
    case 'progress':
      return isAnalysisProgress(x);
    case 'partial':
      return isAnalysisPartial(x);
    case 'lineMarks':
      return (
        isObject(x.marks) &&
        isObject(x.marks.exact) &&
        isObject(x.marks.near) &&
        isObject(x.marks.template) &&
        isBoolean(x.marks.truncated)
      );
    case 'lostTypes':
      return isLostTypesIndex(x.index);
    case 'done':
      return isObject(x.report);
    case 'failed':
      return isString(x.message);
    default:
      return false;
  }
}

/** How the host's channel (channel.ts) reads the worker's replies: done ends the run, failed rejects it. */
export const ANALYSIS_REPLIES: ChannelSpec<AnalysisWorkerToHost> = {
  isReply: isAnalysisWorkerMessage,
  kind: (m) => (m.type === 'done' ? 'final' : m.type === 'failed' ? new Error(m.message) : 'part'),
};

/**
 * Runtime check of a host → worker job; its options must follow the options table (types and the ranges the
 * settings and the CLI have). The worker rejects anything else rather than guessing.
 */
export function isAnalysisJob(x: unknown): x is HostToAnalysisWorker {
  return (
    isObject(x) &&
    x.type === 'analyze' &&
    isRequestId(x.requestId) &&
    isString(x.path) &&
    isObject(x.options) &&
    analyzeOptionsProblem(x.options) === null &&
    (x.lineMarks === undefined || isBoolean(x.lineMarks)) &&
    (x.lostTypes === undefined || isBoolean(x.lostTypes)) &&
    (x.files === undefined || (isStringArray(x.files) && x.files.length > 0))
  );
}
