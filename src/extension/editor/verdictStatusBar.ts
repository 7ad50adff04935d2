/**
 * The verdict status-bar item: the verdict of the active dataset's last report ("$(pulse) watch", reasons in the
 * tooltip); clicking it opens the inspector panel (command diversityLens.showPanel). It follows the active editor
 * (or tab, for .gz files), the reports as they are recorded and the analyses as they start and end; it is hidden
 * for files that are not datasets. The rule of what to show is verdictStatus.ts (unit-tested without VS Code).
 * Created once by activate() with the extension's context (ctx.ts).
 */
import * as vscode from 'vscode';
import type { Ctx } from '../ctx.ts';
import { Disposable } from '../disposable.ts';
import type { CommandId } from '../commandIds.ts';
import { verdictStatusView } from './verdictStatus.ts';
import { activeFile, DATASET_NAME } from './activeFile.ts';

const SHOW_PANEL: CommandId = 'diversityLens.showPanel';

/** The status-bar item and its listeners (see the file comment). */
export class VerdictStatusBar extends Disposable {
  private readonly item: vscode.StatusBarItem;
  /** The dataset the item shows (kept while an inspector panel is focused, which has no text editor). */
  private dataset: vscode.Uri | null = null;

  constructor(private readonly ctx: Pick<Ctx, 'reports' | 'panels'>) {
    super();
    this.item = this._register(
      vscode.window.createStatusBarItem('diversityLens.verdict', vscode.StatusBarAlignment.Left, 50),
    );
    this.item.name = 'Diversity Lens Verdict';
    this.item.command = SHOW_PANEL;
    this._register(vscode.window.onDidChangeActiveTextEditor(() => this.update()));
    this._register(vscode.window.tabGroups.onDidChangeTabs(() => this.update()));
    this._register(ctx.reports.onDidChange(() => this.update()));
    this._register(ctx.panels.onDidChangeRunning(() => this.update()));
    this.update();
  }

  /** The dataset the item is about (the status-bar click opens its panel). */
  get shownDataset(): vscode.Uri | null {
    return this.dataset;
  }

  private update(): void {
    if (this.disposed) return;
    const active = activeFile() ?? null;
    // a focused webview (e.g. the inspector itself) has no file: keep showing the dataset it belongs to
    const webviewActive =
      vscode.window.tabGroups.activeTabGroup.activeTab?.input instanceof vscode.TabInputWebview;
    if (active || !webviewActive) this.dataset = active;
    const uri = this.dataset;
    const name = uri ? uri.path.slice(uri.path.lastIndexOf('/') + 1) : null;
    const view = verdictStatusView({
      fileName: name,
      isDataset: uri !== null && uri.scheme === 'file' && DATASET_NAME.test(uri.path),
      report: uri ? this.ctx.reports.get(uri)?.report : undefined,
      running: uri ? this.ctx.panels.isRunning(uri.toString()) : false,
    });
    if (!view.visible) return this.item.hide();
    this.item.text = view.text;
    this.item.tooltip = view.tooltip;
    this.item.command = { command: SHOW_PANEL, title: 'Open the inspector panel', arguments: [uri] };
    this.item.show();
  }
}
