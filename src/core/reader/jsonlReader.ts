/**
 * The streaming JSONL reader: fs stream (optionally gunzipped) → sniff → LineScanner → decodeLine → records.
 * Memory stays flat: one chunk, the 64 KiB sniff window, and at most one partial line of maxLineBytes.
 */

import type { Compression, JsonlRecord, LineError, ProgressFn, ReaderStats } from '../types.ts';
import { jsonArrayBatches } from './jsonArray.ts';
import { decodeLine } from './lineDecoder.ts';
import { LineScanner, type LineSink } from './lineScanner.ts';
import { createAbortError, readFailure, ReaderError } from './readerError.ts';
import { countBadLine, createStats } from './readerStats.ts';
import { fileCompression, fileShrankError, openDecompressed, regularFileStat } from './decompress.ts';
import { describeNonJsonl, SNIFF_BYTES } from './sniff.ts';
import { sniffFile } from './sniffFile.ts';
import { isParquetFile, parquetBatches } from './parquetReader.ts';

export { readLineBytes } from './readLineBytes.ts';
export { ReaderError } from './readerError.ts';

/** Options of `readJsonl`; every field is optional. */
export interface ReaderOptions {
  /** Stop at the first bad line by throwing a ReaderError (default false: skip and count it). */
  strict?: boolean;
  /** Longest accepted line in bytes, terminator excluded (default 16 MiB). Longer lines: 'tooLong', never buffered whole. */
  maxLineBytes?: number;
  /** Deepest accepted nesting of arrays/objects (default 1000). Deeper lines: 'tooDeep', rejected before JSON.parse. */
  maxDepth?: number;
  /** Cap on decompressed bytes of a gzip or zstd file (default 64 GiB); exceeding it throws (possible gzip/zstd bomb). */
  maxDecompressedBytes?: number;
  /** Read size of the fs stream, i.e. its highWaterMark (default 64 KiB). */
  chunkSize?: number;
  /** Called at most every ~64 KiB and once at the end, with bytes read from disk (compressed for gzip/zstd) and their total. */
  onProgress?: ProgressFn;
  /** Aborting stops the read promptly; iteration then throws an Error named 'AbortError'. */
  signal?: AbortSignal;
  /** Uncompressed files only: first byte of the range (default 0). A range starting mid-line skips to the next line start. */
  start?: number;
  /** Uncompressed files only: end of the range, exclusive. A line belongs to the range holding its first byte. */
  end?: number;
  /** Line number of the range's first line (default 1), so a range reports the file's own line numbers (chunkPlan.ts). */
  firstLine?: number;
  /** Give every record its JSON text as `source` (default false), for exact group-by keys of integers above 2^53. */
  keepSource?: boolean;
}

export const DEFAULT_MAX_LINE_BYTES = 16 * 1024 * 1024;
export const DEFAULT_MAX_DEPTH = 1000;
export const DEFAULT_MAX_DECOMPRESSED_BYTES = 64 * 1024 ** 3;
export const DEFAULT_CHUNK_SIZE = 64 * 1024;
/** Minimum number of bytes between two progress callbacks. */
export const PROGRESS_STEP_BYTES = 64 * 1024;

/**
 * Streams the records of a JSONL (or gzip- or zstd-compressed JSONL) file. Why: the one entry point every analysis uses, so the
 * line rules (docs/reader.md) are applied identically everywhere. `records` can be iterated once; `stats` is
 * filled while iterating and final when the iteration completes. Bad lines are skipped and counted (lenient)
 * or thrown as ReaderError (strict); file-level problems (not JSONL, a decompression bomb, corrupt compressed data) always throw.
 */
export function readJsonl(path: string, options: ReaderOptions = {}): JsonlReading {
  const stats = createStats();
  const batches = readBatches(path, options, stats);
  return { records: flatten(batches, options.signal), batches, stats };
}

/**
 * One read of a file. Iterate EITHER `records` OR `batches` (they share one underlying read, once):
 * `batches` yields the records of each chunk as an array and avoids one await per record (~20% faster on
 * small rows); `records` is the simple per-record view.
 */
export interface JsonlReading {
  records: AsyncIterable<JsonlRecord>;
  batches: AsyncIterable<JsonlRecord[]>;
  stats: ReaderStats;
}

async function* flatten(
  batches: AsyncIterable<JsonlRecord[]>,
  signal: AbortSignal | undefined,
): AsyncGenerator<JsonlRecord, void, undefined> {
  for await (const batch of batches) {
    for (let i = 0; i < batch.length; i++) {
      if (signal?.aborted) throw createAbortError(signal.reason);
      yield batch[i];
    }
  }
}

/**
 * Why: a Parquet file's rows and a JSON array's elements are numbered from 1 by their readers; as a later file of a
 * dataset of several files (`firstLine`, analyzeDataset.ts) they must run on from the lines before, like a JSONL
 * file's lines (the line scanner's own `firstLine`). Shifts the records' and the kept errors' `line` by
 * firstLine − 1 (an error's `at`, its position in the file, stays the file's).
 */
async function* fromFirstLine(
  batches: AsyncGenerator<JsonlRecord[], void, undefined>,
  firstLine: number | undefined,
  stats: ReaderStats,
): AsyncGenerator<JsonlRecord[], void, undefined> {
  const shift = (firstLine ?? 1) - 1;
  if (shift === 0) return yield* batches;
  let shifted = stats.errors.length;
  const shiftErrors = (): void => {
    for (; shifted < stats.errors.length; shifted++) stats.errors[shifted].line += shift;
  };
  try {
    for await (const batch of batches) {
      for (const rec of batch) rec.line += shift;
      shiftErrors();
      yield batch;
    }
  } finally {
    shiftErrors();
  }
}

function checkRange(path: string, start: number, end: number | undefined): void {
  const ok = (v: number): boolean => Number.isSafeInteger(v) && v >= 0;
  if (!ok(start) || (end !== undefined && (!ok(end) || end < start))) {
    throw new ReaderError(path, 0, 0, 'unsupportedRange', `invalid byte range start=${start} end=${end}`);
  }
}

async function* readBatches(
  path: string,
  o: ReaderOptions,
  stats: ReaderStats,
): AsyncGenerator<JsonlRecord[], void, undefined> {
  const maxLineBytes = o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxDepth = o.maxDepth ?? DEFAULT_MAX_DEPTH;
  const cap = o.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK_SIZE;
  const { signal, onProgress } = o;
  const start = o.start ?? 0;
  const end = o.end;
  checkRange(path, start, end);
  if (signal?.aborted) throw createAbortError(signal.reason);

  // a folder, a pipe or a device is refused before any open (opening a pipe would block)
  const st = await regularFileStat(path);
  stats.fileBytes = st.size;
  // a range past the end: the file shrank since the range was planned (chunkPlan.ts); never silently fewer rows
  if (end !== undefined && end > st.size) throw fileShrankError(path, end, st.size);
  if (await isParquetFile(path)) {
    // Parquet: rows by row group (parquetReader.ts); byte ranges of a Parquet file are meaningless
    if (start > 0 || end !== undefined)
      throw new ReaderError(path, 0, 0, 'unsupportedRange', 'byte ranges are not supported on Parquet files');
    yield* fromFirstLine(
      parquetBatches(path, { signal, onProgress, keepSource: o.keepSource }, stats),
      o.firstLine,
      stats,
    );
    return;
  }
  const compression = await fileCompression(path);
  stats.compression = compression;
  const ranged = start > 0 || end !== undefined;
  if (ranged && compression !== 'none')
    throw new ReaderError(
      path,
      0,
      0,
      'unsupportedRange',
      `byte ranges are not supported on ${compression} files`,
    );
  let jsonArray = false;
  if (start === 0) {
    // the real format, whatever the name says (sniff.ts); gzip and zstd around JSONL or a JSON array are read below
    const { format } = await sniffFile(path, signal);
    if (format === 'parquet') throw compressedParquet(path, compression);
    jsonArray = format === 'json-array';
  }

  // A range starting mid-file reads from start-1: if that byte is '\n', the line at `start` is ours.
  const readFrom = start > 0 ? start - 1 : 0;
  // the file as it was at the stat above: a file that grows is read to that size, one that shrinks fails (decompress.ts)
  const input = openDecompressed(path, compression, { chunkSize, cap, start: readFrom, size: st.size });
  const onAbort = (): void => {
    input.destroy(createAbortError(signal?.reason));
  };
  signal?.addEventListener('abort', onAbort, { once: true });

  const scanner = new LineScanner({
    maxLineBytes,
    baseOffset: readFrom,
    stripBom: start === 0,
    skipPartialFirstLine: start > 0,
    endOffset: end,
    firstLine: o.firstLine,
  });
  let batch: JsonlRecord[] = [];
  let failure: ReaderError | null = null;
  const sink = decodingSink(
    stats,
    maxLineBytes,
    maxDepth,
    o.keepSource === true,
    (rec) => batch.push(rec),
    (error) => {
      if (o.strict) {
        failure = new ReaderError(path, error.line, error.column, error.reason, error.message);
        scanner.stop();
      }
    },
  );

  const rangeTotal = (end ?? stats.fileBytes) - start;
  const compressed = compression !== 'none';
  let lastProgress = -1;
  let position = (): number => scanner.position;
  const progress = (final: boolean): void => {
    if (!onProgress) return;
    const done = compressed
      ? input.compressedBytesRead()
      : Math.min(rangeTotal, Math.max(0, position() - start));
    if ((final && done !== lastProgress) || done - lastProgress >= PROGRESS_STEP_BYTES) {
      lastProgress = done;
      onProgress(done, compressed ? stats.fileBytes : rangeTotal);
    }
  };

  try {
    if (jsonArray) {
      let at = 0;
      position = () => at;
      const onPosition = (p: number): void => void ((at = p), progress(false));
      const opts = {
        maxElementBytes: maxLineBytes,
        maxDepth,
        strict: o.strict === true,
        keepSource: o.keepSource === true,
        signal,
        onPosition,
      };
      yield* fromFirstLine(jsonArrayBatches(path, withEnd(input.pieces), stats, opts), o.firstLine, stats);
      return progress(true);
    }
    for await (const piece of pieces(path, input.pieces, start === 0)) {
      if (piece === null) scanner.end(sink);
      else scanner.push(piece, sink);
      stats.bom = scanner.bom;
      stats.bytesRead = Math.max(0, scanner.position - start);
      if (batch.length > 0) {
        if (signal?.aborted) throw createAbortError(signal.reason);
        const out = batch;
        batch = [];
        yield out;
      }
      if (failure) throw failure;
      progress(piece === null);
      if (scanner.finished) break;
    }
  } catch (err) {
    throw readFailure(path, err, signal);
  } finally {
    signal?.removeEventListener('abort', onAbort);
    input.destroy();
  }
}

/**
 * The line sink every read uses (docs/reader.md's rules): a line that decodes to a record is counted and passed
 * to `push`; a blank line is counted; a too long, invalid or non-object line is counted with its reason (the
 * first 100 kept) and passed to `bad`. `keepSource`: records carry their line's text (`source`).
 */
function decodingSink(
  stats: ReaderStats,
  maxLineBytes: number,
  maxDepth: number,
  keepSource: boolean,
  push: (rec: JsonlRecord) => void,
  bad?: (error: LineError) => void,
): LineSink {
  return (bytes, line, offset, length) => {
    let error: LineError;
    if (bytes === null) {
      error = {
        line,
        column: 1,
        reason: 'tooLong',
        message: `line is ${length} bytes, longer than maxLineBytes (${maxLineBytes})`,
      };
    } else {
      const d = decodeLine(bytes, maxDepth);
      if (d.kind === 'record') {
        stats.total++;
        stats.parsed++;
        push(
          keepSource
            ? { line, offset, length, value: d.value, source: d.text }
            : { line, offset, length, value: d.value },
        );
        return;
      }
      if (d.kind === 'blank') {
        stats.blank++;
        return;
      }
      error = { line, column: d.column, reason: d.reason, message: d.message };
    }
    stats.skippedBytes += length;
    countBadLine(stats, error);
    bad?.(error);
  };
}

/** Options of `readJsonlBytes`. */
export interface BytesReaderOptions {
  /** Line number of the first line in `bytes`. */
  firstLine: number;
  /** Offset of `bytes[0]` in the (decompressed) input, for the records' offsets. */
  baseOffset: number;
  /** True for the input's first bytes: a UTF-8 BOM is stripped and reported. */
  first: boolean;
  /** The compression of the file the bytes were decompressed from (default 'gzip'), for `stats.compression`. */
  compression?: Compression;
  maxLineBytes?: number;
  maxDepth?: number;
  /** As ReaderOptions.keepSource. */
  keepSource?: boolean;
}

/**
 * The records of an in-memory run of whole lines — a chunk of a decompressed .gz / .zst file that the analysis cut at a
 * line end — with exactly the rules and counts of `readJsonl`. Yields batches (one per 64 KiB of input), so a
 * chunk's parsed rows never all exist at once. `stats` is final when the iteration completes.
 */
export function readJsonlBytes(
  bytes: Buffer,
  o: BytesReaderOptions,
): { batches: Iterable<JsonlRecord[]>; stats: ReaderStats } {
  const stats = createStats();
  stats.compression = o.compression ?? 'gzip';
  const maxLineBytes = o.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES;
  const maxDepth = o.maxDepth ?? DEFAULT_MAX_DEPTH;
  function* batches(): Generator<JsonlRecord[], void, undefined> {
    const scanner = new LineScanner({
      maxLineBytes,
      baseOffset: o.baseOffset,
      stripBom: o.first,
      firstLine: o.firstLine,
    });
    let batch: JsonlRecord[] = [];
    const sink = decodingSink(stats, maxLineBytes, maxDepth, o.keepSource === true, (rec) => batch.push(rec));
    for (let at = 0; at < bytes.length; at += DEFAULT_CHUNK_SIZE) {
      scanner.push(bytes.subarray(at, Math.min(bytes.length, at + DEFAULT_CHUNK_SIZE)), sink);
      stats.bom = scanner.bom;
      if (batch.length > 0) {
        yield batch;
        batch = [];
      }
    }
    scanner.end(sink);
    stats.bytesRead = bytes.length;
    if (batch.length > 0) yield batch;
  }
  return { batches: batches(), stats };
}

/** The decompressed pieces, then `null` for end of input (what the JSON-array scanner reads). */
async function* withEnd(source: AsyncIterable<Buffer>): AsyncGenerator<Buffer | null, void, undefined> {
  yield* source;
  yield null;
}

/**
 * The decompressed input as scanner pieces, then `null` for end of input. For reads from offset 0 it holds back the
 * first SNIFF_BYTES to decide once whether the file is JSONL at all. (The decompression cap is openDecompressed's.)
 */
async function* pieces(
  path: string,
  source: AsyncIterable<Buffer>,
  sniff: boolean,
): AsyncGenerator<Buffer | null, void, undefined> {
  let held: Buffer[] | null = sniff ? [] : null;
  let heldBytes = 0;
  const judge = (complete: boolean): Buffer[] => {
    const parts = held!;
    held = null;
    const window = Buffer.concat(parts, heldBytes).subarray(0, SNIFF_BYTES);
    const what = describeNonJsonl(window, complete);
    if (what) throw new ReaderError(path, 0, 0, 'notJsonl', what);
    return parts;
  };
  for await (const chunk of source) {
    if (held === null) {
      yield chunk;
      continue;
    }
    held.push(chunk);
    heldBytes += chunk.length;
    if (heldBytes >= SNIFF_BYTES) yield* judge(false);
  }
  if (held !== null) yield* judge(true);
  yield null;
}

/**
 * A Parquet file inside gzip or zstd: Parquet compresses its own column chunks and is read by seeking, so the outer
 * stream must go first; the message says how.
 */
function compressedParquet(path: string, compression: Compression): ReaderError {
  const tool = compression === 'zstd' ? 'zstd -d' : 'gunzip';
  return new ReaderError(
    path,
    0,
    0,
    'notJsonl',
    `is a ${compression}-compressed Parquet file; Parquet is read by seeking into it — decompress it first (\`${tool} '${path}'\`), its columns stay compressed inside`,
  );
}
