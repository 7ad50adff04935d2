/**
 * The one analysis pass: stream a JSONL file, extract each row's text view, tokenize, feed every
 * accumulator, then assemble the report. The CLI and the worker both call this, so a number in the
 * panel is the number in the CLI's JSON by construction.
 */
import { stat } from 'node:fs/promises';
import { readJsonl, readLineBytes } from '../reader/jsonlReader.ts';
import { createTextView, type TextView } from '../fields/textView.ts';
import { compilePath } from '../fields/path.ts';
import { groupValue } from '../fields/textView.ts';
import { suggestSliceCandidates } from '../fields/sliceCandidates.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { Vocabulary } from '../tokenize/vocabulary.ts';
import { LexicalAccumulator } from '../lexical/lexical.ts';
import { ExactDuplicateAccumulator } from '../duplicates/exactDuplicates.ts';
import { NearDuplicateAccumulator } from '../duplicates/nearDuplicates.ts';
import { TemplateAccumulator } from '../templates/templates.ts';
import { computeTails, computeSelfTails } from '../tails/tails.ts';
import { frequencyHistogram, spectrumAt } from '../tails/spectrum.ts';
import { tailBaseline } from '../tails/tailsBaseline.ts';
import { compareAtEqualSize } from '../tails/equalSize.ts';
import { mtld } from '../lexical/lexicalMtld.ts';
import { readReferenceCorpus } from './referenceCorpus.ts';
import { SliceAccumulator } from '../slices/slices.ts';
import { RowIndex } from './rowIndex.ts';
import { LineMarkCollector, type LineMarks } from './lineMarks.ts';
import { TEMPLATE_SHARE_THRESHOLD } from '../report/homogeneousLines.ts';
import { decideVerdict } from '../report/verdict.ts';
import { DEFAULT_OPTIONS, type AnalyzeOptions, type AnalyzeProgress } from './analyzeOptions.ts';
import type { AnalysisReport, ReportCluster } from '../report/reportTypes.ts';
import type { JsonlRecord } from '../types.ts';
import { TOOL_VERSION } from '../version.ts';

export type { AnalyzeOptions, AnalyzeProgress } from './analyzeOptions.ts';
export type { LineMarks } from './lineMarks.ts';

export interface AnalyzeHooks {
  onProgress?: (p: AnalyzeProgress) => void;
  /** Called with the counts as soon as reading ends, before the slower metrics finish. */
  onPartial?: (partial: Partial<AnalysisReport>) => void;
  signal?: AbortSignal;
  /**
   * Opt-in: called once, before the report is returned, with every parsed row's membership in exact /
   * near-duplicate groups and flagged template openings (see lineMarks.ts). Costs 12 bytes per row during
   * the pass. The report itself is unchanged (the marks are never part of it).
   */
  onLineMarks?: (marks: LineMarks) => void;
  /** Cap on the marks passed to onLineMarks (default 2,000,000). */
  lineMarkLimit?: number;
}

/** Rows sampled from the start of the file to detect the shape and suggest slice fields. */
const SAMPLE_ROWS = 200;
/** Characters of a representative row shown in reports. */
const SNIPPET_CHARS = 400;

/** Analyse one JSONL dataset (optionally against a reference) and return the full report. */
export async function analyzeFile(path: string, options: AnalyzeOptions = {}, hooks: AnalyzeHooks = {}): Promise<AnalysisReport> {
  const started = Date.now();
  const opts = { ...DEFAULT_OPTIONS, ...stripUndefined(options) };
  const tokenizer = getTokenizer(opts.tokenizer);
  const groupBy = options.groupBy ?? [];
  const groupPaths = groupBy.map((p) => compilePath(p));
  const totalBytes = (await stat(path)).size;

  const vocab = new Vocabulary();
  // `word`: tokenize and intern in one char-code scan (identical tokens, no per-token strings)
  const fused = tokenizer.name === 'word';
  // the vocabulary's ids are dense in first-appearance order over exactly these rows
  const lexical = new LexicalAccumulator({ mattrWindow: opts.mattrWindow, denseIds: true });
  const exact = new ExactDuplicateAccumulator();
  const near = new NearDuplicateAccumulator({ threshold: opts.nearThreshold });
  const templates = new TemplateAccumulator();
  const slices = groupBy.length ? new SliceAccumulator(groupBy, { minRows: opts.minSliceRows, mattrWindow: opts.mattrWindow, nearThreshold: opts.nearThreshold, tailMax: opts.tailMax }) : null;
  const index = new RowIndex();
  const lineMarks = hooks.onLineMarks ? new LineMarkCollector((i) => index.at(i).line) : null;

  let view: TextView | null = null;
  let emptyText = 0;
  const sample: JsonlRecord[] = [];
  let tokenizing = 0;
  let accumulating = 0;
  const consume = (rec: JsonlRecord, v: TextView) => {
    const text = v.extract(rec.value);
    if (text.length === 0) emptyText++;
    const t0 = performance.now();
    const ids = fused ? vocab.addText(text) : vocab.addTokens(tokenizer.tokenize(text));
    const t1 = performance.now();
    tokenizing += t1 - t0;
    index.add(rec.line, rec.offset, rec.length);
    lexical.addRow(ids, text);
    const entry = exact.addRow(rec.line, text);
    near.addRow(rec.line, ids);
    templates.addRow(rec.line, ids);
    lineMarks?.addRow(rec.line, entry, ids);
    if (slices) {
      const groups = groupPaths.map((p) => groupValue(rec.value, p));
      slices.addRow({ line: rec.line, offset: rec.offset, length: rec.length, text, tokens: ids, groups });
    }
    accumulating += performance.now() - t1;
  };

  const passStarted = performance.now();
  const reader = readJsonl(path, {
    strict: opts.strict,
    maxLineBytes: opts.maxLineBytes,
    signal: hooks.signal,
    onProgress: (bytesRead, total) => hooks.onProgress?.({ phase: 'reading', bytesRead, totalBytes: total, rows: index.size + sample.length }),
  });
  let sliceCandidates: ReturnType<typeof suggestSliceCandidates> = [];
  try {
    for await (const batch of reader.batches) {
      for (const rec of batch) {
        if (view) {
          consume(rec, view);
          continue;
        }
        sample.push(rec);
        if (sample.length >= SAMPLE_ROWS) {
          view = startView(sample, options);
          sliceCandidates = suggestSliceCandidates(sample.map((r) => r.value));
          for (const r of sample) consume(r, view);
          sample.length = 0;
        }
      }
    }
    if (!view) {
      view = startView(sample, options);
      sliceCandidates = suggestSliceCandidates(sample.map((r) => r.value));
      for (const r of sample) consume(r, view);
    }
  } catch (err) {
    lexical.dispose();
    slices?.dispose();
    throw err;
  }
  const stats = reader.stats;
  const rows = {
    total: stats.total,
    parsed: stats.parsed,
    malformed: stats.malformed,
    blank: stats.blank,
    tooLong: stats.tooLong,
    invalidUtf8: stats.invalidUtf8,
    skippedBytes: stats.skippedBytes,
    readBytes: stats.bytesRead,
    bom: stats.bom,
    byReason: stats.byReason,
    errors: stats.errors,
    emptyText,
  };
  hooks.onPartial?.({ rows, shape: view.shape, view: view.view, fields: view.fields, sliceCandidates, tokens: { total: vocab.totalTokens, types: vocab.size, tokenizer: tokenizer.name } });

  hooks.onProgress?.({ phase: 'finishing', bytesRead: totalBytes, totalBytes, rows: index.size });
  const passEnded = performance.now();
  let referenceMs = 0;
  const lexicalReport = await lexical.finish();
  const exactReport = exact.finish();
  const nearReport = near.finish();
  const templatesReport = templates.finish(vocab);
  if (lineMarks && hooks.onLineMarks) {
    hooks.onLineMarks(lineMarks.finish(exact, near, templates, templatesReport, vocab, TEMPLATE_SHARE_THRESHOLD, hooks.lineMarkLimit));
  }
  const datasetCounts = vocab.toCountMap();

  let tails: AnalysisReport['tails'];
  let referenceCounts: Map<string, number> | undefined;
  const datasetTokens = vocab.totalTokens;
  const spectrum = spectrumAt(frequencyHistogram(datasetCounts.values()), datasetTokens, datasetTokens);
  if (options.reference) {
    const r0 = performance.now();
    const ref = await readReferenceCorpus(options.reference.path, {
      fields: options.reference.fields ?? [],
      maxLineBytes: opts.maxLineBytes,
      view: opts.view,
      tokenizer,
      signal: hooks.signal,
      onProgress: hooks.onProgress,
    });
    referenceCounts = ref.counts;
    referenceMs = performance.now() - r0;
    const baseline = tailBaseline(ref.kept, ref.strings.length, (id) => datasetCounts.get(ref.strings[id]) ?? 0, datasetTokens, { tailMax: opts.tailMax });
    const equalSize = compareAtEqualSize(datasetCounts.values(), datasetTokens, ref.counts.values(), ref.tokens, {
      dataset: lexicalReport.mtld,
      reference: mtld(ref.kept.tokens),
    });
    tails = {
      mode: 'reference',
      referenceFile: options.reference.path,
      referenceRows: ref.rows,
      ...computeTails(datasetCounts, ref.counts, { tailMax: opts.tailMax }),
      spectrum,
      equalSize,
      baseline: baseline ? { ...baseline, referenceRowsUsed: ref.keptRows } : null,
    };
  } else {
    tails = { mode: 'self', ...computeSelfTails(datasetCounts), spectrum };
  }
  const slicesReport = slices ? await slices.finish(vocab, referenceCounts) : null;
  const finishing = performance.now() - passEnded - referenceMs;

  const snippet = makeSnippetReader(path, index, view, stats.compression);
  const report: AnalysisReport = {
    tool: { name: 'diversity-lens', version: TOOL_VERSION },
    file: { path, bytes: totalBytes, compression: stats.compression },
    options: {
      tokenizer: opts.tokenizer,
      view: opts.view,
      maxLineBytes: opts.maxLineBytes,
      mattrWindow: opts.mattrWindow,
      nearThreshold: opts.nearThreshold,
      tailMax: opts.tailMax,
      minSliceRows: opts.minSliceRows,
      fields: options.fields ?? [],
      groupBy,
      reference: options.reference ? { path: options.reference.path, fields: options.reference.fields ?? [] } : null,
    },
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
    verdict: { level: 'healthy', reasons: [], notes: [] },
    timing: { seconds: 0 },
  };
  report.verdict = decideVerdict(report);
  report.timing.seconds = (Date.now() - started) / 1000;
  const ms = report.timing.seconds * 1000;
  const reading = passEnded - passStarted - tokenizing - accumulating;
  const s = (x: number) => Math.max(0, Math.round(x)) / 1000;
  report.timing.phases = {
    reading: s(reading),
    tokenizing: s(tokenizing),
    accumulating: s(accumulating),
    finishing: s(finishing),
    reference: s(referenceMs),
    other: s(ms - reading - tokenizing - accumulating - finishing - referenceMs),
  };
  return report;
}

function startView(sample: JsonlRecord[], options: AnalyzeOptions): TextView {
  return createTextView(
    sample.map((r) => r.value),
    { fields: options.fields && options.fields.length ? options.fields : undefined, view: options.view ?? 'default' },
  );
}

type SnippetFn = (line: number) => Promise<string | undefined>;

/** Reads a row's text view back from disk by its byte range (bounded: only for reported clusters). */
function makeSnippetReader(path: string, index: RowIndex, view: TextView, compression: 'none' | 'gzip'): SnippetFn {
  return async (line) => {
    if (compression !== 'none') return undefined;
    const loc = index.find(line);
    if (!loc) return undefined;
    const bytes = await readLineBytes(path, loc.offset, Math.min(loc.length, 1 << 20));
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

async function withSnippets<T extends { representativeLine: number }>(clusters: T[], snippet: SnippetFn): Promise<(T & { representativeText?: string })[]> {
  const out: (T & { representativeText?: string })[] = [];
  for (let i = 0; i < clusters.length; i++) {
    const c = clusters[i];
    out.push(i < MAX_SNIPPETS ? { ...c, representativeText: await snippet(c.representativeLine) } : c);
  }
  return out as (T & ReportCluster)[];
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
