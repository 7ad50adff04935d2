/**
 * Restores inspector panels after a window reload. The webview saves `{ uri }` with setState; VS Code
 * hands it back here. The state comes from the webview, so it is validated like any webview message:
 * only a `file:` URI string is accepted. A restored panel starts idle (no automatic re-analysis of a
 * possibly multi-GB file); its "Run analysis" button starts one.
 */
import * as vscode from 'vscode';
import type { InspectorPanels } from './inspectorPanel.ts';

/** The dataset URI saved in a webview's state, or undefined when the state is not ours / not a file. */
export function restoredDataset(state: unknown): vscode.Uri | undefined {
  if (typeof state !== 'object' || state === null) return undefined;
  const uri = (state as { uri?: unknown }).uri;
  if (typeof uri !== 'string' || uri.length > 8192) return undefined;
  try {
    const parsed = vscode.Uri.parse(uri, true);
    return parsed.scheme === 'file' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** WebviewPanelSerializer for `diversityLens.inspector`. */
export class InspectorPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(private readonly panels: InspectorPanels) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const dataset = restoredDataset(state);
    if (!dataset) {
      panel.dispose(); // nothing we can show
      return;
    }
    this.panels.adopt(panel, dataset);
  }
}
