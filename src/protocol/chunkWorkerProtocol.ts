/**
 * The message contract between an analysis (CLI process or the extension's analysis worker) and the chunk
 * workers it starts for a chunked analysis (src/worker/chunkWorker.ts, src/core/pipeline/chunkRunner.ts).
 *
 * One chunk per `chunk` message; the worker answers with progress, then exactly one `partial` or `failed`.
 * Partials are posted with a transfer list (their typed arrays move, never copied). Both sides validate what
 * they receive with the guards below before using it. No channel (channel.ts): a chunk worker takes one chunk
 * at a time and `index` (the chunk's place in the plan) already names what each answer belongs to.
 */
import type { AnalyzeOptions } from '../core/pipeline/analyzeOptions.ts';
import type { ChunkPartial } from '../core/pipeline/chunkAnalysis.ts';
import type { Chunk } from '../core/pipeline/chunkPlan.ts';
import { isBoolean, isCount, isObject, isString, isStringArray } from './guards.ts';

/** Analysis → chunk worker. */
export type ToChunkWorker = {
  type: 'chunk';
  path: string;
  chunk: Chunk;
  options: AnalyzeOptions;
  lineMarks: boolean;
  /**
   * The parsed values of the dataset's first rows, which decide the text view (a dataset of several files, whose
   * first rows may span files); omitted: the chunk reads them from the start of `path`.
   */
  sample?: unknown[];
  /** A gzip file's chunk: its decompressed bytes (transferred), at [bytesOffset, bytesOffset + bytesLength). */
  bytes?: ArrayBuffer;
  bytesOffset?: number;
  bytesLength?: number;
};

/** A failure as data: a ReaderError keeps its location so the analysis can rethrow the same error. */
export interface ChunkFailure {
  name: string;
  message: string;
  reader?: { file: string; line: number; column: number; reason: string; detail: string };
}

/** Chunk worker → analysis. */
export type FromChunkWorker =
  /** Bytes of the chunk read so far, and the rows and tokens analysed so far (the panel's running counts). */
  | { type: 'progress'; index: number; bytesRead: number; rows: number; tokens: number }
  | { type: 'partial'; index: number; partial: ChunkPartial }
  | { type: 'failed'; index: number; error: ChunkFailure };

/** Runtime check of a job received by a chunk worker. */
export function isChunkJob(x: unknown): x is ToChunkWorker {
  if (
    !isObject(x) ||
    x.type !== 'chunk' ||
    !isString(x.path) ||
    !isObject(x.options) ||
    !isObject(x.chunk) ||
    !isBoolean(x.lineMarks)
  )
    return false;
  const c = x.chunk;
  const o = x.options;
  const strings = (v: unknown) => v === undefined || isStringArray(v);
  if (!strings(o.groupBy) || !strings(o.fields)) return false;
  if (x.sample !== undefined && !Array.isArray(x.sample)) return false;
  if (x.bytes !== undefined) {
    if (!(x.bytes instanceof ArrayBuffer) || !isCount(x.bytesOffset) || !isCount(x.bytesLength)) return false;
    if ((x.bytesOffset as number) + (x.bytesLength as number) > x.bytes.byteLength) return false;
  }
  return (
    isCount(c.index) &&
    isCount(c.start) &&
    isCount(c.end) &&
    (c.end as number) >= (c.start as number) &&
    Number.isSafeInteger(c.firstLine) &&
    (c.firstLine as number) >= 1
  );
}

/** Runtime check of a message received from a chunk worker. */
export function isChunkWorkerMessage(x: unknown): x is FromChunkWorker {
  if (!isObject(x) || !isCount(x.index)) return false;
  if (x.type === 'progress') return isCount(x.bytesRead) && isCount(x.rows) && isCount(x.tokens);
  if (x.type === 'partial') return isObject(x.partial) && Number.isInteger(x.partial.version);
  if (x.type === 'failed') return isObject(x.error) && isString(x.error.message) && isString(x.error.name);
  return false;
}
