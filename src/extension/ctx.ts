/**
 * The extension's one context (after rust-analyzer's `Ctx`): everything with state that lives as long as the
 * extension — the analysis runner, the diagnostics, the panel choices, the report store, the open panels (live and saved reports) — is
 * created here, once, by `activate()` (extension.ts), and handed explicitly to whoever needs it (constructor or
 * function parameter); no module of src/extension keeps mutable state of its own. The context owns what it
 * creates and what `activate()` registers with it (commands, serializer, highlights): disposing it (VS Code does,
 * through `context.subscriptions`) releases all of it, newest first (disposable.ts).
 */
import * as vscode from 'vscode';
import { analysisLaunch } from './analysis/analysisEndpoint.ts';
import { AnalysisRunner } from './analysis/analysisRunner.ts';
import { AnalysisDiagnostics } from './analysis/diagnostics.ts';
import { Disposable, type IDisposable } from './disposable.ts';
import { ReportStore } from './editor/reportStore.ts';
import { InspectorPanels } from './panel/inspectorPanel.ts';
import { PanelOptions } from './panel/panelOptions.ts';
import { ReportPanels } from './panel/reportPanel.ts';
import { CompareController } from './compare/compareController.ts';

/** The extension's state and services (see the file comment). */
export class Ctx extends Disposable {
  /** Root of the installed extension (dist/ bundles, media/, samples/). */
  readonly extensionUri: vscode.Uri;
  /** The extension's own writable folder (the Get Started walkthrough copies the sample dataset there). */
  readonly globalStorageUri: vscode.Uri;
  /** Starts analyses (dist/worker.js), in a child process with glibc's malloc tuned where it can (analysisEndpoint.ts). */
  readonly runner: AnalysisRunner;
  /** Event-loop delay of the analyses, for "Show Analysis Diagnostics". */
  readonly diagnostics: AnalysisDiagnostics;
  /** Per-dataset panel choices and the workspace's reference dataset (workspace state). */
  readonly options: PanelOptions;
  /** The last full report of each dataset, for the editor features. */
  readonly reports: ReportStore;
  /** The open inspector panels, one per dataset. */
  readonly panels: InspectorPanels;
  /** The open saved-report panels (Open Report…), one per report file. */
  readonly reportPanels: ReportPanels;
  /** Compare Datasets…: its worker runner and the Compare view. */
  readonly compare: CompareController;

  constructor(extension: vscode.ExtensionContext) {
    super();
    this.extensionUri = extension.extensionUri;
    this.globalStorageUri = extension.globalStorageUri;
    const dist = (name: string) => vscode.Uri.joinPath(extension.extensionUri, 'dist', name).fsPath;
    this.runner = this._register(
      new AnalysisRunner(dist('worker.js'), undefined, analysisLaunch(dist('analysisProcess.js'))),
    );
    this.diagnostics = this._register(new AnalysisDiagnostics(this.runner.launch.kind));
    this.options = this._register(new PanelOptions(extension.workspaceState));
    this.reports = this._register(new ReportStore((key) => this.panels.isOpen(key)));
    this.panels = this._register(new InspectorPanels(this));
    this.reportPanels = this._register(new ReportPanels(this));
    this.compare = this._register(new CompareController(this));
  }

  /** Ties `d` to the extension's lifetime (what activate() creates: commands, serializer, highlights). */
  register<T extends IDisposable>(d: T): T {
    return this._register(d);
  }
}
