/**
 * Reads the `diversityLens.*` settings into core AnalyzeOptions. Only settings the user actually set
 * are passed on, so an untouched editor analyses with the core defaults, exactly like the CLI
 * without flags (the e2e suite relies on this to compare the panel with `diversity-lens analyze --json`).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../core/pipeline/analyzeOptions.ts';

/** Analysis options for the dataset at `dataset`, from the settings that apply to it. */
export function analysisOptionsFor(dataset: vscode.Uri): AnalyzeOptions {
  const cfg = vscode.workspace.getConfiguration('diversityLens', dataset);
  const options: AnalyzeOptions = {};
  const tokenizer = explicit<string>(cfg, 'tokenizer');
  if (tokenizer === 'word' || tokenizer === 'wink') options.tokenizer = tokenizer;
  const maxLineBytes = explicit<number>(cfg, 'maxLineBytes');
  if (typeof maxLineBytes === 'number' && Number.isFinite(maxLineBytes) && maxLineBytes >= 1024) options.maxLineBytes = Math.floor(maxLineBytes);
  const number = (key: string, min: number, max: number, integer: boolean): number | undefined => {
    const v = explicit<number>(cfg, key);
    if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) return undefined;
    return integer ? Math.floor(v) : v;
  };
  const mattrWindow = number('mattrWindow', 10, 100_000, true);
  if (mattrWindow !== undefined) options.mattrWindow = mattrWindow;
  const nearThreshold = number('nearThreshold', 0.5, 1, false);
  if (nearThreshold !== undefined) options.nearThreshold = nearThreshold;
  const tailMax = number('tailMax', 1, 1000, true);
  if (tailMax !== undefined) options.tailMax = tailMax;
  const minSliceRows = number('minSliceRows', 1, 1_000_000, true);
  if (minSliceRows !== undefined) options.minSliceRows = minSliceRows;
  // threads of a chunked analysis (0 or unset: every available core); never changes a figure
  const workers = number('workers', 1, 256, true);
  if (workers !== undefined) options.workers = workers;
  const reference = explicit<string>(cfg, 'referencePath');
  if (typeof reference === 'string' && reference.trim() !== '') options.reference = { path: resolveReference(reference.trim(), dataset) };
  return options;
}

/** A relative reference path is taken relative to the dataset's workspace folder (else its directory). */
function resolveReference(p: string, dataset: vscode.Uri): string {
  if (path.isAbsolute(p)) return p;
  const folder = vscode.workspace.getWorkspaceFolder(dataset);
  return path.resolve(folder ? folder.uri.fsPath : path.dirname(dataset.fsPath), p);
}

/** The value only when set in some scope (user, workspace, folder), never the contributed default. */
function explicit<T>(cfg: vscode.WorkspaceConfiguration, key: string): T | undefined {
  const i = cfg.inspect<T>(key);
  if (!i) return undefined;
  return i.workspaceFolderValue ?? i.workspaceValue ?? i.globalValue;
}
