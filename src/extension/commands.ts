/**
 * The commands: `diversityLens.inspect` (palette, editor title, explorer context menu) and
 * `diversityLens.cancel`. Inspect resolves its target from the menu's URI argument, else the active
 * editor's (or active tab's) file when it is a .jsonl / .jsonl.gz, else asks with an open dialog.
 */
import * as vscode from 'vscode';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { InspectorPanels } from './panel/inspectorPanel.ts';

/** File names the inspector accepts (also the `when` clauses in package.json). */
export const DATASET_NAME = /\.jsonl(\.gz)?$/i;

/** Registers both commands; the inspect command resolves with the report (handy for API-level tests). */
export function registerCommands(context: vscode.ExtensionContext, panels: InspectorPanels): void {
  context.subscriptions.push(
    vscode.commands.registerCommand('diversityLens.inspect', (arg?: unknown) => inspect(panels, arg)),
    vscode.commands.registerCommand('diversityLens.cancel', () => {
      if (panels.cancelAll() === 0) void vscode.window.showInformationMessage('Diversity Lens: no analysis is running.');
    }),
  );
}

async function inspect(panels: InspectorPanels, arg: unknown): Promise<AnalysisReport | undefined> {
  const active = activeFile();
  const target = (arg instanceof vscode.Uri ? arg : undefined) ?? (active && DATASET_NAME.test(active.path) ? active : undefined) ?? (await pickFile());
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `Diversity Lens: "${target.toString(true)}" is not a local file. Only files on disk (file: URIs) can be inspected for now.`,
    );
    return undefined;
  }
  return panels.show(target).analyze();
}

/** The URI of the active text editor, or of the active tab when it is not a text editor (e.g. a .gz). */
export function activeFile(): vscode.Uri | undefined {
  const editor = vscode.window.activeTextEditor?.document.uri;
  if (editor) return editor;
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  if (input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom) return input.uri;
  return undefined;
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Inspect Dataset',
    filters: { 'JSON Lines': ['jsonl', 'gz'] },
  });
  return picked?.[0];
}
