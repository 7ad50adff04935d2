/**
 * `merge`: folds the partial files of one dataset (analyze --partial, one per byte range, made anywhere) into the
 * report one `analyze` of the whole file — or of the whole dataset of several files — gives. Why here and not in the CLI: the merge is the same fold the chunk
 * workers' partials go through in `analyze` (chunkMerge.ts, then finishReport.ts), only read from disk — so the
 * figures are the same by construction wherever the chunks are the same (docs/scale.md says when they are).
 *
 * Before anything is merged every file is checked (partialFile.ts: magic, end mark, checksum, versions) and the set
 * as a whole: one input file (same path, size and modification time) — or one dataset (the same ordered list of
 * files, sizes and modification times, every file covered) —, the same figure options, the same first rows, and
 * ranges that cover each file's lines exactly once. Any problem is a PartialFileError naming the files. A dataset's
 * files are merged in its order, their lines numbered through them as analyzeDataset numbers them.
 */
import { stat } from 'node:fs/promises';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { createStats } from '../reader/readerStats.ts';
import { resolveOptions, type AnalyzeOptions } from './analyzeOptions.ts';
import { mergeTimedChunk, newChunkedTimes } from './chunkMerge.ts';
import { finishReport, type Pass } from './finishReport.ts';
import { rebaseChunkPartial } from './partialRebase.ts';
import { CHUNK_PARTIAL_VERSION } from './chunkAnalysis.ts';
import { viewOfSampleValues } from './sampleView.ts';
import {
  openPartialFile,
  PartialFileError,
  readPartialRecords,
  type PartialDataset,
  type PartialFile,
  type PartialHeader,
} from './partialFile.ts';
import { datasetFileOfLine, datasetPassState } from './analyzeDataset.ts';
import { asFolderReport } from '../report/datasetLine.ts';
import { optionDifferences, optionsOfFigures } from './partialOptions.ts';
import type { AnalyzeHooks } from './analyze.ts';
import type { AnalysisReport, DatasetFileInfo, MergedPartialInfo } from '../report/reportTypes.ts';
import type { FileFormat } from '../types.ts';
import type { TextView } from '../fields/textView.ts';

/** What `merge` takes besides the partials: the reference (read once, here) — every other option is the partials'. */
export interface MergeOptions {
  reference?: AnalyzeOptions['reference'];
}

/**
 * Merges the partial files at `paths` (any order) into a report. Hooks as for analyzeFile (progress, signal); line
 * marks are not available from partials. Throws PartialFileError for any unusable file or set of files.
 */
export async function mergePartialFiles(
  paths: string[],
  mergeOptions: MergeOptions = {},
  hooks: Pick<AnalyzeHooks, 'onProgress' | 'signal'> = {},
): Promise<AnalysisReport & { partials: MergedPartialInfo[] }> {
  const started = Date.now();
  if (paths.length === 0) throw new Error('merge needs at least one partial file');
  const files: PartialFile[] = [];
  for (const p of paths) {
    hooks.signal?.throwIfAborted();
    files.push(await openPartialFile(p));
  }
  const { groups, dataset } = checkSet(files);
  const ordered = groups.flatMap((g) => g.partials);
  const first = ordered[0].header;
  const options: AnalyzeOptions = {
    ...optionsOfFigures(first.options),
    ...(mergeOptions.reference ? { reference: mergeOptions.reference } : {}),
  };
  const opts = resolveOptions(options);
  const tokenizer = getTokenizer(opts.tokenizer);
  // several files: the report names the dataset and numbers its lines through the files (as analyzeDataset's)
  const several = dataset !== undefined && dataset.files.length > 1;
  const totalBytes = groups.reduce((s, g) => s + g.input.bytes, 0);
  const state = datasetPassState(tokenizer, opts, options, totalBytes);
  try {
    const passStarted = performance.now();
    const stats = createStats();
    const chunked = newChunkedTimes(1);
    let view: TextView | null = null;
    const partialBytes = ordered.reduce((s, f) => s + f.bodyEnd, 0);
    let done = 0;
    const infos: DatasetFileInfo[] = [];
    let datasetShift = 0; // lines of the dataset's earlier files
    for (const g of groups) {
      let lineShift = 0; // lines of this file's earlier ranges
      let fileLines = 0;
      let fileRows = 0;
      for (const f of g.partials) {
        for await (const rec of readPartialRecords(f)) {
          hooks.signal?.throwIfAborted();
          if (rec.kind === 'sample') {
            if (view) continue; // (every partial carries the same sample: checked by its digest)
            const sampled = viewOfSampleValues(rec.sample, options);
            view = sampled.view;
            state.countSliceFields(sampled.sliceFields);
            state.startInstructions(rec.sample);
            continue;
          }
          if (!view) throw new PartialFileError(f.path, 'corrupt: a chunk comes before the sample');
          fileLines += rec.partial.stats.total + rec.partial.stats.blank;
          fileRows += rec.partial.stats.parsed;
          const p = rebaseChunkPartial(rec.partial, datasetShift + lineShift);
          // one chunk numbering over the dataset: chunk 0 is the first file's first (its BOM is the dataset's)
          p.chunk = { ...p.chunk, index: chunked.chunks };
          mergeTimedChunk(chunked, state, stats, p);
        }
        lineShift += f.trailer.newlines;
        done += f.bodyEnd;
        hooks.onProgress?.({
          phase: 'reading',
          bytesRead: done,
          totalBytes: partialBytes,
          rows: state.feed.index.size,
        });
      }
      infos.push({
        path: g.input.path,
        bytes: g.input.bytes,
        compression: g.input.compression,
        format: g.format,
        firstLine: datasetShift + 1,
        lines: fileLines,
        rows: fileRows,
      });
      datasetShift += fileLines;
    }
    if (!view) throw new PartialFileError(ordered[0].path, 'corrupt: no sample record');
    chunked.accumulatingMs += chunked.mergingMs;
    stats.fileBytes = totalBytes;
    stats.compression = groups[0].input.compression;
    const sliceCandidates = state.sliceFields!.candidates();
    let readSnippets = true;
    for (const g of groups) readSnippets = readSnippets && (await sourceUnchanged(g.input));
    const pass: Pass = {
      view,
      sliceCandidates,
      stats,
      passStarted,
      extraAccumulatingMs: chunked.mergingMs,
      chunked,
      readSnippets,
      ...(several ? { fileOfLine: datasetFileOfLine(infos) } : {}),
    };
    const label = several ? dataset.label : groups[0].input.path;
    // the report of the rows merged, before this merge's own keys (files, partials)
    const base = await finishReport(label, state, pass, options, opts, tokenizer, totalBytes, hooks, started);
    const partials: MergedPartialInfo[] = ordered.map((f) => ({
      path: f.path,
      ...(dataset ? { file: f.header.input.path } : {}),
      range: f.header.range,
      lines: { start: f.trailer.lineStart, end: f.trailer.lineEnd },
      chunks: f.trailer.chunks,
      rows: f.trailer.rows,
    }));
    // a dataset of one file (a folder or glob holding one): named by its label, its file listed (as analyze's)
    if (several) return { ...base, files: infos, partials };
    return { ...(dataset ? asFolderReport(base, dataset.label) : base), partials };
  } finally {
    state.dispose();
  }
}

/** The partials of one file of the set, in file order, with the file as the tasks saw it. */
interface FileGroup {
  input: PartialHeader['input'];
  format: FileFormat;
  partials: PartialFile[];
}

/**
 * Checks the partials belong together and returns them grouped by file, in the dataset's file order and each file's
 * byte order: one version, one input file (or one dataset of several, every file of it covered), one set of figure
 * options, one sample, and line spans that tile each file (no gap, no overlap).
 */
function checkSet(files: PartialFile[]): { groups: FileGroup[]; dataset?: PartialDataset } {
  const a = files[0];
  // a partial of another chunk-partial version holds figures this build would fold by other rules (version 6: the
  // gzip ratio's 1-in-8 block sample): refuse it by name before anything is read
  for (const f of files)
    if (f.header.partialVersion !== CHUNK_PARTIAL_VERSION)
      throw new PartialFileError(
        f.path,
        `made by diversity-lens ${f.header.tool.version} with partial version ${f.header.partialVersion}; this build merges partial version ${CHUNK_PARTIAL_VERSION}: make the partials again with this build`,
      );
  for (const b of files.slice(1)) {
    const [ha, hb] = [a.header, b.header];
    // (every partial version is this build's, checked above: only the tool versions can differ here)
    if (ha.tool.version !== hb.tool.version)
      throw new PartialFileError(
        b.path,
        `made by diversity-lens ${hb.tool.version} (partial version ${hb.partialVersion}), but ${a.path} by ${ha.tool.version} (partial version ${ha.partialVersion}): make every partial with one version`,
      );
    checkSameDataset(a, b);
    if (!ha.dataset && ha.input.path !== hb.input.path)
      throw new PartialFileError(
        b.path,
        `is a partial of ${hb.input.path}, but ${a.path} is of ${ha.input.path}: merge combines the partials of one file (or of one dataset: analyze FILE… --partial)`,
      );
    if (
      ha.input.path === hb.input.path &&
      (ha.input.bytes !== hb.input.bytes || ha.input.mtimeMs !== hb.input.mtimeMs)
    )
      throw new PartialFileError(
        b.path,
        `saw ${hb.input.path} at ${hb.input.bytes} bytes, modified ${new Date(hb.input.mtimeMs).toISOString()}, but ${a.path} at ${ha.input.bytes} bytes, modified ${new Date(ha.input.mtimeMs).toISOString()}: the file changed between the tasks`,
      );
    const diff = optionDifferences(ha.options, hb.options);
    if (diff.length)
      throw new PartialFileError(b.path, `made with other options than ${a.path}: ${diff.join('; ')}`);
    if (ha.sampleDigest !== hb.sampleDigest)
      throw new PartialFileError(
        b.path,
        `read other first rows than ${a.path}: the ${ha.dataset ? 'dataset' : 'file'} changed between the tasks`,
      );
  }
  const dataset = a.header.dataset;
  if (!dataset) return { groups: [checkTiling(files, 'jsonl')] };
  const groups: FileGroup[] = [];
  for (const [k, file] of dataset.files.entries()) {
    const of = files.filter((f) => f.header.dataset!.index === k);
    if (of.length === 0)
      throw new PartialFileError(
        file.path,
        `missing file: no partial holds it (file ${k + 1} of the ${dataset.files.length} of the dataset ${dataset.label})`,
      );
    for (const f of of) {
      const input = f.header.input;
      if (input.path !== file.path || input.bytes !== file.bytes || input.mtimeMs !== file.mtimeMs)
        throw new PartialFileError(
          f.path,
          `analysed ${input.path} at ${input.bytes} bytes, modified ${new Date(input.mtimeMs).toISOString()}, but lists file ${k + 1} of its dataset as ${file.path} at ${file.bytes} bytes, modified ${new Date(file.mtimeMs).toISOString()}: the file changed while the task ran`,
        );
    }
    groups.push(checkTiling(of, file.format));
  }
  return { groups, dataset };
}

/** The partials of one file in byte order, refused unless their line spans tile the file exactly once. */
function checkTiling(files: PartialFile[], format: FileFormat): FileGroup {
  const a = files[0];
  const input = a.header.input;
  const ordered = [...files].sort((x, y) => x.trailer.lineStart - y.trailer.lineStart);
  const fileBytes = input.bytes;
  const name = (f: PartialFile) =>
    `${f.path} (bytes ${f.header.range.start}:${f.header.range.end}, lines starting in ${f.trailer.lineStart}:${f.trailer.lineEnd})`;
  if ((input.compression !== 'none' || format !== 'jsonl') && files.length > 1)
    throw new PartialFileError(
      ordered[1].path,
      `${input.path} is ${input.compression !== 'none' ? 'compressed' : format === 'parquet' ? 'a Parquet file' : 'one JSON array'}, so it has one partial (the whole file); got ${files.length}: ${files.map((f) => f.path).join(', ')}`,
    );
  let at = 0;
  let prev: PartialFile | null = null;
  for (const f of ordered) {
    const { lineStart, lineEnd } = f.trailer;
    // an empty span (a range holding no line start) covers nothing and cannot overlap
    if (lineStart === lineEnd && prev) continue;
    if (lineStart > at)
      throw new PartialFileError(
        f.path,
        `missing range: no partial holds the lines starting in bytes ${at}:${lineStart} of ${input.path} (between ${prev ? name(prev) : 'the start of the file'} and ${name(f)})`,
      );
    if (lineStart < at)
      throw new PartialFileError(
        f.path,
        `overlapping ranges: ${name(f)} and ${prev ? name(prev) : '?'} both hold lines starting before byte ${at}`,
      );
    at = lineEnd;
    prev = f;
  }
  if (at < fileBytes)
    throw new PartialFileError(
      prev?.path ?? a.path,
      `missing range: no partial holds the lines starting in bytes ${at}:${fileBytes} of ${input.path} (the end of the file)`,
    );
  return { input, format, partials: ordered };
}

/**
 * Refuses `b` unless it is of the dataset `a` is of (or, like `a`, of a file alone), naming the first difference: the
 * label, the number of files, or a file's path, size or modification time.
 */
function checkSameDataset(a: PartialFile, b: PartialFile): void {
  const [da, db] = [a.header.dataset, b.header.dataset];
  if (!da && !db) return;
  const what = (d: PartialDataset | undefined, f: PartialFile) =>
    d
      ? `the dataset ${d.label} (${d.files.length} file${d.files.length === 1 ? '' : 's'})`
      : `${f.header.input.path} alone`;
  const refuse = (difference: string) =>
    new PartialFileError(
      b.path,
      `is a partial of ${what(db, b)}, but ${a.path} is of ${what(da, a)}${difference}: merge combines the partials of one dataset`,
    );
  if (!da || !db) throw refuse('');
  if (da.label !== db.label) throw refuse('');
  if (da.files.length !== db.files.length) throw refuse('');
  for (const [k, fa] of da.files.entries()) {
    const fb = db.files[k];
    if (fa.path !== fb.path) throw refuse(` (file ${k + 1}: ${fb.path} vs ${fa.path})`);
    if (fa.bytes !== fb.bytes || fa.mtimeMs !== fb.mtimeMs)
      throw new PartialFileError(
        b.path,
        `saw ${fb.path} (file ${k + 1} of the dataset) at ${fb.bytes} bytes, modified ${new Date(fb.mtimeMs).toISOString()}, but ${a.path} at ${fa.bytes} bytes, modified ${new Date(fa.mtimeMs).toISOString()}: the file changed between the tasks`,
      );
  }
}

/** Whether the analysed file is still there, unchanged (same size and modification time), so rows can be read back. */
async function sourceUnchanged(input: { path: string; bytes: number; mtimeMs: number }): Promise<boolean> {
  try {
    const st = await stat(input.path);
    return st.size === input.bytes && st.mtimeMs === input.mtimeMs;
  } catch {
    return false;
  }
}
