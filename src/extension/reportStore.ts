/**
 * The last full report of each dataset (by URI string), kept on the host for the editor features that
 * need more than the panel's capped copy: gutter highlights, hovers, Next / Previous Homogeneous
 * Sample and Export Report. One report per dataset; a new analysis replaces it.
 */
import * as vscode from 'vscode';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import { homogeneousLineMarks, type HomogeneousMark } from '../core/report/homogeneousLines.ts';

/** A report with its line marks computed once (ascending line list for navigation). */
export interface StoredReport {
  report: AnalysisReport;
  marks: Map<number, HomogeneousMark>;
  sortedLines: number[];
}

const reports = new Map<string, StoredReport>();
let latest: vscode.Uri | undefined;
const changed = new vscode.EventEmitter<vscode.Uri>();

/** Fires with the dataset URI whenever its report is recorded. */
export const onDidChangeReport = changed.event;

/** Records the finished report of `dataset` (replaces the previous one). */
export function recordReport(dataset: vscode.Uri, report: AnalysisReport): void {
  const marks = homogeneousLineMarks(report);
  reports.set(dataset.toString(), { report, marks, sortedLines: [...marks.keys()].sort((a, b) => a - b) });
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
