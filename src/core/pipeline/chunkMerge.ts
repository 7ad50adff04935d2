/**
 * Folds one chunk's partial (chunkAnalysis.ts) into the file's accumulators. Called once per chunk, in chunk
 * order: the vocabulary first (its remap turns the chunk's local ids into the file's ids), then every
 * accumulator, then the reader's counts. Why in one place: the order of these steps is part of the guarantee
 * that a chunked report equals the one-pass report wherever the figures are exact (docs/performance.md).
 */
import type { ReaderStats } from '../types.ts';
import { MAX_KEPT_ERRORS } from '../reader/readerStats.ts';
import type { ChunkPartial } from './chunkAnalysis.ts';
import type { RowFeed } from './rowFeed.ts';
import type { LineMarkCollector } from '../lineMarks/lineMarkCollector.ts';
import type { SliceAccumulator } from '../slices/slices.ts';
import type { SliceFieldCounter } from '../fields/sliceCandidates.ts';
import type { ChunkedTimes } from '../report/assembleReport.ts';
import type { PassState } from './passState.ts';
import type { InstructionAccumulator } from '../instructions/instructionStats.ts';

/**
 * Merges partial `p` (the next chunk in order) into `feed`, `stats` and, when asked for, the line marks, slices and
 * slice-field counts.
 */
export function mergeChunkPartial(
  feed: RowFeed,
  stats: ReaderStats,
  p: ChunkPartial,
  marks: LineMarkCollector | null = null,
  slices: SliceAccumulator | null = null,
  sliceFields: SliceFieldCounter | null = null,
  instructions: InstructionAccumulator | null = null,
): void {
  if ((slices === null) !== (p.slices === null))
    throw new Error(
      `chunk ${p.chunk.index}: slices ${p.slices ? 'given' : 'missing'}, ${slices ? 'expected' : 'not expected'}`,
    );
  // (every chunk decides the prompt side from the same first rows: a difference is a bug or a foreign partial)
  if ((instructions === null) !== ((p.instructions ?? null) === null))
    throw new Error(
      `chunk ${p.chunk.index}: instruction sample ${p.instructions ? 'given' : 'missing'}, ${instructions ? 'expected' : 'not expected'}`,
    );
  const remap = feed.vocab.merge(p.vocab);
  feed.lexical.merge(p.lexical, remap);
  const entryMap = feed.exact.merge(p.exact);
  if (marks) {
    if (!p.lineMarks) throw new Error(`chunk ${p.chunk.index} has no line marks`);
    marks.merge(p.lineMarks, entryMap);
  }
  feed.near.merge(p.near);
  feed.templates.merge(p.templates, remap);
  feed.index.merge(p.rows);
  if (slices && p.slices) slices.merge(p.slices, remap);
  if (sliceFields) sliceFields.merge(p.sliceFields);
  if (instructions && p.instructions) instructions.merge(p.instructions);
  feed.emptyText += p.emptyText;
  mergeReaderStats(stats, p.stats, p.chunk.index === 0);
}

/** A chunked run's times and counts before its first chunk (`workers` is set once the run knows how many worked). */
export function newChunkedTimes(workers = 0): ChunkedTimes {
  return { readingMs: 0, tokenizingMs: 0, accumulatingMs: 0, mergingMs: 0, chunks: 0, workers };
}

/**
 * Merges partial `p` (the next chunk in order) into `state`'s accumulators (its line marks, slices and slice-field
 * counts when it has them) and `stats`, and adds the chunk to `times`: its worker's thread-milliseconds per phase
 * and the merge's own in this thread. Why one function: every chunked run (one file, a dataset of several, the
 * partials of `merge`) counts a chunk the same way, so their `timing` blocks mean the same.
 */
export function mergeTimedChunk(
  times: ChunkedTimes,
  state: Pick<PassState, 'feed' | 'lineMarks' | 'slices' | 'sliceFields' | 'instructions'>,
  stats: ReaderStats,
  p: ChunkPartial,
): void {
  const t0 = performance.now();
  mergeChunkPartial(
    state.feed,
    stats,
    p,
    state.lineMarks,
    state.slices,
    state.sliceFields,
    state.instructions,
  );
  times.mergingMs += performance.now() - t0;
  times.chunks++;
  times.readingMs += p.ms.total - p.ms.tokenizing - p.ms.accumulating;
  times.tokenizingMs += p.ms.tokenizing;
  times.accumulatingMs += p.ms.accumulating;
}

/** Adds a later range's reader counts to `into` (bad-line list: the first MAX_KEPT_ERRORS in file order). */
export function mergeReaderStats(into: ReaderStats, s: ReaderStats, first: boolean): void {
  into.total += s.total;
  into.parsed += s.parsed;
  into.malformed += s.malformed;
  into.blank += s.blank;
  into.tooLong += s.tooLong;
  into.invalidUtf8 += s.invalidUtf8;
  into.skippedBytes += s.skippedBytes;
  for (const k of Object.keys(s.byReason) as (keyof ReaderStats['byReason'])[])
    into.byReason[k] += s.byReason[k];
  for (const e of s.errors) if (into.errors.length < MAX_KEPT_ERRORS) into.errors.push(e);
  if (first) {
    into.bom = s.bom;
    into.format = s.format;
  }
  into.bytesRead += s.bytesRead;
  into.fileBytes = s.fileBytes;
  into.compression = s.compression;
}
