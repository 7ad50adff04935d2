/**
 * The last full report of each dataset (by URI string), kept on the host for the editor features that
 * need more than the panel's capped copy: gutter highlights, hovers, Next / Previous Homogeneous
 * Sample and Export Report. The per-line marks stay here on the host; the webview never receives them. One report per dataset; a new analysis replaces it.
 * Bounded (reportCache.ts): a dataset open as a text document or in an inspector panel keeps its report and
 * line marks; once neither is open it loses its line marks and its report joins an LRU of the
 * KEEP_UNUSED_REPORTS (3) most recently recorded unused reports, older ones are dropped. The policy is applied
 * when a report is recorded, a text document closes (debounced) or a panel closes. One store lives in the
 * extension's context (ctx.ts); its emitter, listener, timer and reports go when the context is disposed.
 */
import * as vscode from 'vscode';
import { stat } from 'node:fs/promises';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import { Disposable } from '../disposable.ts';
import { ReportCache, type StoredReport } from './reportCache.ts';

export type { StoredReport } from './reportCache.ts';

/** Files up to this size get per-line marks on every analysis (VS Code opens larger files without language features). */
export const LINE_MARKS_MAX_BYTES = 50 * 1024 * 1024;

/**
 * Whether an analysis of `dataset` should ask the worker for per-line marks: always for an uncompressed
 * file ≤ 50 MB, and for a larger one when it is open as a text document (the marks are only used by text
 * editors). Never for .gz files, which cannot be opened as text. The marks cost at most ~20 MB on the host.
 */
export async function wantsLineMarks(dataset: vscode.Uri): Promise<boolean> {
  if (dataset.scheme !== 'file' || /\.gz$/i.test(dataset.path)) return false;
  if (vscode.workspace.textDocuments.some((d) => d.uri.toString() === dataset.toString())) return true;
  try {
    return (await stat(dataset.fsPath)).size <= LINE_MARKS_MAX_BYTES;
  } catch {
    return false;
  }
}

/** Delay before applying the policy after a close (batches closing many editors; a language-mode change closes and reopens a document). */
const PRUNE_DELAY_MS = 1_000;

/** The host's reports by dataset (see the file comment). */
export class ReportStore extends Disposable {
  private readonly reports: ReportCache;
  private latest: vscode.Uri | undefined;
  private readonly changed = this._register(new vscode.EventEmitter<vscode.Uri>());
  private pruneTimer: ReturnType<typeof setTimeout> | undefined;

  /** Fires with the dataset URI whenever its report is recorded. */
  readonly onDidChange = this.changed.event;

  /** `isPanelOpen` tells which datasets have an open inspector panel (they keep their marks). */
  constructor(isPanelOpen: (datasetKey: string) => boolean) {
    super();
    this.reports = new ReportCache({
      inUse: (key) =>
        isPanelOpen(key) || vscode.workspace.textDocuments.some((d) => d.uri.toString() === key),
    });
    this._register(vscode.workspace.onDidCloseTextDocument(() => this.prune()));
    this._register({
      dispose: () => {
        clearTimeout(this.pruneTimer);
        this.reports.clear();
        this.latest = undefined;
      },
    });
  }

  /** Applies the store's policy shortly (call when a dataset's panel or document closes). */
  prune(): void {
    if (this.disposed) return;
    clearTimeout(this.pruneTimer);
    this.pruneTimer = setTimeout(() => this.reports.prune(), PRUNE_DELAY_MS);
  }

  /** Records the finished report of `dataset` and, when the analysis returned them, its per-line marks (replaces the previous ones). */
  record(dataset: vscode.Uri, report: AnalysisReport, marks?: LineMarks): void {
    if (this.disposed) return;
    this.reports.record(dataset.toString(), report, marks);
    this.latest = dataset;
    this.changed.fire(dataset);
  }

  /** The last report of `dataset`, if it was analysed in this session and not evicted since (see the file comment). */
  get(dataset: vscode.Uri): StoredReport | undefined {
    return this.reports.get(dataset.toString());
  }

  /** The dataset analysed most recently (commands fall back to it when no dataset editor is active). */
  latestDataset(): vscode.Uri | undefined {
    return this.latest;
  }
}
