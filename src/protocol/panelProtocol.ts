/**
 * The message contract between the extension host and the inspector panel's webview (webview/main.ts on one
 * side, src/extension/panel/inspectorPanel.ts and its Mix & Correct host side on the other):
 *
 *   webview → host   WebviewToHost   (untrusted: the host acts only on what passes isWebviewMessage)
 *   host → webview   HostToWebview   (checked by the webview with isHostMessage, so a malformed message
 *                                     never half-renders the panel)
 *
 * Three groups share the two unions: the analysis shown in the panel (state, progress, partial counts), the
 * editor features (pickers that re-run the analysis, the row viewer, "show cluster in panel", pages of the lost
 * tail tokens, which the host keeps in full beside the report) and the Mix & Correct view. What the host merely passes on from a worker is the worker's own message type, reused here
 * rather than renamed: an analysis run's progress and partial counts (analysisWorkerProtocol.ts) and a mix
 * preview's parts (mixWorkerProtocol.ts). Ids are those of the one id scheme (channel.ts): `state.requestId`
 * names the analysis request whose progress the panel shows; a preview's parts carry the panel's own
 * `requestId`. The webview never names a file or a command: the reference choice is "keep", "none", "setting" or
 * "pick" (the host shows an open dialog), field and group-by paths are bounded analysis options, and the Mix view
 * asks the host to pick, build, preview, write (save dialog on the host) and open what it wrote. Only
 * aggregates cross. Free of `vscode`, Node and DOM imports (the webview bundle imports it).
 */
import type { AnalyzeProgress } from '../core/pipeline/analyzeOptions.ts';
import type { AnalysisReport, ReportCluster } from '../core/report/reportTypes.ts';
import type { MixFigures } from '../core/mix/mixFigures.ts';
import type { MixSettings } from '../core/mix/mixTypes.ts';
import type { MixBuildProgress } from '../core/mix/buildMixModel.ts';
import {
  ANALYSIS_OPTIONS,
  optionProblem,
  type TokenizerName,
  type ViewName,
} from '../core/pipeline/optionsTable.ts';
import {
  isAnalysisPartial,
  isAnalysisProgress,
  type AnalysisPartial,
  type AnalysisProgress,
  type PartialReport,
} from './analysisWorkerProtocol.ts';
import {
  isMixPreviewPart,
  isMixSchemaChoice,
  isMixSettings,
  type MixSchemaChoice,
  type MixModelInfo,
  type MixPreviewPart,
} from './mixWorkerProtocol.ts';
import {
  hasKeyCount,
  isBoolean,
  isCount,
  isLine,
  isNumber,
  isObject,
  isRequestId,
  isString,
} from './guards.ts';
import { MAX_KEPT_LOST_TYPES, type LostOrder, type LostPage } from '../core/tails/lostTypes.ts';
import { compilePath, PathSyntaxError } from '../core/fields/path.ts';

export type { PartialReport } from './analysisWorkerProtocol.ts';

/** Longest field / group-by path accepted from the webview. */
export const MAX_PATH_CHARS = 512;
/** Characters of one row the host sends to the row viewer (the rest is cut, `truncated` says so). */
export const ROW_VIEWER_CHARS = 20_000;
/** Largest line number the webview may ask the host to reveal (sanity bound, not a file property). */
const MAX_LINE = 2 ** 31;

// ---------------------------------------------------------------- the analysis shown in the panel

/** Lifecycle of the analysis shown in one panel. */
export type AnalysisStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

/** Progress as the panel shows it (0–100 = share of the file's bytes read in the current phase). */
export interface PanelProgress {
  phase: AnalyzeProgress['phase'];
  percent: number;
  rows: number;
}

/**
 * The workspace's reference as it applies to the panel's dataset (src/extension/analysis/referenceChoice.ts): what
 * the next analysis uses, what the Overview's Reference picker preselects and where it came from.
 */
export interface PanelReference {
  /** Absolute path of the reference, or null for none. */
  path: string | null;
  /** The workspace choice (a file, or explicitly none), the `diversityLens.referencePath` setting, or neither. */
  source: 'workspace' | 'setting' | 'unset';
  /** The setting's reference (absolute path), or null when it is not set: the picker offers to go back to it. */
  setting: string | null;
  /** Why there is no reference although one is chosen (the dataset is that reference), else null. */
  note: string | null;
}

/** Everything a panel renders; the webview pulls it with `ready` and gets it back as `state`. */
export interface PanelState {
  /** `file:` URI of the dataset (also what the serializer restores the panel from). */
  uri: string;
  /** Base name shown as the title. */
  fileName: string;
  status: AnalysisStatus;
  /** The analysis request (channel.ts id) of the run shown: forwarded progress and partial counts of other runs are stale. */
  requestId: number;
  progress: PanelProgress | null;
  /**
   * The counts so far of the run shown (its latest `partial`), kept in the state so that a webview that loads, reloads
   * or re-renders during the run shows them at once instead of a blank panel until the next partial.
   */
  partial: PartialReport | null;
  /** The report of the last finished analysis (capped for the webview; see reportForWebview). */
  report: AnalysisReport | null;
  /** Human-readable reason when `status` is `failed`. */
  error: string | null;
  /** The workspace reference for this dataset now (the report's `options.reference` is the one it was computed with). */
  reference: PanelReference;
  /**
   * Set when the panel shows a saved report (Open Report…) rather than a live analysis: the panel is read-only
   * (no re-run, no option pickers, no Mix & Correct) and row links work only while the source file is reachable.
   */
  opened?: OpenedReport | null;
}

/** A saved report shown by "Open Report…" (src/extension/panel/reportPanel.ts). */
export interface OpenedReport {
  /** Absolute path of the report file. */
  path: string;
  /** When the report file was written (its modification time, ISO 8601), or null when unknown. */
  written: string | null;
  /** The version of diversity-lens that wrote it (`tool.version`). */
  toolVersion: string;
  /** How many partial results a `merge` report was made from (its `partials` list), or null for `analyze`'s. */
  partials: number | null;
  /** The report's dataset: where it was looked for, whether row links may open it and, if not, why. */
  source: { path: string; reachable: boolean; why: string | null };
}

/** Percent (0–100, integer) of bytes read in the current phase. */
export function progressPercent(p: AnalyzeProgress): number {
  if (p.phase === 'finishing') return 100;
  if (!(p.totalBytes > 0)) return 0;
  return Math.max(0, Math.min(100, Math.floor((100 * p.bytesRead) / p.totalBytes)));
}

/**
 * Why: the state after a forwarded progress or partial message of run `m.requestId` — the host keeps its state current
 * with it (so `ready` gets the latest counts) and the webview too (so a re-render keeps them). A message of another
 * run, or when nothing runs, leaves the state as it is (the same object).
 */
export function withRunUpdate(state: PanelState, m: AnalysisProgress | AnalysisPartial): PanelState {
  if (state.status !== 'running' || m.requestId !== state.requestId) return state;
  return m.type === 'progress'
    ? { ...state, progress: panelProgress(m.progress) }
    : { ...state, partial: m.partial };
}

/** What the panel shows of a worker's progress (the host forwards the worker's message; the webview turns it into this). */
export function panelProgress(p: AnalyzeProgress): PanelProgress {
  return { phase: p.phase, percent: progressPercent(p), rows: p.rows };
}

// ---------------------------------------------------------------- editor features

/** What the Overview pickers ask for; the host re-runs the analysis with these options. */
export interface PanelChoices {
  /** Field path of the text view (compilePath syntax), or null for the detected shape's default. */
  field: string | null;
  view: ViewName;
  tokenizer: TokenizerName;
  /** Group-by path for the Slices view, or null for none. */
  groupBy: string | null;
  /**
   * The workspace reference: keep it, none, back to the `referencePath` setting, or a file the host asks for (open
   * dialog). Any change applies to the whole workspace (every open panel follows).
   */
  reference: 'keep' | 'none' | 'setting' | 'pick';
}

// ---------------------------------------------------------------- lost tail types (Tails view)

/** Longest search text of the lost tail tokens accepted from the webview. */
export const MAX_LOST_QUERY_CHARS = 200;
/** Lost tail tokens per page. */
export const LOST_PAGE_SIZE = 50;
/** Largest page index the webview may ask for (the host keeps at most MAX_KEPT_LOST_TYPES types). */
export const MAX_LOST_PAGE = Math.ceil(MAX_KEPT_LOST_TYPES / LOST_PAGE_SIZE);

/**
 * Webview → host: one page of the lost tail types of the shown report (every one the host keeps, not only the
 * report's first 1,000): a case-insensitive substring `query`, numbers hidden or not, in `order`. The host answers
 * with `lostPage` and the same `requestId` (the webview shows only the answer to its latest request).
 */
export type LostQueryMessage = {
  type: 'lostQuery';
  requestId: number;
  query: string;
  hideNumbers: boolean;
  order: LostOrder;
  page: number;
};

/** Host → webview: the answer to `lostQuery` (LOST_PAGE_SIZE items at most; page clamped to the last page). */
export type LostPageMessage = { type: 'lostPage'; requestId: number; result: LostPage };

/** Runtime check of a lostQuery from the webview: exact keys, query ≤ MAX_LOST_QUERY_CHARS without control characters, page in [0, MAX_LOST_PAGE]. */
export function isLostQueryMessage(x: unknown): x is LostQueryMessage {
  return (
    isObject(x) &&
    x.type === 'lostQuery' &&
    hasKeyCount(x, 6) &&
    isRequestId(x.requestId) &&
    isString(x.query) &&
    x.query.length <= MAX_LOST_QUERY_CHARS &&
    !/[\u0000-\u001f\u007f]/.test(x.query) &&
    isBoolean(x.hideNumbers) &&
    (x.order === 'count' || x.order === 'token') &&
    isCount(x.page, 0, MAX_LOST_PAGE)
  );
}

/** Shape of a LostPage (the webview's side). */
function isLostPage(x: unknown): x is LostPage {
  return (
    isObject(x) &&
    Array.isArray(x.items) &&
    x.items.length <= LOST_PAGE_SIZE &&
    x.items.every((t) => isObject(t) && isString(t.token) && isNumber(t.referenceCount)) &&
    isCount(x.matched) &&
    isCount(x.page) &&
    isCount(x.pages, 1) &&
    isCount(x.kept) &&
    isCount(x.numeric) &&
    isCount(x.total)
  );
}

/** The panel's tabs by key (webview/panel.ts TABS, lowercased: "Mix & Correct" → `mix-correct`). */
export const PANEL_TAB_KEYS = [
  'overview',
  'diversity',
  'duplicates',
  'tails',
  'slices',
  'templates',
  'instructions',
  'mix-correct',
] as const;
export type PanelTabKey = (typeof PANEL_TAB_KEYS)[number];

/** Host → webview (editor features; `partial` is the analysis worker's message, forwarded). */
export type EditorHostToWebview =
  | { type: 'rowText'; line: number; text: string; truncated: boolean; note: string }
  /**
   * Shows cluster `index` of `kind` (or template opening `index`). `cluster` is the cluster itself when the
   * panel's report does not list it (ranked below the top clusters the panel receives; see reportForWebview).
   */
  | { type: 'focusCluster'; kind: 'exact' | 'near' | 'template'; index: number; cluster?: ReportCluster }
  | LostPageMessage
  /** Selects a tab of the panel by its key (e.g. `mix-correct`: the Get Started walkthrough's "Preview a mix"). */
  | { type: 'selectTab'; tab: PanelTabKey }
  | AnalysisPartial;

// ---------------------------------------------------------------- Mix & Correct

/** Status of the write of a corrected file. */
export type MixWriteStatus = 'idle' | 'writing' | 'measuring' | 'done' | 'failed' | 'cancelled';

/** Everything the Mix view renders besides the live preview; pushed by the host as `mixState`. */
export interface MixPanelState {
  /** Absolute path of the chosen reference, or null (none chosen, none configured). */
  referencePath: string | null;
  /** Workspace trust: writing needs a trusted workspace. */
  trusted: boolean;
  model: 'none' | 'building' | 'ready' | 'failed';
  buildProgress: { phase: MixBuildProgress['phase']; percent: number } | null;
  info: MixModelInfo | null;
  /** How reference rows are (to be) written; changing it rebuilds the model. */
  schema: MixSchemaChoice;
  error: string | null;
  write: {
    status: MixWriteStatus;
    path: string | null;
    rows: number | null;
    error: string | null;
    projected: MixFigures | null;
    measured: MixFigures | null;
  };
}

/** Webview → host (Mix view; untrusted). A preview's parts come back with its `requestId`. */
export type MixWebviewToHost =
  | { type: 'mixOpen' }
  | { type: 'mixPickReference' }
  | { type: 'mixAnalyse' }
  /** Write reference rows in the dataset's schema (with `map`) or keep both; the host rebuilds the model. */
  | { type: 'mixSchema'; schema: MixSchemaChoice }
  | { type: 'mixPreview'; requestId: number; settings: MixSettings; generations: boolean }
  | { type: 'mixWrite'; settings: MixSettings }
  | { type: 'mixOpenWritten' };

/** Host → webview (Mix view): its state, and a preview's parts as the mix worker sent them. */
export type MixHostToWebview = { type: 'mixState'; state: MixPanelState } | MixPreviewPart;

// ---------------------------------------------------------------- the two unions

/** Host → webview. */
export type HostToWebview =
  { type: 'state'; state: PanelState } | AnalysisProgress | MixHostToWebview | EditorHostToWebview;

/** Webview → host. Untrusted: validate with {@link isWebviewMessage} before acting. */
export type WebviewToHost =
  | { type: 'ready' }
  | { type: 'rerun' }
  | { type: 'cancel' }
  | { type: 'revealLine'; line: number }
  | { type: 'setOptions'; choices: PanelChoices }
  | LostQueryMessage
  | MixWebviewToHost;

/**
 * Why `p` is not a field path the CLI's --field / --group-by would take (the path parser's own message, with the
 * column), or null when it is one. Why here: the panel checks what the user types with it, and the host checks
 * the message with it, so both accept exactly the CLI's paths.
 */
export function fieldPathProblem(p: string): string | null {
  if (p.length === 0) return 'empty field path';
  if (p.length > MAX_PATH_CHARS) return `field path longer than ${MAX_PATH_CHARS} characters`;
  if (/[\u0000-\u001f]/.test(p)) return 'control character in the field path';
  try {
    compilePath(p);
    return null;
  } catch (err) {
    return err instanceof PathSyntaxError ? err.message : String(err);
  }
}

const isPath = (x: unknown): boolean => x === null || (isString(x) && fieldPathProblem(x) === null);

/** Runtime check of PanelChoices: exactly its five keys with allowed values. */
export function isPanelChoices(x: unknown): x is PanelChoices {
  if (!isObject(x) || !hasKeyCount(x, 5)) return false;
  return (
    isPath(x.field) &&
    isPath(x.groupBy) &&
    optionProblem(ANALYSIS_OPTIONS.view, x.view) === null &&
    optionProblem(ANALYSIS_OPTIONS.tokenizer, x.tokenizer) === null &&
    (x.reference === 'keep' || x.reference === 'none' || x.reference === 'setting' || x.reference === 'pick')
  );
}

/** Runtime check of a Mix message from the webview: one of {@link MixWebviewToHost}, exact keys. */
export function isMixWebviewMessage(x: unknown): x is MixWebviewToHost {
  if (!isObject(x) || !isString(x.type)) return false;
  switch (x.type) {
    case 'mixOpen':
    case 'mixPickReference':
    case 'mixAnalyse':
    case 'mixOpenWritten':
      return hasKeyCount(x, 1);
    case 'mixPreview':
      return (
        hasKeyCount(x, 4) && isRequestId(x.requestId) && isBoolean(x.generations) && isMixSettings(x.settings)
      );
    case 'mixWrite':
      return hasKeyCount(x, 2) && isMixSettings(x.settings);
    case 'mixSchema':
      return hasKeyCount(x, 2) && isMixSchemaChoice(x.schema);
    default:
      return false;
  }
}

/**
 * Runtime check of a message posted by the webview: exactly one of the {@link WebviewToHost} shapes, no extra
 * keys, line numbers positive integers, choices and mix settings within their bounds. Anything else is ignored.
 */
export function isWebviewMessage(x: unknown): x is WebviewToHost {
  if (!isObject(x) || !isString(x.type)) return false;
  switch (x.type) {
    case 'ready':
    case 'rerun':
    case 'cancel':
      return hasKeyCount(x, 1);
    case 'revealLine':
      return hasKeyCount(x, 2) && isLine(x.line, MAX_LINE);
    case 'setOptions':
      return hasKeyCount(x, 2) && isPanelChoices(x.choices);
    case 'lostQuery':
      return isLostQueryMessage(x);
    default:
      return isMixWebviewMessage(x);
  }
}

/** Shape of a ReportCluster (size, line numbers, representative line, similarity, optional text). */
function isCluster(x: unknown): x is ReportCluster {
  if (!isObject(x)) return false;
  return (
    isLine(x.size) &&
    Array.isArray(x.lines) &&
    x.lines.every((l) => isLine(l)) &&
    isLine(x.representativeLine) &&
    isNumber(x.meanSimilarity) &&
    (x.representativeText === undefined || isString(x.representativeText))
  );
}

/** Runtime check of an editor-feature message from the host (the webview's side). */
export function isEditorHostMessage(x: unknown): x is EditorHostToWebview {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'rowText':
      return Number.isInteger(x.line) && isString(x.text) && isBoolean(x.truncated) && isString(x.note);
    case 'focusCluster':
      return (
        (x.kind === 'exact' || x.kind === 'near' || x.kind === 'template') &&
        Number.isInteger(x.index) &&
        (x.cluster === undefined || isCluster(x.cluster))
      );
    case 'lostPage':
      return isRequestId(x.requestId) && isLostPage(x.result);
    case 'partial':
      return isAnalysisPartial(x);
    case 'selectTab':
      return (PANEL_TAB_KEYS as readonly unknown[]).includes(x.tab);
    default:
      return false;
  }
}

/** Runtime check of a host → webview Mix message (keeps a malformed message from half-rendering the view). */
export function isMixHostMessage(x: unknown): x is MixHostToWebview {
  if (!isObject(x)) return false;
  if (x.type === 'mixState') return isObject(x.state) && isString(x.state.model) && isObject(x.state.write);
  return isMixPreviewPart(x);
}

/**
 * Runtime check of a host → webview message (the webview's side of the contract; host messages are
 * trusted, the check keeps a malformed message from half-rendering the panel).
 */
export function isHostMessage(x: unknown): x is HostToWebview {
  if (!isObject(x)) return false;
  if (isMixHostMessage(x) || isEditorHostMessage(x)) return true;
  if (x.type === 'state') return isObject(x.state) && isString(x.state.uri) && isString(x.state.status);
  if (x.type === 'progress') return isAnalysisProgress(x);
  return false;
}
