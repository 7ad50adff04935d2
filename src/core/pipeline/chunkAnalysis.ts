/**
 * One chunk of a chunked analysis: read the chunk's byte range, extract the file's text view, tokenize and
 * accumulate with a chunk-local vocabulary, and return everything as a PARTIAL — plain, versioned data that
 * can cross a thread (and, later, a machine) and be merged in chunk order (chunkMerge.ts).
 *
 * Why partials and not a shared accumulator: each chunk runs on its own core with no locking; merging in chunk
 * order makes the report independent of how many workers ran (chunkPlan.ts).
 */
import { nextTurn } from '../reader/readerError.ts';
import { readJsonl, readJsonlBytes } from '../reader/jsonlReader.ts';
import { fileCompression } from '../reader/decompress.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import type { VocabularyPartial } from '../tokenize/vocabulary.ts';
import type { LexicalPartial } from '../lexical/lexical.ts';
import type { ExactDuplicatesPartial } from '../duplicates/exactDuplicates.ts';
import type { NearDuplicatesPartial } from '../duplicates/nearDuplicates.ts';
import type { TemplatesPartial } from '../templates/templates.ts';
import type { ReaderStats } from '../types.ts';
import { resolveOptions, type AnalyzeOptions } from './analyzeOptions.ts';
import type { Chunk } from './chunkPlan.ts';
import { PassState } from './passState.ts';
import { stat } from 'node:fs/promises';
import type { RowIndexPartial } from './rowIndex.ts';
import { readSampleView, viewOfSampleValues } from './sampleView.ts';
import type { LineMarksPartial } from '../lineMarks/lineMarkCollector.ts';
import type { SlicesPartial } from '../slices/slices.ts';
import type { SliceFieldsPartial } from '../fields/sliceCandidates.ts';
import type { InstructionPartial } from '../instructions/instructionStats.ts';
import type { DistinctReserve } from '../lexical/lexicalDistinct.ts';

/**
 * Version of the partial format; a merge refuses any other. 6: the gzip ratio of a file over 256 MiB samples block 0
 * and one 1 MiB block in every 8 (compression.ts sampledBlock; 5 kept a quarter by a coin per block).
 */
export const CHUNK_PARTIAL_VERSION = 6;

/** Everything one chunk contributes to the report. Token ids inside are chunk-local (see `vocab`). */
export interface ChunkPartial {
  version: number;
  chunk: Chunk;
  stats: ReaderStats;
  emptyText: number;
  /** Milliseconds spent reading+parsing / tokenizing / accumulating (for timing.phases). */
  ms: { total: number; tokenizing: number; accumulating: number };
  vocab: VocabularyPartial;
  lexical: LexicalPartial;
  exact: ExactDuplicatesPartial;
  near: NearDuplicatesPartial;
  templates: TemplatesPartial;
  rows: RowIndexPartial;
  /** Per-row columns for the editor's line marks, when the analysis asked for them. */
  lineMarks: LineMarksPartial | null;
  /** The chunk's slices (--group-by, `options.groupBy`); null without group-by. */
  slices: SlicesPartial | null;
  /** Value counts of the candidate slice fields in the chunk's rows (the fields of the file's first rows). */
  sliceFields: SliceFieldsPartial;
  /** The chunk's instruction sample (its bottom-k); null with --no-instructions or when rows have no prompt side. */
  instructions: InstructionPartial | null;
}

/** Batches (64 KiB of input each) of an in-memory chunk between two turns of the event loop. */
const BYTES_BATCHES_PER_TURN = 16;

/**
 * Analyses one chunk of `path` with the file's options. `onProgress` gets the bytes of the chunk read so far and the
 * rows and tokens analysed so far, after every batch of rows (so the first call already has rows to show).
 */
export async function analyzeChunk(
  path: string,
  chunk: Chunk,
  options: AnalyzeOptions,
  hooks: {
    onProgress?: (bytesRead: number, rows: number, tokens: number) => void;
    signal?: AbortSignal;
    lineMarks?: boolean;
    bytes?: Buffer;
    /** The dataset's first rows (parsed values), which decide the view; omitted: read from the start of `path`. */
    sample?: unknown[];
    /**
     * Slots to reserve for the chunk's distinct-n tables (LexicalOptions.distinctReserve): what the previous chunk
     * analysed in the same thread reached (`onDistinctReserve`). The partial never depends on it.
     */
    distinctReserve?: DistinctReserve;
    /** Called once the chunk's distinct-n tables are listed, with the reserve to give the next chunk. */
    onDistinctReserve?: (reserve: DistinctReserve) => void;
  } = {},
): Promise<ChunkPartial> {
  const started = performance.now();
  const opts = resolveOptions(options);
  const tokenizer = getTokenizer(opts.tokenizer);
  const { view, sliceFields, sample } = hooks.sample
    ? { ...viewOfSampleValues(hooks.sample, options), sample: hooks.sample }
    : await readSampleView(path, options, opts.maxLineBytes, hooks.signal);
  const fileBytes = (await stat(path)).size;
  // the chunk's lines come from the merged RowIndex: the collector stores none of its own
  const state = new PassState({
    tokenizer,
    opts,
    groupBy: options.groupBy ?? [],
    chunk: true,
    fileBytes,
    compressionSampleSeed: chunk.start,
    distinctReserve: hooks.distinctReserve,
    lineMarks: hooks.lineMarks === true,
  });
  state.countSliceFields(sliceFields);
  state.startInstructions(sample);
  const { feed, slices, lineMarks: marks } = state;
  // a plain file's chunk is read from its byte range; a compressed file's chunk arrives as decompressed bytes
  // (compressedChunks.ts)
  const keepSource = (options.groupBy?.length ?? 0) > 0; // exact slice keys of integers above 2^53
  const reader = hooks.bytes
    ? readJsonlBytes(hooks.bytes, {
        compression: await fileCompression(path),
        firstLine: chunk.firstLine,
        baseOffset: chunk.start,
        first: chunk.index === 0,
        maxLineBytes: opts.maxLineBytes,
        keepSource,
      })
    : readJsonl(path, {
        // a chunk that is the whole file is read as a file (a gzip file or a JSON array has no byte ranges)
        ...(chunk.start === 0 && chunk.end === fileBytes ? {} : { start: chunk.start, end: chunk.end }),
        firstLine: chunk.firstLine,
        maxLineBytes: opts.maxLineBytes,
        keepSource,
        signal: hooks.signal,
      });
  try {
    let batches = 0;
    let firstRow = true;
    for await (const batch of reader.batches) {
      let i = 0;
      if (firstRow && batch.length > 0) {
        // the first row alone, then its counts at once. Why: the first rows of a fresh worker run cold (code not yet
        // compiled, tables not yet touched) while the other workers start on the same cores; a first batch of ~60
        // rows took 150–740 ms before the panel's first figures (session 21: 490–1,460 ms after Analyze; 330–760
        // with this, bench/panelLatency.ts on 1 GiB, 2 workers, under load)
        firstRow = false;
        state.add(batch[0], view);
        i = 1;
        hooks.onProgress?.(reader.stats.bytesRead, feed.index.size, feed.vocab.totalTokens);
      }
      for (; i < batch.length; i++) state.add(batch[i], view);
      hooks.onProgress?.(reader.stats.bytesRead, feed.index.size, feed.vocab.totalTokens);
      // bytes in memory are read without a turn of the event loop: give one every ~1 MiB, so a chunk worker reads
      // its parent's stop (core/threadStop.ts) and a cancel is seen within a fraction of a second
      if (hooks.bytes && ++batches % BYTES_BATCHES_PER_TURN === 0) await nextTurn(hooks.signal);
    }
    const lexical = await feed.lexical.snapshot();
    if (feed.lexical.distinctReserveForNext) hooks.onDistinctReserve?.(feed.lexical.distinctReserveForNext);
    // the slices' dataset-wide token counts are the file's (newSliceAccumulator: unigramsFromFile)
    const slicesPartial = slices ? await slices.snapshot(lexical.summary?.counts) : null;
    return {
      version: CHUNK_PARTIAL_VERSION,
      chunk,
      stats: reader.stats,
      emptyText: feed.emptyText,
      ms: {
        total: performance.now() - started,
        tokenizing: feed.tokenizing,
        accumulating: feed.accumulating,
      },
      vocab: feed.vocab.snapshot(),
      lexical,
      exact: feed.exact.snapshot(),
      near: feed.near.snapshot(),
      templates: feed.templates.snapshot(),
      rows: feed.index.snapshot(),
      lineMarks: marks ? marks.snapshot() : null,
      slices: slicesPartial,
      sliceFields: state.sliceFields!.snapshot(),
      instructions: state.instructions ? state.instructions.snapshot() : null,
    };
  } catch (err) {
    // on success the partial owns the accumulators' data; on failure nothing may be left behind
    state.dispose();
    throw err;
  }
}

/** The ArrayBuffers behind every typed array of a partial (each owns its buffer), for a zero-copy postMessage. */
export function transferListOf(value: unknown): ArrayBuffer[] {
  const out = new Set<ArrayBuffer>();
  const walk = (v: unknown): void => {
    if (v === null || typeof v !== 'object') return;
    if (ArrayBuffer.isView(v)) {
      if (v.buffer instanceof ArrayBuffer && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength)
        out.add(v.buffer);
      return;
    }
    if (Array.isArray(v)) {
      for (const x of v) walk(x);
      return;
    }
    for (const x of Object.values(v)) walk(x);
  };
  walk(value);
  return [...out];
}
