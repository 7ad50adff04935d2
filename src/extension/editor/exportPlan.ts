/**
 * Export Report's decisions, without `vscode` (so they are unit-tested): the default file it proposes (a safe name
 * built from the dataset's name, never an existing file: src/core/io/safeFileName.ts) and whether a chosen
 * destination may be written — a local file that is none of the report's inputs (the dataset, each file of a
 * folder dataset, the reference) by path, symlink, hard link, `../` or case variant (src/core/mix/pathGuard.ts, the
 * check every writer uses). exportReport.ts asks VS Code for the format and the destination.
 */
import * as path from 'node:path';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { freeFileName } from '../../core/io/safeFileName.ts';
import { inputConflict, nodePathLookup, type PathLookup } from '../../core/mix/pathGuard.ts';

/** The export formats (file extension). */
export type ExportFormat = 'md' | 'json' | 'html';

/** `/d/chat.jsonl` → `/d/chat.diversity.md` (safe, and `chat-2.diversity.md`, … when taken). */
export function defaultReportPath(
  datasetPath: string,
  format: ExportFormat,
  exists?: (p: string) => boolean,
): string {
  const base = path.basename(datasetPath).replace(/\.jsonl(\.gz)?$/i, '');
  return freeFileName(path.dirname(datasetPath), base, `.diversity.${format}`, exists);
}

/** The files `report` was made from: the dataset (or each of its files) and the reference. */
export function reportInputs(datasetPath: string, report: AnalysisReport): string[] {
  const inputs = [
    datasetPath,
    ...(report.files ?? []).map((f) => path.resolve(path.dirname(datasetPath), f.path)),
  ];
  const reference = report.options.reference?.path;
  if (reference) inputs.push(path.resolve(path.dirname(datasetPath), reference));
  return inputs;
}

/**
 * Why the report of `datasetPath` may not be written to `target` (a message for the user), or null when it may. Why:
 * a report is renamed over its target, so a destination that is an input would silently replace the dataset.
 */
export async function exportTargetProblem(
  target: { scheme: string; fsPath: string },
  datasetPath: string,
  report: AnalysisReport,
  fs: PathLookup = nodePathLookup,
): Promise<string | null> {
  if (target.scheme !== 'file') return 'reports can only be written to local files.';
  const conflict = await inputConflict(target.fsPath, reportInputs(datasetPath, report), fs);
  return conflict === null ? null : `${conflict}; choose another file for the report.`;
}
