/**
 * Message contract of the inspector's editor-experience features (pickers that re-run the analysis,
 * the built-in row viewer, partial results while reading, "show cluster in panel"):
 *
 *   webview → host   EditorWebviewToHost  (untrusted: accepted only through isEditorWebviewMessage)
 *   host → webview   EditorHostToWebview
 *
 * Merged into the unions of src/protocol/protocol.ts. The webview never names a file: the reference choice is
 * "keep", "none" or "pick" (the host shows an open dialog); field and group-by paths are analysis
 * options (bounded strings), never paths on disk. Free of `vscode`, Node and DOM imports.
 */
import type { AnalysisReport, ReportCluster } from '../core/report/reportTypes.ts';
import { ANALYSIS_OPTIONS, optionProblem, type TokenizerName, type ViewName } from '../core/pipeline/optionsTable.ts';

/** Longest field / group-by path accepted from the webview. */
export const MAX_PATH_CHARS = 512;
/** Characters of one row the host sends to the row viewer (the rest is cut, `truncated` says so). */
export const ROW_VIEWER_CHARS = 20_000;

/** What the Overview pickers ask for; the host re-runs the analysis with these options. */
export interface PanelChoices {
  /** Field path of the text view (compilePath syntax), or null for the detected shape's default. */
  field: string | null;
  view: ViewName;
  tokenizer: TokenizerName;
  /** Group-by path for the Slices view, or null for none. */
  groupBy: string | null;
  /** Keep the current reference, drop it, or let the host ask for a file (open dialog). */
  reference: 'keep' | 'none' | 'pick';
}

/** The counts known once reading ends (analyzeFile's onPartial), shown before the metrics finish. */
export type PartialReport = Partial<Pick<AnalysisReport, 'rows' | 'shape' | 'view' | 'fields' | 'tokens'>>;

/** Webview → host (editor features). */
export type EditorWebviewToHost = { type: 'setOptions'; choices: PanelChoices };

/** Host → webview (editor features). */
export type EditorHostToWebview =
  | { type: 'rowText'; line: number; text: string; truncated: boolean; note: string }
  /**
   * Shows cluster `index` of `kind` (or template opening `index`). `cluster` is the cluster itself when the
   * panel's report does not list it (ranked below the top clusters the panel receives; see reportForWebview).
   */
  | { type: 'focusCluster'; kind: 'exact' | 'near' | 'template'; index: number; cluster?: ReportCluster }
  | { type: 'partial'; analysisId: number; partial: PartialReport };

const isObject = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isPath = (x: unknown): boolean => x === null || (typeof x === 'string' && x.length > 0 && x.length <= MAX_PATH_CHARS && !/[\u0000-\u001f]/.test(x));

/** Runtime check of PanelChoices: exactly its five keys with allowed values. */
export function isPanelChoices(x: unknown): x is PanelChoices {
  if (!isObject(x) || Object.keys(x).length !== 5) return false;
  return (
    isPath(x.field) &&
    isPath(x.groupBy) &&
    optionProblem(ANALYSIS_OPTIONS.view, x.view) === null &&
    optionProblem(ANALYSIS_OPTIONS.tokenizer, x.tokenizer) === null &&
    (x.reference === 'keep' || x.reference === 'none' || x.reference === 'pick')
  );
}

/** Runtime check of a webview message of this contract: exact shape, no extra keys. */
export function isEditorWebviewMessage(x: unknown): x is EditorWebviewToHost {
  return isObject(x) && x.type === 'setOptions' && Object.keys(x).length === 2 && isPanelChoices(x.choices);
}

const isLine = (x: unknown): boolean => Number.isInteger(x) && (x as number) >= 1;

/** Shape of a ReportCluster (size, line numbers, representative line, similarity, optional text). */
function isCluster(x: unknown): x is ReportCluster {
  if (!isObject(x)) return false;
  return (
    Number.isInteger(x.size) && (x.size as number) >= 1 &&
    Array.isArray(x.lines) && x.lines.every(isLine) &&
    isLine(x.representativeLine) &&
    typeof x.meanSimilarity === 'number' &&
    (x.representativeText === undefined || typeof x.representativeText === 'string')
  );
}

/** Runtime check of a host message of this contract (the webview's side). */
export function isEditorHostMessage(x: unknown): x is EditorHostToWebview {
  if (!isObject(x)) return false;
  switch (x.type) {
    case 'rowText':
      return Number.isInteger(x.line) && typeof x.text === 'string' && typeof x.truncated === 'boolean' && typeof x.note === 'string';
    case 'focusCluster':
      return (x.kind === 'exact' || x.kind === 'near' || x.kind === 'template') && Number.isInteger(x.index) && (x.cluster === undefined || isCluster(x.cluster));
    case 'partial':
      return Number.isInteger(x.analysisId) && isObject(x.partial);
    default:
      return false;
  }
}
