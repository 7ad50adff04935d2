/**
 * Reads the `diversityLens.*` settings into core AnalyzeOptions. Which settings exist, their types and ranges come
 * from the options table (src/core/pipeline/optionsTable.ts), the same one the CLI's flags follow. Only settings
 * the user actually set (and that are valid) are passed on, so an untouched editor analyses with the core
 * defaults, exactly like the CLI without flags (the e2e suite relies on this to compare the panel with
 * `diversity-lens analyze --json`).
 */
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../../core/pipeline/analyzeOptions.ts';
import {
  optionsFromSettings,
  scopedSettingValue,
  SETTINGS_SECTION,
} from '../../core/pipeline/optionsTable.ts';
import { resolveReferencePath } from '../../core/pipeline/referencePath.ts';

/** Analysis options for the dataset at `dataset`, from the settings that apply to it. */
export function analysisOptionsFor(dataset: vscode.Uri): AnalyzeOptions {
  const cfg = vscode.workspace.getConfiguration(SETTINGS_SECTION, dataset);
  const { reference, ...set } = optionsFromSettings((key) => explicit(cfg, key));
  const options = set as AnalyzeOptions;
  const path = typeof reference === 'string' ? referencePathFor(reference, dataset) : null;
  if (path) options.reference = { path };
  return options;
}

/**
 * The configured reference (`diversityLens.referencePath`) as an absolute path, or null when none is set: the one
 * place it is resolved, for the analysis (above) and the Mix view (mixSettings.ts).
 */
export function configuredReference(dataset: vscode.Uri): string | null {
  return analysisOptionsFor(dataset).reference?.path ?? null;
}

/** A relative reference path is taken relative to the dataset's workspace folder (else its directory). */
function referencePathFor(p: string, dataset: vscode.Uri): string | null {
  return resolveReferencePath(p, dataset.fsPath, vscode.workspace.getWorkspaceFolder(dataset)?.uri.fsPath);
}

/**
 * The value only when set in some scope (user, workspace, folder), never the contributed default. A restricted
 * setting (reference path, line bound, thread count: optionsTable.ts `restrictedSettings`, package.json
 * `restrictedConfigurations`) is taken from the user's settings alone until the workspace is trusted
 * (scopedSettingValue; checked here too, as `inspect` is not documented to apply that rule).
 */
function explicit(cfg: vscode.WorkspaceConfiguration, key: string): unknown {
  return scopedSettingValue(key, cfg.inspect<unknown>(key), vscode.workspace.isTrusted);
}
