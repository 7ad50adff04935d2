/**
 * The files of a dataset of several files (a folder: Inspect Folder as Dataset; a multi-selection): the header's "N files" line, with
 * the list in its tooltip, and the Overview's table of the files (path in the folder, rows, lines, the dataset lines
 * they hold), so the dataset line numbers every view shows can be read back to a file. Text nodes only (dom.ts).
 */
import type { AnalysisReport, DatasetFileInfo } from '../../src/core/report/reportTypes.ts';
import { h, section } from '../dom.ts';
import { dataTable } from '../widgets/table.ts';

const n = (x: number): string => x.toLocaleString('en-US');

/** Whether `p` lies below the folder `base` (either separator). */
const below = (p: string, base: string): boolean => p.startsWith(`${base}/`) || p.startsWith(`${base}\\`);

/**
 * The folder the listed paths are shown relative to: the dataset's own path when it is their folder (a folder
 * dataset), else the files' deepest common folder (several files named by the first: a multi-selection, the command
 * line's files), so "part-00000.jsonl" reads as it does for a folder.
 */
function rootOf(r: AnalysisReport): string {
  const files = r.files ?? [];
  const label = r.file.path.replace(/[\\/]+$/, '');
  if (files.every((f) => below(f.path, label))) return label;
  let root = files[0]?.path.replace(/[\\/][^\\/]*$/, '') ?? '';
  while (root.length > 0 && !files.every((f) => below(f.path, root)))
    root = root.replace(/[\\/][^\\/]*$/, '');
  return root;
}

/** A listed path relative to the dataset's folder (rootOf) when it lies below it (else as listed). */
function shortPath(f: DatasetFileInfo, root: string): string {
  return root.length > 0 && below(f.path, root) ? f.path.slice(root.length + 1) : f.path;
}

/** The header line "N files · R rows", each file (path, rows, lines) in its tooltip; null for one file's report. */
export function filesLine(r: AnalysisReport): HTMLElement | null {
  const files = r.files;
  if (!files) return null;
  const rows = files.reduce((a, f) => a + f.rows, 0);
  const tip = files
    .map((f) => `${shortPath(f, rootOf(r))} — ${n(f.rows)} rows, ${n(f.lines)} lines`)
    .join('\n');
  return h(
    'p',
    { id: 'dataset-files', class: 'meta', 'data-count': files.length, title: tip },
    `${n(files.length)} file${files.length === 1 ? '' : 's'} · ${n(rows)} rows — line numbers run through the files in this order (Overview lists them)`,
  );
}

/** The Overview's table of the dataset's files; null for one file's report. */
export function renderFiles(r: AnalysisReport): HTMLElement | null {
  const files = r.files;
  if (!files) return null;
  const root = rootOf(r);
  return section(
    'files',
    'Files',
    dataTable({
      attrs: { id: 'files-table', 'aria-label': 'Files of the dataset' },
      scroll: files.length > 20,
      rows: files,
      rowAttrs: (f) => ({ 'data-path': f.path }),
      columns: [
        { head: 'File', rowHeader: true, cell: (f) => shortPath(f, root) },
        { head: 'Rows', num: true, cell: (f) => n(f.rows), attrs: (f) => ({ 'data-value': f.rows }) },
        { head: 'Lines', num: true, cell: (f) => n(f.lines), attrs: (f) => ({ 'data-value': f.lines }) },
        {
          head: 'Dataset lines',
          num: true,
          cell: (f) => (f.lines === 0 ? '—' : `${n(f.firstLine)}–${n(f.firstLine + f.lines - 1)}`),
        },
        {
          head: 'Format',
          cell: (f) => (f.compression === 'none' ? f.format : `${f.format}, ${f.compression}`),
        },
      ],
    }),
  );
}
