/**
 * The editor-experience commands: Set as Reference Dataset, Compare with Reference…, Next / Previous
 * Homogeneous Sample, Export Report, Show Cluster (from a hover link) and the hidden
 * debug command that reports the extension host's event-loop delay during the last analysis.
 * A command's dataset is its menu URI argument, else the active editor's / tab's .jsonl(.gz) file,
 * else (for report-based commands) the dataset analysed most recently.
 */
import * as vscode from 'vscode';
import { activeFile, DATASET_NAME } from './commands.ts';
import type { InspectorPanels } from './panel/inspectorPanel.ts';
import { pickReferenceFile, storedReference, storeReference, updateOverrides } from './panel/panelOptions.ts';
import { latestDataset, storedReport } from './editor/reportStore.ts';
import { exportReport } from './editor/exportReport.ts';
import { focusClusterMessage } from './panel/reportForWebview.ts';
import { isShowClusterArgs } from './editor/highlights.ts';
import { lastEventLoopStats } from './analysis/eventLoopStats.ts';

const baseName = (u: vscode.Uri): string => u.path.slice(u.path.lastIndexOf('/') + 1);

/** The dataset a command applies to (see the file comment); only local .jsonl / .jsonl.gz files. */
function datasetOf(arg: unknown, fallbackToLatest: boolean): vscode.Uri | undefined {
  const active = activeFile();
  const uri = (arg instanceof vscode.Uri ? arg : undefined) ?? (active && DATASET_NAME.test(active.path) ? active : undefined) ?? (fallbackToLatest ? latestDataset() : undefined);
  if (uri && uri.scheme !== 'file') {
    void vscode.window.showErrorMessage(`Diversity Lens: "${uri.toString(true)}" is not a local file; only files on disk can be analysed.`);
    return undefined;
  }
  return uri;
}

/** Registers the commands; `panels` opens / reuses the dataset's inspector panel. */
export function registerEditorCommands(context: vscode.ExtensionContext, panels: InspectorPanels): void {
  const reg = (id: string, fn: (...args: unknown[]) => unknown): void => {
    context.subscriptions.push(vscode.commands.registerCommand(id, fn));
  };

  reg('diversityLens.setReference', async (arg) => {
    const uri = datasetOf(arg, false);
    if (!uri) return void vscode.window.showInformationMessage('Diversity Lens: open or select a .jsonl dataset to set it as the reference.');
    await storeReference(uri);
    void vscode.window.showInformationMessage(`Diversity Lens: ${baseName(uri)} is the reference dataset. Use “Compare with Reference…” on a dataset.`);
  });

  reg('diversityLens.compareWithReference', async (arg) => {
    const dataset = datasetOf(arg, true);
    if (!dataset) return void vscode.window.showInformationMessage('Diversity Lens: open a .jsonl dataset to compare it.');
    const set = storedReference();
    let reference: vscode.Uri | undefined;
    if (set && set.toString() !== dataset.toString()) {
      const choice = await vscode.window.showQuickPick([{ label: `$(references) ${baseName(set)}`, description: 'the set reference dataset', uri: set }, { label: '$(folder-opened) Choose a file…', uri: undefined }], { title: `Compare ${baseName(dataset)} with…` });
      if (!choice) return undefined;
      reference = choice.uri;
    }
    reference ??= await pickReferenceFile(dataset);
    if (!reference) return undefined;
    updateOverrides(dataset, { reference: reference.fsPath });
    return panels.show(dataset).analyze();
  });

  const move = (direction: 1 | -1) => () => {
    const editor = vscode.window.activeTextEditor;
    const stored = editor && storedReport(editor.document.uri);
    if (!editor || !stored) return void vscode.window.showInformationMessage('Diversity Lens: inspect this dataset first to find its homogeneous samples.');
    // every marked row (per-line marks), or the report's capped lists when the analysis had none
    const next = stored.lines.adjacent(editor.selection.active.line + 1, direction, editor.document.lineCount);
    if (next === undefined) return void vscode.window.showInformationMessage('Diversity Lens: no duplicate or template rows in this dataset.');
    const pos = new vscode.Position(next - 1, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return next;
  };
  reg('diversityLens.nextHomogeneous', move(1));
  reg('diversityLens.previousHomogeneous', move(-1));

  reg('diversityLens.exportReport', async (arg) => {
    const dataset = datasetOf(arg, true);
    const stored = dataset && storedReport(dataset);
    if (!dataset || !stored) return void vscode.window.showInformationMessage('Diversity Lens: inspect a dataset first, then export its report.');
    return exportReport(dataset, stored.report);
  });

  reg('diversityLens.showCluster', (arg) => {
    if (!isShowClusterArgs(arg)) return;
    const dataset = vscode.Uri.parse(arg.dataset, true);
    const stored = dataset.scheme === 'file' ? storedReport(dataset) : undefined;
    if (!stored) return;
    const panel = panels.show(dataset);
    // the panel lists the top clusters only: the message carries a lower-ranked one (see focusClusterMessage)
    const mark = arg.line !== undefined ? stored.lines.markAt(arg.line) : undefined;
    panel.send(focusClusterMessage(stored.report, arg.kind, arg.index, mark, arg.line));
  });

  reg('diversityLens.debug.eventLoopStats', () => {
    const s = lastEventLoopStats();
    void vscode.window.showInformationMessage(
      s ? `Diversity Lens event loop: max delay ${s.maxDelayMs} ms (p99 ${s.p99DelayMs} ms, mean ${s.meanDelayMs} ms, ${s.samples} samples) during the analysis of ${baseName(vscode.Uri.file(s.file))}` : 'Diversity Lens event loop: no analysis measured yet',
    );
    return s;
  });
  // The debug command is listed in the palette only when the host was started for the e2e suite.
  void vscode.commands.executeCommand('setContext', 'diversityLens.debugCommands', process.env.DIVERSITY_LENS_DEBUG_COMMANDS === '1');
}
