/**
 * The reference (real / human) dataset of a workspace, and how it meets the `diversityLens.referencePath` setting —
 * without `vscode`, so the rules are unit-tested. One reference per workspace: whoever sets it (Set as Reference
 * Dataset, Compare with Reference…, the Overview's Reference picker, the Mix view's "Choose reference…") sets the
 * same one, it persists in the workspace state (across reloads), and every open panel shows and uses it. The setting
 * is the default: the workspace choice, once made, overrides it — a file, or explicitly none — until the user goes
 * back to the setting (the picker's "Use the setting"). A dataset is never its own reference.
 */

import type { PanelReference } from '../../protocol/panelProtocol.ts';

/** The workspace's choice as stored: a file (absolute path), explicitly none, or undefined (follow the setting). */
export type ReferenceChoice = { path: string } | { none: true } | undefined;

/** The reference a dataset is analysed against, and why (what the panel shows: PanelState.reference). */
export type ReferenceInfo = PanelReference;

/** The workspace-state value as stored by {@link storedChoiceValue}: a file URI string, or 'none'. */
export const NO_REFERENCE = 'none';

/**
 * Why: the one rule for every place that needs a dataset's reference (the analysis options, the Overview picker, the
 * Mix view). `datasetPath` and the paths are absolute local paths.
 */
export function effectiveReference(
  choice: ReferenceChoice,
  settingPath: string | null,
  datasetPath: string,
): ReferenceInfo {
  const self = (p: string): boolean => samePath(p, datasetPath);
  if (choice && 'path' in choice) {
    if (self(choice.path))
      return {
        path: null,
        source: 'workspace',
        setting: settingPath,
        note: 'this dataset is the workspace reference: it is analysed without one',
      };
    return { path: choice.path, source: 'workspace', setting: settingPath, note: null };
  }
  if (choice) return { path: null, source: 'workspace', setting: settingPath, note: null };
  if (settingPath === null) return { path: null, source: 'unset', setting: null, note: null };
  if (self(settingPath))
    return {
      path: null,
      source: 'setting',
      setting: settingPath,
      note: 'this dataset is the reference of the setting diversityLens.referencePath: it is analysed without one',
    };
  return { path: settingPath, source: 'setting', setting: settingPath, note: null };
}

/** Same file, as far as paths tell (Windows paths compare case-insensitively). */
function samePath(a: string, b: string): boolean {
  return /^[a-zA-Z]:[\\/]/.test(a) ? a.toLowerCase() === b.toLowerCase() : a === b;
}

/** Persistence of the workspace choice, with listeners: set anywhere, every open panel hears of it. */
export interface ReferenceStore {
  get(): ReferenceChoice;
  set(choice: ReferenceChoice): Promise<void>;
}

/** The part of a VS Code Memento the store uses (tests pass a Map-backed fake). */
export interface StateLike {
  get<T>(key: string): T | undefined;
  update(key: string, value: unknown): Thenable<void> | Promise<void>;
}

const KEY = 'diversityLens.referenceDataset';

/**
 * The workspace choice in the workspace state (key `diversityLens.referenceDataset`, as "Set as Reference Dataset"
 * always stored it: a file URI string; 'none' for explicitly none; absent to follow the setting). `toPath` / `toUri`
 * convert between a stored URI string and a local path (vscode.Uri in the extension); anything else stored (not a
 * `file:` URI) reads as "follow the setting".
 */
export class WorkspaceReference implements ReferenceStore {
  private readonly listeners = new Set<() => void>();

  constructor(
    private readonly state: StateLike,
    private readonly toPath: (uri: string) => string | undefined,
    private readonly toUri: (path: string) => string,
  ) {}

  get(): ReferenceChoice {
    const s = this.state.get<unknown>(KEY);
    if (s === NO_REFERENCE) return { none: true };
    if (typeof s !== 'string') return undefined;
    const path = this.toPath(s);
    return path ? { path } : undefined;
  }

  /** Stores `choice` and tells every listener (the open panels) once it is stored. */
  async set(choice: ReferenceChoice): Promise<void> {
    await this.state.update(KEY, storedChoiceValue(choice, this.toUri));
    this.changed();
  }

  /** Calls `f` whenever the reference may have changed (set here, or `changed()` for a settings change). */
  onChange(f: () => void): { dispose(): void } {
    this.listeners.add(f);
    return { dispose: () => this.listeners.delete(f) };
  }

  /** Tells the listeners (also called when the setting or the workspace trust changed). */
  changed(): void {
    for (const f of [...this.listeners]) f();
  }
}

/** The workspace-state value of `choice` (undefined removes the key). */
export function storedChoiceValue(
  choice: ReferenceChoice,
  toUri: (path: string) => string,
): string | undefined {
  if (!choice) return undefined;
  return 'path' in choice ? toUri(choice.path) : NO_REFERENCE;
}
