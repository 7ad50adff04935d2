/**
 * After the pass (one pass, chunks, or merged partials): every accumulator's figures, the reference's tails, the
 * slices, then the report. Why its own file: `analyze` and `merge` (mergePartials.ts) finish a PassState the same
 * way, so a merged report is the one-pass report by construction.
 */
import fs from 'node:fs';
import { readLineBytes } from '../reader/jsonlReader.ts';
import { nextTurn } from '../reader/readerError.ts';
import { readParquetRows, toJsonValue } from '../reader/parquetReader.ts';
import type { TextView } from '../fields/textView.ts';
import type { SliceCandidate } from '../fields/sliceCandidates.ts';
import { computeTails, computeSelfTails } from '../tails/tails.ts';
import { buildLostTypesIndex, type LostTypesIndex } from '../tails/lostTypes.ts';
import { frequencyHistogram, spectrumAt } from '../tails/spectrum.ts';
import { tailBaseline } from '../tails/tailsBaseline.ts';
import { compareAtEqualSize } from '../tails/equalSize.ts';
import { mtld } from '../lexical/lexicalMtld.ts';
import { readReferenceCorpus, type ReferenceCorpus } from './referenceCorpus.ts';
import type { RowIndex } from './rowIndex.ts';
import type { PassState } from './passState.ts';
import { TEMPLATE_SHARE_THRESHOLD } from '../lineMarks/homogeneousLineMarks.ts';
import { assembleReport, timingOf, type ChunkedTimes } from '../report/assembleReport.ts';
import type { AnalyzeOptions, ResolvedOptions } from './analyzeOptions.ts';
import type { AnalysisReport, ReportCluster } from '../report/reportTypes.ts';
import type { Compression, FileFormat, ReaderStats, Tokenizer } from '../types.ts';
import type { AnalyzeHooks } from './analyze.ts';
import {
  MISSING_PAIR_CANDIDATES,
  type InstructionAccumulator,
  type InstructionReport,
} from '../instructions/instructionStats.ts';
import { tagPrompts, type PromptTags } from '../instructions/promptTags.ts';
import { TagThread, type TagJob } from '../instructions/tagThread.ts';

/** Characters of a representative row shown in reports. */
const SNIPPET_CHARS = 400;

/** What a pass hands to finishReport. */
export interface Pass {
  view: TextView;
  /** Candidate slice fields of the first rows, with their values counted over the whole file. */
  sliceCandidates: SliceCandidate[];
  stats: ReaderStats;
  passStarted: number;
  extraAccumulatingMs: number;
  /** Chunked runs: milliseconds summed over the chunk threads (+ merging in accumulating) and the thread count. */
  chunked?: ChunkedTimes;
  /** False when the rows cannot be read back from `path` (a merge whose source file is gone or changed). */
  readSnippets?: boolean;
  /** A dataset of several files: the file that holds a (dataset) line; default: `path` for every line. */
  fileOfLine?: FileOfLine;
}

/** Which file holds a row, by its line number in the report (a dataset's lines run through its files in order). */
/**
 * The file holding a report line: its path and compression, and for a dataset of several files its format and the
 * report line of its line 1 (a Parquet file's rows are read back by row number within the file).
 */
export type FileOfLine = (
  line: number,
) => { path: string; compression: Compression; format?: FileFormat; firstLine?: number } | undefined;

/** After the pass: every accumulator's figures, the reference's tails, the slices, then the report. */
export async function finishReport(
  path: string,
  state: PassState,
  pass: Pass,
  options: AnalyzeOptions,
  opts: ResolvedOptions,
  tokenizer: Tokenizer,
  totalBytes: number,
  hooks: AnalyzeHooks,
  started: number,
): Promise<AnalysisReport> {
  const { feed } = state;
  const { view, sliceCandidates, stats } = pass;
  const { vocab, index } = feed;
  hooks.onPartial?.({
    rows: rowsOf(stats, feed.emptyText),
    shape: view.shape,
    view: view.view,
    fields: view.fields,
    sliceCandidates,
    tokens: { total: vocab.totalTokens, types: vocab.size, tokenizer: tokenizer.name },
  });

  hooks.onProgress?.({ phase: 'finishing', bytesRead: totalBytes, totalBytes, rows: index.size });
  const passEnded = performance.now();
  const context = { path, state, pass, options, opts, tokenizer, totalBytes, hooks, started };
  // a small reference is read first, so the tagging of both instruction samples (the reference's, then the
  // dataset's) starts now and runs on another thread while this one finishes the rest
  const early = (await readsReferenceFirst(options)) ? await timedReference(context) : null;
  const tagging = startTagging(state, hooks, early?.corpus.instructions ?? null);
  try {
    return await finishWithTagging(context, { tagging, passEnded, early });
  } finally {
    await tagging.thread?.dispose();
  }
}

/**
 * A reference file of at most this many bytes on disk is read at the start of the finish rather than after the
 * accumulators' own finishing. Why: the wink tagging of the instruction samples must read the reference's sample
 * before the dataset's (tagThread.ts), so it could only start once the reference was read — after ~1–2 s of
 * finishing that the tag thread then left its core idle for (a thread profile of a 256 MB run, session 20). A larger
 * reference is still read after the accumulators free their memory (up to 256 MiB of its token ids are kept).
 */
export const EARLY_REFERENCE_BYTES = 32 * 1024 * 1024;

/** Whether the reference (if any) is read before the accumulators finish (EARLY_REFERENCE_BYTES). */
async function readsReferenceFirst(options: AnalyzeOptions): Promise<boolean> {
  if (!options.reference) return false;
  try {
    return (await fs.promises.stat(options.reference.path)).size <= EARLY_REFERENCE_BYTES;
  } catch {
    return false; // read at its usual place, which reports why it cannot be read
  }
}

/** The reference corpus as read, and the milliseconds reading it took (timing.phases.reference). */
interface TimedReference {
  corpus: ReferenceCorpus;
  ms: number;
}

/** Reads the run's reference (options.reference must be set) with the dataset's view, tokenizer and sampler. */
async function timedReference({
  options,
  opts,
  tokenizer,
  hooks,
  state,
}: FinishContext): Promise<TimedReference> {
  const r0 = performance.now();
  const corpus = await readReferenceCorpus(options.reference!.path, {
    fields: options.reference!.fields ?? [],
    maxLineBytes: opts.maxLineBytes,
    view: opts.view,
    tokenizer,
    signal: hooks.signal,
    onProgress: hooks.onProgress,
    ...(state.instructions
      ? { instructions: { sampleSize: opts.instructionSample, topPairs: MISSING_PAIR_CANDIDATES } }
      : {}),
  });
  return { corpus, ms: performance.now() - r0 };
}

/**
 * The tagging of the instruction samples (tagThread.ts): the thread, the dataset's job and the reference's (when its
 * sample was submitted with the dataset's), none without instructions; with a reference read later that has a prompt
 * side, the thread and the dataset's job are replaced (see `tagReference`).
 */
interface Tagging {
  thread: TagThread | null;
  dataset: TagJob | null;
  reference: TagJob | null;
}

/**
 * Submits the dataset's instruction sample to a tagging thread (the chunk worker's entry, hooks.chunkWorker), after
 * the reference's sample when it is already known (`reference`: read first, with a prompt side).
 */
function startTagging(
  state: PassState,
  hooks: AnalyzeHooks,
  reference: InstructionAccumulator | null,
): Tagging {
  if (state.instructionsOff || !state.instructions) return { thread: null, dataset: null, reference: null };
  const thread = new TagThread({ script: hooks.chunkWorker, signal: hooks.signal });
  if (reference) {
    const [ref, dataset] = thread.submit(reference.promptsByLine(), state.instructions.promptsByLine());
    return { thread, dataset, reference: ref };
  }
  const [dataset] = thread.submit(state.instructions.promptsByLine());
  return { thread, dataset, reference: null };
}

/**
 * With a reference whose rows have a prompt side, wink reads the reference's sample first, then the dataset's (its
 * lexicon learns from every text it reads; tagThread.ts): the thread started on the dataset's alone is replaced by
 * one that reads both in that order. Returns the reference's job.
 */
async function tagReference(
  state: PassState,
  hooks: AnalyzeHooks,
  tagging: Tagging,
  reference: InstructionAccumulator,
): Promise<TagJob | null> {
  if (!tagging.thread || !state.instructions) return null;
  await tagging.thread.dispose();
  tagging.thread = new TagThread({ script: hooks.chunkWorker, signal: hooks.signal });
  const [ref, dataset] = tagging.thread.submit(reference.promptsByLine(), state.instructions.promptsByLine());
  tagging.dataset = dataset;
  tagging.reference = ref;
  return ref;
}

/** finishReport's arguments, as one value (finishWithTagging takes them all). */
interface FinishContext {
  path: string;
  state: PassState;
  pass: Pass;
  options: AnalyzeOptions;
  opts: ResolvedOptions;
  tokenizer: Tokenizer;
  totalBytes: number;
  hooks: AnalyzeHooks;
  started: number;
}

/** finishReport's body, with the instruction tagging under way (`tagging`). */
async function finishWithTagging(
  context: FinishContext,
  { tagging, passEnded, early }: { tagging: Tagging; passEnded: number; early: TimedReference | null },
): Promise<AnalysisReport> {
  const { path, state, pass, options, opts, tokenizer, totalBytes, hooks, started } = context;
  const { feed, slices, lineMarks } = state;
  const { view, sliceCandidates, stats, passStarted } = pass;
  const { vocab, lexical, exact, near, templates, index } = feed;
  const rows = rowsOf(stats, feed.emptyText);
  let referenceMs = 0;
  // lexical first: its finish() frees the distinct-n runs and the spool (~350 MiB at 2 GB) before the near-duplicate
  // finish allocates its own arrays, which then reuse that memory instead of raising the peak (docs/performance.md,
  // session 9); a failure in either still deletes every spill file (PassState.dispose in analyze's finally)
  // a turn of the event loop between the long synchronous steps: a worker reads its stop request there
  // (core/threadStop.ts), and a cancel is seen (each step can take hundreds of ms on a large file)
  const turn = (): Promise<void> => nextTurn(hooks.signal);
  const lexicalReport = await lexical.finish();
  await turn();
  const nearReport = near.finish();
  await turn();
  const exactReport = exact.finish();
  await turn();
  const templatesReport = templates.finish(vocab);
  await turn();
  if (lineMarks && hooks.onLineMarks) {
    hooks.onLineMarks(
      lineMarks.finish(
        exact,
        near,
        templates,
        templatesReport,
        vocab,
        TEMPLATE_SHARE_THRESHOLD,
        hooks.lineMarkLimit,
      ),
    );
  }
  const datasetCounts = vocab.toCountMap();
  await turn();

  let tails: AnalysisReport['tails'];
  let lostIndex: LostTypesIndex | undefined;
  let referenceCounts: Map<string, number> | undefined;
  /** The reference's instruction sample (only when the dataset has one to compare with); undefined: no reference. */
  let referenceInstructions: InstructionAccumulator | null | undefined;
  let referenceTags: TagJob | null = null;
  const datasetTokens = vocab.totalTokens;
  const spectrum = spectrumAt(frequencyHistogram(datasetCounts.values()), datasetTokens, datasetTokens);
  if (options.reference) {
    const read = early ?? (await timedReference(context));
    const ref = read.corpus;
    referenceInstructions = ref.instructions;
    if (early) referenceTags = tagging.reference;
    else if (ref.instructions) referenceTags = await tagReference(state, hooks, tagging, ref.instructions);
    referenceCounts = ref.counts;
    referenceMs = read.ms;
    await turn();
    const baseline = tailBaseline(
      ref.kept,
      ref.strings.length,
      (id) => datasetCounts.get(ref.strings[id]) ?? 0,
      datasetTokens,
      { tailMax: opts.tailMax },
    );
    await turn();
    const equalSize = compareAtEqualSize(
      datasetCounts.values(),
      datasetTokens,
      ref.counts.values(),
      ref.tokens,
      {
        dataset: lexicalReport.mtld,
        reference: mtld(ref.kept.tokens),
      },
    );
    await turn();
    tails = {
      mode: 'reference',
      referenceFile: options.reference.path,
      referenceRows: ref.rows,
      ...computeTails(datasetCounts, ref.counts, {
        tailMax: opts.tailMax,
        ...(hooks.onLostTypes ? { onAllLost: (all) => (lostIndex = buildLostTypesIndex(all)) } : {}),
      }),
      spectrum,
      equalSize,
      baseline: baseline ? { ...baseline, referenceRowsUsed: ref.keptRows } : null,
    };
  } else {
    tails = { mode: 'self', ...computeSelfTails(datasetCounts), spectrum };
  }
  await turn();
  const slicesReport = slices ? await slices.finish(vocab, referenceCounts) : null;
  const instructions = await finishInstructions(state, referenceInstructions, tagging.dataset, referenceTags);
  await tagging.thread?.dispose();
  const finishingMs = performance.now() - passEnded - referenceMs;

  // (merge: the source file may be out of reach or changed; clusters then have no representative text)
  const fileOf: FileOfLine =
    pass.fileOfLine ?? (() => ({ path, compression: stats.compression, format: stats.format, firstLine: 1 }));
  const snippet: SnippetFn =
    pass.readSnippets === false
      ? async () => undefined
      : await snippetSource(index, view, fileOf, [exactReport.clusters, nearReport.clusters]);
  const file = { path, bytes: totalBytes, compression: stats.compression, format: stats.format };
  const report = assembleReport(file, options, opts, {
    rows,
    shape: view.shape,
    ...(view.roleMarkers ? { roleMarkers: view.roleMarkers } : {}),
    view: view.view,
    fields: view.fields,
    sliceCandidates,
    tokens: { total: vocab.totalTokens, types: vocab.size, tokenizer: tokenizer.name },
    lexical: lexicalReport,
    duplicates: {
      exact: { ...exactReport, clusters: await withSnippets(exactReport.clusters, snippet) },
      near: { ...nearReport, clusters: await withSnippets(nearReport.clusters, snippet) },
      templates: templatesReport,
    },
    tails,
    slices: slicesReport,
    ...(instructions === undefined ? {} : { instructions }),
  });
  report.timing = timingOf({
    totalMs: Date.now() - started,
    passMs: passEnded - passStarted,
    tokenizingMs: feed.tokenizing,
    accumulatingMs: feed.accumulating + pass.extraAccumulatingMs,
    finishingMs,
    referenceMs,
    chunked: pass.chunked,
  });
  if (lostIndex) hooks.onLostTypes?.(lostIndex);
  return report;
}

/**
 * The `instructions` section: undefined with --no-instructions (the key is left out), null when the dataset's rows
 * have no prompt side, else the sample's figures — with a reference that has a prompt side, also the overlap with
 * the reference's prompts, its common pairs missing from the dataset and its own headline figures.
 */
async function finishInstructions(
  state: PassState,
  reference: InstructionAccumulator | null | undefined,
  datasetTags: TagJob | null,
  referenceTags: TagJob | null,
): Promise<InstructionReport | null | undefined> {
  if (state.instructionsOff) return undefined;
  if (!state.instructions) {
    reference?.dispose();
    return null;
  }
  const dataset = state.instructions;
  const tagsOf = (job: TagJob | null, acc: InstructionAccumulator): Promise<PromptTags[]> | PromptTags[] =>
    job ? job.tags() : [tagPrompts(acc.promptsByLine())];
  if (reference === undefined || reference === null) {
    dataset.prepareOverlap();
    const report = dataset.finishTagged(await tagsOf(datasetTags, dataset));
    return reference === null ? { ...report, reference: null } : report;
  }
  try {
    const prompts = reference.overlapPrompts();
    // the overlaps need no tags: computed here while the threads tag
    dataset.prepareOverlap(prompts);
    const r = reference.finishPairs(await tagsOf(referenceTags, reference));
    return {
      ...dataset.finishTagged(await tagsOf(datasetTags, dataset), prompts, r.topPairs),
      reference: {
        promptRows: r.promptRows,
        sampledRows: r.sampledRows,
        distinctPairs: r.distinctPairs,
        top10Share: r.top10Share,
        pairEntropy: r.pairEntropy,
      },
    };
  } finally {
    reference.dispose();
  }
}

/** The report's `rows` section from the reader's counts (a copy: safe to post while reading goes on). */
export function rowsOf(stats: ReaderStats, emptyText: number): AnalysisReport['rows'] {
  return {
    total: stats.total,
    parsed: stats.parsed,
    malformed: stats.malformed,
    blank: stats.blank,
    tooLong: stats.tooLong,
    invalidUtf8: stats.invalidUtf8,
    skippedBytes: stats.skippedBytes,
    readBytes: stats.bytesRead,
    bom: stats.bom,
    byReason: { ...stats.byReason },
    errors: stats.errors.slice(),
    emptyText,
  };
}

type SnippetFn = (line: number) => Promise<string | undefined>;

/** Reads a row's text view back from disk by its byte range (bounded: only for reported clusters). */
function snippetReader(index: RowIndex, view: TextView, fileOf: FileOfLine): SnippetFn {
  return async (line) => {
    const file = fileOf(line);
    if (!file || file.compression !== 'none') return undefined;
    const loc = index.find(line);
    if (!loc) return undefined;
    const bytes = await readLineBytes(file.path, loc.offset, Math.min(loc.length, 1 << 20));
    if (!bytes) return undefined;
    try {
      const text = view.extract(JSON.parse(bytes.toString('utf8')));
      return text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text;
    } catch {
      return undefined;
    }
  };
}

const MAX_SNIPPETS = 200;

/**
 * Parquet rows have no bytes to seek to: the representative rows of the listed clusters that lie in a Parquet file
 * (the file itself, or any file of a dataset) are read back by row number within their file (each row group
 * decoded at most once) and their text views kept; every other row is read back by its byte range.
 */
async function snippetSource(
  index: RowIndex,
  view: TextView,
  fileOf: FileOfLine,
  lists: { representativeLine: number }[][],
): Promise<SnippetFn> {
  const byFile = new Map<string, { firstLine: number; lines: number[] }>();
  for (const line of lists.flatMap((l) => l.slice(0, MAX_SNIPPETS).map((c) => c.representativeLine))) {
    const file = fileOf(line);
    if (file?.format !== 'parquet') continue;
    const entry = byFile.get(file.path) ?? { firstLine: file.firstLine ?? 1, lines: [] };
    entry.lines.push(line);
    byFile.set(file.path, entry);
  }
  const texts = new Map<number, string>();
  for (const [filePath, { firstLine, lines }] of byFile) {
    const shift = firstLine - 1;
    await readParquetRows(
      filePath,
      lines.map((l) => l - shift),
      (local, row) => {
        const text = view.extract(toJsonValue(row));
        texts.set(local + shift, text.length > SNIPPET_CHARS ? `${text.slice(0, SNIPPET_CHARS)}…` : text);
      },
    );
  }
  const byRange = snippetReader(index, view, fileOf);
  return async (line) =>
    texts.has(line) ? texts.get(line) : fileOf(line)?.format === 'parquet' ? undefined : byRange(line);
}

async function withSnippets<T extends { representativeLine: number }>(
  clusters: T[],
  snippet: SnippetFn,
): Promise<(T & { representativeText?: string })[]> {
  const out: (T & { representativeText?: string })[] = [];
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    out.push(i < MAX_SNIPPETS ? { ...c, representativeText: await snippet(c.representativeLine) } : c);
  }
  return out as (T & ReportCluster)[];
}
