/**
 * The analysis lifecycle of one inspector panel, without `vscode` (so it is unit-testable): starting a run,
 * replacing a run in progress, cancelling, and telling the panel what to show. The panel (inspectorPanel.ts)
 * injects the steps that need VS Code: the setup before a run (whether to ask for line marks), the run itself
 * (analyzeWithProgress) and the state updates.
 */
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import type { LostTypesIndex } from '../../core/tails/lostTypes.ts';
import type { AnalyzeProgress } from '../../core/pipeline/analyzeOptions.ts';
import type { PartialReport } from '../../protocol/analysisWorkerProtocol.ts';
import { AnalysisCancelledError, type AnalysisHandle } from '../analysis/analysisRunner.ts';

/** What a panel's analysis needs from the panel and from VS Code. */
export interface PanelAnalysisHost {
  /** Setup before a run: whether to ask the worker for per-line marks (reportStore.wantsLineMarks). */
  wantsLineMarks(): Promise<boolean>;
  /**
   * Starts the run (analyzeWithProgress): `onStart` gets the handle once the worker runs; settles with the
   * report or rejects (AnalysisCancelledError when cancelled).
   */
  start(
    onStart: (h: AnalysisHandle) => void,
    onProgress: (p: AnalyzeProgress) => void,
    onPartial: (p: PartialReport) => void,
    onLineMarks: ((m: LineMarks) => void) | undefined,
    onLostTypes?: (index: LostTypesIndex) => void,
  ): Promise<AnalysisReport>;
  /** The run of request `requestId` started: show it as running. */
  started(requestId: number): void;
  /** Progress and partial counts of the current run, with its request id (forwarded to the webview as the worker's messages). */
  progress(requestId: number, p: AnalyzeProgress): void;
  partial(requestId: number, p: PartialReport): void;
  /**
   * The current run finished: record and show the report (marks when the run returned them; every lost tail
   * type when it had a reference).
   */
  done(report: AnalysisReport, marks: LineMarks | undefined, lost?: LostTypesIndex): void;
  /** The current run was cancelled. */
  cancelled(): void;
  /** The current run failed with `message`. */
  failed(message: string): void;
  /** `running` may have changed (the "analysis running" context key). */
  runningChanged(): void;
}

/**
 * The analysis of one panel. At most one analysis per panel ever runs: each request takes a new generation
 * and supersedes every earlier one — a running worker is cancelled at once, a request still in its setup
 * awaits never starts one, and a worker that comes up for a superseded request is cancelled as it starts.
 * Only the current generation updates the panel.
 */
export class PanelAnalysis {
  /** Incremented by every request (and by Cancel during a setup): a run acts only while it holds the latest. */
  private generation = 0;
  private current: AnalysisHandle | undefined;

  constructor(private readonly host: PanelAnalysisHost) {}

  /** True while an analysis of this panel runs. */
  get running(): boolean {
    return this.current !== undefined;
  }

  /**
   * (Re)analyses, replacing a run in progress or in setup. Resolves with the report, or undefined when the
   * run was cancelled, superseded or failed (the host shows why).
   */
  async analyze(): Promise<AnalysisReport | undefined> {
    const generation = this.supersede();
    const mine = (): boolean => generation === this.generation;
    let handle: AnalysisHandle | undefined;
    let marks: LineMarks | undefined;
    let lost: LostTypesIndex | undefined;
    const withMarks = await this.host.wantsLineMarks();
    if (!mine()) return undefined; // superseded (or cancelled) during the setup: start nothing
    try {
      const report = await this.host.start(
        (h) => {
          if (!mine()) return h.cancel(); // superseded while the run was starting: stop its worker at once
          handle = h;
          this.current = h;
          this.host.started(h.requestId);
          this.host.runningChanged();
        },
        (progress) => {
          if (handle && mine()) this.host.progress(handle.requestId, progress);
        },
        (partial) => {
          if (handle && mine()) this.host.partial(handle.requestId, partial);
        },
        // per-line marks stay on the host (reportStore); the webview gets the capped report only
        withMarks ? (m) => (marks = m) : undefined,
        // every lost tail type stays on the host too: the panel's search asks for pages of it
        (index) => (lost = index),
      );
      if (!mine()) return undefined; // superseded just as it finished
      this.host.done(report, marks, lost);
      return report;
    } catch (err) {
      if (!mine()) return undefined; // superseded by a newer run
      if (err instanceof AnalysisCancelledError) this.host.cancelled();
      else this.host.failed(err instanceof Error ? err.message : String(err));
      return undefined;
    } finally {
      if (handle && this.current === handle) {
        this.current = undefined;
        this.host.runningChanged();
      }
    }
  }

  /** Cancels the running analysis (shown as cancelled), or abandons one still in its setup awaits. */
  cancel(): void {
    if (this.current) this.current.cancel();
    else this.generation++;
  }

  /** Starts a new generation: cancels the running analysis (its run then ends silently); returns the generation. */
  private supersede(): number {
    const old = this.current;
    this.generation++;
    if (old) {
      this.current = undefined;
      old.cancel();
      this.host.runningChanged();
    }
    return this.generation;
  }
}
