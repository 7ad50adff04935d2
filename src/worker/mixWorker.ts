/**
 * Worker-thread entry (dist/mixWorker.js) of the panel's Mix & Correct view. Unlike the analysis worker it
 * lives as long as the panel: it builds the mix model once (buildMixModel reads both files) and keeps it,
 * so every control change is answered from memory (projectMix, sweepRealFraction, simulateGenerations)
 * without re-reading the files and without ever running on the extension host thread.
 *
 * Previews are coalesced, latest wins: a preview request only records the newest settings; the worker
 * answers the newest one, in parts (projection, then the real-share sweep, then the optional
 * generations: unigram, then unigram + bigram), yielding to the message queue between parts so a newer request skips the stale rest.
 * Writes run writeMix with an AbortSignal (`cancelWrite` aborts; writeMix removes its temporary file).
 * Messages: src/protocol/mixWorkerProtocol.ts; every reply carries the requestId of the job it answers, and the
 * preview parts are the very messages the host forwards to the panel.
 */
import { parentPort } from 'node:worker_threads';
import { buildMixModel } from '../core/mix/buildMixModel.ts';
import { projectMix, sweepRealFraction } from '../core/mix/projectMix.ts';
import { simulateGenerations } from '../core/mix/generations.ts';
import { mixTokenRows, simulateBigramGenerations } from '../core/mix/bigramGenerations.ts';
import { mixTokenCounts } from '../core/mix/mixCounts.ts';
import { chooseRows } from '../core/mix/chooseRows.ts';
import { heldOutFor } from '../core/mix/heldOut.ts';
import { writeMix } from '../core/mix/writeMix.ts';
import { measureWrittenMix } from '../core/mix/measureMix.ts';
import { lowerThisThreadPriority } from '../core/threadPriority.ts';
import { mappingSummary } from '../core/mix/referenceSchema.ts';
import type { MixModel, MixSettings } from '../core/mix/mixTypes.ts';
import { answerStopThread } from '../core/threadStop.ts';
import {
  isMixWorkerJob,
  MIX_NEAR_FLOOR,
  type HostToMixWorker,
  type MixModelInfo,
  type MixWorkerToHost,
} from '../protocol/mixWorkerProtocol.ts';

const PROGRESS_INTERVAL_MS = 100;
/** Generations simulated for the panel's chart, and tokens per generation at most (keeps it under ~1 s). */
const PANEL_GENERATIONS = 8;
const PANEL_GENERATION_TOKENS = 200_000;
/** The panel's bigram run is skipped above this many mix tokens (its fit would take over ~0.5 s). */
const PANEL_BIGRAM_MIX_TOKENS = 5_000_000;

const port = parentPort;
if (!port) throw new Error('mixWorker must run in a worker thread');
// the Mix view's work runs in the background: the extension host answers first (core/threadPriority.ts)
lowerThisThreadPriority();
const send = (m: MixWorkerToHost): void => port.postMessage(m);
const message = (err: unknown): string => (err instanceof Error ? err.message : String(err));
const yieldToQueue = (): Promise<void> => new Promise((r) => setImmediate(r));

let model: MixModel | null = null;
let latest: { requestId: number; settings: MixSettings; generations: boolean } | null = null;
let previewScheduled = false;
const writes = new Map<number, AbortController>();

port.on('message', (job: unknown) => {
  if (answerStopThread(job)) return; // the host's stop (core/threadStop.ts)
  if (!isMixWorkerJob(job)) return; // foreign or malformed: never guess
  void handle(job);
});

async function handle(job: HostToMixWorker): Promise<void> {
  switch (job.type) {
    case 'build':
      return build(job);
    case 'preview':
      latest = job;
      if (!previewScheduled) {
        previewScheduled = true;
        setImmediate(() => void runPreview());
      }
      return;
    case 'write':
      return write(job);
    case 'cancelWrite':
      writes.get(job.requestId)?.abort();
      return;
    case 'measure':
      return measure(job);
  }
}

async function build(job: Extract<HostToMixWorker, { type: 'build' }>): Promise<void> {
  const t0 = performance.now();
  let last = 0;
  try {
    model = null;
    const m = await buildMixModel(
      job.datasetFiles ? { files: job.datasetFiles, label: job.datasetPath } : job.datasetPath,
      job.referencePath,
      { nearFloor: MIX_NEAR_FLOOR, ...job.options },
      {
        onProgress: (progress) => {
          const now = Date.now();
          if (progress.phase !== 'indexing' && now - last < PROGRESS_INTERVAL_MS) return;
          last = now;
          send({ type: 'buildProgress', requestId: job.requestId, progress });
        },
      },
    );
    model = m;
    const eff = m.options.effective;
    send({
      type: 'built',
      requestId: job.requestId,
      info: {
        datasetRows: m.nDataset,
        referenceRows: m.nReference,
        datasetTokens: m.tokStart[m.nDataset],
        slicePaths: m.options.slicePaths,
        nearFloor: m.options.nearFloor,
        flaggedTemplates: {
          dataset: m.dataset.flaggedOpenings.length,
          reference: m.reference.flaggedOpenings.length,
        },
        flaggedTemplateRows: { dataset: m.dataset.flaggedRows, reference: m.reference.flaggedRows },
        referenceSchema: schemaInfo(m),
        textFields: 'view' in eff ? 'full' : eff.fields,
        warnings: m.warnings,
        buildMs: Math.round(performance.now() - t0),
      },
    });
  } catch (err) {
    send({ type: 'failed', requestId: job.requestId, message: message(err), aborted: false });
  }
}

/** How the model writes reference rows, for the panel (the mapping as one line per reference shape). */
function schemaInfo(m: MixModel): MixModelInfo['referenceSchema'] {
  const schema = m.options.referenceSchema;
  if (schema.mode === 'keep') return { mode: 'keep' };
  const c = m.reference.conversion ?? { kept: 0, converted: 0, refused: 0 };
  return {
    mode: 'dataset',
    shape: schema.target.shape,
    mapping: mappingSummary(schema, schema.mapping ?? {}),
    kept: c.kept,
    converted: c.converted,
    refused: c.refused,
  };
}

/**
 * Why: every job that needs the model answers the same way when it cannot run — runs `run` on the built model,
 * and answers `fail(message)` when there is none yet or `run` throws.
 */
async function withModel(
  run: (m: MixModel) => Promise<void>,
  fail: (message: string) => void,
): Promise<void> {
  const m = model;
  if (!m) return fail('the inputs have not been analysed yet');
  try {
    await run(m);
  } catch (err) {
    fail(message(err));
  }
}

/** The `failed` reply to job `requestId`; `aborted` is asked when it is sent. */
const failedReply =
  (requestId: number, aborted = (): boolean => false) =>
  (msg: string): void =>
    send({ type: 'failed', requestId, message: msg, aborted: aborted() });

/** Answers the newest preview request; each stage is skipped once a newer request has arrived. */
async function runPreview(): Promise<void> {
  previewScheduled = false;
  const req = latest;
  if (!req) return;
  const stale = (): boolean => latest !== req;
  await withModel(
    async (m) => {
      const projection = projectMix(m, req.settings);
      send({ type: 'mixProjection', requestId: req.requestId, projection });
      await yieldToQueue();
      if (stale()) return;
      const t1 = performance.now();
      const sweep = sweepRealFraction(m, req.settings);
      send({ type: 'mixSweep', requestId: req.requestId, sweep, elapsedMs: performance.now() - t1 });
      if (!req.generations) return;
      await yieldToQueue();
      if (stale()) return;
      const t2 = performance.now();
      const sel = chooseRows(m, req.settings);
      const split = heldOutFor(m, req.settings); // fresh real data from the pool, tail coverage of the held-out tail
      const genOptions = {
        generations: PANEL_GENERATIONS,
        maxTokensPerGeneration: PANEL_GENERATION_TOKENS,
        realShare: req.settings.realFraction,
        seed: req.settings.seed ?? 1,
      };
      const generations = simulateGenerations(
        mixTokenCounts(m, sel.rows),
        split.poolCounts,
        split.tailMask,
        genOptions,
      );
      send({
        type: 'mixGenerations',
        requestId: req.requestId,
        generations,
        elapsedMs: performance.now() - t2,
      });
      // The bigram run follows in a second message (same request), so the unigram chart is not held up.
      await yieldToQueue();
      if (stale()) return;
      const t3 = performance.now();
      const bigram = simulateBigramGenerations(
        mixTokenRows(m, sel.rows),
        mixTokenRows(m, split.poolRows),
        split.tailMask,
        m.vocab.size,
        { ...genOptions, maxMixTokens: PANEL_BIGRAM_MIX_TOKENS },
      );
      send({
        type: 'mixGenerations',
        requestId: req.requestId,
        generations,
        bigram,
        elapsedMs: performance.now() - t3,
      });
    },
    (msg) => send({ type: 'mixPreviewFailed', requestId: req.requestId, message: msg }),
  );
}

async function write(job: Extract<HostToMixWorker, { type: 'write' }>): Promise<void> {
  const ac = new AbortController();
  await withModel(
    async (m) => {
      writes.set(job.requestId, ac);
      let last = 0;
      try {
        const projected = projectMix(m, job.settings).after;
        const w = await writeMix(m, job.settings, job.outPath, {
          signal: ac.signal,
          onProgress: (written, total) => {
            const now = Date.now();
            if (written < total && now - last < PROGRESS_INTERVAL_MS) return;
            last = now;
            send({ type: 'writeProgress', requestId: job.requestId, written, total });
          },
        });
        send({
          type: 'written',
          requestId: job.requestId,
          path: w.file.path,
          rows: w.file.rows,
          bytes: w.file.bytes,
          recipePath: w.recipePath,
          projected,
        });
      } finally {
        writes.delete(job.requestId);
      }
    },
    failedReply(job.requestId, () => ac.signal.aborted),
  );
}

async function measure(job: Extract<HostToMixWorker, { type: 'measure' }>): Promise<void> {
  await withModel(async (m) => {
    const { figures } = await measureWrittenMix(m, job.outPath, heldOutFor(m, job.settings));
    send({ type: 'measured', requestId: job.requestId, figures });
  }, failedReply(job.requestId));
}
