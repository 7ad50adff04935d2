/**
 * JSON-array datasets (`[{…}, {…}, …]`, e.g. Alpaca's `alpaca_data.json`): detection and reading into the same
 * `JsonlRecord` batches and `ReaderStats` as JSONL, so every figure, slice, mix and panel feature works on them.
 * Why a module of its own: `readJsonl` (jsonlReader.ts) stays the one entry; once its sniff says "array" it hands
 * the decompressed byte stream to `jsonArrayBatches`, which splits it with JsonArrayScanner (never holding the
 * file) and decodes each element with the same rules as a JSONL line (lineDecoder.ts).
 *
 * Row identity (docs/reader.md): `line` is the element's 1-based index; `offset`/`length` are the element's bytes
 * in the (decompressed) file, surrounding whitespace excluded; `at` is the line:column of its first byte.
 * A bad element's LineError has `line` = its index, `column` = the code-point column of the problem within the
 * element's text, and `at` = the problem's line:column in the file.
 */

import { sniffFile } from './sniffFile.ts';
import type { FileFormat, JsonlRecord, LineError, ReaderStats } from '../types.ts';
import { JsonArrayScanner, JsonArrayStructureError, type ElementSink } from './jsonArrayScanner.ts';
import { decodeLine } from './lineDecoder.ts';
import { createAbortError, ReaderError } from './readerError.ts';
import { countBadLine } from './readerStats.ts';

/** The JSON-array rule lives with the other sniffing rules (sniff.ts); re-exported for the array reader's users. */
export { looksLikeJsonArray } from './sniff.ts';

/**
 * The row format of `path` from its (decompressed: gzip or zstd) head — 'json-array', 'parquet' or 'jsonl' (the default, incl.
 * empty files and anything sniffFile cannot judge; the reader then says what is wrong). One rule: sniffFile's.
 */
export async function detectFileFormat(path: string): Promise<FileFormat> {
  const { format } = await sniffFile(path).catch(() => ({ format: 'jsonl' as const }));
  return format === 'json-array' || format === 'parquet' ? format : 'jsonl';
}

/**
 * 1-based line and code-point column in the file of code-point column `cpColumn` of an element's text, given
 * the element's bytes and the line:column of its first byte. Why: decodeLine reports columns in the element's
 * text; a pretty-printed element spans lines, and users look for the problem in the file.
 */
export function positionInElement(
  bytes: Uint8Array,
  line: number,
  column: number,
  cpColumn: number,
): { line: number; column: number } {
  let l = line;
  let c = column;
  let chars = 1;
  for (let i = 0; i < bytes.length && chars < cpColumn; i++) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue;
    chars++;
    if (b === 10) {
      l++;
      c = 1;
    } else c++;
  }
  return { line: l, column: c };
}

/** Options of `jsonArrayBatches` (the reader's, resolved). */
export interface JsonArrayReadOptions {
  maxElementBytes: number;
  maxDepth: number;
  strict: boolean;
  /** Records carry their element's text as `source` (ReaderOptions.keepSource). */
  keepSource?: boolean;
  signal?: AbortSignal;
  /** Called after each piece of input with the absolute offset consumed so far (progress, bytesRead). */
  onPosition?: (position: number) => void;
  /**
   * The `line` of the first element (default 1; ReaderOptions.firstLine). Why: in a dataset of several files the
   * lines run through the files, so the elements of a later file are numbered after the earlier files' lines.
   */
  firstLine?: number;
}

/**
 * The records of one JSON array read from `input` (decompressed pieces, then `null` at the end of input), with
 * `stats` filled like the JSONL reader's: elements are counted as rows, bad ones counted with their reason and
 * position (lenient) or thrown (strict). A structure that cannot be resynchronised (unclosed array, content after
 * `]`) throws one ReaderError 'arrayStructure' `${path}:${line}:${column}: …`. Why: readJsonl's array branch.
 */
export async function* jsonArrayBatches(
  path: string,
  input: AsyncIterable<Buffer | null>,
  stats: ReaderStats,
  o: JsonArrayReadOptions,
): AsyncGenerator<JsonlRecord[], void, undefined> {
  stats.format = 'json-array';
  const scanner = new JsonArrayScanner({ maxElementBytes: o.maxElementBytes });
  let batch: JsonlRecord[] = [];
  let failure: ReaderError | null = null;
  const shift = (o.firstLine ?? 1) - 1;
  const sink: ElementSink = (bytes, element, offset, length, line, column) => {
    const index = element + shift; // the row's line: its element number, after the dataset's earlier lines
    // strict mode stops at the first bad element: the elements after it in the same chunk are neither yielded nor
    // counted (as the line reader stops its scanner), whatever the chunk size
    if (failure) return;
    let error: LineError;
    if (bytes === null) {
      error = {
        line: index,
        column: 1,
        at: { line, column },
        reason: 'tooLong',
        message: `element ${element} (line ${line}, column ${column}) is ${length} bytes, longer than maxLineBytes (${o.maxElementBytes})`,
      };
    } else if (length === 0) {
      error = {
        line: index,
        column: 1,
        at: { line, column },
        reason: 'malformed',
        message: `element ${element} (line ${line}, column ${column}) is missing: a ',' with no value before it`,
      };
    } else {
      const d = decodeLine(bytes, o.maxDepth);
      if (d.kind === 'record') {
        stats.total++;
        stats.parsed++;
        const rec: JsonlRecord = { line: index, offset, length, value: d.value, at: { line, column } };
        if (o.keepSource) rec.source = d.text;
        batch.push(rec);
        return;
      }
      if (d.kind === 'blank') return; // cannot happen: an element has a non-whitespace first byte
      const at = positionInElement(bytes, line, column, d.column);
      error = {
        line: index,
        column: d.column,
        at,
        reason: d.reason,
        message: `element ${element} (line ${at.line}, column ${at.column}): ${d.message}`,
      };
    }
    stats.skippedBytes += length;
    countBadLine(stats, error);
    if (o.strict)
      failure = new ReaderError(path, error.at!.line, error.at!.column, error.reason, error.message);
  };
  try {
    for await (const piece of input) {
      if (piece === null) scanner.end();
      else scanner.push(piece, sink);
      stats.bom = scanner.bom;
      stats.bytesRead = scanner.position;
      if (batch.length > 0) {
        if (o.signal?.aborted) throw createAbortError(o.signal.reason);
        const out = batch;
        batch = [];
        yield out;
      }
      if (failure) throw failure;
      o.onPosition?.(scanner.position);
    }
  } catch (err) {
    if (err instanceof JsonArrayStructureError) {
      if (batch.length > 0) yield batch;
      throw new ReaderError(path, err.line, err.column, 'arrayStructure', err.detail, { cause: err });
    }
    throw err;
  }
}
