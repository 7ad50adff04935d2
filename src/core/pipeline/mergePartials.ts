/**
 * `merge`: folds the partial files of one dataset (analyze --partial, one per byte range, made anywhere) into the
 * report one `analyze` of the whole file gives. Why here and not in the CLI: the merge is the same fold the chunk
 * workers' partials go through in `analyze` (chunkMerge.ts, then finishReport.ts), only read from disk — so the
 * figures are the same by construction wherever the chunks are the same (docs/scale.md says when they are).
 *
 * Before anything is merged every file is checked (partialFile.ts: magic, end mark, checksum, versions) and the set
 * as a whole: one input file (same path, size and modification time), the same figure options, the same first
 * rows, and ranges that cover the file's lines exactly once. Any problem is a PartialFileError naming the files.
 */
import { stat } from 'node:fs/promises';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { createStats } from '../reader/readerStats.ts';
import { resolveOptions, type AnalyzeOptions } from './analyzeOptions.ts';
import { mergeTimedChunk, newChunkedTimes } from './chunkMerge.ts';
import { finishReport } from './finishReport.ts';
import { PassState } from './passState.ts';
import { rebaseChunkPartial } from './partialRebase.ts';
import { viewOfSampleValues } from './sampleView.ts';
import { openPartialFile, PartialFileError, readPartialRecords, type PartialFile } from './partialFile.ts';
import { optionDifferences, optionsOfFigures } from './partialOptions.ts';
import type { AnalyzeHooks } from './analyze.ts';
import type { AnalysisReport, MergedPartialInfo } from '../report/reportTypes.ts';
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
  const ordered = checkSet(files);
  const first = ordered[0].header;
  const options: AnalyzeOptions = {
    ...optionsOfFigures(first.options),
    ...(mergeOptions.reference ? { reference: mergeOptions.reference } : {}),
  };
  const opts = resolveOptions(options);
  const tokenizer = getTokenizer(opts.tokenizer);
  const input = first.input;
  const state = new PassState({
    tokenizer,
    opts,
    groupBy: options.groupBy ?? [],
    chunk: false,
    fileBytes: input.bytes,
    lineMarks: false,
  });
  try {
    const passStarted = performance.now();
    const stats = createStats();
    const chunked = newChunkedTimes(1);
    let view: TextView | null = null;
    let lineShift = 0;
    const totalBytes = ordered.reduce((s, f) => s + f.bodyEnd, 0);
    let done = 0;
    for (const f of ordered) {
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
        const p = rebaseChunkPartial(rec.partial, lineShift);
        p.chunk = { ...p.chunk, index: chunked.chunks };
        mergeTimedChunk(chunked, state, stats, p);
      }
      lineShift += f.trailer.newlines;
      done += f.bodyEnd;
      hooks.onProgress?.({ phase: 'reading', bytesRead: done, totalBytes, rows: state.feed.index.size });
    }
    if (!view) throw new PartialFileError(ordered[0].path, 'corrupt: no sample record');
    chunked.accumulatingMs += chunked.mergingMs;
    stats.fileBytes = input.bytes;
    stats.compression = input.compression;
    const sliceCandidates = state.sliceFields!.candidates();
    const report = await finishReport(
      input.path,
      state,
      {
        view,
        sliceCandidates,
        stats,
        passStarted,
        extraAccumulatingMs: chunked.mergingMs,
        chunked,
        readSnippets: await sourceUnchanged(input),
      },
      options,
      opts,
      tokenizer,
      input.bytes,
      hooks,
      started,
    );
    const partials: MergedPartialInfo[] = ordered.map((f) => ({
      path: f.path,
      range: f.header.range,
      lines: { start: f.trailer.lineStart, end: f.trailer.lineEnd },
      chunks: f.trailer.chunks,
      rows: f.trailer.rows,
    }));
    return { ...report, partials };
  } finally {
    state.dispose();
  }
}

/**
 * Checks the partials belong together and returns them in file order: one version, one input file, one set of
 * figure options, one sample, and line spans that tile the file (no gap, no overlap).
 */
function checkSet(files: PartialFile[]): PartialFile[] {
  const a = files[0];
  for (const b of files.slice(1)) {
    const [ha, hb] = [a.header, b.header];
    if (ha.partialVersion !== hb.partialVersion || ha.tool.version !== hb.tool.version)
      throw new PartialFileError(
        b.path,
        `made by diversity-lens ${hb.tool.version} (partial version ${hb.partialVersion}), but ${a.path} by ${ha.tool.version} (partial version ${ha.partialVersion}): make every partial with one version`,
      );
    if (ha.input.path !== hb.input.path)
      throw new PartialFileError(
        b.path,
        `is a partial of ${hb.input.path}, but ${a.path} is of ${ha.input.path}: merge combines the partials of one file`,
      );
    if (ha.input.bytes !== hb.input.bytes || ha.input.mtimeMs !== hb.input.mtimeMs)
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
        `read other first rows than ${a.path}: the file changed between the tasks`,
      );
  }
  const ordered = [...files].sort((x, y) => x.trailer.lineStart - y.trailer.lineStart);
  const fileBytes = a.header.input.bytes;
  const name = (f: PartialFile) =>
    `${f.path} (bytes ${f.header.range.start}:${f.header.range.end}, lines starting in ${f.trailer.lineStart}:${f.trailer.lineEnd})`;
  if (a.header.input.compression !== 'none' && files.length > 1)
    throw new PartialFileError(
      ordered[1].path,
      `${a.header.input.path} is compressed, so it has one partial (the whole file); got ${files.length}`,
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
        `missing range: no partial holds the lines starting in bytes ${at}:${lineStart} of ${a.header.input.path} (between ${prev ? name(prev) : 'the start of the file'} and ${name(f)})`,
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
      `missing range: no partial holds the lines starting in bytes ${at}:${fileBytes} of ${a.header.input.path} (the end of the file)`,
    );
  return ordered;
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
