/**
 * `analyze --partial`: analyse a file, or the lines that start inside one byte range of it, and write the chunk
 * partials to a `.dlpart` file instead of finishing a report. Why: this is the map step of an analysis spread over
 * a cluster (docs/scale.md): each task runs this on its range, on its own machine, and `merge` (mergePartials.ts)
 * folds the files into the report one `analyze` gives. The chunks are the ones a whole-file analysis cuts
 * (chunkPlan.ts), so with range boundaries on multiples of the chunk size the partials are byte-for-byte the same.
 *
 * A file of a dataset of several files (`analyze a.jsonl b.jsonl.gz … --partial OUT --range-file b.jsonl.gz`): the
 * partial covers that one file (or a byte range of it) and records the whole dataset — every file's path, size,
 * modification time, compression and format — and its text view comes from the dataset's first rows, as in
 * `analyze` of the dataset (analyzeDataset.ts); `merge` puts the files back in order and numbers the lines through
 * them. A JSON array or Parquet file of such a dataset is one chunk, read whole, as analyzeDataset reads it.
 */
import { resolve } from 'node:path';
import { stat } from 'node:fs/promises';
import { resolveOptions, type AnalyzeOptions } from './analyzeOptions.ts';
import { DEFAULT_CHUNK_BYTES, newlinesBefore, planRangeChunks } from './chunkPlan.ts';
import { runChunks, type ChunkSource, type ChunkWorkerScript } from './chunkRunner.ts';
import { compressedChunks } from './compressedChunks.ts';
import { resolveWorkers, stripWorkerOptions } from './analyze.ts';
import { fileCompression, regularFileStat } from '../reader/decompress.ts';
import { readDatasetSampleView, readSampleView } from './sampleView.ts';
import { detectFileFormat } from '../reader/jsonArray.ts';
import { CHUNK_PARTIAL_VERSION } from './chunkAnalysis.ts';
import { PHRASE_SAMPLE_ABOVE_BYTES, PHRASE_SAMPLE_FROM_LINE } from '../templates/phraseSample.ts';
import {
  DATASET_PARTIAL_FILE_VERSION,
  PARTIAL_FILE_VERSION,
  sampleDigest,
  writePartialFile,
  type PartialDataset,
  type PartialDatasetFile,
  type PartialHeader,
  type PartialTrailer,
} from './partialFile.ts';
import { figureOptions } from './partialOptions.ts';
import { TOOL_VERSION } from '../version.ts';
import { assertNotAnInput } from '../mix/pathGuard.ts';

export interface PartialRunOptions {
  /** The `.dlpart` file to write (atomically: it appears complete or not at all). */
  out: string;
  /** Only the lines that start inside [start, end); omitted: the whole file. */
  range?: { start: number; end?: number };
  chunkWorker?: ChunkWorkerScript;
  signal?: AbortSignal;
  /** Bytes of the range read so far, and the range's size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /**
   * The dataset `path` is one file of (`analyze FILE… --partial`): its files in order (as resolveDatasetFiles gives
   * them; `path` must be one of them) and its label (the report's `file.path`). Omitted: `path` alone.
   */
  dataset?: { files: string[]; label: string };
}

/** What was written, for the CLI's one-line summary. */
export interface PartialWritten {
  header: PartialHeader;
  trailer: Omit<PartialTrailer, 'sha256'>;
}

/** Analyses `path` (or its byte range) and writes the partial file; throws on a bad range, strict mode or a reference. */
export async function writeAnalysisPartial(
  path: string,
  options: AnalyzeOptions,
  o: PartialRunOptions,
): Promise<PartialWritten> {
  // a range's lines are numbered from its start: its instruction sample hashes the rows' absolute byte offsets
  // (recorded in the header, so a merge never mixes partials keyed both ways; docs/metrics.md "Instructions")
  if (o.range) options = { ...options, instructionSampleIds: 'offset' };
  const opts = resolveOptions(options);
  if (opts.strict)
    throw new Error(
      '--strict has no partials (it stops at the first bad line of the whole file, in one pass)',
    );
  if (options.reference)
    throw new Error(
      '--reference is not part of a partial: give it to `diversity-lens merge`, which reads it once',
    );
  const st = await stat(path);
  if (st.isDirectory()) throw new Error(`is a directory, not a dataset file: ${path}`);
  const dataset = o.dataset ? await describeDataset(path, o.dataset) : undefined;
  // a later file of a dataset numbers its lines (and offsets) from its own start: its sample ids are kept apart from
  // the other files' (else every file would sample the same positions; AnalyzeOptions.instructionSampleIdBase)
  if (dataset && dataset.index > 0)
    options = { ...options, instructionSampleIdBase: dataset.index * 2 ** 40 };
  // the partial is renamed over its target: never over the dataset
  await assertNotAnInput(o.out, o.dataset?.files ?? [path]);
  const fileBytes = st.size;
  const chunkBytes = opts.chunkBytes ?? DEFAULT_CHUNK_BYTES;
  const format = await detectFileFormat(path);
  // in a dataset of several files a JSON array or Parquet file is one chunk, read whole (as analyzeDataset reads it)
  const wholeChunk = format !== 'jsonl' && dataset !== undefined && dataset.files.length > 1;
  if (wholeChunk && o.range)
    throw new Error(
      `${path} is ${format === 'parquet' ? 'a Parquet file' : 'one JSON array'}: --byte-range cuts byte ranges of JSONL lines; its partial is the whole file (leave out --byte-range)`,
    );
  if (format === 'json-array' && !wholeChunk)
    throw new Error(
      `${path} is one JSON array, which is read in one pass from its '[' and cannot be split into partials${o.range ? ' (--byte-range needs JSONL, whose rows start at line starts)' : ''}: analyse it without --partial, or convert it to JSONL with \`jq -c '.[]'\` first`,
    );
  if (format === 'parquet' && !wholeChunk)
    throw new Error(
      `${path} is a Parquet file: --partial${o.range ? ' --byte-range' : ''} cuts a file into byte ranges of JSONL lines, which do not exist in Parquet (rows are stored by row group); analyse it whole, without --partial`,
    );
  const compression = await fileCompression(path);
  const start = o.range?.start ?? 0;
  const end = Math.min(o.range?.end ?? fileBytes, fileBytes);
  if (o.range) {
    if (compression !== 'none')
      throw new Error(
        `--byte-range needs an uncompressed file; ${path} is ${compression}-compressed (a compressed stream cannot be entered in the middle): analyse it whole, without --byte-range, or decompress it first`,
      );
    if (start > fileBytes)
      throw new Error(
        `--byte-range ${start}:${o.range.end ?? ''} starts past the end of ${path} (${fileBytes} bytes)`,
      );
  }
  const sampled = o.dataset
    ? await readDatasetSampleView(o.dataset.files, options, opts.maxLineBytes, o.signal)
    : await readSampleView(path, options, opts.maxLineBytes, o.signal);
  const span = end - start;
  let source: ChunkSource;
  let lines = { lineStart: 0, lineEnd: fileBytes, newlines: 0 };
  if (wholeChunk) {
    source = [{ index: 0, start: 0, end: fileBytes, firstLine: 1 }];
  } else if (compression !== 'none') {
    source = compressedChunks(path, compression, chunkBytes, {
      signal: o.signal,
      onProgress: (read) => o.onProgress?.(read, fileBytes),
    });
  } else {
    const plan = await planRangeChunks(path, fileBytes, start, end, chunkBytes, o.signal);
    source = plan.chunks;
    lines = { lineStart: plan.lineStart, lineEnd: plan.lineEnd, newlines: plan.newlines };
    // the range's lines count from 1: the phrase sample needs their lines in the file, i.e. the `\n` count before
    // the range — up to the sampling line only, so a task reads at most the file's first lines (templates/phraseSample.ts)
    const resolved = resolveOptions(options);
    const fromLine = resolved.phraseSampleFromLine ?? PHRASE_SAMPLE_FROM_LINE;
    const sampled = fileBytes >= (resolved.phraseSampleAboveBytes ?? PHRASE_SAMPLE_ABOVE_BYTES);
    if (plan.lineStart > 0 && fromLine !== Infinity && sampled)
      options = {
        ...options,
        phraseLineShift: await newlinesBefore(path, plan.lineStart, fromLine - 1, o.signal),
      };
  }
  const header: PartialHeader = {
    format: 'diversity-lens-partial',
    formatVersion: dataset ? DATASET_PARTIAL_FILE_VERSION : PARTIAL_FILE_VERSION,
    partialVersion: CHUNK_PARTIAL_VERSION,
    tool: { name: 'diversity-lens', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    input: {
      path: resolve(path),
      bytes: fileBytes,
      mtimeMs: st.mtimeMs,
      compression,
    },
    range: { start, end },
    options: figureOptions(options),
    sampleDigest: sampleDigest(sampled.sample),
    ...(dataset ? { dataset } : {}),
  };
  let rows = 0;
  let chunks = 0;
  await writePartialFile(o.out, header, sampled.sample, async (w) => {
    const { reference: _r, ...chunkOptions } = stripWorkerOptions(options);
    void _r;
    await runChunks(path, source, chunkOptions, {
      workers: resolveWorkers(opts.workers),
      worker: o.chunkWorker,
      lineMarks: false,
      signal: o.signal,
      onProgress: (bytesRead) => {
        if (Array.isArray(source)) o.onProgress?.(Math.min(bytesRead, span), span);
      },
      onPartial: (p) => {
        rows += p.rows.lines.length;
        chunks++;
        w.addChunk(p);
      },
    });
    await w.finish({ rows, ...lines });
  });
  return { header, trailer: { chunks, rows, ...lines } };
}

/** The dataset as this task sees it (every file's size, time, compression, format) and which file `path` is. */
async function describeDataset(path: string, d: { files: string[]; label: string }): Promise<PartialDataset> {
  const index = d.files.findIndex((f) => resolve(f) === resolve(path));
  if (index < 0)
    throw new Error(
      `${path} is not a file of the dataset (${d.files.slice(0, 3).join(', ')}${d.files.length > 3 ? ', …' : ''})`,
    );
  const files: PartialDatasetFile[] = [];
  for (const f of d.files) {
    const st = await stat(f);
    if (!st.isFile()) await regularFileStat(f); // a folder, a pipe or a device: its clear error
    files.push({
      path: resolve(f),
      bytes: st.size,
      mtimeMs: st.mtimeMs,
      compression: await fileCompression(f),
      format: await detectFileFormat(f),
    });
  }
  return { label: resolve(d.label), files, index };
}
