/**
 * Worker-thread entry (dist/compareWorker.js) of Compare Datasets… (issue #17): runs one comparison off the extension
 * host — compareDatasets (every dataset analysed, pooled, through the report cache in the extension's storage), then,
 * when asked, the chain projection from the first dataset (core/compare/projectedChain.ts) — and answers with the
 * CompareReport and the projection. The host starts one worker per comparison and stops it (core/threadStop.ts) on the answer or on
 * Cancel (src/extension/compare/compareRunner.ts). Messages: src/protocol/compareWorkerProtocol.ts.
 */
import { compareDatasets, CompareInputError } from '../core/compare/compareDatasets.ts';
import { countDataset } from '../core/compare/compareCounts.ts';
import { projectChain, type ChainProjection } from '../core/compare/projectedChain.ts';
import { resolveDatasetFiles } from '../core/pipeline/datasetFiles.ts';
import { resolveOptions } from '../core/pipeline/analyzeOptions.ts';
import type { CompareReport } from '../core/compare/compareTypes.ts';
import { chunkWorkerScript } from './chunkWorkerScript.ts';
import { progressGate, serveBackgroundJobs } from './workerPort.ts';
import {
  isCompareJob,
  type CompareJob,
  type CompareWorkerToHost,
} from '../protocol/compareWorkerProtocol.ts';

// a comparison runs in the background (serveBackgroundJobs)
const send = serveBackgroundJobs<CompareJob, CompareWorkerToHost>(
  'compareWorker',
  isCompareJob,
  run,
  (requestId) => ({
    type: 'failed',
    requestId,
    message: 'compare worker received an invalid job',
    usage: false,
  }),
);

async function run(job: CompareJob): Promise<void> {
  const gate = progressGate();
  try {
    const report = await compareDatasets(
      job.inputs,
      { ...job.options, baseline: job.baseline },
      {
        cache: job.cacheDir === null ? false : { dir: job.cacheDir },
        chunkWorker: chunkWorkerScript(),
        onProgress: (progress) => {
          if (gate(progress.phase !== 'analyzing' && progress.phase !== 'counting'))
            send({ type: 'progress', requestId: job.requestId, progress });
        },
      },
    );
    const projection = job.projection ? await projectFromFirst(job, report) : null;
    send({ type: 'done', requestId: job.requestId, report, projection });
  } catch (err) {
    send({
      type: 'failed',
      requestId: job.requestId,
      message: err instanceof Error ? err.message : String(err),
      usage: err instanceof CompareInputError,
    });
  }
}

/**
 * The chain projected from the first dataset: its unigram table (one count pass, the same tokens the report counted)
 * run through the Mix tab's generations simulation for as many generations as the order has datasets after it.
 */
async function projectFromFirst(job: CompareJob, report: CompareReport): Promise<ChainProjection> {
  const first = job.inputs[0];
  const files = await resolveDatasetFiles([first]);
  const counts = await countDataset(files, job.options);
  return projectChain(first, counts.unigrams, {
    generations: Math.max(1, report.datasets.length - 1),
    tailMax: resolveOptions(job.options).tailMax,
  });
}
