/**
 * Worker-thread entry (dist/worker.js): runs one analysis off the extension host so a multi-GB file
 * never blocks the editor. The host starts one worker per analysis, posts a single `analyze` request
 * (src/protocol/analysisWorkerProtocol.ts; every reply carries its requestId),
 * and terminates the worker when it answers `done`/`failed` or when the user cancels.
 * The file is read from disk by the core reader (streamed, bounded memory), never through a TextDocument.
 */
import { parentPort } from 'node:worker_threads';
import { analyzeFile, type LineMarks } from '../core/pipeline/analyze.ts';
import { chunkWorkerScript } from './chunkWorkerScript.ts';
import {
  isAnalysisJob,
  type HostToAnalysisWorker,
  type AnalysisWorkerToHost,
} from '../protocol/analysisWorkerProtocol.ts';

/** Minimum milliseconds between two progress messages (the notification cannot show more anyway). */
const PROGRESS_INTERVAL_MS = 100;

const port = parentPort;
if (!port) throw new Error('analysisWorker must run in a worker thread');

const send = (m: AnalysisWorkerToHost, transfer?: ArrayBuffer[]): void => port.postMessage(m, transfer);

port.on('message', (job: unknown) => {
  if (!isAnalysisJob(job)) {
    const requestId =
      typeof (job as { requestId?: unknown })?.requestId === 'number'
        ? (job as { requestId: number }).requestId
        : -1;
    send({ type: 'failed', requestId, message: 'analysis worker received an invalid job' });
    return;
  }
  void run(job);
});

/** The ArrayBuffers behind the marks' typed arrays (each array owns its buffer). */
function transferList(m: LineMarks): ArrayBuffer[] {
  const arrays = [
    m.exact.lines,
    m.exact.group,
    m.exact.first,
    m.exact.groups.rank,
    m.exact.groups.size,
    m.exact.groups.firstLine,
    m.near.lines,
    m.near.cluster,
    m.near.clusters.rank,
    m.near.clusters.size,
    m.near.clusters.firstLine,
    m.near.clusters.similarity,
    m.template.lines,
    m.template.opening,
  ];
  return [...new Set(arrays.map((a) => a.buffer as ArrayBuffer))];
}

async function run(job: HostToAnalysisWorker): Promise<void> {
  let last = 0;
  try {
    const report = await analyzeFile(job.path, job.options, {
      chunkWorker: chunkWorkerScript(),
      onProgress: (progress) => {
        const now = Date.now();
        if (progress.phase === 'reading' && now - last < PROGRESS_INTERVAL_MS) return;
        last = now;
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
      onLineMarks: job.lineMarks
        ? (marks) => send({ type: 'lineMarks', requestId: job.requestId, marks }, transferList(marks))
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
    send({ type: 'done', requestId: job.requestId, report });
  } catch (err) {
    send({
      type: 'failed',
      requestId: job.requestId,
      message: err instanceof Error ? err.message : String(err),
    });
  }
}
