/**
 * The analysis report: one plain-JSON object shared by the CLI (JSON/Markdown/terminal), the worker,
 * the panel and the mixing simulator. Documented key by key in docs/report.md; keep it stable.
 */
import type { InstructionReport } from '../instructions/instructionStats.ts';
import type { Compression, FileFormat, ReaderStats } from '../types.ts';
import type { LexicalReport } from '../lexical/lexical.ts';
import type { ExactDuplicatesReport } from '../duplicates/exactDuplicates.ts';
import type { NearDuplicatesReport } from '../duplicates/nearDuplicates.ts';
import type { TemplatesReport } from '../templates/templates.ts';
import type { TailsReport, SelfTailsReport } from '../tails/tails.ts';
import type { SpectrumAt } from '../tails/spectrum.ts';
import type { TailBaseline } from '../tails/tailsBaseline.ts';
import type { EqualSizeComparison } from '../tails/equalSize.ts';
import type { SlicesReport } from '../slices/slices.ts';
import type { SliceCandidate } from '../fields/sliceCandidates.ts';
import type { AnalyzeOptions } from '../pipeline/analyzeOptions.ts';
import type { TokenizerName } from '../pipeline/optionsTable.ts';

export type VerdictLevel = 'healthy' | 'watch' | 'collapse-prone';

/** One reason behind the verdict; `severity` 2 = collapse-prone signal, 1 = watch signal. */
export interface VerdictReason {
  severity: 1 | 2;
  measure: string;
  value: number;
  threshold: number;
  text: string;
}

/** Something the verdict reports without it setting the level (today: vocabulary shift from the reference). */
export interface VerdictNote {
  measure: string;
  value: number;
  threshold: number;
  text: string;
}

export interface Verdict {
  level: VerdictLevel;
  /** Reasons, strongest first. */
  reasons: VerdictReason[];
  /** Notes that do not set the level (vocabulary shift from the reference). */
  notes: VerdictNote[];
}

/** Duplicate cluster as shown to users: the core cluster plus the representative row's text (capped). */
export type ReportCluster = ExactDuplicatesReport['clusters'][number] & { representativeText?: string };

export interface AnalysisReport {
  tool: { name: 'diversity-lens'; version: string };
  /** `format`: how the file holds its rows (JSONL lines, the elements of one JSON array, or Parquet rows). */
  file: { path: string; bytes: number; compression: Compression; format: FileFormat };
  options: Required<
    Pick<
      AnalyzeOptions,
      'tokenizer' | 'view' | 'mattrWindow' | 'nearThreshold' | 'tailMax' | 'minSliceRows' | 'maxLineBytes'
    >
  > & {
    fields: string[];
    groupBy: string[];
    reference: { path: string; fields: string[] } | null;
  };
  /** The reader's counts (see ReaderStats) plus parsed rows whose text view is empty (they have no tokens). */
  rows: Omit<ReaderStats, 'bytesRead' | 'fileBytes' | 'compression' | 'format'> & {
    emptyText: number;
    /** Bytes read (decompressed for .gz / .zst); `skippedBytes / readBytes` is the share of the file the figures leave out. */
    readBytes: number;
  };
  shape: string;
  /** Only with shape 'role-marked-text': the role-marker convention of most sampled rows (chatml, alpaca, …). */
  roleMarkers?: string;
  view: string;
  fields: string[];
  sliceCandidates: SliceCandidate[];
  tokens: { total: number; types: number; tokenizer: TokenizerName };
  lexical: LexicalReport;
  duplicates: {
    exact: Omit<ExactDuplicatesReport, 'clusters'> & { clusters: ReportCluster[] };
    near: Omit<NearDuplicatesReport, 'clusters'> & { clusters: ReportCluster[] };
    templates: TemplatesReport;
  };
  /** Against the reference when one is given, else the dataset's own tail profile. */
  tails:
    | ({
        mode: 'reference';
        referenceFile: string;
        referenceRows: number;
        /** The dataset's own frequency spectrum at its full size (tails/spectrum.ts). */
        spectrum: SpectrumAt;
        /** Dataset and reference at one common size (tails/equalSize.ts). */
        equalSize: EqualSizeComparison | null;
        /** Tail coverage beside what same-distribution halves of the reference reach (tails/tailsBaseline.ts). */
        baseline: (TailBaseline & { referenceRowsUsed: number }) | null;
      } & TailsReport)
    | ({ mode: 'self'; spectrum: SpectrumAt } & SelfTailsReport);
  slices: SlicesReport | null;
  /**
   * Instruction diversity of the prompt side (docs/metrics.md, "Instructions"): absent when the run skipped it
   * (`--no-instructions`, or a report made before it existed), null when no row has a prompt side.
   */
  instructions?: InstructionReport | null;
  verdict: Verdict;
  /** Wall time of the analysis; `phases` splits it (seconds; tokenizing and accumulating are timed per row). */
  /** Not a figure: how the run went. `chunks` / `workers`: a large file analysed in chunks by that many threads. */
  timing: { seconds: number; phases?: TimingPhases; chunks?: number; workers?: number };
  /**
   * Only for a dataset of several files (analyze FILE… / a folder / a glob): the files in order. Line numbers in the
   * report run through them: file k's line n is `files[k].firstLine + n − 1`.
   */
  files?: DatasetFileInfo[];
  /** Only in a report made by `merge` from partial files (docs/scale.md): the partials in file order. */
  partials?: MergedPartialInfo[];
}

/**
 * Where an analysis' wall time went, in seconds. reading = streaming, line scanning and JSON.parse, plus the
 * text view's field extraction; tokenizing = tokenizer + vocabulary; accumulating = every streaming
 * accumulator's addRow; finishing = the metrics' finish() after the pass; reference = reading and counting
 * the reference file; other = what is left (snippets, verdict).
 */
export interface TimingPhases {
  reading: number;
  tokenizing: number;
  accumulating: number;
  /** Chunked runs only: merging the chunks' partials in this thread (also counted in accumulating). */
  merging?: number;
  finishing: number;
  reference: number;
  other: number;
}

/** One partial file of a merged report: the byte range it was asked for, the span of line starts it held, its rows. */
export interface MergedPartialInfo {
  path: string;
  /** A partial of a dataset of several files: the (absolute) path of the dataset file it covers. */
  file?: string;
  range: { start: number; end: number };
  lines: { start: number; end: number };
  chunks: number;
  rows: number;
}

/** One file of a dataset of several files: where its rows sit in the report's line numbering. */
export interface DatasetFileInfo {
  path: string;
  bytes: number;
  compression: Compression;
  format: FileFormat;
  /** The report's line number of the file's line 1. */
  firstLine: number;
  /** Lines of the file (blank and bad lines included): its lines are firstLine … firstLine + lines − 1. */
  lines: number;
  /** Rows parsed from it. */
  rows: number;
}
