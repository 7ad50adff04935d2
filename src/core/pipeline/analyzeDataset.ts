/**
 * A dataset of several files (shards, a folder, a glob) analysed as ONE dataset. Why: Hub datasets and
 * pre-training corpora come as shards; their diversity, their duplicates across shards and their tails are
 * properties of the whole, not of each file.
 *
 * How: exactly as one file holding the files' lines one after the other. The text view is decided by the
 * dataset's first rows (read on into the next file while the first is short); a dataset no bigger than one chunk is
 * read in one pass, file after file, into one PassState (so its report equals that of the concatenated file); a
 * larger one cuts every file into the chunks a single-file analysis would cut and merges them, file after file and
 * chunk after chunk (chunkMerge.ts), so any number of workers gives the same report.
 *
 * Rows keep their file and line: the report's line numbers run through the files in the stated order (the first
 * file's lines are 1…n₁, the second's n₁+1…), and `files` lists each file with its first line, so any line maps
 * back to (file, line in file).
 */
import { access, stat } from 'node:fs/promises';
import { constants as fsConstants } from 'node:fs';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { readJsonl } from '../reader/jsonlReader.ts';
import { createStats } from '../reader/readerStats.ts';
import { trackedSliceFields } from '../fields/sliceCandidates.ts';
import { resolveOptions, type AnalyzeOptions, type ResolvedOptions } from './analyzeOptions.ts';
import { DEFAULT_CHUNK_BYTES, chunkItems, plainChunksAtMost, streamChunks, type Chunk } from './chunkPlan.ts';
import { runChunks, type ChunkSource } from './chunkRunner.ts';
import { compressedChunks } from './compressedChunks.ts';
import { fileCompression, regularFileStat } from '../reader/decompress.ts';
import { mergeReaderStats, mergeTimedChunk, newChunkedTimes } from './chunkMerge.ts';
import { finishReport, type FileOfLine, type Pass } from './finishReport.ts';
import { PassState } from './passState.ts';
import { readDatasetSampleView, recordSampler } from './sampleView.ts';
import {
  analyzeFile,
  resolveWorkers,
  runningPartial,
  stripWorkerOptions,
  type AnalyzeHooks,
} from './analyze.ts';
import type { AnalysisReport, DatasetFileInfo } from '../report/reportTypes.ts';
import { asFolderReport, fileOfDatasetLine } from '../report/datasetLine.ts';
import type { Compression, FileFormat, JsonlRecord, Tokenizer } from '../types.ts';
import { detectFileFormat } from '../reader/jsonArray.ts';

/** A dataset: its files in order, and the name the report gives it (`file.path`: the folder, or the first file). */
export interface DatasetInput {
  files: string[];
  label: string;
}

/** What every pass over the files needs. */
interface Run {
  files: string[];
  sizes: number[];
  compressions: Compression[];
  state: PassState;
  options: AnalyzeOptions;
  opts: ResolvedOptions;
  tokenizer: Tokenizer;
  hooks: AnalyzeHooks;
  totalBytes: number;
}

/**
 * Analyses the files of `input` as one dataset and returns one report (with `files`); a single file is exactly
 * `analyzeFile` (plus `files`, naming the dataset by its label, when it was given as a folder or a glob). Hooks as for analyzeFile, except the editor's line marks (one file's) and --strict (one pass of
 * one file), which a dataset of several files refuses.
 */
export async function analyzeDataset(
  input: DatasetInput,
  options: AnalyzeOptions = {},
  hooks: AnalyzeHooks = {},
): Promise<AnalysisReport> {
  const { files } = input;
  if (files.length === 0) throw new Error('a dataset needs at least one file');
  if (files.length === 1) {
    // one file named as a folder or a glob is still a dataset: the report names it and lists its file (as the panel's)
    const report = await analyzeFile(files[0], options, hooks);
    return input.label === files[0] ? report : asFolderReport(report, input.label);
  }
  const started = Date.now();
  const opts = resolveOptions(options);
  if (opts.strict)
    throw new Error(
      '--strict reads one file in one pass: check the files one by one (analyze FILE --strict)',
    );
  if (hooks.onLineMarks) throw new Error('line marks are kept for one file at a time');
  const tokenizer = getTokenizer(opts.tokenizer);
  const sizes: number[] = [];
  const compressions: Compression[] = [];
  for (const f of files) {
    const st = await stat(f);
    if (st.isDirectory()) throw new Error(`is a folder, not a dataset file: ${f}`);
    if (!st.isFile()) await regularFileStat(f); // a pipe or a device: its clear error
    sizes.push(st.size);
    compressions.push(await fileCompression(f));
  }
  const totalBytes = sizes.reduce((a, b) => a + b, 0);
  if (options.reference) await access(options.reference.path, fsConstants.R_OK);
  const state = datasetPassState(tokenizer, opts, options, totalBytes);
  try {
    const run: Run = { files, sizes, compressions, state, options, opts, tokenizer, hooks, totalBytes };
    // the single-file rule on the whole: one pass while the dataset is no bigger than one chunk (gzip: a quarter)
    const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
    const plainBytes = sizes.reduce((a, n, k) => a + (compressions[k] !== 'none' ? 4 * n : n), 0);
    const { pass, infos } =
      plainBytes <= chunkBytes ? await onePassOverFiles(run) : await chunksOverFiles(run);
    const report = await finishReport(
      input.label,
      state,
      { ...pass, fileOfLine: datasetFileOfLine(infos) },
      options,
      opts,
      tokenizer,
      totalBytes,
      hooks,
      started,
    );
    return { ...report, files: infos };
  } finally {
    state.dispose();
  }
}

/**
 * The state a dataset's rows, chunks or partials are merged into in this thread: the dataset's own (not a chunk's),
 * without line marks (they are one file's), its compression sample rate set by the whole dataset's size. Why
 * exported: `merge` of a dataset's partials folds them into the state `analyze` of the dataset uses, so both give
 * the same figures by construction.
 */
export function datasetPassState(
  tokenizer: Tokenizer,
  opts: ResolvedOptions,
  options: AnalyzeOptions,
  totalBytes: number,
): PassState {
  return new PassState({
    tokenizer,
    opts,
    groupBy: options.groupBy ?? [],
    chunk: false,
    fileBytes: totalBytes,
    lineMarks: false,
  });
}

/** Every file in one pass in this thread, one after the other, as one file holding their lines would be read. */
async function onePassOverFiles(r: Run): Promise<{ pass: Pass; infos: DatasetFileInfo[] }> {
  const { state, options, opts, hooks } = r;
  const { feed } = state;
  const passStarted = performance.now();
  const sampler = recordSampler(options);
  const partial = runningPartial(hooks, r.tokenizer);
  const stats = createStats();
  const infos: DatasetFileInfo[] = [];
  // each file's first line in the dataset's numbering: a row's line in its own file decides whether its phrases are
  // sampled (RowFeed.phraseLineShift), also for the first rows, which are fed once the view is known
  const fileStarts: number[] = [];
  const feedSample = (sample: JsonlRecord[]) => {
    state.countSliceFields(trackedSliceFields(sample.map((x) => x.value)));
    state.startInstructions(sample.map((x) => x.value));
    const shift = feed.phraseLineShift;
    for (const x of sample) {
      let k = fileStarts.length - 1;
      while (k > 0 && fileStarts[k] > x.line) k--;
      feed.phraseLineShift = 1 - fileStarts[k];
      state.add(x, sampler.view!);
    }
    feed.phraseLineShift = shift;
  };
  let lineShift = 0;
  let bytesBefore = 0;
  for (let k = 0; k < r.files.length; k++) {
    fileStarts.push(lineShift + 1);
    feed.phraseLineShift = -lineShift;
    const reader = readJsonl(r.files[k], {
      maxLineBytes: opts.maxLineBytes,
      keepSource: (options.groupBy?.length ?? 0) > 0, // exact slice keys of integers above 2^53
      signal: hooks.signal,
      firstLine: lineShift + 1,
      onProgress: (bytesRead) =>
        hooks.onProgress?.({
          phase: 'reading',
          bytesRead: bytesBefore + bytesRead,
          totalBytes: r.totalBytes,
          rows: stats.parsed + reader.stats.parsed,
        }),
    });
    for await (const batch of reader.batches) {
      for (const rec of batch) {
        const ready = sampler.offer(rec);
        if (ready === null) state.add(rec, sampler.view!);
        else if (ready.length > 0) feedSample(ready);
      }
      if (sampler.view) partial(stats, feed, sampler.view);
    }
    const lines = reader.stats.total + reader.stats.blank;
    mergeReaderStats(stats, reader.stats, k === 0);
    infos.push(fileInfo(r, k, lineShift, lines, reader.stats.parsed, reader.stats.format));
    lineShift += lines;
    bytesBefore += r.sizes[k];
  }
  if (!sampler.view) feedSample(sampler.finish());
  stats.fileBytes = r.totalBytes;
  const pass: Pass = {
    view: sampler.view!,
    sliceCandidates: state.sliceFields!.candidates(),
    stats,
    passStarted,
    extraAccumulatingMs: 0,
  };
  return { pass, infos };
}

/** Every file cut into its chunks (those of a single-file analysis), run on the pool and merged in order. */
async function chunksOverFiles(r: Run): Promise<{ pass: Pass; infos: DatasetFileInfo[] }> {
  const { state, options, opts, hooks } = r;
  const passStarted = performance.now();
  const sampled = await readDatasetSampleView(r.files, options, opts.maxLineBytes, hooks.signal);
  const partial = runningPartial(hooks, r.tokenizer);
  partial(createStats(), null, sampled.view, true);
  state.countSliceFields(sampled.sliceFields);
  state.startInstructions(sampled.sample);
  const stats = createStats();
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const workers = resolveWorkers(opts.workers);
  const chunked = newChunkedTimes();
  const infos: DatasetFileInfo[] = [];
  let lineShift = 0;
  let bytesBefore = 0;
  for (let k = 0; k < r.files.length; k++) {
    const file = r.files[k];
    const shift = lineShift;
    const shifted = (c: Chunk): Chunk => ({ ...c, firstLine: c.firstLine + shift });
    // JSONL is cut into chunks; a JSON array (one value) is one chunk, read whole by one worker
    const format = await detectFileFormat(file);
    const source: ChunkSource =
      format !== 'jsonl'
        ? [shifted({ index: 0, start: 0, end: r.sizes[k], firstLine: 1 })]
        : r.compressions[k] !== 'none'
          ? shiftChunks(
              compressedChunks(file, r.compressions[k] as 'gzip' | 'zstd', chunkBytes, {
                signal: hooks.signal,
              }),
              shifted,
            )
          : shiftChunks(chunkItems(streamChunks(file, r.sizes[k], chunkBytes, hooks.signal)), shifted);
    let lines = 0;
    let rows = 0;
    // the chunks number the dataset's lines; the phrase sample counts lines within the file
    await runChunks(
      file,
      source,
      { ...stripWorkerOptions(options), phraseLineShift: -shift },
      {
        workers,
        // a plain JSONL file's chunks are streamed, at most one per started chunkBytes (a compressed file's count is
        // unknown: its chunks are decompressed bytes)
        ...(format === 'jsonl' && r.compressions[k] === 'none'
          ? { chunksAtMost: plainChunksAtMost(r.sizes[k], chunkBytes) }
          : {}),
        worker: hooks.chunkWorker,
        sample: sampled.sample,
        signal: hooks.signal,
        onProgress: (bytesRead, inFlight) => {
          hooks.onProgress?.({
            phase: 'reading',
            bytesRead: bytesBefore + Math.min(bytesRead, r.sizes[k]),
            totalBytes: r.totalBytes,
            rows: state.feed.index.size + inFlight.rows,
          });
          partial(stats, state.feed, sampled.view, false, inFlight);
        },
        onPartial: (p) => {
          // one chunk numbering over the dataset: chunk 0 is the first file's first (its BOM is the dataset's)
          p.chunk = { ...p.chunk, index: chunked.chunks };
          lines += p.stats.total + p.stats.blank;
          rows += p.stats.parsed;
          mergeTimedChunk(chunked, state, stats, p);
        },
      },
    );
    infos.push(fileInfo(r, k, shift, lines, rows, format));
    lineShift += lines;
    bytesBefore += r.sizes[k];
  }
  chunked.accumulatingMs += chunked.mergingMs;
  chunked.workers = hooks.chunkWorker ? Math.min(workers, chunked.chunks) : 1;
  stats.fileBytes = r.totalBytes;
  stats.compression = infos[0].compression;
  const pass: Pass = {
    view: sampled.view,
    sliceCandidates: state.sliceFields!.candidates(),
    stats,
    passStarted,
    extraAccumulatingMs: chunked.mergingMs,
    chunked,
  };
  return { pass, infos };
}

function fileInfo(
  r: Run,
  k: number,
  shift: number,
  lines: number,
  rows: number,
  format: FileFormat,
): DatasetFileInfo {
  return {
    path: r.files[k],
    bytes: r.sizes[k],
    compression: r.compressions[k],
    format,
    firstLine: shift + 1,
    lines,
    rows,
  };
}

/**
 * The file holding a dataset line (datasetLine.ts's one mapping), with its compression for reading rows back. Why
 * exported: `merge` of a dataset's partials reads its clusters' rows back through the same mapping.
 */
export function datasetFileOfLine(infos: DatasetFileInfo[]): FileOfLine {
  const byPath = new Map(infos.map((f) => [f.path, f]));
  return (line) => {
    const hit = fileOfDatasetLine(infos, line);
    return hit ? byPath.get(hit.path) : undefined;
  };
}

async function* shiftChunks<T extends { chunk: Chunk }>(
  source: AsyncIterable<T>,
  shift: (c: Chunk) => Chunk,
): AsyncGenerator<T, void, undefined> {
  for await (const item of source) yield { ...item, chunk: shift(item.chunk) };
}
