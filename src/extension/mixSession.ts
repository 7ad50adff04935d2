/**
 * The Mix & Correct view's host side, one per inspector panel: picks the reference (by default the panel's
 * analysis reference, else the `diversityLens.referencePath` setting; or the open dialog), builds the mix model in its own long-lived worker
 * (MixWorkerClient), relays previews, and writes the corrected file (save dialog, progress notification
 * with Cancel, never onto an input — writeMix refuses — then measured by the real analysis). Writing
 * needs a trusted workspace. Every message it gets has passed isMixWebviewMessage; it never runs a command
 * the webview names (the only command it runs is Inspect, on the file it has just written).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../core/report/reportTypes.ts';
import type { MixSettings } from '../core/mix/mixTypes.ts';
import type { MixHostToWebview, MixPanelState, MixWebviewToHost } from '../protocol/mixProtocol.ts';
import { MixWorkerClient, MixWriteCancelledError } from './mixWorkerClient.ts';
import { configuredMixReference, defaultMixOutput, mixModelOptionsFor } from './mixSettings.ts';

export interface MixSessionHost {
  extensionUri: vscode.Uri;
  dataset: vscode.Uri;
  /** The panel's last analysis report (slice candidates for the cap field picker). */
  report(): AnalysisReport | null;
  /** The reference (absolute path) the panel's current analysis runs or ran with, or null without one. */
  analysisReference(): string | null;
  post(m: MixHostToWebview): void;
}

const PHASE_SHARE = { dataset: [0, 60], reference: [60, 95], indexing: [95, 100] } as const;

/** Host controller of one panel's Mix view. */
export class MixSession implements vscode.Disposable {
  private client: MixWorkerClient | null = null;
  private state: MixPanelState;
  private readonly disposables: vscode.Disposable[] = [];
  private writing = false;
  /** True once the user chose a reference in the Mix view itself: it then no longer follows the analysis'. */
  private referenceChosen = false;
  /** True once the webview opened the Mix view (before that, state changes are sent on open). */
  private opened = false;

  constructor(private readonly host: MixSessionHost) {
    this.state = {
      referencePath: this.defaultReference(),
      trusted: vscode.workspace.isTrusted,
      model: 'none',
      buildProgress: null,
      info: null,
      error: null,
      write: { status: 'idle', path: null, rows: null, error: null, projected: null, measured: null },
    };
    this.disposables.push(vscode.workspace.onDidGrantWorkspaceTrust(() => this.setState({ trusted: true })));
  }

  async handle(m: MixWebviewToHost): Promise<void> {
    switch (m.type) {
      case 'mixOpen':
        this.opened = true;
        if (this.followsAnalysis()) this.state.referencePath = this.defaultReference();
        this.postState();
        return;
      case 'mixPickReference':
        return this.pickReference();
      case 'mixAnalyse':
        return this.build();
      case 'mixPreview':
        if (this.state.model !== 'ready' || !this.client) {
          this.host.post({ type: 'mixPreviewFailed', requestId: m.requestId, message: 'analyse the inputs first' });
          return;
        }
        this.client.preview(m.requestId, m.settings, m.generations);
        return;
      case 'mixWrite':
        return this.write(m.settings);
      case 'mixOpenWritten':
        if (this.state.write.status === 'done' && this.state.write.path) await vscode.commands.executeCommand('diversityLens.inspect', vscode.Uri.file(this.state.write.path));
        return;
    }
  }

  /**
   * Called when the panel's analysis (and so perhaps its reference) changed: a Mix view with no model yet
   * and no reference chosen in it follows the new analysis reference.
   */
  analysisChanged(): void {
    if (!this.followsAnalysis()) return;
    const ref = this.defaultReference();
    if (ref === this.state.referencePath) return;
    this.state = { ...this.state, referencePath: ref, error: null };
    if (this.opened) this.postState();
  }

  /**
   * The reference the Mix view starts with: the panel's analysis reference (Compare with Reference, the
   * Overview's Reference picker, or the setting the analysis used), else the `diversityLens.referencePath`
   * setting, else none (the view then offers "Choose reference…"). Paths only come from host state.
   */
  private defaultReference(): string | null {
    return this.host.analysisReference() ?? configuredMixReference(this.host.dataset);
  }

  /** The reference still follows the analysis: not chosen in the Mix view, no model built or building on it. */
  private followsAnalysis(): boolean {
    return !this.referenceChosen && (this.state.model === 'none' || this.state.model === 'failed');
  }

  dispose(): void {
    this.client?.dispose();
    this.client = null;
    while (this.disposables.length) this.disposables.pop()?.dispose();
  }

  private async pickReference(): Promise<void> {
    const current = this.state.referencePath;
    const picked = await vscode.window.showOpenDialog({
      canSelectMany: false,
      openLabel: 'Use as reference',
      title: 'Reference (real) dataset for the mix',
      defaultUri: current ? vscode.Uri.file(path.dirname(current)) : vscode.Uri.file(path.dirname(this.host.dataset.fsPath)),
      filters: { 'JSON Lines': ['jsonl', 'gz'] },
    });
    const uri = picked?.[0];
    if (!uri) return;
    if (uri.scheme !== 'file') {
      void vscode.window.showErrorMessage('Diversity Lens: the reference must be a local file.');
      return;
    }
    this.referenceChosen = true;
    this.setState({ referencePath: uri.fsPath, model: 'none', info: null, error: null });
    await this.build();
  }

  private async build(): Promise<void> {
    const ref = this.state.referencePath;
    if (!ref) {
      this.setState({ error: 'Choose a reference (real) dataset first.' });
      return;
    }
    this.client?.dispose();
    const client = new MixWorkerClient(vscode.Uri.joinPath(this.host.extensionUri, 'dist', 'mixWorker.js').fsPath, (part) => this.relayPreview(client, part));
    this.client = client;
    this.setState({ model: 'building', buildProgress: { phase: 'dataset', percent: 0 }, info: null, error: null });
    const slicePaths = (this.host.report()?.sliceCandidates ?? []).map((c) => c.field);
    try {
      const info = await client.build(this.host.dataset.fsPath, ref, mixModelOptionsFor(this.host.dataset, slicePaths), (p) => {
        const [lo, hi] = PHASE_SHARE[p.phase];
        const frac = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
        if (this.client === client) this.setState({ buildProgress: { phase: p.phase, percent: Math.floor(lo + (hi - lo) * frac) } });
      });
      if (this.client !== client) return;
      this.setState({ model: 'ready', buildProgress: null, info: { ...info, referenceName: path.basename(ref) } });
    } catch (err) {
      if (this.client !== client) return;
      this.setState({ model: 'failed', buildProgress: null, error: err instanceof Error ? err.message : String(err) });
    }
  }

  private relayPreview(client: MixWorkerClient, part: Parameters<ConstructorParameters<typeof MixWorkerClient>[1]>[0]): void {
    if (this.client !== client) return;
    switch (part.type) {
      case 'projection':
        this.host.post({ type: 'mixProjection', requestId: part.requestId, projection: part.projection });
        return;
      case 'sweep':
        this.host.post({ type: 'mixSweep', requestId: part.requestId, sweep: part.sweep, elapsedMs: part.elapsedMs });
        return;
      case 'generations':
        this.host.post({ type: 'mixGenerations', requestId: part.requestId, generations: part.generations, bigram: part.bigram, elapsedMs: part.elapsedMs });
        return;
      case 'previewFailed':
        this.host.post({ type: 'mixPreviewFailed', requestId: part.requestId, message: part.message });
        return;
    }
  }

  private async write(settings: MixSettings): Promise<void> {
    if (!vscode.workspace.isTrusted) {
      void vscode.window.showWarningMessage('Diversity Lens: writing a corrected dataset needs a trusted workspace.');
      return;
    }
    const client = this.client;
    if (this.writing || !client || this.state.model !== 'ready') return;
    const target = await vscode.window.showSaveDialog({
      defaultUri: vscode.Uri.file(defaultMixOutput(this.host.dataset.fsPath)),
      saveLabel: 'Write mix',
      title: 'Write the corrected dataset',
      filters: { 'JSON Lines': ['jsonl'] },
    });
    if (!target) return;
    if (target.scheme !== 'file') {
      void vscode.window.showErrorMessage('Diversity Lens: the corrected dataset must be written to a local file.');
      return;
    }
    this.writing = true;
    const name = path.basename(target.fsPath);
    const idle = { path: target.fsPath, rows: null, error: null, projected: null, measured: null };
    this.setState({ write: { status: 'writing', ...idle } });
    try {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Notification, title: `Diversity Lens: writing ${name}`, cancellable: true },
        async (progress, token) => {
          const ac = new AbortController();
          const sub = token.onCancellationRequested(() => ac.abort());
          try {
            let shown = 0;
            const w = await client.write(settings, target.fsPath, (written, total) => {
              const pct = total > 0 ? Math.floor((100 * written) / total) : 100;
              progress.report({ increment: Math.max(0, pct - shown), message: `${written.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows` });
              shown = Math.max(shown, pct);
            }, ac.signal);
            this.setState({ write: { ...idle, status: 'measuring', path: w.path, rows: w.rows, projected: w.projected } });
            progress.report({ message: 'measuring the written file' });
            const measured = await client.measure(w.path, settings);
            this.setState({ write: { ...this.state.write, status: 'done', measured } });
          } finally {
            sub.dispose();
          }
        },
      );
    } catch (err) {
      if (err instanceof MixWriteCancelledError) this.setState({ write: { ...idle, status: 'cancelled' } });
      else {
        const message = err instanceof Error ? err.message : String(err);
        this.setState({ write: { ...this.state.write, status: 'failed', error: message } });
        void vscode.window.showErrorMessage(`Diversity Lens: ${message}`);
      }
    } finally {
      this.writing = false;
    }
  }

  private setState(patch: Partial<MixPanelState>): void {
    this.state = { ...this.state, ...patch };
    this.postState();
  }

  private postState(): void {
    this.host.post({ type: 'mixState', state: { ...this.state, trusted: vscode.workspace.isTrusted } });
  }
}
