/**
 * The host's store of full reports and per-line marks, by dataset key (URI string), without `vscode` (so it is
 * unit-testable); reportStore.ts wraps it for the editor features.
 */
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { LineMarks } from '../core/pipeline/lineMarks.ts';
import { linesFromMarks, linesFromReport, type HomogeneousLines } from '../core/report/lineMarkIndex.ts';

/**
 * A report with its homogeneous-line marks: the complete per-line marks when the analysis returned them
 * (every row, up to 2,000,000 marks), else the report's capped lists.
 */
export interface StoredReport {
  report: AnalysisReport;
  lines: HomogeneousLines;
  /** True when `lines` come from the per-line marks (not the report's capped lists). */
  complete: boolean;
}

/** Reports by dataset key; one per dataset, a new analysis replaces it. */
export class ReportCache {
  private readonly reports = new Map<string, StoredReport>();

  /** Records the finished report of `key` and, when the analysis returned them, its per-line marks (replaces the previous ones). */
  record(key: string, report: AnalysisReport, marks?: LineMarks): StoredReport {
    const stored = { report, lines: marks ? linesFromMarks(marks) : linesFromReport(report), complete: marks !== undefined };
    this.reports.set(key, stored);
    return stored;
  }

  /** The stored report of `key`, if any. */
  get(key: string): StoredReport | undefined {
    return this.reports.get(key);
  }
}
