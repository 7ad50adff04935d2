/**
 * "Open Report…": a saved JSON report (from `diversity-lens analyze --json` / `--out`, or `merge` over partials
 * made on a cluster) shown in the inspector panel without analysing anything. The same webview and views as a live
 * panel (inspectorPanel.ts), in a read-only mode (PanelState.opened): every tab renders from the report; what needs
 * a live analysis (re-run, option pickers, Mix & Correct) is replaced by a short reason; the lost-token search
 * covers the report's own list. Row links open the report's dataset only while it is the file the report
 * describes (reportSource.ts: found with the recorded size); the panel re-checks when the file changes (a watcher),
 * when the panel becomes visible and at each click, so a moved or rewritten dataset turns them off.
 * Messages from the webview are validated (isWebviewMessage) like a live panel's (panelMessages.ts).
 */
import * as vscode from 'vscode';
import { promises as fsp } from 'node:fs';
import path from 'node:path';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { type HostToWebview, type OpenedReport, type PanelState } from '../../protocol/panelProtocol.ts';
import type { Ctx } from '../ctx.ts';
import { Disposable } from '../disposable.ts';
import { INSPECTOR_VIEW_TYPE } from './inspectorPanel.ts';
import { inspectorHtml, inspectorWebviewOptions } from './panelHtml.ts';
import { reportForWebview } from './reportForWebview.ts';
import { LostTypesSearch } from './lostTypesSearch.ts';
import { savedReportMessages } from './panelMessages.ts';
import { idlePanelState } from './idlePanelState.ts';
import { revealDatasetLine, revealOrShowRow } from './rowViewer.ts';
import { locateDataset, locateSource, readReportFile, type ReportSource } from './reportSource.ts';

const baseName = (p: string): string => path.basename(p);

/** Why: the tab title of a saved report's panel (also what tests look for). */
export const reportPanelTitle = (reportPath: string): string => `Saved report: ${baseName(reportPath)}`;

/** One saved report's panel. Create through {@link ReportPanels}. */
export class ReportPanel extends Disposable {
  private state: PanelState;
  private readonly lost = new LostTypesSearch();
  private watcher: vscode.FileSystemWatcher | undefined;
  private watched: string | undefined;
  /** Incremented by every check of the source: only the latest check updates the state. */
  private checks = 0;

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly reportUri: vscode.Uri,
    private readonly ctx: Ctx,
    onDisposed: (p: ReportPanel) => void,
  ) {
    super();
    // a saved report has no workspace reference of its own (the report names the one it was made with)
    const reference = { path: null, source: 'unset', setting: null, note: null } as const;
    this.state = {
      ...idlePanelState(reportUri.toString(), baseName(reportUri.fsPath), reference),
      opened: null,
    };
    panel.title = reportPanelTitle(reportUri.fsPath);
    panel.webview.options = inspectorWebviewOptions(ctx.extensionUri);
    panel.webview.html = inspectorHtml(panel.webview, ctx.extensionUri, panel.title);
    // every message is checked before anything acts on it; junk is dropped (panelMessages.ts)
    const onMessage = savedReportMessages({
      state: () => this.state,
      post: (m) => this.post(m),
      revealLine: (line) => this.revealLine(line),
      inspectSource: () => this.inspectSource(),
      lost: this.lost,
    });
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void onMessage(m)));
    this._register(
      panel.onDidChangeViewState((e) => {
        if (e.webviewPanel.visible) void this.checkSource();
      }),
    );
    this._register({ dispose: () => this.watcher?.dispose() });
    this._register(panel.onDidDispose(() => this.dispose()));
    this._register({ dispose: () => onDisposed(this) });
  }

  /** Shows `report` (checked by validateReport) read from this panel's file, written at `written`. */
  async show(report: AnalysisReport, partials: number | null, written: Date | null): Promise<void> {
    const source = await this.locate(report);
    this.lost.setReport(report, undefined); // the report's own lost-types list (its first 1,000)
    const opened: OpenedReport = {
      path: this.reportUri.fsPath,
      written: written ? written.toISOString() : null,
      toolVersion: report.tool.version,
      partials,
      source,
    };
    this.checks++;
    this.setState({
      // the dataset's name heads the panel, as in a live one; the title and the header say it is a saved report
      fileName: baseName(report.file.path),
      status: 'done',
      report: reportForWebview(report),
      error: null,
      // the reference it was computed with: no "computed against another reference" notice in a saved report
      reference: { path: report.options.reference?.path ?? null, source: 'unset', setting: null, note: null },
      opened,
    });
    this.watch(source.path);
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** Where the report's dataset is now (reportSource.locateDataset: its file, or each of its files). */
  private locate(report: AnalysisReport): Promise<ReportSource> {
    return locateDataset(this.reportUri.fsPath, report, this.folders());
  }

  /** The workspace folders on disk (bases of a report's relative paths). */
  private folders(): string[] {
    return (vscode.workspace.workspaceFolders ?? [])
      .filter((f) => f.uri.scheme === 'file')
      .map((f) => f.uri.fsPath);
  }

  /** Re-checks the dataset (moved, rewritten, back again) and updates the row links when that changed. */
  private async checkSource(): Promise<ReportSource | undefined> {
    const report = this.state.report;
    const opened = this.state.opened;
    if (!report || !opened) return undefined;
    const check = ++this.checks;
    const source = await this.locate(report);
    if (check !== this.checks || this.disposed) return undefined;
    const was = opened.source;
    if (was.path !== source.path || was.reachable !== source.reachable || was.why !== source.why) {
      this.setState({ opened: { ...opened, source } });
      this.watch(source.path);
    }
    return source;
  }

  /** Watches the dataset's path (created, changed, deleted: re-check). */
  private watch(file: string): void {
    if (this.watched === file) return;
    this.watcher?.dispose();
    this.watched = file;
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.file(path.dirname(file)), path.basename(file)),
    );
    const recheck = (): void => void this.checkSource();
    this.watcher.onDidCreate(recheck);
    this.watcher.onDidChange(recheck);
    this.watcher.onDidDelete(recheck);
  }

  /** Shows row `line` of the report's dataset — checked again at the click: the file may have moved since the panel last looked. */
  private async revealLine(line: number): Promise<void> {
    const source = await this.checkSource();
    if (!source) return;
    const files = this.state.report?.files;
    if (source.reachable && files)
      // a dataset of several files: the file holding the line, found like the dataset (its recorded size)
      await revealDatasetLine(
        files,
        line,
        (x) => this.post(x),
        async (listed) => {
          const bytes = files.find((f) => f.path === listed)?.bytes ?? -1;
          const at = await locateSource(this.reportUri.fsPath, { path: listed, bytes }, this.folders());
          return at.reachable ? at.path : { why: at.why ?? `${listed} is not reachable.` };
        },
      );
    else if (source.reachable) await revealOrShowRow(vscode.Uri.file(source.path), line, (x) => this.post(x));
    else
      this.post({
        type: 'rowText',
        line,
        text: '',
        truncated: false,
        note: source.why ?? 'The source file is not reachable.',
      });
  }

  /** "Inspect source dataset": a live analysis in the dataset's own panel; this saved report stays as it is. */
  private async inspectSource(): Promise<void> {
    const source = await this.checkSource();
    if (source?.reachable) void this.ctx.panels.show(vscode.Uri.file(source.path)).analyze();
    else if (source) void vscode.window.showWarningMessage(`Diversity Lens: ${source.why ?? ''}`);
  }

  private setState(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    this.post({ type: 'state', state: this.state });
  }

  private post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
  }
}

/** The open saved-report panels, one per report file. */
export class ReportPanels implements vscode.Disposable {
  private readonly panels = new Map<string, ReportPanel>();

  constructor(private readonly ctx: Ctx) {}

  /**
   * Reads, checks and shows the report file `uri` in its panel (revealed if open, refreshed from the file). Resolves
   * with the panel, or undefined after telling the user, in one message naming the file, why it cannot be shown.
   */
  async open(uri: vscode.Uri, column = vscode.ViewColumn.Active): Promise<ReportPanel | undefined> {
    const loaded = await loadReport(uri);
    if (!loaded) return undefined;
    let panel = this.panels.get(uri.toString());
    if (panel) panel.reveal();
    else
      panel = this.adopt(
        vscode.window.createWebviewPanel(
          INSPECTOR_VIEW_TYPE,
          reportPanelTitle(uri.fsPath),
          column,
          inspectorWebviewOptions(this.ctx.extensionUri),
        ),
        uri,
      );
    await panel.show(loaded.report, loaded.partials, loaded.written);
    return panel;
  }

  /** Shows the report `uri` again in a panel VS Code restored after a reload (closed, with a message, if it cannot). */
  async restore(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri): Promise<void> {
    const loaded = await loadReport(uri);
    if (!loaded) return webviewPanel.dispose();
    await this.adopt(webviewPanel, uri).show(loaded.report, loaded.partials, loaded.written);
  }

  private adopt(webviewPanel: vscode.WebviewPanel, uri: vscode.Uri): ReportPanel {
    const p = new ReportPanel(webviewPanel, uri, this.ctx, (d) => {
      if (this.panels.get(uri.toString()) === d) this.panels.delete(uri.toString());
    });
    this.panels.set(uri.toString(), p);
    return p;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    this.panels.clear();
  }
}

/** The checked report of file `uri` and when it was written, or undefined after an error message naming the file. */
async function loadReport(
  uri: vscode.Uri,
): Promise<{ report: AnalysisReport; partials: number | null; written: Date | null } | undefined> {
  const fail = (problem: string): undefined => {
    // the name and the problem first (a notification shows one line until expanded), the full path last
    const where = uri.scheme === 'file' ? uri.fsPath : uri.toString(true);
    void vscode.window.showErrorMessage(
      `Diversity Lens: cannot open ${path.basename(uri.path)} as a report: ${problem}. (${where})`,
    );
    return undefined;
  };
  if (uri.scheme !== 'file') return fail('only report files on disk (file: URIs) can be opened');
  const check = await readReportFile(uri.fsPath);
  if (!check.ok) return fail(check.problem);
  const written = await fsp.stat(uri.fsPath).then(
    (s) => s.mtime,
    () => null,
  );
  return { report: check.report, partials: check.partials, written };
}
