/**
 * Runs one analysis in a worker behind a progress notification: the percentage is the share of the
 * file's bytes read, the notification's Cancel button terminates the worker.
 */
import * as vscode from 'vscode';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { AnalyzeOptions, AnalyzeProgress } from '../../core/pipeline/analyzeOptions.ts';
import { progressPercent } from '../../protocol/panelProtocol.ts';
import type { PartialReport } from '../../protocol/analysisWorkerProtocol.ts';
import type { AnalysisHandle } from './analysisRunner.ts';
import type { Ctx } from '../ctx.ts';
import type { LineMarks } from '../../core/lineMarks/lineMarkCollector.ts';
import type { LostTypesIndex } from '../../core/tails/lostTypes.ts';
import { datasetInputOf, selectionFiles, selectionName } from './selectionDataset.ts';

/**
 * Why: a dataset URI's name in titles and messages — the file's or folder's base name, or "N files in FOLDER" for a
 * multi-selection (selectionDataset.ts).
 */
export function datasetName(uri: vscode.Uri): string {
  const base = uri.path.slice(uri.path.lastIndexOf('/') + 1);
  const files = selectionFiles(uri.fsPath, uri.query);
  return files ? selectionName(uri.fsPath, files) : base;
}

const PHASE_LABEL: Record<AnalyzeProgress['phase'], string> = {
  reading: 'reading',
  reference: 'reading the reference',
  finishing: 'computing metrics',
};

/**
 * Starts the analysis of `file` with the context's runner (its event-loop delay measured for the diagnostics) and shows it in a cancellable notification until it settles.
 * `onStart` receives the handle (so the panel and the Cancel command can cancel it too);
 * `onProgress` receives every progress update as the worker sent it (the panel forwards it; its percentage is
 * computed where it is shown, with panelProtocol.progressPercent), `onPartial` the counts once reading ends,
 * `onLineMarks` (opt-in) the per-line marks of every homogeneous row just before the report, `onLostTypes`
 * (opt-in) every lost tail type of a run with a reference.
 */
export function analyzeWithProgress(
  ctx: Pick<Ctx, 'runner' | 'diagnostics'>,
  file: vscode.Uri,
  options: AnalyzeOptions,
  onStart: (handle: AnalysisHandle) => void,
  onProgress: (p: AnalyzeProgress) => void,
  onPartial?: (p: PartialReport) => void,
  onLineMarks?: (m: LineMarks) => void,
  onLostTypes?: (index: LostTypesIndex) => void,
): Promise<AnalysisReport> {
  const name = datasetName(file);
  return Promise.resolve(
    vscode.window.withProgress(
      {
        location: vscode.ProgressLocation.Notification,
        title: `Diversity Lens: analysing ${name}`,
        cancellable: true,
      },
      async (progress, token) => {
        let shown = 0;
        let lastPhase: AnalyzeProgress['phase'] | null = null;
        const handle = ctx.runner.start(
          datasetInputOf(file.fsPath, file.query),
          options,
          (p) => {
            const percent = progressPercent(p);
            if (p.phase !== lastPhase) {
              // a new phase restarts the bar from its own 0 %
              lastPhase = p.phase;
              if (p.phase !== 'reading') shown = 0;
            }
            const increment = Math.max(0, percent - shown);
            shown = Math.max(shown, percent);
            progress.report({
              increment,
              message: `${PHASE_LABEL[p.phase]}: ${percent}% · ${p.rows.toLocaleString('en-US')} rows`,
            });
            onProgress(p);
          },
          onPartial,
          onLineMarks,
          onLostTypes,
        );
        const sub = token.onCancellationRequested(() => handle.cancel());
        const stopMeasuring = ctx.diagnostics.eventLoop.measure(file.fsPath); // host responsiveness during the run (diagnostics.ts)
        onStart(handle);
        try {
          return await handle.result;
        } finally {
          stopMeasuring();
          sub.dispose();
        }
      },
    ),
  );
}
