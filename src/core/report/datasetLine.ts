/**
 * Dataset lines back to files. Why: a report of a dataset of several files (analyzeDataset.ts) numbers its lines
 * through the files in order, so a line the panel shows (a duplicate's, a malformed row's) is a *dataset* line; to
 * open the row, the editor needs the file and the line in that file. Also gives the report of a folder holding a
 * single file the same `files` block a folder of several files has, so a front end has one rule: `files` present ⇔
 * the dataset is several files or a folder. Pure, no I/O.
 */
import type { AnalysisReport, DatasetFileInfo } from './reportTypes.ts';

/** A line of one file of a dataset: the file's path (as the report lists it) and the 1-based line in that file. */
export interface FileLine {
  path: string;
  line: number;
}

/**
 * Why: maps dataset line `line` of a report with `files` to (file, line in file) — line L is line L − firstLine + 1
 * of the file whose span [firstLine, firstLine + lines) holds it (docs/reader.md). Undefined when no file holds it.
 */
export function fileOfDatasetLine(files: readonly DatasetFileInfo[], line: number): FileLine | undefined {
  if (!Number.isInteger(line) || line < 1) return undefined;
  // binary search: the last file whose first line is ≤ line (the files are in order, their spans consecutive)
  let lo = 0;
  let hi = files.length - 1;
  if (hi < 0) return undefined;
  while (lo < hi) {
    const mid = (lo + hi + 1) >>> 1;
    if (files[mid].firstLine <= line) lo = mid;
    else hi = mid - 1;
  }
  const f = files[lo];
  if (line < f.firstLine || line >= f.firstLine + f.lines) return undefined;
  return { path: f.path, line: line - f.firstLine + 1 };
}

/**
 * Why: a folder that holds one dataset file is analysed as that file (analyzeDataset: one file → analyzeFile), but
 * it is still a folder to the user: the report names the folder (`file.path` = `label`) and lists its one file in
 * `files`, as a folder of several files does. A report that already has `files` is returned as it is.
 */
export function asFolderReport(report: AnalysisReport, label: string): AnalysisReport {
  if (report.files) return report;
  const { file, rows } = report;
  return {
    ...report,
    file: { ...file, path: label },
    files: [
      {
        path: file.path,
        bytes: file.bytes,
        compression: file.compression,
        format: file.format,
        firstLine: 1,
        lines: rows.total + rows.blank,
        rows: rows.parsed,
      },
    ],
  };
}
