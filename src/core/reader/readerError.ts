/**
 * Errors the reader throws. One class, so callers (CLI, extension) can show `message` as-is and branch on `reason`.
 */
import { setImmediate as setImmediatePromise } from 'node:timers/promises';

/** Why reading stopped: a bad line in strict mode, an empty file in strict mode, or a file-level problem. */
export type ReaderErrorReason =
  | 'malformed'
  | 'invalidUtf8'
  | 'tooLong'
  | 'tooDeep'
  | 'notObject'
  | 'notJsonl'
  | 'unsupportedCompression'
  | 'gzipBomb'
  | 'gzipError'
  | 'zstdBomb'
  | 'zstdError'
  | 'unsupportedRange'
  /** A JSON array whose structure cannot be resynchronised: not closed, or content after its `]` (jsonArray.ts). */
  | 'arrayStructure'
  /** A file starting with PAR1 whose footer or data cannot be read (src/core/reader/parquetReader.ts). */
  | 'notParquet'
  /** --strict and the file has no non-blank line (src/core/pipeline/analyze.ts). */
  | 'emptyFile'
  /** A named pipe, a device or a socket: a dataset is read more than once, from a regular file only (decompress.ts). */
  | 'notRegularFile'
  /** The file became shorter than it was when its read began (truncated or replaced while being read). */
  | 'fileChanged';

/**
 * A reader failure with its location. For a bad line (strict mode) the message is exactly
 * `${file}:${line}:${column}: ${detail}` (the format editors turn into links); for a file-level problem
 * `line` and `column` are 0 and the message is `${file}: ${detail}`.
 */
export class ReaderError extends Error {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly reason: ReaderErrorReason;
  /** The message without the location prefix. */
  readonly detail: string;

  constructor(
    file: string,
    line: number,
    column: number,
    reason: ReaderErrorReason,
    detail: string,
    options?: { cause?: unknown },
  ) {
    super(line > 0 ? `${file}:${line}:${column}: ${detail}` : `${file}: ${detail}`, options);
    this.name = 'ReaderError';
    this.file = file;
    this.line = line;
    this.column = column;
    this.reason = reason;
    this.detail = detail;
  }
}

/**
 * Gives the event loop one turn, then throws the AbortError if `signal` fired. Why: a long synchronous run (bytes in
 * memory, the steps that end an analysis) lets a worker read its stop request (core/threadStop.ts) and sees a cancel
 * only where it yields like this.
 */
export async function nextTurn(signal?: AbortSignal): Promise<void> {
  await setImmediatePromise();
  if (signal?.aborted) throw createAbortError(signal.reason);
}

/** The error thrown when the caller's AbortSignal fires: an Error named 'AbortError' (like fetch and streams). */
export function createAbortError(reason?: unknown): Error {
  const err = new Error('The read was aborted', { cause: reason });
  err.name = 'AbortError';
  return err;
}

/**
 * The error a streaming read of `path` ends with: an abort when `signal` fired, a ReaderError 'gzipError' for zlib's
 * Z_* failures (corrupt or truncated gzip), else `err` itself. Why shared: the line reader and the gzip chunker must
 * report the same failures the same way.
 */
export function readFailure(path: string, err: unknown, signal: AbortSignal | undefined): unknown {
  if (signal?.aborted) return createAbortError(signal.reason);
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code.startsWith('Z_')) {
    return new ReaderError(
      path,
      0,
      0,
      'gzipError',
      `gzip data is corrupt or truncated (${(err as Error).message})`,
      {
        cause: err,
      },
    );
  }
  return err;
}
