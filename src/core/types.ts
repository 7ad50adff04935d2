/**
 * Shared contracts of the core pipeline (reader → fields → tokens → accumulators → report).
 * Every core module codes against these; keep them small and stable. No `vscode`, no DOM.
 */
import type { TokenizerName } from './pipeline/optionsTable.ts';

/** One parsed JSONL record, as the streaming reader yields it. */
export interface JsonlRecord {
  /** 1-based physical line number in the (decompressed) file. */
  line: number;
  /** Byte offset of the first byte of the raw line (after a stripped BOM on line 1, the BOM's 3 bytes are NOT counted as part of the line; offset stays the true file offset of the first content byte). */
  offset: number;
  /** Byte length of the raw line, excluding the line terminator (`\n` or `\r\n`). */
  length: number;
  /** The parsed JSON value. */
  value: unknown;
}

/** Why a line was not turned into a record. */
export type LineErrorReason = 'malformed' | 'invalidUtf8' | 'tooLong' | 'tooDeep' | 'notObject';

/** One reported bad line (the first 100 of them are kept). */
export interface LineError {
  line: number;
  /** 1-based column (in characters of the decoded line; 1 when unknown). */
  column: number;
  reason: LineErrorReason;
  /** Human-readable parser message. */
  message: string;
}

/** Counts the reader keeps while streaming; becomes `rows` in the report. */
export interface ReaderStats {
  /** Non-blank lines seen (parsed + every kind of bad line). */
  total: number;
  parsed: number;
  /** Lines whose JSON did not parse (includes `tooDeep` and `notObject`; see byReason). */
  malformed: number;
  blank: number;
  tooLong: number;
  invalidUtf8: number;
  /** Bytes of the lines that were not read as rows (malformed, too long, invalid UTF-8), terminators excluded. */
  skippedBytes: number;
  /** Count per reason, every reason present even when 0. */
  byReason: Record<LineErrorReason, number>;
  /** First 100 errors in file order. */
  errors: LineError[];
  /** True when line 1 started with a UTF-8 BOM (stripped). */
  bom: boolean;
  /** Bytes of (decompressed) input consumed. */
  bytesRead: number;
  /** Size of the file on disk (compressed size for .gz). */
  fileBytes: number;
  compression: Compression;
  /** How the rows are stored: JSONL lines, or Parquet rows (line = row number; src/core/reader/parquetReader.ts). */
  format: DatasetFormat;
}

/** A row after field extraction and tokenization: what every accumulator consumes. */
export interface TokenizedRow {
  /** 1-based line number of the source line. */
  line: number;
  /** Byte offset / length of the source line (for byte-exact copies). */
  offset: number;
  length: number;
  /** The extracted text view of the row (may be ""). */
  text: string;
  /** Token ids, interned in the run's Vocabulary, in text order. */
  tokens: Uint32Array;
  /** Slice values for each --group-by path, in the same order as the group-by list; null when absent. */
  groups: (string | null)[];
}

/** The format of a dataset file's rows (the report's `file.format`). */
export type DatasetFormat = 'jsonl' | 'json-array' | 'parquet';

/** How a dataset file is stored: plain, or gzip (decompressed while read). */
export type Compression = 'none' | 'gzip';

/** A tokenizer turns text into lowercased token strings. */
export interface Tokenizer {
  readonly name: TokenizerName;
  tokenize(text: string): string[];
}

/** Progress callback used by long-running core work (bytes of input consumed so far). */
export type ProgressFn = (bytesRead: number, totalBytes: number) => void;
