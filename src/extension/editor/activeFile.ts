/**
 * The file the user is looking at, for the commands (commands.ts: a command's dataset when no menu URI is given)
 * and the verdict status-bar item (verdictStatusBar.ts: which dataset's verdict to show).
 */
import * as vscode from 'vscode';

/** File names the inspector accepts (also the `when` clauses in package.json). */
export const DATASET_NAME = /\.((jsonl|ndjson|json)(\.gz|\.zst)?|parquet)$/i;

/**
 * The URI of the active text editor, or of the active tab when it is not a text editor (e.g. a .gz); undefined
 * when neither is a file (a webview, no editor).
 */
export function activeFile(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor) return editor;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}
