/**
 * The host's store of full reports and per-line marks, by dataset key (URI string), without `vscode` (so it is
 * unit-testable); reportStore.ts wraps it for the editor features. A report can hold up to ~20 MB of line
 * marks, so the store is bounded by this policy:
 *
 *  - a dataset **in use** (open as a text document, or in an inspector panel: `inUse`) keeps its report and
 *    its per-line marks, however many there are (the user bounds them by what is open);
 *  - a dataset **not in use** keeps no per-line marks (its hovers and gutter fall back to the report's capped
 *    lists until it is analysed again), and its report joins an LRU of the `keepUnused` most recently
 *    recorded unused reports (KEEP_UNUSED_REPORTS); older unused reports are dropped.
 *
 * The policy is applied when a report is recorded and on `prune()`, which the owner calls whenever a
 * document or panel closes.
 */
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import {
  linesFromMarks,
  linesFromReport,
  type HomogeneousLines,
} from '../../core/lineMarks/homogeneousLines.ts';

/**
 * A report with its homogeneous-line marks: the complete per-line marks when the analysis returned them
 * (every row, up to 2,000,000 marks) and the dataset is in use, else the report's capped lists.
 */
export interface StoredReport {
  report: AnalysisReport;
  lines: HomogeneousLines;
  /** True when `lines` come from the per-line marks (not the report's capped lists). */
  complete: boolean;
}

/** Reports of datasets not in use kept for Export Report and for reopening (most recently recorded first). */
export const KEEP_UNUSED_REPORTS = 3;

/** What the policy needs from the owner (reportStore.ts asks VS Code and the open panels). */
export interface ReportCacheOptions {
  /** Whether the dataset `key` is in use (open as a text document or in a panel). */
  inUse(key: string): boolean;
  /** Unused reports kept (default KEEP_UNUSED_REPORTS). */
  keepUnused?: number;
}

/** Reports by dataset key; one per dataset, a new analysis replaces it; bounded as the file comment says. */
export class ReportCache {
  /** In order of recording (oldest first): the LRU order of the unused ones. */
  private readonly reports = new Map<string, StoredReport>();
  private readonly keepUnused: number;

  constructor(private readonly options: ReportCacheOptions) {
    this.keepUnused = Math.max(1, options.keepUnused ?? KEEP_UNUSED_REPORTS); // (≥ 1: the report just recorded stays)
  }

  /** Records the finished report of `key` and, when the analysis returned them, its per-line marks (replaces the previous ones). */
  record(key: string, report: AnalysisReport, marks?: LineMarks): StoredReport {
    this.reports.delete(key); // re-recorded: the most recent
    const keepMarks = marks !== undefined && this.options.inUse(key); // (not in use: no marks, see the policy)
    this.reports.set(key, {
      report,
      lines: keepMarks ? linesFromMarks(marks) : linesFromReport(report),
      complete: keepMarks,
    });
    this.prune();
    return this.reports.get(key) as StoredReport; // (the newest entry is never evicted)
  }

  /** The stored report of `key`, if any. */
  get(key: string): StoredReport | undefined {
    return this.reports.get(key);
  }

  /** Applies the policy: drops the marks of datasets no longer in use and the unused reports past the LRU. */
  prune(): void {
    const unused: string[] = [];
    for (const [key, stored] of this.reports) {
      if (this.options.inUse(key)) continue;
      unused.push(key);
      if (stored.complete)
        this.reports.set(key, {
          report: stored.report,
          lines: linesFromReport(stored.report),
          complete: false,
        });
    }
    for (const key of unused.slice(0, Math.max(0, unused.length - this.keepUnused))) this.reports.delete(key);
  }

  /** Drops everything (extension deactivation). */
  clear(): void {
    this.reports.clear();
  }
}
