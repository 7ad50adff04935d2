/**
 * Per-dataset analysis choices made in the panel (Overview pickers) and the workspace's reference dataset
 * (referenceChoice.ts: one per workspace, set by "Set as Reference Dataset", "Compare with Reference…", the
 * Reference picker or the Mix view, persisted in the workspace state). They are layered over the settings
 * (analysisSettings.ts): settings < panel choices, and the workspace reference over the `referencePath` setting.
 * A panel without choices analyses with the settings alone, like the CLI without flags. One PanelOptions lives in
 * the extension's context (ctx.ts).
 */
import * as vscode from 'vscode';
import type { AnalyzeOptions } from '../../core/pipeline/analyzeOptions.ts';
import type { PanelChoices } from '../../protocol/panelProtocol.ts';
import { analysisOptionsFor, configuredReference } from '../analysis/analysisSettings.ts';
import {
  effectiveReference,
  WorkspaceReference,
  type ReferenceChoice,
  type ReferenceInfo,
} from '../analysis/referenceChoice.ts';
import type { TokenizerName, ViewName } from '../../core/pipeline/optionsTable.ts';
import { Disposable } from '../disposable.ts';

/** Choices for one dataset (the reference is the workspace's, not a dataset's: see referenceChoice.ts). */
export interface PanelOverrides {
  fields?: string[];
  view?: ViewName;
  tokenizer?: TokenizerName;
  groupBy?: string[];
}

/** The panel choices of every dataset (this session) and the workspace reference; one per context (ctx.ts). */
export class PanelOptions extends Disposable {
  private readonly overrides = new Map<string, PanelOverrides>();
  private readonly reference: WorkspaceReference;

  /** `state`: the workspace state where the reference persists across reloads. */
  constructor(state: vscode.Memento) {
    super();
    this.reference = new WorkspaceReference(
      state,
      (s) => {
        try {
          const uri = vscode.Uri.parse(s, true);
          return uri.scheme === 'file' ? uri.fsPath : undefined;
        } catch {
          return undefined;
        }
      },
      (p) => vscode.Uri.file(p).toString(),
    );
    // the setting is the default reference: a change of it (or of trust, which gates it) may change every panel's
    this._register(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('diversityLens.referencePath')) this.reference.changed();
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.reference.changed()));
  }

  /** Calls `f` whenever the reference may have changed (set anywhere, or the setting changed): open panels follow. */
  onDidChangeReference(f: () => void): vscode.Disposable {
    const d = this.reference.onChange(f);
    return new vscode.Disposable(() => d.dispose());
  }

  /** The reference `dataset` is analysed against, and where it comes from (the workspace choice, the setting). */
  referenceFor(dataset: vscode.Uri): ReferenceInfo {
    return effectiveReference(this.reference.get(), configuredReference(dataset), dataset.fsPath);
  }

  /** Sets the workspace reference (a file, explicitly none, or undefined: back to the setting); panels follow. */
  setReference(choice: ReferenceChoice): Promise<void> {
    return this.reference.set(choice);
  }

  /** The workspace's reference file, if one is set (for "Compare with Reference…"'s quick pick). */
  storedReference(): vscode.Uri | undefined {
    const c = this.reference.get();
    return c && 'path' in c ? vscode.Uri.file(c.path) : undefined;
  }

  /** Merges `patch` into the choices of `dataset`. */
  update(dataset: vscode.Uri, patch: PanelOverrides): void {
    this.overrides.set(dataset.toString(), { ...this.overrides.get(dataset.toString()), ...patch });
  }

  /** Settings, then the panel's choices, then the workspace reference: the options the next analysis of `dataset` runs with. */
  optionsFor(dataset: vscode.Uri): AnalyzeOptions {
    const options = analysisOptionsFor(dataset);
    const o = this.overrides.get(dataset.toString());
    if (o?.fields) options.fields = o.fields;
    if (o?.view) options.view = o.view;
    if (o?.tokenizer) options.tokenizer = o.tokenizer;
    if (o?.groupBy) options.groupBy = o.groupBy;
    const ref = this.referenceFor(dataset).path;
    if (ref) options.reference = { ...options.reference, path: ref };
    else delete options.reference;
    return options;
  }

  /**
   * Applies the Overview pickers' choices to `dataset`. A "pick" reference asks with an open dialog;
   * returns false when the user dismissed it (nothing changes then). A reference choice is the workspace's.
   */
  async applyChoices(dataset: vscode.Uri, c: PanelChoices): Promise<boolean> {
    let reference: ReferenceChoice | 'keep' = 'keep';
    if (c.reference === 'none') reference = { none: true };
    else if (c.reference === 'setting') reference = undefined;
    else if (c.reference === 'pick') {
      const picked = await pickReferenceFile(dataset);
      if (!picked) return false;
      reference = { path: picked.fsPath };
    }
    this.update(dataset, {
      fields: c.field ? [c.field] : [],
      view: c.view,
      tokenizer: c.tokenizer,
      groupBy: c.groupBy ? [c.groupBy] : [],
    });
    if (reference !== 'keep') await this.setReference(reference);
    return true;
  }
}

/**
 * Open dialog for a reference dataset (local files only; the dataset itself is refused). `dialog` overrides the
 * dialog's wording, folder and filters (the Mix view's).
 */
export async function pickReferenceFile(
  dataset: vscode.Uri,
  dialog: Pick<vscode.OpenDialogOptions, 'openLabel' | 'title' | 'defaultUri' | 'filters'> = {},
): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Use as Reference',
    title: 'Reference (real / human) dataset for this workspace',
    // the dataset's folder: a reference usually sits near it (the walkthrough's sample reference does)
    defaultUri: vscode.Uri.joinPath(dataset, '..'),
    filters: { 'JSON Lines': ['jsonl', 'gz'], 'All files': ['*'] },
    ...dialog,
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
