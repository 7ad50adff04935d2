// Extension entry: registration only; the analysis runs in a worker (src/worker), the UI in webview/.
import * as vscode from 'vscode';
import { AnalysisRunner } from './analysis/analysisRunner.ts';
import { registerCommands } from './commands.ts';
import { INSPECTOR_VIEW_TYPE, InspectorPanels } from './panel/inspectorPanel.ts';
import { InspectorPanelSerializer } from './panel/panelSerializer.ts';
import { registerEditorCommands } from './editorCommands.ts';
import { registerHighlights } from './editor/highlights.ts';
import { initPanelOptions } from './panel/panelOptions.ts';
import { initReportStore } from './editor/reportStore.ts';

export function activate(context: vscode.ExtensionContext): void {
  const runner = new AnalysisRunner(vscode.Uri.joinPath(context.extensionUri, 'dist', 'worker.js').fsPath);
  const panels = new InspectorPanels(context.extensionUri, runner);
  context.subscriptions.push(
    panels,
    { dispose: () => runner.dispose() },
    vscode.window.registerWebviewPanelSerializer(INSPECTOR_VIEW_TYPE, new InspectorPanelSerializer(panels)),
  );
  initReportStore(context, (key) => panels.isOpen(key));
  registerCommands(context, panels);
  initPanelOptions(context.workspaceState);
  registerEditorCommands(context, panels);
  registerHighlights(context);
}

export function deactivate(): void {}
