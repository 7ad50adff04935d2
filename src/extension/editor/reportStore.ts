/**
 * The last full report of each dataset (by URI string), kept on the host for the editor features that
 * need more than the panel's capped copy: gutter highlights, hovers, Next / Previous Homogeneous
 * Sample and Export Report. The per-line marks stay here on the host; the webview never receives them. One report per dataset; a new analysis replaces it.
 * Bounded (reportCache.ts): a dataset open as a text document or in an inspector panel keeps its report and
 * line marks; once neither is open it loses its line marks and its report joins an LRU of the
 * KEEP_UNUSED_REPORTS (3) most recently recorded unused reports, older ones are dropped. The policy is applied
 * when a report is recorded, a text document closes (debounced) or a panel closes. The change emitter and the
 * store are disposed with the extension's subscriptions (initReportStore).
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import { ReportCache, type StoredReport } from './reportCache.ts';

export type { StoredReport } from './reportCache.ts';

/** Files up to this size get per-line marks on every analysis (VS Code opens larger files without language features). */
export const LINE_MARKS_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Whether an analysis of `dataset` should ask the worker for per-line marks: always for an uncompressed
 * file ≤ 50 MB, and for a larger one when it is open as a text document (the marks are only used by text
 * editors). Never for .gz files, which cannot be opened as text. The marks cost at most ~20 MB on the host.
 */
export async function wantsLineMarks(dataset: vscode.Uri): Promise<boolean> {
  if (dataset.scheme !== 'file' || /\.gz$/i.test(dataset.path)) return false;
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === dataset.toString())) return true;
  try {
    return (await stat(dataset.fsPath)).size <= LINE_MARKS_MAX_BYTES;
  } catch {
    return false;
  }
}

/** Whether an inspector panel of the dataset is open (set by initReportStore). */
let panelOpen: (datasetKey: string) => boolean = () => false;
const inUse = (key: string): boolean => panelOpen(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key);
const reports = new ReportCache({ inUse });
let latest: vscode.Uri | undefined;
const changed = new vscode.EventEmitter<vscode.Uri>();
let pruneTimer: ReturnType<typeof setTimeout> | undefined;
/** Delay before applying the policy after a close (batches closing many editors; a language-mode change closes and reopens a document). */
const PRUNE_DELAY_MS = 1_000;

/**
 * Wires the store to the extension's lifetime: `isPanelOpen` tells which datasets have an open panel; the
 * policy runs after a text document closes; the emitter, the timer and the stored reports go with `context`.
 */
export function initReportStore(context: vscode.ExtensionContext, isPanelOpen: (datasetKey: string) => boolean): void {
  panelOpen = isPanelOpen;
  context.subscriptions.push(changed, vscode.workspace.onDidCloseTextDocument(() => pruneReports()), {
    dispose: () => {
      clearTimeout(pruneTimer);
      reports.clear();
      latest = undefined;
    },
  });
}

/** Applies the store's policy shortly (call when a dataset's panel or document closes). */
export function pruneReports(): void {
  clearTimeout(pruneTimer);
  pruneTimer = setTimeout(() => reports.prune(), PRUNE_DELAY_MS);
}

/** Fires with the dataset URI whenever its report is recorded. */
export const onDidChangeReport = changed.event;

/** Records the finished report of `dataset` and, when the analysis returned them, its per-line marks (replaces the previous ones). */
export function recordReport(dataset: vscode.Uri, report: AnalysisReport, marks?: LineMarks): void {
  reports.record(dataset.toString(), report, marks);
  latest = dataset;
  changed.fire(dataset);
}

/** The last report of `dataset`, if it was analysed in this session and not evicted since (see the file comment). */
export function storedReport(dataset: vscode.Uri): StoredReport | undefined {
  return reports.get(dataset.toString());
}

/** The dataset analysed most recently (commands fall back to it when no dataset editor is active). */
export function latestDataset(): vscode.Uri | undefined {
  return latest;
}
