/**
 * "Reveal line N" from the panel: opens the dataset in the editor at that line when it can be shown as
 * text, otherwise reads the row on the host (rowReader.ts, streamed, capped) and sends it to the
 * panel's built-in row viewer, where it is shown as text. A file cannot be opened as text when it is
 * compressed (gzip, zstd: by its magic bytes, whatever its name), a Parquet file (binary: its rows are read back by
 * row number, as canonical JSON) or larger than EDITOR_LIMIT_BYTES (VS Code does not sync files over 50 MB to
 * extensions, and opening them is slow). A JSON-array dataset's rows are element indexes: its reveal goes to the
 * element (jsonArrayLocate.ts). A dataset of several files (a folder) numbers its lines through its files: its
 * reveal maps the line to (file, line in file) first (revealDatasetLine, core/report/datasetLine.ts).
 */
import { promises as fsp } from 'node:fs';
import { basename } from 'node:path';
import * as vscode from 'vscode';
import { ROW_VIEWER_CHARS, type EditorHostToWebview } from '../../protocol/panelProtocol.ts';
import { readRowText } from './rowReader.ts';
import { detectFileFormat } from '../../core/reader/jsonArray.ts';
import { locateArrayElement } from '../../core/reader/jsonArrayLocate.ts';
import { fileCompression } from '../../core/reader/decompress.ts';
import { isParquetFile } from '../../core/reader/parquetReader.ts';
import { fileOfDatasetLine } from '../../core/report/datasetLine.ts';
import type { DatasetFileInfo } from '../../core/report/reportTypes.ts';

/** Files above this size are shown in the row viewer instead of the editor. */
export const EDITOR_LIMIT_BYTES = 50 * 1024 * 1024;

/** True when the dataset is opened in the editor for line reveals (plain file within the size limit). */
export async function opensAsText(dataset: vscode.Uri): Promise<boolean> {
  try {
    if ((await fileCompression(dataset.fsPath)) !== 'none') return false;
    if (await isParquetFile(dataset.fsPath)) return false;
    return (await fsp.stat(dataset.fsPath)).size <= EDITOR_LIMIT_BYTES;
  } catch {
    return false;
  }
}

/** Reveals 1-based `line` of `dataset` in the editor, or posts it to the row viewer through `send`. */
export async function revealOrShowRow(
  dataset: vscode.Uri,
  line: number,
  send: (m: EditorHostToWebview) => void,
): Promise<void> {
  if ((await detectFileFormat(dataset.fsPath).catch(() => 'jsonl')) === 'json-array')
    return revealElement(dataset, line, send);
  if (await opensAsText(dataset)) {
    const pos = new vscode.Position(line - 1, 0);
    await vscode.window.showTextDocument(dataset, {
      viewColumn: vscode.ViewColumn.One,
      selection: new vscode.Range(pos, pos),
    });
    return;
  }
  const compressed = (await fileCompression(dataset.fsPath).catch(() => 'none')) !== 'none';
  const parquet = !compressed && (await isParquetFile(dataset.fsPath).catch(() => false));
  const why = compressed ? 'compressed file' : parquet ? 'Parquet, as canonical JSON' : 'file over 50 MB';
  const what = parquet ? 'Row' : 'Line';
  try {
    // bytes cap: up to 4 bytes per character, cut again to ROW_VIEWER_CHARS characters below
    const row = await readRowText(dataset.fsPath, line, ROW_VIEWER_CHARS * 4);
    if (!row) {
      send({
        type: 'rowText',
        line,
        text: '',
        truncated: false,
        note: `${what} ${line} is past the end of the file.`,
      });
      return;
    }
    const cut = row.text.length > ROW_VIEWER_CHARS;
    send({
      type: 'rowText',
      line,
      text: cut ? row.text.slice(0, ROW_VIEWER_CHARS) : row.text,
      truncated: cut || row.truncated,
      note: `${what} ${line} (${why}, shown here instead of the editor)`,
    });
  } catch (err) {
    send({
      type: 'rowText',
      line,
      text: '',
      truncated: false,
      note: `${what} ${line} could not be read: ${err instanceof Error ? err.message : String(err)}`,
    });
  }
}

/**
 * Why: the row links of a dataset of several files carry dataset lines; this opens the file that holds `line` at its
 * own line (or shows the row in the viewer, as revealOrShowRow does), the viewer's note naming the file.
 * `locate` turns a listed path into the file to open, or a sentence saying why it cannot be (a saved report's
 * dataset may have moved); by default the path as it is.
 */
export async function revealDatasetLine(
  files: readonly DatasetFileInfo[],
  line: number,
  send: (m: EditorHostToWebview) => void,
  locate: (listed: string) => Promise<string | { why: string }> = async (p) => p,
): Promise<void> {
  const note = (text: string): void =>
    send({ type: 'rowText', line, text: '', truncated: false, note: text });
  const at = fileOfDatasetLine(files, line);
  if (!at) return note(`Line ${line} is in none of the dataset's ${files.length} files.`);
  const file = await locate(at.path);
  if (typeof file !== 'string') return note(file.why);
  await revealOrShowRow(vscode.Uri.file(file), at.line, (m) =>
    send(
      m.type === 'rowText'
        ? { ...m, line, note: `${basename(file)}, line ${at.line} of the file: ${m.note}` }
        : m,
    ),
  );
}

/**
 * Row `index` of a JSON-array dataset (its rows are numbered by element index, docs/reader.md): the element's first
 * character in the editor, or its text in the row viewer (compressed or large file).
 */
async function revealElement(
  dataset: vscode.Uri,
  index: number,
  send: (m: EditorHostToWebview) => void,
): Promise<void> {
  const note = (text: string): void =>
    send({ type: 'rowText', line: index, text: '', truncated: false, note: text });
  try {
    const loc = await locateArrayElement(dataset.fsPath, index, ROW_VIEWER_CHARS * 4);
    if (!loc) return note(`Element ${index} is past the end of the array.`);
    if (await opensAsText(dataset)) {
      const pos = new vscode.Position(loc.line - 1, loc.utf16Column - 1);
      await vscode.window.showTextDocument(dataset, {
        viewColumn: vscode.ViewColumn.One,
        selection: new vscode.Range(pos, pos),
      });
      return;
    }
    const why = /\.gz$/i.test(dataset.path) ? 'compressed file' : 'file over 50 MB';
    const cut = loc.text.length > ROW_VIEWER_CHARS;
    send({
      type: 'rowText',
      line: index,
      text: cut ? loc.text.slice(0, ROW_VIEWER_CHARS) : loc.text,
      truncated: cut || loc.truncated,
      note: `Element ${index} of the array, at line ${loc.line} (${why}, shown here instead of the editor)`,
    });
  } catch (err) {
    note(`Element ${index} could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
}
