/**
 * The file half of "Export Report" (exportReport.ts holds the dialogs): the report's text in the chosen format and
 * its atomic write (src/core/io/atomicWrite.ts), never onto the dataset. Why apart: free of `vscode`, so a failed
 * write (a full disk) is unit-tested: the previous file stays, no temporary file remains, and the error says so.
 */
import * as path from 'node:path';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { renderMarkdown } from '../../core/report/markdown.ts';
import { renderHtml } from './reportHtml.ts';
import { writeTextAtomically } from '../../core/io/atomicWrite.ts';

import type { ExportFormat as ReportFormat } from './exportPlan.ts';

/** The file contents of `report` in `format`. */
export function reportText(report: AnalysisReport, format: ReportFormat, title: string): string {
  if (format === 'md') return renderMarkdown(report);
  if (format === 'json') return `${JSON.stringify(report, null, 2)}\n`;
  return renderHtml(report, title);
}

/**
 * Writes the report of `dataset` to `target` atomically. Rejects with a message for the user: the dataset itself
 * is refused, and a failed write names the file and says the previous one (if any) is unchanged.
 */
export async function writeReportFile(
  target: string,
  dataset: string,
  report: AnalysisReport,
  format: ReportFormat,
): Promise<void> {
  if (path.resolve(target) === path.resolve(dataset))
    throw new Error('refusing to overwrite the dataset with its report.');
  try {
    await writeTextAtomically(target, reportText(report, format, path.basename(dataset)));
  } catch (err) {
    const why = err instanceof Error ? err.message : String(err);
    throw new Error(
      /previous file is unchanged/.test(why)
        ? `the report could not be written: ${why}.`
        : `the report could not be written to ${target}: ${why}. The previous file, if any, is unchanged.`,
      { cause: err },
    );
  }
}
