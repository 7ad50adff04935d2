/**
 * The one message contract between the three parties of the editor integration:
 *
 *   extension host ⇄ analysis worker (worker_threads)   — HostToWorker / WorkerToHost
 *   extension host ⇄ inspector webview                  — HostToWebview / WebviewToHost
 *
 * One discriminated union per direction, tagged by `type`. Every analysis has an `analysisId`;
 * progress and results carry it so stale messages from a cancelled run are dropped.
 * Messages from the webview are untrusted input: the host accepts them only through
 * {@link isWebviewMessage}. Only aggregates cross these boundaries (the report is bounded: top-k
 * clusters, first 100 line errors, capped row text), never file contents in bulk.
 *
 * This file is imported by the host, the worker and the webview bundle, so it must stay free of
 * `vscode`, Node and DOM imports (type-only imports from core are fine, and so is the import-free options table,
 * src/core/pipeline/optionsTable.ts, whose ranges the worker job's options are checked against).
 */
import type { AnalyzeOptions, AnalyzeProgress } from '../core/pipeline/analyzeOptions.ts';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { LineMarks } from '../core/lineMarks/lineMarkCollector.ts';
import { analyzeOptionsProblem } from '../core/pipeline/optionsTable.ts';
import { isMixHostMessage, isMixWebviewMessage, type MixHostToWebview, type MixWebviewToHost } from './mixProtocol.ts';
import { isEditorHostMessage, isEditorWebviewMessage, type EditorHostToWebview, type EditorWebviewToHost, type PartialReport } from './editorProtocol.ts';

// ---------------------------------------------------------------- host ⇄ worker

/**
 * Host → worker: the one job a worker runs (one worker per analysis; it exits when done).
 * `lineMarks: true` asks for the per-line marks of every homogeneous row (sent as `lineMarks` before `done`).
 */
export type HostToWorker = { type: 'analyze'; analysisId: number; path: string; options: AnalyzeOptions; lineMarks?: boolean };

/** Worker → host. */
export type WorkerToHost =
  | { type: 'progress'; analysisId: number; progress: AnalyzeProgress }
  | { type: 'partial'; analysisId: number; partial: PartialReport }
  /** Typed arrays posted with a transfer list (moved, not copied; never JSON); at most 2,000,000 marks. */
  | { type: 'lineMarks'; analysisId: number; marks: LineMarks }
  | { type: 'done'; analysisId: number; report: AnalysisReport }
  | { type: 'failed'; analysisId: number; message: string };

// ---------------------------------------------------------------- host ⇄ webview

/** Lifecycle of the analysis shown in one panel. */
export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress shown in the panel while an analysis runs (0–100 = share of the file's bytes read). */
export interface PanelProgress {
  phase: AnalyzeProgress['phase'];
  percent: number;
  rows: number;
}

/** Everything a panel renders; the webview pulls it with `ready` and gets it back as `state`. */
export interface PanelState {
  /** `file:` URI of the dataset (also what the serializer restores the panel from). */
  uri: string;
  /** Base name shown as the title. */
  fileName: string;
  status: AnalysisStatus;
  analysisId: number;
  progress: PanelProgress | null;
  /** The report of the last finished analysis (capped for the webview; see reportForWebview). */
  report: AnalysisReport | null;
  /** Human-readable reason when `status` is `failed`. */
  error: string | null;
}

/** Host → webview. */
export type HostToWebview =
  | { type: 'state'; state: PanelState }
  | { type: 'progress'; analysisId: number; progress: PanelProgress }
  | MixHostToWebview
  | EditorHostToWebview;

/** Webview → host. Untrusted: validate with {@link isWebviewMessage} before acting. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'rerun' }
  | { type: 'cancel' }
  | { type: 'revealLine'; line: number }
  | MixWebviewToHost
  | EditorWebviewToHost;

/** Largest line number the webview may ask the host to reveal (sanity bound, not a file property). */
const MAX_LINE = 2 ** 31;

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);

/**
 * Runtime check of a message posted by the webview: exactly one of the {@link WebviewToHost} shapes,
 * no extra keys, line numbers positive integers. Anything else is ignored by the host.
 */
export function isWebviewMessage(x: unknown): x is WebviewToHost {
  if (!isObject(x) || typeof x.type !== 'string') return false;
  const keys = Object.keys(x);
  switch (x.type) {
    case 'ready':
    case 'rerun':
    case 'cancel':
      return keys.length === 1;
    case 'revealLine':
      return keys.length === 2 && Number.isInteger(x.line) && (x.line as number) >= 1 && (x.line as number) <= MAX_LINE;
    default:
      return isMixWebviewMessage(x) || isEditorWebviewMessage(x); // Mix & Correct (src/protocol/mixProtocol.ts), editor features (src/protocol/editorProtocol.ts)
  }
}

/**
 * Runtime check of a worker message's envelope (type tag + analysisId). The worker is our own code, so
 * this guards against protocol drift and foreign messages, not against an adversary.
 */
export function isWorkerMessage(x: unknown): x is WorkerToHost {
  if (!isObject(x) || !Number.isInteger(x.analysisId)) return false;
  switch (x.type) {
    case 'progress':
      return isObject(x.progress) && typeof x.progress.bytesRead === 'number';
    case 'partial':
      return isObject(x.partial);
    case 'lineMarks':
      return isObject(x.marks) && isObject(x.marks.exact) && isObject(x.marks.near) && isObject(x.marks.template) && typeof x.marks.truncated === 'boolean';
    case 'done':
      return isObject(x.report);
    case 'failed':
      return typeof x.message === 'string';
    default:
      return false;
  }
}

/**
 * Runtime check of a host → worker job; its options must follow the options table (types and the ranges the
 * settings and the CLI have). The worker rejects anything else rather than guessing.
 */
export function isWorkerJob(x: unknown): x is HostToWorker {
  return isObject(x) && x.type === 'analyze' && Number.isInteger(x.analysisId) && typeof x.path === 'string' && isObject(x.options) && analyzeOptionsProblem(x.options) === null && (x.lineMarks === undefined || typeof x.lineMarks === 'boolean');
}

/**
 * Runtime check of a host → webview message (the webview's side of the contract; host messages are
 * trusted, the check keeps a malformed message from half-rendering the panel).
 */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (!isObject(x)) return false;
  if (isMixHostMessage(x) || isEditorHostMessage(x)) return true;
  if (x.type === 'state') return isObject(x.state) && typeof x.state.uri === 'string' && typeof x.state.status === 'string';
  if (x.type === 'progress') return Number.isInteger(x.analysisId) && isObject(x.progress);
  return false;
}
