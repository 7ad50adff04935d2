/**
 * The options of one analysis run as the core takes them (shared by the CLI, the worker and the panel pickers),
 * their defaults (from optionsTable.ts) and the one rule that fills them in.
 */
import { ANALYSIS_OPTIONS, type TokenizerName, type ViewName } from './optionsTable.ts';

export type { TokenizerName, ViewName } from './optionsTable.ts';

/** Options of one analysis run; what a user may set and its range is declared in optionsTable.ts. */
export interface AnalyzeOptions {
  /** Field paths whose text is joined with "\n"; empty = the detected shape's default view. */
  fields?: string[];
  view?: ViewName;
  tokenizer?: TokenizerName;
  strict?: boolean;
  maxLineBytes?: number;
  groupBy?: string[];
  reference?: { path: string; fields?: string[] };
  mattrWindow?: number;
  nearThreshold?: number;
  tailMax?: number;
  minSliceRows?: number;
  /** Prompts sampled for the instruction figures (default 20,000; instructions/instructionStats.ts). */
  instructionSample?: number;
  /** Field path of the prompt side (default: the rules of instructions/promptSide.ts). */
  instructionField?: string;
  /** Skip the instruction figures (the report then has no `instructions` key). */
  noInstructions?: boolean;
  /**
   * Internal (never a flag or a setting): what the instruction sample hashes per row — its line (default) or its
   * byte offset, which `analyze --byte-range` tasks use because their lines are numbered from the range's start
   * (docs/metrics.md, "Instructions"). Partials keyed either way merge into one uniform sample.
   */
  instructionSampleIds?: 'line' | 'offset';
  /**
   * Internal: added to every row's sample id (line or offset). A partial of file k ≥ 1 of a dataset of several files
   * numbers its lines (and offsets) from its own file's start, so without it line 5 of every file would get the same
   * key and a merge would sample the same positions in every file; k · 2^40 keeps the files' ids apart.
   */
  instructionSampleIdBase?: number;
  /**
   * Threads that analyse chunks of a large file at once (default: the machine's available parallelism). Never
   * changes a figure: chunks and their merge order do not depend on it.
   */
  workers?: number;
  /** Bytes per chunk of a chunked analysis (default 32 MiB; files up to this size are read in one pass). */
  chunkBytes?: number;
  /** Files larger than this get a sampled compression ratio (default 256 MiB; Infinity: never; tests and checks). */
  compressionSampleAboveBytes?: number;
  /**
   * Internal: the first line of a file whose row's phrases may be sampled (default 100,001, i.e. the first 100,000
   * lines are always counted; Infinity: never sampled; tests lower it). templates/phraseSample.ts.
   */
  phraseSampleFromLine?: number;
  /** Internal: only files of at least this many bytes have their phrases sampled (default 1 GiB; tests: 0). */
  phraseSampleAboveBytes?: number;
  /**
   * Internal: added to a row's line to get its line in its own file (RowFeed.phraseLineShift): minus the lines of
   * the files before it in a dataset's chunks; a `--byte-range` task's `\n` count before its range (capped).
   */
  phraseLineShift?: number;
}

/** The defaults every front end shares: the options table's (also listed in docs/report.md and the settings). */
export const DEFAULT_OPTIONS = {
  tokenizer: ANALYSIS_OPTIONS.tokenizer.default as TokenizerName,
  view: ANALYSIS_OPTIONS.view.default as ViewName,
  maxLineBytes: ANALYSIS_OPTIONS.maxLineBytes.default as number,
  mattrWindow: ANALYSIS_OPTIONS.mattrWindow.default as number,
  nearThreshold: ANALYSIS_OPTIONS.nearThreshold.default as number,
  tailMax: ANALYSIS_OPTIONS.tailMax.default as number,
  minSliceRows: ANALYSIS_OPTIONS.minSliceRows.default as number,
  instructionSample: ANALYSIS_OPTIONS.instructionSample.default as number,
};

/** The options with every default filled in; `undefined` values fall back to the default (one rule for one pass and every chunk). */
export function resolveOptions(options: AnalyzeOptions): ResolvedOptions {
  const set = Object.fromEntries(
    Object.entries(options).filter(([, v]) => v !== undefined),
  ) as Partial<AnalyzeOptions>;
  return { ...DEFAULT_OPTIONS, ...set } as ResolvedOptions;
}

/** The options with every default filled in (what resolveOptions returns). */
export type ResolvedOptions = AnalyzeOptions & Required<Pick<AnalyzeOptions, keyof typeof DEFAULT_OPTIONS>>;

/** Progress of a running analysis, in bytes of the file being read. */
export interface AnalyzeProgress {
  phase: 'reading' | 'reference' | 'finishing';
  bytesRead: number;
  totalBytes: number;
  rows: number;
}
