/**
 * The panel's view state that survives re-renders and a hidden/reloaded webview (VS Code keeps it
 * with getState/setState): the selected tab, the lost-types search, filter, order and page, the slices sort, the
 * Instructions tab's selected pair (its example rows stay listed after the editor revealed one and the panel came back).
 * Stored next to the `uri` the panel serializer reads, without disturbing other keys.
 */
import { vscode } from './vscodeApi.ts';
import type { SliceSortKey } from '../src/core/report/viewModels.ts';
import type { LostOrder } from '../src/core/tails/lostTypes.ts';

export interface UiState {
  tab: number;
  lostQuery: string;
  lostPage: number;
  lostHideNumbers: boolean;
  lostOrder: LostOrder;
  sliceSort: SliceSortKey;
  sliceDir: 1 | -1;
  clusterPage: number;
  /** The Instructions tab's selected pair (`other`: a verb's "other" segment of the chart), or null. */
  instructionPair: { verb: string; noun: string | null; other: boolean } | null;
}

const DEFAULTS: UiState = {
  tab: 0,
  lostQuery: '',
  lostPage: 0,
  lostHideNumbers: false,
  lostOrder: 'count',
  sliceSort: 'rows',
  sliceDir: -1,
  clusterPage: 0,
  instructionPair: null,
};

/** The current UI state (defaults filled in). */
export function ui(): UiState {
  const saved = vscode.getState()?.ui as Partial<UiState> | undefined;
  return { ...DEFAULTS, ...(saved ?? {}) };
}

/** Merges `patch` into the saved UI state, keeping every other key of the webview state. */
export function setUi(patch: Partial<UiState>): void {
  const all = vscode.getState() ?? { uri: '' };
  vscode.setState({ ...all, ui: { ...ui(), ...patch } });
}
