/**
 * A multi-selection of the explorer as ONE dataset (Inspect Selection as Dataset). Why its own module: a panel, its
 * saved state, the report store and the panel choices are all keyed by one URI, and a selection has none. So a
 * selection is given one: the `file:` URI of the selected files' common folder with the files, relative to it, in the
 * query (`?files=["a.jsonl","sub/b.parquet"]`, JSON, URI-encoded). The same files always give the same URI (one
 * panel per selection; a reload restores it), and `datasetInputOf` turns any dataset URI back into what the analysis
 * and the Mix read: a path (a file or a folder) or the selection's files.
 *
 * Order rule (docs/reader.md): the selected files are read SORTED BY PATH in code-point order — the rule a folder
 * and a glob follow — not in the order they were clicked; a file selected twice is read once. A selected folder
 * stands for its dataset files (datasetFiles.ts). No `vscode` import: unit-tested with plain strings.
 */
import * as path from 'node:path';

/** The query key that holds a selection's files. */
const FILES_KEY = 'files=';
/** Most files a selection URI carries (a larger selection: Inspect Folder as Dataset on their folder). */
export const MAX_SELECTION_FILES = 1000;

/** Why: the selection's paths in the order they are read: sorted by path in code-point order, each once. */
export function orderSelection(paths: readonly string[]): string[] {
  return [...new Set(paths.map((p) => path.resolve(p)))].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Why: the folder that holds every path of the selection (its URI's path), the paths' deepest common folder. */
export function commonFolder(paths: readonly string[]): string {
  let dir = path.dirname(paths[0]);
  for (const p of paths)
    while (!(p === dir || p.startsWith(dir.endsWith(path.sep) ? dir : dir + path.sep)))
      dir = path.dirname(dir);
  return dir;
}

/**
 * Why: the identity of a selection — its common folder (the URI's path) and the query naming its files relative to
 * that folder, in reading order.
 */
export function selectionKey(paths: readonly string[]): { folder: string; query: string } {
  const ordered = orderSelection(paths);
  const folder = commonFolder(ordered);
  const rel = ordered.map((p) => path.relative(folder, p).split(path.sep).join('/'));
  return { folder, query: FILES_KEY + encodeURIComponent(JSON.stringify(rel)) };
}

/**
 * Why: the files a dataset URI's query names (absolute, in reading order), or undefined when it names none (a file
 * or folder URI). The query may come from a webview's saved state, so it is checked: a JSON array of 1 to
 * MAX_SELECTION_FILES relative paths, none absolute and none leaving the folder (`..`); else undefined.
 */
export function selectionFiles(folder: string, query: string): string[] | undefined {
  if (!query.startsWith(FILES_KEY)) return undefined;
  let rel: unknown;
  try {
    rel = JSON.parse(decodeURIComponent(query.slice(FILES_KEY.length)));
  } catch {
    return undefined;
  }
  if (!Array.isArray(rel) || rel.length === 0 || rel.length > MAX_SELECTION_FILES) return undefined;
  const out: string[] = [];
  for (const r of rel) {
    if (typeof r !== 'string' || r.length === 0 || path.posix.isAbsolute(r) || path.win32.isAbsolute(r))
      return undefined;
    if (r.split(/[\\/]/).some((seg) => seg === '..' || seg === '')) return undefined;
    out.push(path.join(folder, r));
  }
  return out;
}

/**
 * Why: what the analysis reads for a dataset URI (its folder path and query): the path itself (a file, or a folder:
 * the worker resolves its files), or a selection's files, named (the report's `file.path`) by the first file, as the
 * command line names several files. A query that is not a valid selection throws (nothing is read).
 */
export function datasetInputOf(fsPath: string, query: string): string | { label: string; files: string[] } {
  if (query === '') return fsPath;
  const files = selectionFiles(fsPath, query);
  // a query that names no valid selection (a tampered saved state) is never read as the folder it sits in
  if (!files)
    throw new Error(`${fsPath}: the panel's selection of files is not valid; select the files again`);
  return { label: files[0], files };
}

/** Why: a selection's name in a panel title and messages: "3 files in shards". */
export function selectionName(folder: string, files: readonly string[]): string {
  return `${files.length} files in ${path.basename(folder) || folder}`;
}
