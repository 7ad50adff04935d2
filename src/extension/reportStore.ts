/**
 * The last full report of each dataset (by URI string), kept on the host for the editor features that
 * need more than the panel's capped copy: gutter highlights, hovers, Next / Previous Homogeneous
 * Sample and Export Report. The per-line marks stay here on the host; the webview never receives them. One report per dataset; a new analysis replaces it.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { LineMarks } from '../core/pipeline/lineMarks.ts';
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

const reports = new ReportCache();
let latest: vscode.Uri | undefined;
const changed = new vscode.EventEmitter<vscode.Uri>();

/** Fires with the dataset URI whenever its report is recorded. */
export const onDidChangeReport = changed.event;

/** Records the finished report of `dataset` and, when the analysis returned them, its per-line marks (replaces the previous ones). */
export function recordReport(dataset: vscode.Uri, report: AnalysisReport, marks?: LineMarks): void {
  reports.record(dataset.toString(), report, marks);
  latest = dataset;
  changed.fire(dataset);
}

/** The last report of `dataset`, if it was analysed in this session. */
export function storedReport(dataset: vscode.Uri): StoredReport | undefined {
  return reports.get(dataset.toString());
}

/** The dataset analysed most recently (commands fall back to it when no dataset editor is active). */
export function latestDataset(): vscode.Uri | undefined {
  return latest;
}
