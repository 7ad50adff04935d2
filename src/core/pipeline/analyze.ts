/**
 * The one analysis: stream a JSONL file (in one pass, or in chunks on worker threads merged in order), feed every
 * row to one PassState, finish the accumulators, read the reference, and hand the sections to assembleReport.
 * The CLI and the worker both call this, so a number in the panel is the number in the CLI's JSON by construction.
 */
import { access } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { availableParallelism } from 'node:os';
import { readJsonl } from '../reader/jsonlReader.ts';
import type { TextView } from '../fields/textView.ts';
import { trackedSliceFields } from '../fields/sliceCandidates.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import type { LostTypesIndex } from '../tails/lostTypes.ts';
import type { RowFeed } from './rowFeed.ts';
import { PassState } from './passState.ts';
import { readSampleView, recordSampler } from './sampleView.ts';
import { DEFAULT_CHUNK_BYTES, chunkItems, plainChunksAtMost, streamChunks } from './chunkPlan.ts';
import { runChunks, type ChunkSource, type ChunkWorkerScript } from './chunkRunner.ts';
import { compressedChunks } from './compressedChunks.ts';
import { mergeTimedChunk, newChunkedTimes } from './chunkMerge.ts';
import { createStats } from '../reader/readerStats.ts';
import { ReaderError } from '../reader/readerError.ts';
import { fileCompression, regularFileStat } from '../reader/decompress.ts';
import { detectFileFormat } from '../reader/jsonArray.ts';
import type { LineMarks } from '../lineMarks/lineMarkCollector.ts';
import {
  resolveOptions,
  type AnalyzeOptions,
  type AnalyzeProgress,
  type ResolvedOptions,
} from './analyzeOptions.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';
import type { JsonlRecord, ReaderStats, Tokenizer } from '../types.ts';
import { finishReport, rowsOf, type Pass } from './finishReport.ts';

export type { AnalyzeOptions, AnalyzeProgress } from './analyzeOptions.ts';
export type { LineMarks } from '../lineMarks/lineMarkCollector.ts';
export type { LostTypesIndex } from '../tails/lostTypes.ts';

export interface AnalyzeHooks {
  onProgress?: (p: AnalyzeProgress) => void;
  /** Called with the counts as soon as reading ends, before the slower metrics finish. */
  onPartial?: (partial: Partial<AnalysisReport>) => void;
  signal?: AbortSignal;
  /**
   * Opt-in: called once, before the report is returned, with every parsed row's membership in exact /
   * near-duplicate groups and flagged template openings (see lineMarks/lineMarkCollector.ts). Costs 12 bytes per row during
   * the pass. The report itself is unchanged (the marks are never part of it).
   */
  onLineMarks?: (marks: LineMarks) => void;
  /**
   * Opt-in, with a reference: called once, before the report is returned, with every lost tail type (the report
   * lists the first 1,000) in a compact searchable index (tails/lostTypes.ts, bounded by its caps).
   */
  onLostTypes?: (index: LostTypesIndex) => void;
  /** Cap on the marks passed to onLineMarks (default 2,000,000). */
  lineMarkLimit?: number;
  /** How to start chunk workers (dist/chunkWorker.js); omitted: chunks of a large file run in this thread. */
  chunkWorker?: ChunkWorkerScript;
  /**
   * Internal, for tests (never a setting or a flag): the one-pass reader's read size in bytes (the fs stream's
   * highWaterMark, default 64 KiB). The report must not depend on it (test/unit/core/pipeline/analyze.readSizes.test.ts).
   */
  readChunkSize?: number;
}

/**
 * Analyse one JSONL dataset (optionally against a reference) and return the full report. Every accumulator of the
 * run lives in one PassState, disposed in this function's `finally`: an error or a cancel at any step — the pass,
 * the reference, the slices' finish — leaves no spool directory or spill file behind.
 */
export async function analyzeFile(
  path: string,
  options: AnalyzeOptions = {},
  hooks: AnalyzeHooks = {},
): Promise<AnalysisReport> {
  const started = Date.now();
  const opts = resolveOptions(options);
  const tokenizer = getTokenizer(opts.tokenizer);
  const groupBy = options.groupBy ?? [];
  // a pipe or a device is refused here, before anything opens it (it cannot be read more than once)
  const totalBytes = (await regularFileStat(path)).size;
  // a missing or unreadable reference must fail now, not after minutes of analysing the dataset
  if (options.reference) await access(options.reference.path, fsConstants.R_OK);
  const chunked = await readsInChunks(path, totalBytes, opts);
  const state: PassState = new PassState({
    tokenizer,
    opts,
    groupBy,
    chunk: false,
    fileBytes: totalBytes,
    // (chunked: the chunks build their slices from options.groupBy and this state merges them in chunk order)
    lineMarks: hooks.onLineMarks ? (i) => state.feed.index.at(i).line : false,
  });
  try {
    let pass: Pass;
    if (chunked) {
      // the view first (the file's first rows): the panel shows the shape before the chunk plan reads the file
      const passStarted = performance.now();
      const sampled = await readSampleView(path, options, opts.maxLineBytes, hooks.signal);
      const partial = runningPartial(hooks, tokenizer);
      partial(createStats(), null, sampled.view, true);
      const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
      // gzip/zstd: one decompressing reader feeds the workers (progress in compressed bytes); plain: byte ranges
      const compression = await fileCompression(path);
      const source: ChunkSource =
        compression !== 'none'
          ? compressedChunks(path, compression, chunkBytes, {
              signal: hooks.signal,
              onProgress: (read) =>
                hooks.onProgress?.({ phase: 'reading', bytesRead: read, totalBytes, rows: 0 }),
            })
          : chunkItems(streamChunks(path, totalBytes, chunkBytes, hooks.signal));
      pass = await chunkedPass(
        path,
        source,
        compression === 'none' ? plainChunksAtMost(totalBytes, chunkBytes) : undefined,
        state,
        options,
        opts,
        totalBytes,
        hooks,
        sampled,
        partial,
        passStarted,
      );
    } else pass = await onePass(path, state, options, opts, tokenizer, hooks);
    return await finishReport(path, state, pass, options, opts, tokenizer, totalBytes, hooks, started);
  } finally {
    state.dispose();
  }
}

/**
 * Minimum milliseconds between two running partials (rows and tokens so far) while reading. Why 250: the panel shows
 * the progress line (rows read, every 100 ms) above these counts; at 1 s the counts' rows trailed the line's by up to
 * a second (a new user's pass, session 20). A partial is a few numbers; four a second cost nothing measurable.
 */
const PARTIAL_INTERVAL_MS = 250;

/**
 * Posts the counts so far: right after the view is known (the first rows), then at most every PARTIAL_INTERVAL_MS
 * (250 ms) — except that the first counts with rows in them are never held back (a chunked run's first partial has
 * the view but no rows yet; its first merged chunk must not wait out the interval, or the panel shows zeros until
 * reading ends).
 */
export function runningPartial(
  hooks: AnalyzeHooks,
  tokenizer: Tokenizer,
): (stats: ReaderStats, feed: RowFeed | null, view: TextView, force?: boolean, inFlight?: InFlight) => void {
  let last = -Infinity;
  let shownRows = false;
  return (stats, feed, view, force = false, inFlight) => {
    if (!hooks.onPartial) return;
    const now = performance.now();
    // the first counts with rows in them are shown at once, then the counts at most every PARTIAL_INTERVAL_MS
    const total = stats.total + (inFlight?.rows ?? 0);
    const firstRows = !shownRows && total > 0;
    if (!force && !firstRows && now - last < PARTIAL_INTERVAL_MS) return;
    last = now;
    shownRows ||= total > 0;
    // rows and tokens of chunks still being analysed count as "so far"; their types are not known until they merge
    const tokens = {
      total: (feed?.vocab.totalTokens ?? 0) + (inFlight?.tokens ?? 0),
      types: feed?.vocab.size ?? 0,
      tokenizer: tokenizer.name,
    };
    const rows = rowsOf(stats, feed?.emptyText ?? 0);
    if (inFlight) {
      rows.total += inFlight.rows;
      rows.parsed += inFlight.rows;
    }
    hooks.onPartial({ rows, shape: view.shape, view: view.view, fields: view.fields, tokens });
  };
}

/** Rows and tokens analysed in chunks that are not merged yet. */
export interface InFlight {
  rows: number;
  tokens: number;
}

/**
 * Whether the file is analysed in chunks (see docs/performance.md) rather than in one pass: a plain file over one
 * chunk; a gzip or zstd file over a quarter chunk on disk (it decompresses to several times that). Never with --strict
 * (it stops at the first bad line in file order), never for a JSON array (one value, read by one scanner) or Parquet
 * (read row group by row group in one pass).
 */
async function readsInChunks(path: string, totalBytes: number, opts: ResolvedOptions): Promise<boolean> {
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  if (opts.strict) return false;
  // a JSON array is one value, Parquet rows are stored by row group: never cut into line-aligned byte ranges
  if ((await detectFileFormat(path)) !== 'jsonl') return false;
  return (await isCompressed(path)) ? totalBytes > chunkBytes / 4 : totalBytes > chunkBytes;
}

/** The whole file in one streaming pass in this thread (files of one chunk, gzip, strict mode). */
async function onePass(
  path: string,
  state: PassState,
  options: AnalyzeOptions,
  opts: ResolvedOptions,
  tokenizer: Tokenizer,
  hooks: AnalyzeHooks,
): Promise<Pass> {
  const { feed } = state;
  const sampler = recordSampler(options);
  const passStarted = performance.now();
  const reader = readJsonl(path, {
    strict: opts.strict,
    maxLineBytes: opts.maxLineBytes,
    keepSource: (options.groupBy?.length ?? 0) > 0, // exact slice keys of integers above 2^53
    chunkSize: hooks.readChunkSize,
    signal: hooks.signal,
    onProgress: (bytesRead, total) =>
      hooks.onProgress?.({ phase: 'reading', bytesRead, totalBytes: total, rows: reader.stats.parsed }),
  });
  const partial = runningPartial(hooks, tokenizer);
  /** Feeds the sample once the view is decided (and picks the slice fields to count from it). */
  const feedSample = (sample: JsonlRecord[]) => {
    state.countSliceFields(trackedSliceFields(sample.map((r) => r.value)));
    state.startInstructions(sample.map((r) => r.value));
    // the first row alone, then the counts at once (a cold first batch, as in chunkAnalysis.ts)
    for (let i = 0; i < sample.length; i++) {
      state.add(sample[i], sampler.view!);
      if (i === 0) partial(reader.stats, feed, sampler.view!, true);
    }
  };
  for await (const batch of reader.batches) {
    for (const rec of batch) {
      const ready = sampler.offer(rec);
      if (ready === null) state.add(rec, sampler.view!);
      else if (ready.length > 0) {
        feedSample(ready);
        partial(reader.stats, feed, sampler.view!, true);
      }
    }
    if (sampler.view) partial(reader.stats, feed, sampler.view);
  }
  // --strict refuses an empty file as it refuses a bad line (exit 2 in the CLI), rather than judge nothing
  if (opts.strict && reader.stats.total === 0)
    throw new ReaderError(path, 0, 0, 'emptyFile', 'empty file: no rows to analyse');
  if (!sampler.view) feedSample(sampler.finish());
  const sliceCandidates = state.sliceFields!.candidates();
  return { view: sampler.view!, sliceCandidates, stats: reader.stats, passStarted, extraAccumulatingMs: 0 };
}

/**
 * The file in chunks, analysed by `workers` threads and merged in chunk order into the state's accumulators
 * (chunkMerge.ts). The report is the same for any number of workers.
 */
async function chunkedPass(
  path: string,
  chunks: ChunkSource,
  /** A plain file's chunk count is at most this (its chunks are streamed); undefined: a compressed file. */
  plainChunks: number | undefined,
  state: PassState,
  options: AnalyzeOptions,
  opts: ResolvedOptions,
  totalBytes: number,
  hooks: AnalyzeHooks,
  sampled: Awaited<ReturnType<typeof readSampleView>>,
  partial: ReturnType<typeof runningPartial>,
  passStarted: number,
): Promise<Pass> {
  const { view } = sampled;
  state.countSliceFields(sampled.sliceFields);
  state.startInstructions(sampled.sample);
  const { feed, lineMarks } = state;
  const stats = createStats();
  const workers = resolveWorkers(opts.workers);
  const chunked = newChunkedTimes();
  await runChunks(path, chunks, stripWorkerOptions(options), {
    workers,
    worker: hooks.chunkWorker,
    lineMarks: lineMarks !== null,
    signal: hooks.signal,
    chunksAtMost: plainChunks,
    onProgress: (bytesRead, inFlight) => {
      // (a gzip file's byte progress comes from its reader, in compressed bytes)
      if (plainChunks !== undefined)
        hooks.onProgress?.({
          phase: 'reading',
          bytesRead,
          totalBytes,
          rows: feed.index.size + inFlight.rows,
        });
      partial(stats, feed, view, false, inFlight);
    },
    // (no running partial after a merge: the next progress adds the chunks still in flight, so the counts never go back)
    onPartial: (p) => mergeTimedChunk(chunked, state, stats, p),
  });
  chunked.accumulatingMs += chunked.mergingMs;
  chunked.workers = hooks.chunkWorker ? Math.min(workers, chunked.chunks) : 1;
  const sliceCandidates = state.sliceFields!.candidates();
  return { view, sliceCandidates, stats, passStarted, extraAccumulatingMs: chunked.mergingMs, chunked };
}

/** The number of chunk workers: the option, else the machine's available parallelism. */
export function resolveWorkers(workers: number | undefined): number {
  if (workers !== undefined && Number.isInteger(workers) && workers >= 1) return workers;
  return Math.max(1, availableParallelism());
}

/** Options as a chunk sees them: the worker count never reaches a chunk (it must not change any figure). */
export function stripWorkerOptions(o: AnalyzeOptions): AnalyzeOptions {
  const { workers: _w, ...rest } = o;
  void _w;
  return rest;
}

/**
 * Whether the file starts with a compression magic (gzip, zstd): it is then read by one decompressing reader, never
 * by byte range. Why exported: `analyze --partial` makes the same choice.
 */
async function isCompressed(path: string): Promise<boolean> {
  return (await fileCompression(path)) !== 'none';
}
