/**
 * Reading a saved report file and finding the dataset it describes, for "Open Report…" (reportPanel.ts). A saved
 * report names its dataset as it was given to the CLI (`file.path`, absolute or relative to where the CLI ran) and
 * its size (`file.bytes`). Row links of a saved report may open that dataset only when it is the same file: found,
 * a regular file, and of the recorded size — a dataset that was moved, deleted or rewritten since would open
 * other rows than the report names. Without `vscode`, so it is unit-testable.
 */
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import { MAX_REPORT_BYTES, parseReportText, type ReportCheck } from '../../core/report/validateReport.ts';

/** Where a saved report's dataset is, and whether the panel's row links may open it. */
export interface ReportSource {
  /** Absolute path of the dataset (the first candidate when none was found). */
  path: string;
  /** True when the file is there with the size the report recorded. */
  reachable: boolean;
  /** Why row links are disabled (a sentence), or null when reachable. */
  why: string | null;
}

/**
 * The absolute paths `file.path` of a report at `reportPath` may mean: itself when absolute; else relative to the
 * report's folder (a report written next to its data), then to each workspace folder (the CLI run from there).
 */
export function sourceCandidates(reportPath: string, filePath: string, folders: readonly string[]): string[] {
  if (path.isAbsolute(filePath)) return [path.normalize(filePath)];
  const all = [path.dirname(reportPath), ...folders].map((base) => path.resolve(base, filePath));
  return [...new Set(all)];
}

/**
 * Why: row links of a saved report open its dataset only when it is the very file the report describes — the first
 * candidate (sourceCandidates) that is a regular file of `bytes` bytes. Otherwise says why, naming the path.
 */
export async function locateSource(
  reportPath: string,
  file: { path: string; bytes: number },
  folders: readonly string[],
): Promise<ReportSource> {
  const candidates = sourceCandidates(reportPath, file.path, folders);
  let changed: ReportSource | null = null;
  for (const candidate of candidates) {
    let size: number;
    try {
      const st = await fsp.stat(candidate);
      if (!st.isFile()) continue;
      size = st.size;
    } catch {
      continue;
    }
    if (size === file.bytes) return { path: candidate, reachable: true, why: null };
    changed ??= {
      path: candidate,
      reachable: false,
      why: `The source file ${candidate} has changed since the report was made (${size.toLocaleString('en-US')} bytes now, ${file.bytes.toLocaleString('en-US')} in the report): line numbers may not match, so row links are off.`,
    };
  }
  return (
    changed ?? {
      path: candidates[0],
      reachable: false,
      why: `The source file ${candidates[0]} is not reachable (moved, renamed or on another machine): row links are off.`,
    }
  );
}

/**
 * Why: a report of several files (`files`: a folder, shards) names a folder, not a file; its row links open the
 * listed files, so it is reachable when every listed file is (locateSource, each with its own size). `path` is where
 * the dataset's name (`file.path`) points; when a file is off, why names that file.
 */
export async function locateDataset(
  reportPath: string,
  report: { file: { path: string; bytes: number }; files?: readonly { path: string; bytes: number }[] },
  folders: readonly string[],
): Promise<ReportSource> {
  if (!report.files) return locateSource(reportPath, report.file, folders);
  const path0 = sourceCandidates(reportPath, report.file.path, folders)[0];
  for (const f of report.files) {
    const s = await locateSource(reportPath, f, folders);
    if (!s.reachable)
      return {
        path: path0,
        reachable: false,
        why: `One of the dataset's ${report.files.length} files is off. ${s.why ?? ''}`,
      };
  }
  return { path: path0, reachable: true, why: null };
}

/**
 * Why: reads a report file for the panel — bounded (a file over MAX_REPORT_BYTES is refused before it is read: a
 * report is aggregate-sized, a bigger file is something else) — and checks it (validateReport). The problem, if
 * any, is a sentence without the file name.
 */
export async function readReportFile(file: string): Promise<ReportCheck> {
  let size: number;
  try {
    const st = await fsp.stat(file);
    if (!st.isFile()) return { ok: false, problem: 'it is not a file' };
    size = st.size;
  } catch (err) {
    return { ok: false, problem: `it cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  if (size > MAX_REPORT_BYTES)
    return {
      ok: false,
      problem: `it is ${(size / 2 ** 20).toFixed(0)} MB; a Diversity Lens report is at most a few tens of MB (this panel reads up to ${MAX_REPORT_BYTES / 2 ** 20} MB), so this is not one — a dataset or a partial (.dlpart) is opened with Inspect Dataset or \`diversity-lens merge\``,
    };
  let text: string;
  try {
    const handle = await fsp.open(file, 'r');
    try {
      // the size seen by stat (at most the cap): a file still being written reads as truncated, not unbounded
      const buf = Buffer.alloc(size);
      let got = 0;
      while (got < size) {
        const { bytesRead } = await handle.read(buf, got, size - got, got);
        if (bytesRead === 0) break;
        got += bytesRead;
      }
      text = buf.subarray(0, got).toString('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    return { ok: false, problem: `it cannot be read: ${err instanceof Error ? err.message : String(err)}` };
  }
  return parseReportText(text);
}
