/**
 * Per-dataset analysis choices made in the panel (Overview pickers, Compare with Reference) and the
 * dataset chosen with "Set as Reference Dataset". They are layered over the settings
 * (analysisSettings.ts): settings < panel choices. A panel without choices analyses with the settings
 * alone, like the CLI without flags. One PanelOptions lives in the extension's context (ctx.ts).
 */
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../../core/pipeline/analyzeOptions.ts';
import type { PanelChoices } from '../../protocol/panelProtocol.ts';
import { analysisOptionsFor } from '../analysis/analysisSettings.ts';
import type { TokenizerName, ViewName } from '../../core/pipeline/optionsTable.ts';

/** Choices for one dataset; `reference` null = explicitly none, undefined = from the settings. */
export interface PanelOverrides {
  fields?: string[];
  view?: ViewName;
  tokenizer?: TokenizerName;
  groupBy?: string[];
  reference?: string | null;
}

const REFERENCE_KEY = 'diversityLens.referenceDataset';

/** The panel choices of every dataset (this session) and the set reference (workspace state); one per context (ctx.ts). */
export class PanelOptions {
  private readonly overrides = new Map<string, PanelOverrides>();

  /** `state`: the workspace state where the set reference persists across reloads. */
  constructor(private readonly state: vscode.Memento) {}

  /** The dataset set with "Set as Reference Dataset" (file URI), if any. */
  storedReference(): vscode.Uri | undefined {
    const s = this.state.get<string>(REFERENCE_KEY);
    return s ? vscode.Uri.parse(s, true) : undefined;
  }

  /** Remembers `uri` as the reference dataset of this workspace. */
  async storeReference(uri: vscode.Uri): Promise<void> {
    await this.state.update(REFERENCE_KEY, uri.toString());
  }

  /** Merges `patch` into the choices of `dataset`. */
  update(dataset: vscode.Uri, patch: PanelOverrides): void {
    this.overrides.set(dataset.toString(), { ...this.overrides.get(dataset.toString()), ...patch });
  }

  /** Settings, then the panel's choices: the options the next analysis of `dataset` runs with. */
  optionsFor(dataset: vscode.Uri): AnalyzeOptions {
    const options = analysisOptionsFor(dataset);
    const o = this.overrides.get(dataset.toString());
    if (!o) return options;
    if (o.fields) options.fields = o.fields;
    if (o.view) options.view = o.view;
    if (o.tokenizer) options.tokenizer = o.tokenizer;
    if (o.groupBy) options.groupBy = o.groupBy;
    if (o.reference === null) delete options.reference;
    else if (o.reference !== undefined) options.reference = { path: o.reference };
    return options;
  }

  /**
   * Applies the Overview pickers' choices to `dataset`. A "pick" reference asks with an open dialog;
   * returns false when the user dismissed it (nothing changes then).
   */
  async applyChoices(dataset: vscode.Uri, c: PanelChoices): Promise<boolean> {
    let reference: string | null | undefined;
    if (c.reference === 'none') reference = null;
    else if (c.reference === 'pick') {
      const picked = await pickReferenceFile(dataset);
      if (!picked) return false;
      reference = picked.fsPath;
    }
    this.update(dataset, {
      fields: c.field ? [c.field] : [],
      view: c.view,
      tokenizer: c.tokenizer,
      groupBy: c.groupBy ? [c.groupBy] : [],
      ...(reference !== undefined ? { reference } : {}),
    });
    return true;
  }
}

/** Open dialog for a reference dataset (local files only; the dataset itself is refused). */
export async function pickReferenceFile(dataset: vscode.Uri): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Use as Reference',
    title: 'Reference (real / human) dataset',
    // the dataset's folder: a reference usually sits near it (the walkthrough's sample reference does)
    defaultUri: vscode.Uri.joinPath(dataset, '..'),
    filters: { 'JSON Lines': ['jsonl', 'gz'] },
  });
  const uri = picked?.[0];
  if (!uri) return undefined;
  if (uri.scheme !== 'file') {
    void vscode.window.showErrorMessage('Diversity Lens: the reference must be a local file.');
    return undefined;
  }
  if (uri.toString() === dataset.toString()) {
    void vscode.window.showErrorMessage('Diversity Lens: a dataset cannot be its own reference.');
    return undefined;
  }
  return uri;
}
