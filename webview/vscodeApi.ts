/** Typed access to the webview API VS Code injects (acquireVsCodeApi may be called once per page). */
import type { WebviewToHost } from '../src/protocol/panelProtocol.ts';

/**
 * What the webview persists: the dataset URI (read by the panel serializer), for a saved report's panel the report
 * file's URI (`report`, restored from the file), and the view state (uiState.ts).
 */
export interface SavedState {
  uri: string;
  report?: string;
  ui?: unknown;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The single VS Code API object of this page. */
export const vscode: VsCodeApi = acquireVsCodeApi();
