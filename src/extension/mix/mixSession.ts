/**
 * The Mix & Correct view's host side, one per inspector panel: thin VS Code glue around MixController
 * (mixController.ts, which holds the logic and has no `vscode` import). It supplies the dialogs (open dialog
 * for the reference, save dialog for the corrected file; local files only), the progress notification with
 * Cancel, the messages, workspace trust, the settings and the Inspect command, and creates the mix worker
 * client (dist/mixWorker.js).
 */
import * as path from 'node:path';
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { MixHostToWebview, MixWebviewToHost } from '../../protocol/panelProtocol.ts';
import { MixWorkerClient } from './mixWorkerClient.ts';
import { mixModelOptionsFor } from './mixSettings.ts';
import { MixController } from './mixController.ts';
import { Disposable } from '../disposable.ts';
import { pickReferenceFile } from '../panel/panelOptions.ts';

export interface MixSessionHost {
  extensionUri: vscode.Uri;
  dataset: vscode.Uri;
  /** The panel's last analysis report (slice candidates for the cap field picker). */
  report(): AnalysisReport | null;
  /** The workspace reference for the panel's dataset (absolute path), or null without one. */
  reference(): string | null;
  /** Makes `path` the workspace reference (every open panel follows; this one's Mix view through referenceChanged). */
  chooseReference(path: string): Promise<void>;
  post(m: MixHostToWebview): void;
}

/** Host side of one panel's Mix view (VS Code parts; the logic is MixController's). */
export class MixSession extends Disposable {
  private readonly controller: MixController;

  constructor(host: MixSessionHost) {
    super();
    const { dataset } = host;
    const workerScript = vscode.Uri.joinPath(host.extensionUri, 'dist', 'mixWorker.js').fsPath;
    this.controller = this._register(
      new MixController({
        datasetPath: dataset.fsPath,
        report: () => host.report(),
        reference: () => host.reference(),
        chooseReference: (p) => host.chooseReference(p),
        modelOptions: (slicePaths) => mixModelOptionsFor(dataset, slicePaths),
        post: (m) => host.post(m),
        createClient: () => new MixWorkerClient(workerScript),
        isTrusted: () => vscode.workspace.isTrusted,
        pickReference: async (current) => {
          const picked = await pickReferenceFile(dataset, {
            openLabel: 'Use as reference',
            title: 'Reference (real) dataset of this workspace (the mix and every analysis)',
            defaultUri: vscode.Uri.file(path.dirname(current || dataset.fsPath)),
            filters: { 'JSON Lines': ['jsonl', 'gz'] },
          });
          return picked?.fsPath;
        },
        pickOutput: async (defaultPath) => {
          const target = await vscode.window.showSaveDialog({
            defaultUri: vscode.Uri.file(defaultPath),
            saveLabel: 'Write mix',
            title: 'Write the corrected dataset',
            filters: { 'JSON Lines': ['jsonl'] },
          });
          if (!target) return undefined;
          if (target.scheme !== 'file') {
            void vscode.window.showErrorMessage(
              'Diversity Lens: the corrected dataset must be written to a local file.',
            );
            return undefined;
          }
          return target.fsPath;
        },
        withProgress: (title, task) =>
          Promise.resolve(
            vscode.window.withProgress(
              { location: vscode.ProgressLocation.Notification, title, cancellable: true },
              async (progress, token) => {
                const ac = new AbortController();
                const sub = token.onCancellationRequested(() => ac.abort());
                try {
                  return await task((p) => progress.report(p), ac.signal);
                } finally {
                  sub.dispose();
                }
              },
            ),
          ),
        showError: (message) => void vscode.window.showErrorMessage(message),
        showWarning: (message) => void vscode.window.showWarningMessage(message),
        inspect: async (p) => {
          await vscode.commands.executeCommand('diversityLens.inspect', vscode.Uri.file(p));
        },
      }),
    );
    this._register(vscode.workspace.onDidGrantWorkspaceTrust(() => this.controller.trustGranted()));
  }

  /** Acts on one Mix message (already validated by isMixWebviewMessage). */
  handle(m: MixWebviewToHost): Promise<void> {
    return this.controller.handle(m);
  }

  /** The workspace reference changed (the Mix view follows it). */
  referenceChanged(): void {
    this.controller.referenceChanged();
  }
}
