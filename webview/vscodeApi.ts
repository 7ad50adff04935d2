/** Typed access to the webview API VS Code injects (acquireVsCodeApi may be called once per page). */
import type { WebviewToHost } from '../src/protocol.ts';

/** What the webview persists for the panel serializer: only the dataset URI. */
export interface SavedState {
  uri: string;
}

interface VsCodeApi {
  postMessage(message: WebviewToHost): void;
  getState(): SavedState | undefined;
  setState(state: SavedState): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

/** The single VS Code API object of this page. */
export const vscode: VsCodeApi = acquireVsCodeApi();
