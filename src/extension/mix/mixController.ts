/**
 * The Mix & Correct view's host logic, one per inspector panel, without `vscode` (so it is unit-testable):
 * shows the workspace's reference (referenceChoice.ts: the one every panel uses; "Choose reference…" sets it for the
 * whole workspace through the open dialog, and a change made anywhere else reaches this view), builds the mix model in its own long-lived worker (MixWorkerClient), passes
 * previews on (the worker's parts as they are, addressed to the webview's request), and writes the corrected
 * file (save dialog, progress notification with Cancel, never onto an input — writeMix refuses — then
 * measured by the real analysis). Writing needs a trusted workspace. Every
 * message it gets has passed isMixWebviewMessage; it never runs a command the webview names (the only command
 * it runs is Inspect, on the file it has just written). While a write runs (from its save dialog to the end
 * of the measurement) the model is never rebuilt: "Analyse again" and "Choose reference…" are refused with a
 * message, whatever the webview sends. mixSession.ts injects the VS Code parts.
 */
import * as path from 'node:path';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { MixModelOptions, MixSettings } from '../../core/mix/mixTypes.ts';
import type { MixHostToWebview, MixPanelState, MixWebviewToHost } from '../../protocol/panelProtocol.ts';
import { MixWriteCancelledError, type MixWorkerClient } from './mixWorkerClient.ts';
import { defaultMixOutput } from './mixOutputName.ts';

/** The part of MixWorkerClient the controller uses (tests pass a fake). */
export type MixClient = Pick<MixWorkerClient, 'build' | 'preview' | 'write' | 'measure' | 'dispose'>;

/** What the Mix view's host logic needs from the panel and from VS Code. */
export interface MixControllerHost {
  /**
   * Local path of the panel's dataset (a folder's, a multi-selection's common folder); a report with `files` makes
   * those files the dataset.
   */
  datasetPath: string;
  /** The panel's last analysis report (slice candidates for the cap field picker). */
  report(): AnalysisReport | null;
  /** The workspace reference for the dataset (absolute path; the setting when none is chosen), or null. */
  reference(): string | null;
  /** Makes `path` the workspace reference; the panel then calls referenceChanged (as for a change made elsewhere). */
  chooseReference(path: string): Promise<void>;
  /** Model options for the dataset with these cap fields (mixSettings.mixModelOptionsFor). */
  modelOptions(slicePaths: string[]): MixModelOptions;
  post(m: MixHostToWebview): void;
  /** A new mix worker client. */
  createClient(): MixClient;
  /** Workspace trust (writing needs it). */
  isTrusted(): boolean;
  /** Open dialog for the reference: a local path, or undefined (dismissed, or not a local file — the host said so). */
  pickReference(current: string | null): Promise<string | undefined>;
  /** Save dialog for the corrected dataset: a local path, or undefined (dismissed, or not a local file — the host said so). */
  pickOutput(defaultPath: string): Promise<string | undefined>;
  /** Runs `task` behind a cancellable progress notification; `signal` aborts when the user cancels. */
  withProgress<T>(
    title: string,
    task: (report: (p: { increment?: number; message?: string }) => void, signal: AbortSignal) => Promise<T>,
  ): Promise<T>;
  showError(message: string): void;
  showWarning(message: string): void;
  /** Opens `path` in Diversity Lens (the Inspect command). */
  inspect(path: string): Promise<void>;
}

const PHASE_SHARE = { dataset: [0, 60], reference: [60, 95], indexing: [95, 100] } as const;

/** Host controller of one panel's Mix view. */
export class MixController {
  private client: MixClient | null = null;
  private state: MixPanelState;
  private writing = false;
  /** The workspace reference changed while a write ran: followed once the write has finished. */
  private referencePending = false;
  /** True once the webview opened the Mix view (before that, state changes are sent on open). */
  private opened = false;

  constructor(private readonly host: MixControllerHost) {
    this.state = {
      referencePath: host.reference(),
      trusted: host.isTrusted(),
      model: 'none',
      buildProgress: null,
      info: null,
      schema: { mode: 'dataset', map: [] },
      error: null,
      write: { status: 'idle', path: null, rows: null, error: null, projected: null, measured: null },
    };
  }

  /** Acts on one (validated) message of the Mix view. */
  async handle(m: MixWebviewToHost): Promise<void> {
    switch (m.type) {
      case 'mixOpen':
        this.opened = true;
        this.postState();
        return;
      case 'mixPickReference':
        return this.pickReference();
      case 'mixAnalyse':
        return this.build();
      case 'mixSchema':
        // the schema decides what the model reads (converted reference rows): a new choice rebuilds it
        if (this.refusedWhileWriting('change how reference rows are written')) return;
        this.setState({ schema: { mode: m.schema.mode, map: [...m.schema.map] } });
        if (this.state.referencePath) return this.build();
        return;
      case 'mixPreview': {
        const client = this.client;
        if (this.state.model !== 'ready' || !client) {
          this.host.post({
            type: 'mixPreviewFailed',
            requestId: m.requestId,
            message: 'analyse the inputs first',
          });
          return;
        }
        // the worker's parts go to the webview as they are, addressed to the webview's request (its id, not the worker's)
        client.preview(m.settings, m.generations, (part) => {
          if (this.client === client) this.host.post({ ...part, requestId: m.requestId });
        });
        return;
      }
      case 'mixWrite':
        return this.write(m.settings);
      case 'mixOpenWritten':
        if (this.state.write.status === 'done' && this.state.write.path)
          await this.host.inspect(this.state.write.path);
        return;
    }
  }

  /** The workspace became trusted: writing is allowed from now on. */
  trustGranted(): void {
    this.setState({ trusted: true });
  }

  /**
   * The workspace reference changed (set in this view, elsewhere, or the setting): the view shows the new one. A
   * model built (or building) on another reference is dropped — its preview would describe the old reference —
   * and the view offers to analyse again. While a write runs nothing is replaced: the change is followed once the
   * write has finished. Paths only come from host state.
   */
  referenceChanged(): void {
    if (this.writing) {
      this.referencePending = true;
      return;
    }
    const ref = this.host.reference();
    if (ref === this.state.referencePath) return;
    if (this.state.model === 'ready' || this.state.model === 'building') {
      this.client?.dispose();
      this.client = null;
      this.state = { ...this.state, model: 'none', buildProgress: null, info: null };
    }
    this.state = { ...this.state, referencePath: ref, error: null };
    if (this.opened) this.postState();
  }

  /** Terminates the mix worker (the panel closed). */
  dispose(): void {
    this.client?.dispose();
    this.client = null;
  }

  private async pickReference(): Promise<void> {
    if (this.refusedWhileWriting('choose another reference')) return;
    const picked = await this.host.pickReference(this.state.referencePath);
    if (!picked || this.refusedWhileWriting('choose the reference again')) return; // (a write may have started while the dialog was open)
    await this.host.chooseReference(picked); // the workspace's reference from now on: every panel follows
    if (this.refusedWhileWriting('choose the reference again')) return;
    this.referenceChanged();
    this.setState({ referencePath: picked, error: null });
    await this.build();
  }

  private async build(): Promise<void> {
    if (this.refusedWhileWriting('analyse the inputs again')) return;
    const ref = this.state.referencePath;
    if (!ref) {
      this.setState({ error: 'Choose a reference (real) dataset first.' });
      return;
    }
    this.client?.dispose();
    const client = this.host.createClient();
    this.client = client;
    this.setState({
      model: 'building',
      buildProgress: { phase: 'dataset', percent: 0 },
      info: null,
      error: null,
    });
    const slicePaths = (this.host.report()?.sliceCandidates ?? []).map((c) => c.field);
    try {
      const schema = this.state.schema;
      const options = {
        ...this.host.modelOptions(slicePaths),
        referenceSchema: schema.mode,
        map: schema.mode === 'dataset' ? schema.map : [],
      };
      // a folder or a multi-selection: the files its analysis read, in that order (the report's `files`), are the
      // mix's dataset, so the Mix numbers rows as the panel does
      const files = this.host.report()?.files?.map((f) => f.path);
      const dataset = files ? { label: this.host.datasetPath, files } : this.host.datasetPath;
      const info = await client.build(dataset, ref, options, (p) => {
        const [lo, hi] = PHASE_SHARE[p.phase];
        const frac = p.totalBytes > 0 ? Math.min(1, p.bytesRead / p.totalBytes) : 0;
        if (this.client === client)
          this.setState({ buildProgress: { phase: p.phase, percent: Math.floor(lo + (hi - lo) * frac) } });
      });
      if (this.client !== client) return;
      this.setState({
        model: 'ready',
        buildProgress: null,
        info: { ...info, referenceName: path.basename(ref) },
      });
    } catch (err) {
      if (this.client !== client) return;
      this.setState({
        model: 'failed',
        buildProgress: null,
        error: err instanceof Error ? err.message : String(err),
      });
    }
  }

  private async write(settings: MixSettings): Promise<void> {
    if (!this.host.isTrusted()) {
      this.host.showWarning('Diversity Lens: writing a corrected dataset needs a trusted workspace.');
      return;
    }
    const client = this.client;
    if (this.writing || !client || this.state.model !== 'ready') return;
    // from the save dialog on, nothing may replace the worker the write runs in (see refusedWhileWriting)
    this.writing = true;
    try {
      const target = await this.host.pickOutput(defaultMixOutput(this.host.datasetPath));
      if (!target) return;
      const name = path.basename(target);
      const idle = { path: target, rows: null, error: null, projected: null, measured: null };
      this.setState({ write: { status: 'writing', ...idle } });
      try {
        await this.host.withProgress(`Diversity Lens: writing ${name}`, async (report, signal) => {
          let shown = 0;
          const w = await client.write(
            settings,
            target,
            (written, total) => {
              const pct = total > 0 ? Math.floor((100 * written) / total) : 100;
              report({
                increment: Math.max(0, pct - shown),
                message: `${written.toLocaleString('en-US')} of ${total.toLocaleString('en-US')} rows`,
              });
              shown = Math.max(shown, pct);
            },
            signal,
          );
          this.setState({
            write: { ...idle, status: 'measuring', path: w.path, rows: w.rows, projected: w.projected },
          });
          report({ message: 'measuring the written file' });
          const measured = await client.measure(w.path, settings);
          this.setState({ write: { ...this.state.write, status: 'done', measured } });
        });
      } catch (err) {
        if (err instanceof MixWriteCancelledError) this.setState({ write: { ...idle, status: 'cancelled' } });
        else {
          const message = err instanceof Error ? err.message : String(err);
          this.setState({ write: { ...this.state.write, status: 'failed', error: message } });
          this.host.showError(`Diversity Lens: ${message}`);
        }
      }
    } finally {
      this.writing = false;
      if (this.referencePending) {
        this.referencePending = false;
        this.referenceChanged();
      }
    }
  }

  /**
   * True (and the user is told) while a write runs or its save dialog is open: rebuilding the model would
   * dispose the worker the write runs in and fail it. The webview disables the buttons too, but the host
   * does not rely on that.
   */
  private refusedWhileWriting(what: string): boolean {
    if (!this.writing) return false;
    this.host.showWarning(
      `Diversity Lens: the corrected dataset is being written; ${what} once the write has finished.`,
    );
    return true;
  }

  private setState(patch: Partial<MixPanelState>): void {
    this.state = { ...this.state, ...patch };
    this.postState();
  }

  private postState(): void {
    this.host.post({ type: 'mixState', state: { ...this.state, trusted: this.host.isTrusted() } });
  }
}
