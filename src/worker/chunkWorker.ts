/**
 * Worker-thread entry (dist/chunkWorker.js) of a chunked analysis: analyses one chunk at a time
 * (src/core/pipeline/chunkAnalysis.ts) and posts its partial with a transfer list. Started and stopped by
 * src/core/pipeline/chunkRunner.ts; one worker runs several chunks in turn. The same entry tags instruction samples
 * for src/core/instructions/tagThread.ts (`tag` jobs): it already bundles wink-nlp and its model.
 */
import { analyzeChunk, transferListOf } from '../core/pipeline/chunkAnalysis.ts';
import { ReaderError } from '../core/reader/jsonlReader.ts';
import { isChunkJob, type FromChunkWorker, type ChunkFailure } from '../protocol/chunkWorkerProtocol.ts';
import { isTagJob, type FromTagWorker } from '../protocol/tagWorkerProtocol.ts';
import { tagJob } from '../core/instructions/tagThread.ts';
import { progressGate, workerPort } from './workerPort.ts';
import type { DistinctReserve } from '../core/lexical/lexicalDistinct.ts';

const { send, onMessage } = workerPort<FromChunkWorker>('chunkWorker');
/**
 * The distinct-n table sizes the last chunk this thread analysed reached: the next chunk reserves them, so its tables
 * double without copying their keys (the chunks of one file are alike; the figures never depend on it).
 */
let distinctReserve: DistinctReserve | undefined;
const sendTags = workerPort<FromTagWorker>('chunkWorker').send;

onMessage((job) => {
  if (isTagJob(job)) return tagJob(job, sendTags);
  if (!isChunkJob(job)) {
    send({
      type: 'failed',
      index: 0,
      error: { name: 'Error', message: 'chunk worker received an invalid job' },
    });
    return;
  }
  const index = job.chunk.index;
  const gate = progressGate();
  analyzeChunk(job.path, job.chunk, job.options, {
    lineMarks: job.lineMarks,
    sample: job.sample,
    distinctReserve,
    onDistinctReserve: (reserve) => (distinctReserve = reserve),
    bytes: job.bytes ? Buffer.from(job.bytes, job.bytesOffset, job.bytesLength) : undefined,
    onProgress: (bytesRead, rows, tokens) => {
      if (gate()) send({ type: 'progress', index, bytesRead, rows, tokens });
    },
  }).then(
    (partial) => send({ type: 'partial', index, partial }, transferListOf(partial)),
    (err: unknown) => send({ type: 'failed', index, error: failureOf(err) }),
  );
});

function failureOf(err: unknown): ChunkFailure {
  if (err instanceof ReaderError) {
    return {
      name: err.name,
      message: err.message,
      reader: { file: err.file, line: err.line, column: err.column, reason: err.reason, detail: err.detail },
    };
  }
  return err instanceof Error
    ? { name: err.name, message: err.message }
    : { name: 'Error', message: String(err) };
}
