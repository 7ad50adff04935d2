/** Options of one analysis run, shared by the CLI, the worker and the panel pickers. */
export interface AnalyzeOptions {
  /** Field paths whose text is joined with "\n"; empty = the detected shape's default view. */
  fields?: string[];
  view?: 'default' | 'full';
  tokenizer?: 'word' | 'wink';
  strict?: boolean;
  maxLineBytes?: number;
  groupBy?: string[];
  reference?: { path: string; fields?: string[] };
  mattrWindow?: number;
  nearThreshold?: number;
  tailMax?: number;
  minSliceRows?: number;
  /**
   * Threads that analyse chunks of a large file at once (default: the machine's available parallelism). Never
   * changes a figure: chunks and their merge order do not depend on it.
   */
  workers?: number;
  /** Bytes per chunk of a chunked analysis (default 32 MiB; files up to this size are read in one pass). */
  chunkBytes?: number;
  /** Files larger than this get a sampled compression ratio (default 256 MiB; Infinity: never; tests and checks). */
  compressionSampleAboveBytes?: number;
}

/** The defaults every front end shares (also listed in docs/report.md and the settings). */
export const DEFAULT_OPTIONS = {
  tokenizer: 'word' as const,
  view: 'default' as const,
  maxLineBytes: 16 * 1024 * 1024,
  mattrWindow: 100,
  nearThreshold: 0.8,
  tailMax: 5,
  minSliceRows: 30,
};

/** The options with every default filled in; `undefined` values fall back to the default (one rule for one pass and every chunk). */
export function resolveOptions(options: AnalyzeOptions): ResolvedOptions {
  const set = Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<AnalyzeOptions>;
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
