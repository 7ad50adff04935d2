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
  /** JSON arrays only: 1-based line and code-point column of the element's first byte (errors, the editor's reveal). */
  at?: { line: number; column: number };
  /**
   * The row's JSON text (the line, the array element, a Parquet row's canonical JSON), only when the read asked for it
   * (`keepSource`): the digits of an integer above 2^53 that JSON.parse rounded are recovered from it (group-by keys).
   */
  source?: string;
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
  /** JSON arrays only (`line` is then the element's index): 1-based line and column of the problem in the file. */
  at?: { line: number; column: number };
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
  /** How rows are stored: JSONL lines, the elements of one JSON array (jsonArray.ts) or Parquet rows (line = row
   * number; parquetReader.ts). */
  format: FileFormat;
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

/** How a dataset file is stored: plain, or gzip / zstd (decompressed while read; named by magic bytes, not by name). */
export type Compression = 'none' | 'gzip' | 'zstd';

/** How a dataset file holds its rows (`file.format` in the report). */
export type FileFormat = 'jsonl' | 'json-array' | 'parquet';

/** The same, under the name the Parquet code uses. */
export type DatasetFormat = FileFormat;

/** A tokenizer turns text into lowercased token strings. */
export interface Tokenizer {
  readonly name: TokenizerName;
  tokenize(text: string): string[];
}

/** Progress callback used by long-running core work (bytes of input consumed so far). */
export type ProgressFn = (bytesRead: number, totalBytes: number) => void;
