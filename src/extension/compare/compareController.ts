/**
 * Compare Datasets… (issue #17): the command's inputs (the explorer's multi-selection, or an open dialog for several
 * files), the run (a compare worker through CompareRunner, under a progress notification whose Cancel terminates the
 * worker) and the Compare view (one webview panel, reused by the next comparison: its own page from webviewPage.ts —
 * nonce CSP, only dist/ loadable — rendered by dist/compareWebview.js). Messages from the view are checked with
 * isCompareWebviewMessage; the view names datasets by index only. Order: sorted by path (compareInputs.ts); the view
 * reorders and picks the baseline, which compares again (the report cache makes that quick).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.ts';
import type { CompareProgress } from '../../core/compare/compareDatasets.ts';
import { Disposable } from '../disposable.ts';
import { analysisOptionsFor } from '../analysis/analysisSettings.ts';
import { WEBVIEW_ASSET_DIR, webviewPage } from '../panel/webviewPage.ts';
import { inspectorWebviewOptions } from '../panel/panelHtml.ts';
import {
  isCompareWebviewMessage,
  type CompareHostMessage,
  type CompareViewState,
} from '../../protocol/comparePanelProtocol.ts';
import { COMPARE_MAX_DATASETS } from '../../protocol/compareWorkerProtocol.ts';
import {
  CompareCancelledError,
  CompareRunner,
  type CompareHandle,
  type CompareResult,
} from './compareRunner.ts';
import { compareLabels, compareOrder } from './compareInputs.ts';

/** The Compare view's webview type and bundle. */
export const COMPARE_VIEW_TYPE = 'diversityLens.compare';
export const COMPARE_SCRIPT = 'compareWebview.js';
/** The Compare view's tab title (what tests look for). */
export const COMPARE_TITLE = 'Compare Datasets';

const PHASE_TEXT: Record<string, string> = {
  cached: 'from the cache',
  analyzing: 'analysing',
  counting: 'counting',
  comparing: 'comparing',
  done: 'analysed',
};

/** The comparison runner and the Compare view; created once by Ctx. */
export class CompareController extends Disposable {
  private readonly runner: CompareRunner;
  private panel: vscode.WebviewPanel | undefined;
  private state: CompareViewState | null = null;
  private folders: boolean[] = [];
  /** Bumped by every run: only the latest one updates the view. */
  private runs = 0;
  /** The running comparison, cancelled when another starts (else superseded workers would keep analysing). */
  private current: CompareHandle | null = null;

  constructor(private readonly ctx: Ctx) {
    super();
    this.runner = this._register(
      new CompareRunner(vscode.Uri.joinPath(ctx.extensionUri, 'dist', 'compareWorker.js').fsPath),
    );
    this._register({ dispose: () => this.panel?.dispose() });
    this._register({ dispose: () => void this.current?.cancel() });
  }

  /**
   * Why: the command's entry. `arg` / `selected`: what the explorer passes (the clicked item and the whole selection);
   * without two or more of them, an open dialog for several files. Resolves with the result (tests), or undefined.
   */
  async command(arg: unknown, selected: unknown): Promise<CompareResult | undefined> {
    let uris = Array.isArray(selected) ? selected.filter((u) => u instanceof vscode.Uri) : [];
    if (uris.length < 2 && arg instanceof vscode.Uri) uris = [arg, ...uris.filter((u) => u !== arg)];
    if (uris.length < 2) {
      const picked = await vscode.window.showOpenDialog({
        canSelectMany: true,
        openLabel: 'Compare',
        title:
          'Compare datasets: pick two or more dataset files (compared sorted by path; reorder in the view)',
        filters: { Datasets: ['jsonl', 'ndjson', 'json', 'gz', 'zst', 'parquet'], 'All files': ['*'] },
      });
      if (!picked) return undefined;
      uris = picked;
    }
    const foreign = uris.find((u) => u.scheme !== 'file');
    if (foreign) {
      void vscode.window.showErrorMessage(
        `Diversity Lens: "${foreign.toString(true)}" is not a local file; only datasets on disk can be compared.`,
      );
      return undefined;
    }
    const paths = compareOrder(uris.map((u) => u.fsPath));
    if (paths.length < 2 || paths.length > COMPARE_MAX_DATASETS) {
      void vscode.window.showErrorMessage(
        `Diversity Lens: compare needs 2 to ${COMPARE_MAX_DATASETS} datasets; ${paths.length} ${paths.length === 1 ? 'was' : 'were'} given.`,
      );
      return undefined;
    }
    const folders = await Promise.all(paths.map((p) => isFolder(vscode.Uri.file(p))));
    return this.run(paths, folders, 0);
  }

  /** Compares `paths` in this order with baseline `baseline`, showing the view; undefined when cancelled or failed. */
  private async run(
    paths: string[],
    folders: boolean[],
    baseline: number,
  ): Promise<CompareResult | undefined> {
    const run = ++this.runs;
    // one comparison at a time: a new one (another selection, another order) stops the one still running
    await this.current?.cancel();
    this.folders = folders;
    const labels = compareLabels(paths);
    this.setState({
      status: 'running',
      inputs: paths.map((p, i) => ({ path: p, label: labels[i], folder: folders[i] })),
      baseline,
      report: null,
      projection: null,
      error: null,
    });
    this.showPanel();
    // the settings of the first dataset (a comparison is analysed with one set of options); no reference: the
    // baseline is the comparison's reference
    const { reference: _r, ...options } = analysisOptionsFor(vscode.Uri.file(paths[0]));
    void _r;
    let sink: ((p: CompareProgress) => void) | null = null;
    const handle = this.runner.start(
      { inputs: paths, baseline, options, cacheDir: this.ctx.globalStorageUri.fsPath, projection: true },
      (p) => sink?.(p),
    );
    this.current = handle;
    const done = new Set<number>();
    try {
      const result = await vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title: `Diversity Lens: comparing ${paths.length} datasets`,
          cancellable: true,
        },
        async (progress, token) => {
          token.onCancellationRequested(() => void handle.cancel());
          sink = (p) => {
            if (p.phase === 'done' || p.phase === 'cached') done.add(p.dataset);
            const share = p.totalBytes > 0 ? Math.round((100 * p.bytesRead) / p.totalBytes) : null;
            progress.report({
              message: `${done.size}/${paths.length} analysed — ${labels[p.dataset]}: ${PHASE_TEXT[p.phase] ?? p.phase}${share !== null && p.phase !== 'done' && p.phase !== 'cached' ? ` ${share}%` : ''}`,
            });
          };
          return handle.result;
        },
      );
      if (run === this.runs && this.state) this.setState({ ...this.state, status: 'done', ...result });
      return result;
    } catch (err) {
      if (run !== this.runs || !this.state) return undefined;
      const cancelled = err instanceof CompareCancelledError;
      const message = cancelled ? 'cancelled' : err instanceof Error ? err.message : String(err);
      this.setState({ ...this.state, status: 'failed', error: message });
      if (!cancelled)
        void vscode.window.showErrorMessage(`Diversity Lens: the comparison failed: ${message}`);
      return undefined;
    } finally {
      sink = null;
      if (this.current === handle) this.current = null;
    }
  }

  private setState(state: CompareViewState): void {
    this.state = state;
    this.post({ type: 'compareState', state });
  }

  private post(m: CompareHostMessage): void {
    void this.panel?.webview.postMessage(m);
  }

  private showPanel(): void {
    if (this.panel) {
      this.panel.reveal(undefined, true);
      return;
    }
    const dist = vscode.Uri.joinPath(this.ctx.extensionUri, WEBVIEW_ASSET_DIR);
    const panel = vscode.window.createWebviewPanel(
      COMPARE_VIEW_TYPE,
      COMPARE_TITLE,
      { viewColumn: vscode.ViewColumn.Active, preserveFocus: false },
      inspectorWebviewOptions(this.ctx.extensionUri),
    );
    const script = panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, COMPARE_SCRIPT));
    panel.webview.html = webviewPage(script.toString(), COMPARE_TITLE);
    panel.webview.onDidReceiveMessage((m: unknown) => void this.onMessage(m));
    panel.onDidDispose(() => {
      if (this.panel === panel) this.panel = undefined;
    });
    this.panel = panel;
  }

  /** Every message from the view is checked first; indices are checked against the datasets held here. */
  private async onMessage(m: unknown): Promise<void> {
    if (!isCompareWebviewMessage(m) || !this.state) return;
    const inputs = this.state.inputs;
    switch (m.type) {
      case 'ready':
        this.post({ type: 'compareState', state: this.state });
        return;
      case 'openDataset': {
        const input = inputs[m.index];
        if (!input) return;
        await vscode.commands.executeCommand(
          input.folder ? 'diversityLens.inspectFolder' : 'diversityLens.inspect',
          vscode.Uri.file(input.path),
        );
        return;
      }
      case 'recompare': {
        if (m.order.length !== inputs.length || this.state.status === 'running') return;
        await this.run(
          m.order.map((i) => inputs[i].path),
          m.order.map((i) => this.folders[i] ?? inputs[i].folder),
          m.baseline,
        );
        return;
      }
    }
  }
}

/** Whether `uri` is a folder on disk. */
async function isFolder(uri: vscode.Uri): Promise<boolean> {
  try {
    return (await vscode.workspace.fs.stat(uri)).type & vscode.FileType.Directory ? true : false;
  } catch {
    return false;
  }
}
