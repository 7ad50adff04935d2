/**
 * "Export Report": asks for a format (Markdown, JSON, HTML) and a destination, and writes the last
 * report of the dataset there atomically (reportFile.ts: src/core/io/atomicWrite.ts' unique temp file beside it,
 * fsync, rename), never onto the dataset or another input (exportPlan.ts decides the default name and whether a
 * destination may be written). Markdown is the CLI's renderMarkdown, JSON the report as the CLI writes it, HTML a
 * standalone escaped page (reportHtml.ts). A failed write (a full disk) is shown as an error message; the previous
 * file stays.
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { writeReportFile } from './reportFile.ts';
import { defaultReportPath, exportTargetProblem } from './exportPlan.ts';

/** The command: format pick, save dialog, write; returns the written path (undefined if dismissed). */
export async function exportReport(dataset: vscode.Uri, report: AnalysisReport): Promise<string | undefined> {
  const picked = await vscode.window.showQuickPick(
    [
      { label: 'Markdown', description: '.md — the CLI’s Markdown report', format: 'md' as const },
      { label: 'JSON', description: '.json — the full report (docs/report.md)', format: 'json' as const },
      { label: 'HTML', description: '.html — a standalone page', format: 'html' as const },
    ],
    { title: 'Export Diversity Report', placeHolder: 'Format' },
  );
  if (!picked) return undefined;
  const target = await vscode.window.showSaveDialog({
    title: 'Export Diversity Report',
    defaultUri: vscode.Uri.file(defaultReportPath(dataset.fsPath, picked.format)),
    filters: { [picked.label]: [picked.format] },
  });
  if (!target) return undefined;
  const problem = await exportTargetProblem(target, dataset.fsPath, report);
  if (problem) {
    void vscode.window.showErrorMessage(`Diversity Lens: ${problem}`);
    return undefined;
  }
  try {
    await writeReportFile(target.fsPath, dataset.fsPath, report, picked.format);
  } catch (err) {
    void vscode.window.showErrorMessage(
      `Diversity Lens: ${err instanceof Error ? err.message : String(err)}`,
    );
    return undefined;
  }
  void vscode.window.showInformationMessage(
    `Diversity Lens: report written to ${path.basename(target.fsPath)}`,
  );
  return target.fsPath;
}
