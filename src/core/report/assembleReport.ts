/**
 * Puts a finished analysis' sections together into the AnalysisReport, decides the verdict and splits the wall
 * time into phases. Why apart from the pipeline: the report's shape is one concern (what the CLI prints, the panel
 * shows and gates check) and reading a file is another; this module does no I/O, so it is easy to read whole.
 */
import type { AnalyzeOptions } from '../pipeline/analyzeOptions.ts';
import type { ResolvedOptions } from '../pipeline/analyzeOptions.ts';
import { decideVerdict } from './verdict.ts';
import type { AnalysisReport, TimingPhases } from './reportTypes.ts';
import { TOOL_VERSION } from '../version.ts';

/** The sections of a report, each already computed (duplicates with their snippets). */
export type ReportSections = Omit<AnalysisReport, 'tool' | 'file' | 'options' | 'verdict' | 'timing'>;

/** The report of `path` (its size and compression) analysed with `options` (filled in: `opts`), with its verdict. */
export function assembleReport(
  file: AnalysisReport['file'],
  options: AnalyzeOptions,
  opts: ResolvedOptions,
  sections: ReportSections,
): AnalysisReport {
  const report: AnalysisReport = {
    tool: { name: 'diversity-lens', version: TOOL_VERSION },
    file,
    options: {
      tokenizer: opts.tokenizer,
      view: opts.view,
      maxLineBytes: opts.maxLineBytes,
      mattrWindow: opts.mattrWindow,
      nearThreshold: opts.nearThreshold,
      tailMax: opts.tailMax,
      minSliceRows: opts.minSliceRows,
      fields: options.fields ?? [],
      groupBy: options.groupBy ?? [],
      reference: options.reference
        ? { path: options.reference.path, fields: options.reference.fields ?? [] }
        : null,
    },
    ...sections,
    verdict: { level: 'healthy', reasons: [], notes: [] },
    timing: { seconds: 0 },
  };
  report.verdict = decideVerdict(report);
  return report;
}

/** Milliseconds measured during a run, for `timing`. */
export interface RunTimes {
  /** Whole run, and the pass over the file (from its start to its end). */
  totalMs: number;
  passMs: number;
  tokenizingMs: number;
  accumulatingMs: number;
  finishingMs: number;
  referenceMs: number;
  /** Chunked runs: thread-milliseconds summed over the chunk workers, the merge, and the counts. */
  chunked?: ChunkedTimes;
}

/** A chunked run's thread-milliseconds (summed over the chunk workers; merging in this thread) and counts. */
export interface ChunkedTimes {
  readingMs: number;
  tokenizingMs: number;
  accumulatingMs: number;
  mergingMs: number;
  chunks: number;
  workers: number;
}

/**
 * The report's `timing`. Why phases: a user who finds a run slow needs to know whether reading, tokenizing or the
 * metrics took the time. In a chunked run the reading/tokenizing/accumulating phases are thread-seconds summed over
 * the workers (they overlap in wall time), so `other` is what the wall time leaves after the pass.
 */
export function timingOf(t: RunTimes): AnalysisReport['timing'] {
  const s = (x: number) => Math.max(0, Math.round(x)) / 1000;
  const seconds = t.totalMs / 1000;
  if (t.chunked) {
    const c = t.chunked;
    const phases: TimingPhases = {
      reading: s(c.readingMs),
      tokenizing: s(c.tokenizingMs),
      accumulating: s(c.accumulatingMs),
      merging: s(c.mergingMs),
      finishing: s(t.finishingMs),
      reference: s(t.referenceMs),
      other: s(t.totalMs - t.passMs - t.finishingMs - t.referenceMs),
    };
    return { seconds, phases, chunks: c.chunks, workers: c.workers };
  }
  const reading = t.passMs - t.tokenizingMs - t.accumulatingMs;
  return {
    seconds,
    phases: {
      reading: s(reading),
      tokenizing: s(t.tokenizingMs),
      accumulating: s(t.accumulatingMs),
      finishing: s(t.finishingMs),
      reference: s(t.referenceMs),
      other: s(t.totalMs - reading - t.tokenizingMs - t.accumulatingMs - t.finishingMs - t.referenceMs),
    },
  };
}
