/**
 * Restores inspector panels after a window reload. The webview saves `{ uri }` with setState; VS Code
 * hands it back here. The state comes from the webview, so it is validated like any webview message:
 * only a `file:` URI string is accepted. A restored panel starts idle (no automatic re-analysis of a
 * possibly multi-GB file); its "Run analysis" button starts one. A saved report's panel (Open Report…) saves
 * `{ report }`, the report file's URI: it is read and checked again (reportPanel.ts), or the panel is closed.
 */
import * as vscode from 'vscode';
import type { InspectorPanels } from './inspectorPanel.ts';
import type { ReportPanels } from './reportPanel.ts';
import { savedFileUri } from './panelMessages.ts';

/** The dataset URI saved in a webview's state, or undefined when the state is not ours / not a file. */
export function restoredDataset(state: unknown): vscode.Uri | undefined {
  return restoredFile(state, 'uri');
}

/** The saved report's URI of a saved-report panel's state (Open Report…), or undefined. */
export function restoredReport(state: unknown): vscode.Uri | undefined {
  return restoredFile(state, 'report');
}

/** The `file:` URI string saved under `key` in a webview's state (checked by savedFileUri), parsed, or undefined. */
function restoredFile(state: unknown, key: 'uri' | 'report'): vscode.Uri | undefined {
  const uri = savedFileUri(state, key);
  if (uri === undefined) return undefined;
  try {
    const parsed = vscode.Uri.parse(uri, true);
    return parsed.scheme === 'file' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

/** WebviewPanelSerializer for `diversityLens.inspector`. */
export class InspectorPanelSerializer implements vscode.WebviewPanelSerializer {
  constructor(
    private readonly panels: InspectorPanels,
    private readonly reportPanels: ReportPanels,
  ) {}

  async deserializeWebviewPanel(panel: vscode.WebviewPanel, state: unknown): Promise<void> {
    const report = restoredReport(state);
    if (report) return this.reportPanels.restore(panel, report);
    const dataset = restoredDataset(state);
    if (!dataset) {
      panel.dispose(); // nothing we can show
      return;
    }
    this.panels.adopt(panel, dataset);
  }
}
