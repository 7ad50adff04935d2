/**
 * Shared types of the mixing simulator: the model built once from the two inputs (per-row summaries in
 * typed arrays), the settings a user changes, and the selection both the preview and the writer use.
 */
import type { Vocabulary } from '../tokenize/vocabulary.ts';
import type { TokenizerName, ViewName } from '../pipeline/optionsTable.ts';
import type { Compression } from '../types.ts';
import type { Move, ReferenceSchema } from './referenceSchema.ts';

/** Options fixed when the model is built (changing them means re-reading the files). */
export interface MixModelOptions {
  /** --field paths of the dataset (empty: the detected shape's default view). */
  fields?: string[];
  /** --reference-field paths (empty: the reference's default view). */
  referenceFields?: string[];
  /** 'full' takes every string leaf of both inputs. */
  view?: ViewName;
  tokenizer?: TokenizerName;
  maxLineBytes?: number;
  /** Paths whose values can be capped (--cap FIELD=…) and whose shares are reported. */
  slicePaths?: string[];
  /** Near-duplicate threshold of the analysis (for the mix's duplicates.near figures; default 0.8). */
  nearThreshold?: number;
  /** Lowest near-dedup threshold the model must support (default = nearThreshold). */
  nearFloor?: number;
  mattrWindow?: number;
  tailMax?: number;
  /**
   * How reference rows are written: `dataset` (default) converts them to the dataset's schema
   * (referenceSchema.ts), `keep` copies them as they are (the file then holds both schemas).
   */
  referenceSchema?: 'dataset' | 'keep';
  /** `--map SRC=DEST` overrides of the conversion (only with referenceSchema `dataset`). */
  map?: string[];
}

/** The resolved options recorded in the model (and in the recipe). */
export interface ResolvedMixOptions {
  tokenizer: TokenizerName;
  maxLineBytes: number;
  slicePaths: string[];
  nearThreshold: number;
  nearFloor: number;
  mattrWindow: number;
  tailMax: number;
  /** Template rule: a row-opening 3-gram is flagged when its share of the input's rows with tokens exceeds this. */
  templateShare: number;
  /** What the user asked for. */
  fields: string[];
  referenceFields: string[];
  view: ViewName;
  /**
   * The text view applied to BOTH inputs (and to the written file when it is measured): `full`, or the
   * explicit path list (the union of both inputs' paths when they differ).
   */
  effective: { view: 'full' } | { fields: string[] };
  /**
   * How reference rows are written (the plan the writer and a recipe's reproduction apply), plus where each field
   * of each reference shape goes (`mapping`, from the first sampled row of that shape; [] = copied as it is).
   */
  referenceSchema: ReferenceSchema & { mapping?: Record<string, Move[]> };
}

/**
 * One file of an input of several files (a folder, a glob, a multi-selection): its size and mtime when the model read
 * it, and the span of input-wide lines it holds (firstLine … firstLine + lines − 1, as the analysis numbers them).
 */
export interface MixInputFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  compression: Compression;
  firstLine: number;
  lines: number;
}

/**
 * What the model remembers about one input: a file, or several files read as one (then `path` names the input — the
 * folder, the glob or the first file —, `bytes` is their sum, `compression` the first file's, and `files` lists them;
 * the rows' line numbers run through the files, see inputFiles.ts).
 */
export interface MixInputInfo {
  role: 'dataset' | 'reference';
  path: string;
  bytes: number;
  mtimeMs: number;
  compression: Compression;
  /** Only for an input of several files (or a folder): its files in reading order. */
  files?: MixInputFile[];
  /** Parsed rows (= rows of the model for this input). */
  rows: number;
  /** Non-blank lines seen, and the bad ones skipped. */
  linesTotal: number;
  linesSkipped: number;
  /** The text view each input would get on its own (before the shared view was decided). */
  ownView: { shape: string; view: string; fields: string[] };
  /** Opening ids flagged as templates in this input. */
  flaggedOpenings: number[];
  /** Rows (of this model) that open with a flagged opening: what "drop templates" removes before dedup. */
  flaggedRows: number;
  rowsWithTokens: number;
  /**
   * Reference only, when its rows are converted to the dataset's schema: rows kept as they are, rows converted,
   * and rows that cannot be converted (left out of the model: never mixed in, never held out), with the first
   * few of them (line and reason).
   */
  conversion?: {
    kept: number;
    converted: number;
    refused: number;
    examples: { line: number; reason: string }[];
  };
}

/**
 * The per-row summaries of both inputs. Global row index g: dataset rows are 0…nDataset−1 in file order,
 * reference rows nDataset…nDataset+nReference−1 in file order.
 */
export interface MixModel {
  options: ResolvedMixOptions;
  dataset: MixInputInfo;
  reference: MixInputInfo;
  nDataset: number;
  nReference: number;
  /**
   * 1-based line number (input-wide for an input of several files: inputFiles.ts), byte offset and byte length
   * (terminator excluded) of each row in its file.
   */
  line: Uint32Array;
  offset: Float64Array;
  length: Uint32Array;
  /** Row g's token ids are tokens[tokStart[g] … tokStart[g+1]). */
  tokStart: Float64Array;
  tokens: Uint32Array;
  /** bigrams[i] = id of the pair (tokens[i−1], tokens[i]) when both are in one row, else NO_ID. */
  bigrams: Uint32Array;
  bigramTypes: number;
  /** Exact-text group (same normalised text, normalizeForExact + 64-bit hash) of each row; −1 = empty text. */
  exactGroup: Int32Array;
  exactGroups: number;
  /** Id of the row's first three tokens; −1 when it has fewer than 3 tokens. */
  opening: Int32Array;
  /** Near-duplicate representative (identical shingle set) of each row; −1 = no tokens. */
  nearRep: Int32Array;
  nearReps: number;
  /** Verified pairs of distinct reps with Jaccard ≥ options.nearFloor: edgeA[i], edgeB[i], edgeSim[i]. */
  edgeA: Uint32Array;
  edgeB: Uint32Array;
  edgeSim: Float64Array;
  /** Per slice path: value id of each row (−1 = absent) and the value strings. */
  sliceIds: Int32Array[];
  sliceValues: string[][];
  vocab: Vocabulary;
  /**
   * Token counts of the whole reference (all its parsed rows), by token id. The mix's tail figures do NOT use
   * these (that would be circular): they use the held-out part (heldOut.ts). Kept for the split's pool counts.
   */
  referenceCounts: Float64Array;
  /** 1 for tail types of the WHOLE reference (1 ≤ R[t] ≤ tailMax); not used for a mix's figures (see heldOut.ts). */
  tailMask: Uint8Array;
  tailTypes: number;
  tailTokens: number;
  /** Things the user should know (e.g. the two inputs' fields differ). */
  warnings: string[];
}

export const NO_ID = 0xffffffff;

/** The controls of a mix (cheap to change: a projection re-runs without reading the files). */
export interface MixSettings {
  /** Share of the result's rows taken from the reference ("real"), 0…1. */
  realFraction: number;
  /** Target size; absent = as many rows as the controls allow. */
  rows?: number;
  tokens?: number;
  /** Deduplication within each input before sampling (default none). */
  dedup?: { kind: 'none' } | { kind: 'exact' } | { kind: 'near'; threshold: number };
  /** Caps per slice value: `max` < 1 = largest share of the result's rows, ≥ 1 = largest row count. */
  caps?: { field: string; max: number }[];
  /** Drop rows whose opening 3-gram is flagged as a template in their input. */
  dropTemplates?: boolean;
  /** Seed of every random choice (default 1), the reference's held-out split included. */
  seed?: number;
  /**
   * Share of the reference rows held out (never mixed in; the tail figures are measured against them),
   * 0 < holdout < 1, default 0.3 (DEFAULT_HOLDOUT in heldOut.ts).
   */
  holdout?: number;
}

/** The rows a mix takes, in output order, with the bookkeeping the preview shows. */
export interface Selection {
  /** Global row indexes in output order. */
  rows: Uint32Array;
  datasetRows: number;
  referenceRows: number;
  tokens: number;
  /** Reference rows held out (never mixed in) and reference rows in the pool a mix may draw from. */
  heldOut: { rows: number; poolRows: number };
  /** Rows left after dedup / templates in each input (the pools sampling draws from; reference: pool rows only). */
  eligible: { dataset: number; reference: number };
  removedByDedup: { dataset: number; reference: number };
  removedByTemplates: { dataset: number; reference: number };
  /** Rows passed over because their slice value had reached its cap. */
  skippedByCaps: number;
  /** False when the target size could not be reached (an input ran out at this real share). */
  targetMet: boolean;
  notes: string[];
}
