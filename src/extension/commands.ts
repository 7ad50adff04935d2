/**
 * The command table: every command of the extension, built by `createCommands(ctx)` as id → handler and
 * registered by one loop in activate() (extension.ts). The ids are commandIds.ts's, which a unit test checks
 * against package.json's `contributes.commands`. The commands: Inspect Dataset, Inspect Folder as Dataset (a
 * folder's dataset files analysed as one dataset; its panel is keyed by the folder's URI), Inspect Selection as Dataset
 * (the explorer's multi-selection as one dataset, read in path order; selectionDataset.ts) and Cancel Analysis; Set as
 * Reference Dataset, Compare with Reference…, Next / Previous Homogeneous Sample, Export Report; Show Cluster
 * (from an editor hover's link); Show Analysis Diagnostics (the host's event-loop delay during the last analysis);
 * Show Inspector Panel (the verdict status bar's click); Open Sample Dataset and Preview Mix & Correct (the Get Started
 * walkthrough's steps); Open Report… (a saved JSON report in a read-only panel, panel/reportPanel.ts); Compare Datasets…
 * (several datasets side by side with a trend verdict, compare/compareController.ts).
 * A command's dataset is its menu URI argument, else the active editor's (or active tab's) dataset file (.jsonl, .json,
 * .ndjson, each also .gz or .zst, .parquet)
 * file — for Inspect the active local file whatever its name — else Inspect asks with an open dialog; the
 * report-based commands use the dataset analysed most recently.
 */
import * as vscode from 'vscode';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { CommandId } from './commandIds.ts';
import type { Ctx } from './ctx.ts';
import { pickReferenceFile } from './panel/panelOptions.ts';
import { exportReport } from './editor/exportReport.ts';
import { activeFile, DATASET_NAME } from './editor/activeFile.ts';
import { focusClusterMessage } from './panel/reportForWebview.ts';
import { isShowClusterArgs } from './editor/hoverMarkdown.ts';
import { ensureSampleFiles } from './walkthrough/sampleFiles.ts';
import type { InspectorPanel } from './panel/inspectorPanel.ts';
import { DATASET_FILE } from '../core/pipeline/datasetFiles.ts';
import { MAX_SELECTION_FILES, orderSelection, selectionKey } from './analysis/selectionDataset.ts';

/** A command's handler; its arguments come from menus, hover links or executeCommand callers, so they are unknown. */
export type CommandHandler = (...args: unknown[]) => unknown;

const baseName = (u: vscode.Uri): string => u.path.slice(u.path.lastIndexOf('/') + 1);

/**
 * Every command's handler, by id (the Record type makes a missing or unknown id a compile error). Inspect and
 * Compare resolve with the report (handy for API-level tests), Next / Previous with the line moved to, Export
 * with the written path, Show Analysis Diagnostics with the figures.
 */
export function createCommands(ctx: Ctx): Record<CommandId, CommandHandler> {
  /** The dataset a command applies to (see the file comment); only local dataset files (DATASET_NAME). */
  const datasetOf = (arg: unknown, fallbackToLatest: boolean): vscode.Uri | undefined => {
    const active = activeFile();
    const uri =
      (arg instanceof vscode.Uri ? arg : undefined) ??
      (active && DATASET_NAME.test(active.path) ? active : undefined) ??
      (fallbackToLatest ? ctx.reports.latestDataset() : undefined);
    if (uri && uri.scheme !== 'file') {
      void vscode.window.showErrorMessage(
        `Diversity Lens: "${uri.toString(true)}" is not a local file; only files on disk can be analysed.`,
      );
      return undefined;
    }
    return uri;
  };

  const move = (direction: 1 | -1) => () => {
    const editor = vscode.window.activeTextEditor;
    const stored = editor && ctx.reports.get(editor.document.uri);
    if (editor && !stored) {
      // a shard of an inspected folder: its samples are the folder's, and a folder has no per-file marks (yet)
      const folder = ctx.reports.latestDataset();
      const files = folder && ctx.reports.get(folder)?.report.files;
      if (folder && files?.some((f) => f.path === editor.document.uri.fsPath))
        return void vscode.window.showInformationMessage(
          `Diversity Lens: ${baseName(editor.document.uri)} was inspected as part of the folder ${baseName(folder)}; Next / Previous Homogeneous Sample works on a file inspected on its own (a folder dataset has no per-file marks yet). Use the folder panel's line links, or Inspect Dataset on this file.`,
        );
    }
    if (!editor || !stored)
      return void vscode.window.showInformationMessage(
        'Diversity Lens: inspect this dataset first to find its homogeneous samples.',
      );
    // every marked row (per-line marks), or the report's capped lists when the analysis had none
    const next = stored.lines.adjacent(
      editor.selection.active.line + 1,
      direction,
      editor.document.lineCount,
    );
    if (next === undefined)
      return void vscode.window.showInformationMessage(
        'Diversity Lens: no duplicate or template rows in this dataset.',
      );
    const pos = new vscode.Position(next - 1, 0);
    editor.selection = new vscode.Selection(pos, pos);
    editor.revealRange(new vscode.Range(pos, pos), vscode.TextEditorRevealType.InCenterIfOutsideViewport);
    return next;
  };

  return {
    'diversityLens.inspect': (arg) => inspect(ctx, arg),

    'diversityLens.inspectFolder': (arg) => inspectFolder(ctx, arg),

    // the explorer passes the right-clicked item, then every selected item
    'diversityLens.inspectSelection': (arg, all) => inspectSelection(ctx, arg, all),

    'diversityLens.cancel': () => {
      if (ctx.panels.cancelAll() === 0)
        void vscode.window.showInformationMessage('Diversity Lens: no analysis is running.');
    },

    'diversityLens.setReference': async (arg) => {
      const uri = datasetOf(arg, false);
      if (!uri)
        return void vscode.window.showInformationMessage(
          'Diversity Lens: open or select a .jsonl dataset to set it as the reference.',
        );
      if (await isFolder(uri))
        return void vscode.window.showInformationMessage(
          `Diversity Lens: ${baseName(uri)} is a folder; a reference dataset is one file for now. Set one of its files as the reference, or join the shards into one file.`,
        );
      await ctx.options.setReference({ path: uri.fsPath }); // the workspace's: every open panel follows
      void vscode.window.showInformationMessage(
        `Diversity Lens: ${baseName(uri)} is the reference dataset of this workspace; every analysis compares with it (change it in the Overview's Reference picker).`,
      );
    },

    'diversityLens.compareWithReference': async (arg) => {
      const dataset = datasetOf(arg, true);
      if (!dataset)
        return void vscode.window.showInformationMessage(
          'Diversity Lens: open a .jsonl dataset to compare it.',
        );
      const set = ctx.options.storedReference();
      let reference: vscode.Uri | undefined;
      if (set && set.toString() !== dataset.toString()) {
        const choice = await vscode.window.showQuickPick(
          [
            { label: `$(references) ${baseName(set)}`, description: 'the set reference dataset', uri: set },
            { label: '$(folder-opened) Choose a file…', uri: undefined },
          ],
          { title: `Compare ${baseName(dataset)} with…` },
        );
        if (!choice) return undefined;
        reference = choice.uri;
      }
      reference ??= await pickReferenceFile(dataset);
      if (!reference) return undefined;
      // the workspace's reference from now on (persisted: a reload keeps the comparison)
      await ctx.options.setReference({ path: reference.fsPath });
      return ctx.panels.show(dataset).analyze();
    },

    'diversityLens.nextHomogeneous': move(1),
    'diversityLens.previousHomogeneous': move(-1),

    'diversityLens.exportReport': async (arg) => {
      const dataset = datasetOf(arg, true);
      const stored = dataset && ctx.reports.get(dataset);
      if (!dataset || !stored)
        return void vscode.window.showInformationMessage(
          'Diversity Lens: inspect a dataset first, then export its report.',
        );
      return exportReport(dataset, stored.report);
    },

    'diversityLens.showCluster': (arg) => {
      if (!isShowClusterArgs(arg)) return;
      const dataset = vscode.Uri.parse(arg.dataset, true);
      const stored = dataset.scheme === 'file' ? ctx.reports.get(dataset) : undefined;
      if (!stored) return;
      const panel = ctx.panels.show(dataset);
      // the panel lists the top clusters only: the message carries a lower-ranked one (see focusClusterMessage)
      const mark = arg.line !== undefined ? stored.lines.markAt(arg.line) : undefined;
      panel.send(focusClusterMessage(stored.report, arg.kind, arg.index, mark, arg.line));
    },

    'diversityLens.showDiagnostics': () => ctx.diagnostics.show(),

    'diversityLens.showPanel': async (arg) => {
      const dataset = datasetOf(arg, true);
      if (!dataset)
        return void vscode.window.showInformationMessage(
          'Diversity Lens: open a .jsonl dataset to inspect it.',
        );
      return openPanel(ctx, dataset);
    },

    'diversityLens.openSample': async () => {
      const bundled = vscode.Uri.joinPath(ctx.extensionUri, 'samples', 'sample.jsonl').fsPath;
      const files = await ensureSampleFiles(bundled, ctx.globalStorageUri.fsPath);
      const uri = vscode.Uri.file(files.dataset);
      await vscode.window.showTextDocument(uri, { preview: false });
      return uri;
    },

    'diversityLens.previewMix': async (arg) => {
      const dataset = datasetOf(arg, true);
      if (!dataset)
        return void vscode.window.showInformationMessage(
          'Diversity Lens: open a .jsonl dataset (and inspect it) to preview a mix.',
        );
      const panel = await openPanel(ctx, dataset);
      panel.send({ type: 'selectTab', tab: 'mix-correct' });
      return panel;
    },

    'diversityLens.openReport': async (arg) => {
      // the explorer's menu (or a caller) names the file; else an open dialog for JSON files
      const uri = arg instanceof vscode.Uri ? arg : await pickReport();
      if (!uri) return undefined;
      return ctx.reportPanels.open(uri);
    },

    // the explorer passes the clicked item and the whole selection; the palette nothing (an open dialog then)
    'diversityLens.compareDatasets': (arg, selected) => ctx.compare.command(arg, selected),
  };
}

/**
 * The panel of `dataset`, revealed: an open one as it is; a new one shows the dataset's last report when the store
 * has it, else analyses the dataset (without waiting for the analysis to end).
 */
async function openPanel(ctx: Ctx, dataset: vscode.Uri): Promise<InspectorPanel> {
  const panel = ctx.panels.show(dataset);
  if (!panel.hasReport && !panel.running) {
    const stored = ctx.reports.get(dataset);
    if (stored) panel.showReport(stored.report);
    else void panel.analyze();
  }
  return panel;
}

/**
 * Inspect acts on the active file whatever its name (a `.json`, `.csv` or extension-less file too: the reader says
 * what a file that is not JSONL looks like, in the panel); a non-local active editor counts only when it is named
 * like a dataset (it is then refused with a message), anything else falls through to the open dialog.
 */
async function inspect(ctx: Ctx, arg: unknown): Promise<AnalysisReport | undefined> {
  const active = activeFile();
  const target =
    (arg instanceof vscode.Uri ? arg : undefined) ??
    (active && (active.scheme === 'file' || DATASET_NAME.test(active.path)) ? active : undefined) ??
    (await pickFile());
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `Diversity Lens: "${target.toString(true)}" is not a local file. Only files on disk (file: URIs) can be inspected for now.`,
    );
    return undefined;
  }
  return ctx.panels.show(target).analyze();
}

/**
 * Inspect Folder as Dataset: the explorer's folder (or a caller's URI), else an open dialog for a folder. The
 * folder's dataset files (every .jsonl, .json, .parquet … below it, sorted; datasetFiles.ts) are analysed as one
 * dataset in the folder's panel; a folder without any says so in the panel, like any failed analysis.
 */
async function inspectFolder(ctx: Ctx, arg: unknown): Promise<AnalysisReport | undefined> {
  const target = (arg instanceof vscode.Uri ? arg : undefined) ?? (await pickFolder());
  if (!target) return undefined;
  if (target.scheme !== 'file') {
    void vscode.window.showErrorMessage(
      `Diversity Lens: "${target.toString(true)}" is not a local folder. Only folders on disk (file: URIs) can be inspected for now.`,
    );
    return undefined;
  }
  if (!(await isFolder(target))) {
    void vscode.window.showErrorMessage(
      `Diversity Lens: ${baseName(target)} is not a folder; use Inspect Dataset for one file.`,
    );
    return undefined;
  }
  return ctx.panels.show(target).analyze();
}

/**
 * Inspect Selection as Dataset: the explorer's multi-selection (or an open dialog for several files) analysed as ONE
 * dataset, read in path order (selectionDataset.ts), in one panel whose line links open (file, line). Selected files
 * that are not dataset files are left out (and named); a selected folder stands for its dataset files. One dataset
 * file left is inspected as a file, one folder as a folder.
 */
async function inspectSelection(ctx: Ctx, arg: unknown, all: unknown): Promise<AnalysisReport | undefined> {
  const given =
    Array.isArray(all) && all.length > 0 && all.every((u) => u instanceof vscode.Uri)
      ? (all as vscode.Uri[])
      : arg instanceof vscode.Uri
        ? [arg]
        : await pickFiles();
  if (!given || given.length === 0) return undefined;
  const remote = given.find((u) => u.scheme !== 'file');
  if (remote) {
    void vscode.window.showErrorMessage(
      `Diversity Lens: "${remote.toString(true)}" is not a local file. Only files on disk (file: URIs) can be inspected for now.`,
    );
    return undefined;
  }
  const kept: vscode.Uri[] = [];
  const folders = new Set<string>();
  const skipped: string[] = [];
  for (const u of given) {
    if (await isFolder(u)) {
      kept.push(u);
      folders.add(u.fsPath);
    } else if (DATASET_FILE.test(u.path)) kept.push(u);
    else skipped.push(baseName(u));
  }
  if (kept.length === 0) {
    void vscode.window.showErrorMessage(
      `Diversity Lens: none of the selected files is a dataset file (.jsonl, .ndjson, .json — each also .gz or .zst — or .parquet): ${skipped.join(', ')}.`,
    );
    return undefined;
  }
  if (skipped.length > 0)
    void vscode.window.showInformationMessage(
      `Diversity Lens: left out of the dataset (not dataset files): ${skipped.join(', ')}.`,
    );
  if (kept.length > MAX_SELECTION_FILES) {
    void vscode.window.showErrorMessage(
      `Diversity Lens: ${kept.length} files are selected; a selection is at most ${MAX_SELECTION_FILES} files. Use Inspect Folder as Dataset on their folder.`,
    );
    return undefined;
  }
  const paths = orderSelection(kept.map((u) => u.fsPath));
  if (paths.length === 1)
    return folders.has(paths[0])
      ? inspectFolder(ctx, vscode.Uri.file(paths[0]))
      : ctx.panels.show(vscode.Uri.file(paths[0])).analyze();
  const { folder, query } = selectionKey(paths);
  return ctx.panels.show(vscode.Uri.file(folder).with({ query })).analyze();
}

/** The open dialog of Inspect Selection as Dataset (from the palette): several dataset files. */
async function pickFiles(): Promise<vscode.Uri[] | undefined> {
  return vscode.window.showOpenDialog({
    canSelectMany: true,
    openLabel: 'Inspect as One Dataset',
    title: 'Inspect several dataset files (shards) as one dataset, read in path order',
    filters: { Datasets: ['jsonl', 'ndjson', 'json', 'gz', 'zst', 'parquet'], 'All files': ['*'] },
  });
}

/** Whether `uri` is a folder on disk. */
async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory ? true : false;
  } catch {
    return false;
  }
}

/** The open dialog of Inspect Folder as Dataset: one folder. */
async function pickFolder(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectFiles: false,
    canSelectFolders: true,
    canSelectMany: false,
    openLabel: 'Inspect Folder as Dataset',
    title: 'Inspect a folder of dataset files (shards) as one dataset',
  });
  return picked?.[0];
}

/** The open dialog of Open Report…: JSON files first. */
async function pickReport(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Open Report',
    title: 'Open a Diversity Lens report (analyze --json, --out or merge)',
    filters: { 'Diversity Lens report (JSON)': ['json'], 'All files': ['*'] },
  });
  return picked?.[0];
}

async function pickFile(): Promise<vscode.Uri | undefined> {
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    openLabel: 'Inspect Dataset',
    filters: { Datasets: ['jsonl', 'ndjson', 'json', 'gz', 'zst', 'parquet'], 'All files': ['*'] },
  });
  return picked?.[0];
}
