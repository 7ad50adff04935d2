/**
 * Worker-thread entry (dist/worker.js): runs one analysis off the extension host so a multi-GB file
 * never blocks the editor. The host starts one worker per analysis, posts a single `analyze` request
 * (src/protocol/analysisWorkerProtocol.ts; every reply carries its requestId),
 * and stops the worker (core/threadStop.ts) when it answers `done`/`failed` or when the user cancels.
 * The file is read from disk by the core reader (streamed, bounded memory), never through a TextDocument.
 * The job's path is a dataset file or a folder (Inspect Folder as Dataset), or its `files` are the explorer's
 * multi-selection (Inspect Selection as Dataset): resolveDatasetFiles turns it into the
 * dataset's files and analyzeDataset reads them as one dataset (one file: exactly analyzeFile). A folder's report
 * always lists its files (datasetLine.asFolderReport), and has no line marks (the editor's are one file's).
 */
import { stat } from 'node:fs/promises';
import { analyzeDataset } from '../core/pipeline/analyzeDataset.ts';
import { resolveDatasetFiles } from '../core/pipeline/datasetFiles.ts';
import { asFolderReport } from '../core/report/datasetLine.ts';
import { transferListOf } from '../core/pipeline/chunkAnalysis.ts';
import { chunkWorkerScript } from './chunkWorkerScript.ts';
import { progressGate, serveBackgroundJobs } from './workerPort.ts';
import {
  isAnalysisJob,
  type HostToAnalysisWorker,
  type AnalysisWorkerToHost,
} from '../protocol/analysisWorkerProtocol.ts';

// the editor's analysis runs in the background, its chunk workers too (serveBackgroundJobs)
const send = serveBackgroundJobs<HostToAnalysisWorker, AnalysisWorkerToHost>(
  'analysisWorker',
  isAnalysisJob,
  run,
  (requestId) => ({ type: 'failed', requestId, message: 'analysis worker received an invalid job' }),
);

async function run(job: HostToAnalysisWorker): Promise<void> {
  const gate = progressGate();
  try {
    // several selected files (job.files) are a dataset like a folder's files: the report lists them
    const folder =
      job.files !== undefined || ((await stat(job.path).catch(() => null))?.isDirectory() ?? false);
    const files = await resolveDatasetFiles(job.files ?? [job.path]);
    const analysed = await analyzeDataset({ files, label: job.path }, job.options, {
      chunkWorker: chunkWorkerScript(),
      onProgress: (progress) => {
        if (gate(progress.phase !== 'reading'))
          send({ type: 'progress', requestId: job.requestId, progress });
      },
      // counts first: the panel shows rows, shape and token totals while the metrics are computed
      onPartial: (p) =>
        send({
          type: 'partial',
          requestId: job.requestId,
          partial: { rows: p.rows, shape: p.shape, view: p.view, fields: p.fields, tokens: p.tokens },
        }),
      // opt-in: every homogeneous row's marks, moved to the host without a copy (transfer list)
      onLineMarks:
        job.lineMarks && !folder && files.length === 1
          ? (marks) => send({ type: 'lineMarks', requestId: job.requestId, marks }, transferListOf(marks))
          : undefined,
      // opt-in: every lost tail type, for the panel's search (its typed arrays moved, the strings copied once)
      onLostTypes: job.lostTypes
        ? (index) =>
            send({ type: 'lostTypes', requestId: job.requestId, index }, [
              ...new Set(
                [index.ends, index.lowerEnds, index.counts, index.numeric, index.byToken]
                  .filter((a) => a !== null)
                  .map((a) => a.buffer as ArrayBuffer),
              ),
            ])
        : undefined,
    });
    const report = folder ? asFolderReport(analysed, job.path) : analysed;
    send({ type: 'done', requestId: job.requestId, report });
  } catch (err) {
    send({
      type: 'failed',
      requestId: job.requestId,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}
