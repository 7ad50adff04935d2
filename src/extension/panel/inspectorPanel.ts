/**
 * The Diversity Lens inspector: one WebviewPanel per dataset (viewType `diversityLens.inspector`).
 * The panel owns the state of its dataset's analysis and pushes it to the webview; the webview pulls
 * the current state with `ready` (sent every time its page loads, so nothing is lost while it is
 * hidden or reloading). Messages from the webview are validated before anything acts on them (panelMessages.ts).
 * Panels take the runner, the panel choices and the report store from the extension's context (ctx.ts).
 */
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { type HostToWebview, type PanelState, withRunUpdate } from '../../protocol/panelProtocol.ts';
import type { AnalysisPartial, AnalysisProgress } from '../../protocol/analysisWorkerProtocol.ts';
import type { Ctx } from '../ctx.ts';
import { Disposable } from '../disposable.ts';
import { analyzeWithProgress, datasetName } from '../analysis/analyzeWithProgress.ts';
import { wantsLineMarks } from '../editor/reportStore.ts';
import { PanelAnalysis } from './panelAnalysis.ts';
import { revealDatasetLine, revealOrShowRow } from './rowViewer.ts';
import { inspectorHtml, inspectorWebviewOptions } from './panelHtml.ts';
import { reportForWebview } from './reportForWebview.ts';
import { MixSession } from '../mix/mixSession.ts';
import { LostTypesSearch } from './lostTypesSearch.ts';
import { livePanelMessages } from './panelMessages.ts';
import { idlePanelState } from './idlePanelState.ts';

export const INSPECTOR_VIEW_TYPE = 'diversityLens.inspector';

/** What the panel tells its owner (InspectorPanels). */
interface PanelEvents {
  onRunningChanged(): void;
  onDisposed(p: InspectorPanel): void;
}

/** One dataset's panel and the analysis it shows. Create through {@link InspectorPanels}. */
export class InspectorPanel extends Disposable {
  private state: PanelState;
  /** The analysis lifecycle (panelAnalysis.ts): at most one run, replaced by a newer request. */
  private readonly analysis: PanelAnalysis;
  /** The Mix & Correct view's host side (its worker lives while the panel is open). */
  private readonly mix: MixSession;
  /** Every lost tail type of the shown report, searched for the Tails view (lostTypesSearch.ts). */
  private readonly lost = new LostTypesSearch();

  constructor(
    readonly panel: vscode.WebviewPanel,
    readonly dataset: vscode.Uri,
    private readonly ctx: Ctx,
    private readonly events: PanelEvents,
  ) {
    super();
    this.state = idlePanelState(dataset.toString(), datasetName(dataset), ctx.options.referenceFor(dataset));
    panel.title = `Diversity: ${this.state.fileName}`;
    panel.webview.options = inspectorWebviewOptions(ctx.extensionUri);
    panel.webview.html = inspectorHtml(panel.webview, ctx.extensionUri, panel.title);
    this.mix = this._register(
      new MixSession({
        extensionUri: ctx.extensionUri,
        dataset,
        report: () => this.state.report,
        reference: () => this.state.reference.path,
        chooseReference: (path) => ctx.options.setReference({ path }),
        post: (m) => this.post(m),
      }),
    );
    this.analysis = new PanelAnalysis({
      wantsLineMarks: () => wantsLineMarks(dataset),
      start: (onStart, onProgress, onPartial, onLineMarks, onLostTypes) =>
        analyzeWithProgress(
          ctx,
          dataset,
          ctx.options.optionsFor(dataset),
          onStart,
          onProgress,
          onPartial,
          onLineMarks,
          onLostTypes,
        ),
      started: (requestId) =>
        this.setState({
          status: 'running',
          progress: { phase: 'reading', percent: 0, rows: 0 },
          partial: null,
          error: null,
          requestId,
        }),
      // the worker's own progress and partial messages (analysisWorkerProtocol.ts), passed on unchanged; the state
      // keeps the latest of each (not posted: a webview that asks with `ready` mid-run gets them with the state)
      progress: (requestId, progress) => this.forward({ type: 'progress', requestId, progress }),
      partial: (requestId, partial) => this.forward({ type: 'partial', requestId, partial }),
      done: (report, marks, lost) => {
        ctx.reports.record(dataset, report, marks);
        this.lost.setReport(report, lost);
        this.showDone(report);
      },
      cancelled: () => this.setState({ status: 'cancelled', progress: null, partial: null }),
      failed: (message) => {
        this.setState({ status: 'failed', progress: null, partial: null, error: message });
        void vscode.window.showErrorMessage(
          `Diversity Lens: analysis of ${this.state.fileName} failed: ${message}`,
        );
      },
      runningChanged: () => events.onRunningChanged(),
    });
    // every message is checked before anything acts on it; junk is dropped (panelMessages.ts)
    const onMessage = livePanelMessages({
      state: () => this.state,
      post: (m) => this.post(m),
      analyze: () => this.analyze(),
      cancel: () => this.cancel(),
      revealLine: (line, files) =>
        files
          ? revealDatasetLine(files, line, (x) => this.post(x))
          : revealOrShowRow(this.dataset, line, (x) => this.post(x)),
      applyChoices: (choices) => this.ctx.options.applyChoices(this.dataset, choices),
      lost: this.lost,
      mix: this.mix,
    });
    this._register(panel.webview.onDidReceiveMessage((m: unknown) => void onMessage(m)));
    this._register(panel.onDidDispose(() => this.dispose()));
    // one reference per workspace: set anywhere (or the setting changed), every open panel shows it, the next
    // analysis uses it; a shown report computed with another reference says so (no automatic re-run of a
    // possibly multi-GB file)
    this._register(ctx.options.onDidChangeReference(() => this.referenceChanged()));
  }

  /** The workspace reference may have changed: show it (Overview picker, Mix view). */
  private referenceChanged(): void {
    const reference = this.ctx.options.referenceFor(this.dataset);
    const was = this.state.reference;
    if (
      was.path === reference.path &&
      was.source === reference.source &&
      was.setting === reference.setting &&
      was.note === reference.note
    )
      return;
    this.setState({ reference });
    this.mix.referenceChanged();
  }

  /** True while an analysis of this dataset runs. */
  get running(): boolean {
    return this.analysis.running;
  }

  /**
   * (Re)analyses the dataset, replacing a run in progress. Resolves with the report, or undefined when
   * the run was cancelled or failed (failures are shown in the panel and as an error message).
   */
  analyze(): Promise<AnalysisReport | undefined> {
    return this.analysis.analyze();
  }

  /** Whether the panel shows a report (or a run is on its way to one); false when it is idle, failed or cancelled. */
  get hasReport(): boolean {
    return this.state.report !== null;
  }

  /**
   * Shows `report` (the dataset's last report, from the report store) in a panel that has none yet — e.g. a panel
   * opened from the status bar after its earlier panel was closed — without analysing again.
   */
  showReport(report: AnalysisReport): void {
    if (this.analysis.running || this.state.report) return;
    this.showDone(report);
  }

  /** The panel's state for a finished report (capped for the webview). */
  private showDone(report: AnalysisReport): void {
    this.setState({
      status: 'done',
      progress: null,
      partial: null,
      report: reportForWebview(report),
      error: null,
    });
  }

  /** Cancels the running analysis of this dataset, if any. */
  cancel(): void {
    this.analysis.cancel();
  }

  reveal(): void {
    this.panel.reveal(undefined, false);
  }

  /** The panel closed: cancels its analysis, releases what it registered (mix worker, listeners), tells its owner. */
  override dispose(): void {
    if (this.disposed) return;
    this.cancel();
    super.dispose();
    this.events.onDisposed(this);
  }

  /** Forwards a run's progress or partial message to the webview and keeps it in the state (panelProtocol.withRunUpdate). */
  private forward(m: AnalysisProgress | AnalysisPartial): void {
    this.state = withRunUpdate(this.state, m);
    this.post(m);
  }

  private setState(patch: Partial<PanelState>): void {
    this.state = { ...this.state, ...patch };
    this.post({ type: 'state', state: this.state });
  }

  /** Sends a message to this panel's webview (e.g. "show cluster" from an editor hover). */
  send(m: HostToWebview): void {
    this.post(m);
  }

  private post(m: HostToWebview): void {
    void this.panel.webview.postMessage(m);
  }
}

/** All open inspector panels, one per dataset URI. */
export class InspectorPanels implements vscode.Disposable {
  private readonly panels = new Map<string, InspectorPanel>();
  private readonly runningChanged = new vscode.EventEmitter<void>();
  /** Fires when an analysis starts or ends (the verdict status bar shows "analysing"). */
  readonly onDidChangeRunning = this.runningChanged.event;

  constructor(private readonly ctx: Ctx) {}

  /** The panel of `dataset`, revealed (created in the active column's neighbour if new). */
  show(dataset: vscode.Uri): InspectorPanel {
    const existing = this.panels.get(dataset.toString());
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(
      INSPECTOR_VIEW_TYPE,
      `Diversity: ${datasetName(dataset)}`,
      vscode.ViewColumn.Beside,
      inspectorWebviewOptions(this.ctx.extensionUri),
    );
    return this.adopt(panel, dataset);
  }

  /** Wraps a panel VS Code restored after a reload (see panelSerializer.ts). */
  adopt(panel: vscode.WebviewPanel, dataset: vscode.Uri): InspectorPanel {
    const p = new InspectorPanel(panel, dataset, this.ctx, {
      onRunningChanged: () => this.updateRunningContext(),
      onDisposed: (d) => {
        if (this.panels.get(d.dataset.toString()) === d) this.panels.delete(d.dataset.toString());
        this.updateRunningContext();
        this.ctx.reports.prune(); // its report may no longer be in use (reportStore.ts)
      },
    });
    this.panels.set(dataset.toString(), p);
    return p;
  }

  /** Whether a panel of the dataset `datasetKey` (URI string) is open (the report store keeps its marks). */
  isOpen(datasetKey: string): boolean {
    return this.panels.has(datasetKey);
  }

  /** Whether an analysis of the dataset `datasetKey` (URI string) runs. */
  isRunning(datasetKey: string): boolean {
    return this.panels.get(datasetKey)?.running ?? false;
  }

  /** Cancels every running analysis; returns how many were running. */
  cancelAll(): number {
    let n = 0;
    for (const p of this.panels.values()) {
      if (p.running) n++;
      p.cancel();
    }
    return n;
  }

  dispose(): void {
    for (const p of [...this.panels.values()]) p.panel.dispose();
    this.panels.clear();
    this.runningChanged.dispose();
  }

  private updateRunningContext(): void {
    const running = [...this.panels.values()].some((p) => p.running);
    void vscode.commands.executeCommand('setContext', 'diversityLens.analysisRunning', running);
    this.runningChanged.fire();
  }
}
