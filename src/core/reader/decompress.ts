/**
 * The decompressed bytes of a dataset file, for every compression the reader knows: gzip (node's zlib) and zstd
 * (fzstd, pure JavaScript, its streaming `Decompress` fed a slice at a time). Why one module: the line reader, the
 * chunker of compressed files (compressedChunks.ts) and Mix's line copier must decompress the same way, with the
 * same decompression-bomb cap and the same "corrupt or truncated" errors naming the file — whatever the file's name
 * says, since the compression is always taken from the file's magic bytes (sniff.ts).
 */

import { createReadStream, promises as fsp, type Stats } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { Decompress } from 'fzstd';
import type { Compression } from '../types.ts';
import { ReaderError } from './readerError.ts';
import { detectCompression } from './sniff.ts';

/**
 * Compressed bytes handed to fzstd per call. fzstd decodes every complete block of a call before it returns, and one
 * 4-byte RLE block expands to 128 KiB, so the slice bounds what one call can produce (2 KiB → at most ~64 MiB) and
 * lets the cap stop a zstd bomb before it is in memory. Blocks still arrive whole: fzstd waits for a block's bytes
 * without re-copying them.
 */
export const ZSTD_SLICE_BYTES = 2048;

/** The compression of the file at `path`, from its magic bytes (never from its name). Why: one answer for every caller. */
export async function fileCompression(path: string): Promise<Compression> {
  const { bytes } = await readFileHead(path, 4);
  return detectCompression(bytes);
}

/**
 * The first `n` bytes of `path` (fewer for a shorter file), and whether they are the whole file. Why: every sniff
 * starts here, and a directory must fail with node's EISDIR naming the path (a read on a directory's handle does not
 * name it, so the CLI said "is a directory: " with no name).
 */
export async function readFileHead(path: string, n: number): Promise<{ bytes: Buffer; complete: boolean }> {
  // stat before open: opening a named pipe blocks until a writer comes, so it is refused before any open
  await regularFileStat(path);
  const fh = await fsp.open(path, 'r');
  try {
    const st = await fh.stat();
    if (!st.isFile()) throw notRegularFileError(path, st);
    const buf = Buffer.alloc(Math.min(n, st.size));
    const { bytesRead } = await fh.read(buf, 0, buf.length, 0);
    return { bytes: buf.subarray(0, bytesRead), complete: bytesRead >= st.size };
  } finally {
    await fh.close();
  }
}

/**
 * The stat of `path`, which must be a regular file: a folder fails with node's EISDIR (naming it), a named pipe,
 * device or socket with ReaderError 'notRegularFile'. Why: a dataset is read more than once (its magic bytes, its
 * format, then its rows, in chunks), which a pipe or `/dev/zero` cannot give — reading one would block or never end.
 */
export async function regularFileStat(path: string): Promise<Stats> {
  const st = await fsp.stat(path);
  if (st.isDirectory()) throw isDirectoryError(path);
  if (!st.isFile()) throw notRegularFileError(path, st);
  return st;
}

/** The error of a path that is neither a file nor a folder, saying what it is and what to do. */
function notRegularFileError(path: string, st: Stats): ReaderError {
  const kind = st.isFIFO()
    ? 'a named pipe'
    : st.isCharacterDevice()
      ? 'a character device'
      : st.isBlockDevice()
        ? 'a block device'
        : st.isSocket()
          ? 'a socket'
          : 'not a regular file';
  return new ReaderError(
    path,
    0,
    0,
    'notRegularFile',
    `is ${kind}, not a regular file: a dataset is read more than once (its format, then its rows), so save the stream to a file first`,
  );
}

/** The error of a file that became shorter than it was when its read began. Why exported: the chunked reads say the same. */
export function fileShrankError(path: string, expected: number, got: number): ReaderError {
  return new ReaderError(
    path,
    0,
    0,
    'fileChanged',
    `the file shrank while being read: it had ${expected} bytes when the read began, only ${got} could be read — it was truncated or replaced; analyse it again once it is complete`,
  );
}

/** Node's EISDIR error for `path`, with the path set (the CLI's message names it). */
export function isDirectoryError(path: string): NodeJS.ErrnoException {
  const err: NodeJS.ErrnoException = new Error(`EISDIR: illegal operation on a directory, read '${path}'`);
  err.code = 'EISDIR';
  err.errno = -21;
  err.syscall = 'read';
  err.path = path;
  return err;
}

/** Options of `openDecompressed`. */
export interface DecompressOptions {
  /** Read size of the file stream (and zlib's output chunk size). */
  chunkSize: number;
  /** Cap on decompressed bytes; exceeding it throws ReaderError 'gzipBomb' / 'zstdBomb'. Ignored for plain files. */
  cap: number;
  /** Plain files only: first byte to read. */
  start?: number;
  /**
   * The file's size when its read began (its stat): the read stops there even if the file grows meanwhile, and
   * ending before it (the file shrank) throws ReaderError 'fileChanged'. Omitted: read to whatever end there is.
   */
  size?: number;
}

/** A file being read and decompressed: iterate `pieces` once; `destroy` ends the read (with `err` as its failure). */
export interface Decompressed {
  pieces: AsyncIterable<Buffer>;
  /** Bytes read from disk so far (compressed bytes for a compressed file): the progress of the read. */
  compressedBytesRead(): number;
  destroy(err?: Error): void;
}

/**
 * Streams the decompressed bytes of `path` (its raw bytes when `compression` is 'none'). Why: the one way every reader
 * of a dataset gets its bytes. Memory stays bounded by the chunk size (gzip) or one slice's output (zstd); the cap is
 * checked on every piece, so a bomb stops within one piece of the cap. A corrupt or truncated zstd stream throws
 * ReaderError 'zstdError'; gzip failures surface as zlib's Z_* errors (readFailure turns them into 'gzipError').
 */
export function openDecompressed(path: string, compression: Compression, o: DecompressOptions): Decompressed {
  const start = o.start ?? 0;
  const size = o.size;
  // (an empty range still opens the file, so a missing file fails the same way; end is inclusive)
  const end = size === undefined ? undefined : Math.max(start, size) - 1;
  const stream = createReadStream(path, {
    highWaterMark: o.chunkSize,
    start,
    ...(end !== undefined && end >= start ? { end } : {}),
  });
  const want = size === undefined ? undefined : Math.max(0, size - start);
  // with a size: the read stops there (a growing file), and ends with an error when fewer bytes came (a shrink)
  const source: AsyncIterable<Buffer> = want === undefined ? stream : whole(path, stream, want);
  const compressedBytesRead = (): number => stream.bytesRead;
  if (compression === 'none') {
    return { pieces: source, compressedBytesRead, destroy: (err) => stream.destroy(err) };
  }
  if (compression === 'gzip') {
    const gunzip = createGunzip({ chunkSize: Math.max(64, o.chunkSize) });
    // errors (zlib's, or the shrink's) surface through the gunzip iterator
    pipeline(want === undefined ? stream : Readable.from(source, { objectMode: false }), gunzip, () => {});
    return {
      pieces: capped(path, 'gzip', gunzip as AsyncIterable<Buffer>, o.cap),
      compressedBytesRead,
      destroy: (err) => {
        gunzip.destroy(err);
        stream.destroy();
      },
    };
  }
  return {
    pieces: capped(path, 'zstd', zstdPieces(path, source), o.cap),
    compressedBytesRead,
    destroy: (err) => stream.destroy(err),
  };
}

/**
 * The file stream's chunks, then a check that `want` bytes came (an empty read of a range that is there means the
 * file shrank). The stream's `end` already stops the read at the size it had, so a growing file is never read on.
 */
async function* whole(
  path: string,
  stream: AsyncIterable<Buffer> & { bytesRead: number },
  want: number,
): AsyncGenerator<Buffer, void, undefined> {
  let got = 0;
  for await (const chunk of stream) {
    const room = want - got;
    if (room <= 0) break;
    const piece = chunk.length > room ? chunk.subarray(0, room) : chunk;
    got += piece.length;
    yield piece;
  }
  if (got < want) throw fileShrankError(path, want, got);
}

/** The error of a decompressed size over `cap`. */
function bombError(path: string, compression: 'gzip' | 'zstd', cap: number): ReaderError {
  return new ReaderError(
    path,
    0,
    0,
    compression === 'gzip' ? 'gzipBomb' : 'zstdBomb',
    `decompressed size exceeds the cap of ${cap} bytes — possible ${compression} bomb`,
  );
}

async function* capped(
  path: string,
  compression: 'gzip' | 'zstd',
  source: AsyncIterable<Buffer>,
  cap: number,
): AsyncGenerator<Buffer, void, undefined> {
  let total = 0;
  for await (const piece of source) {
    total += piece.length;
    if (total > cap) throw bombError(path, compression, cap);
    yield piece;
  }
}

/**
 * The decompressed blocks of a zstd stream (one or more frames, skippable frames skipped). The end of the input is
 * pushed as fzstd's final chunk, so a stream cut inside a frame (or before its checksum) is an error, never silently
 * fewer rows. A stream cut exactly between two frames cannot be told from a shorter file (zstd has no end marker).
 */
async function* zstdPieces(
  path: string,
  file: AsyncIterable<Buffer>,
): AsyncGenerator<Buffer, void, undefined> {
  const out: Buffer[] = [];
  const d = new Decompress((data) => {
    if (data.length > 0) out.push(Buffer.from(data.buffer, data.byteOffset, data.byteLength));
  });
  const push = (chunk: Uint8Array, final: boolean): void => {
    try {
      d.push(chunk, final);
    } catch (err) {
      throw new ReaderError(
        path,
        0,
        0,
        'zstdError',
        `zstd data is corrupt or truncated (${(err as Error).message})`,
        { cause: err },
      );
    }
  };
  for await (const chunk of file) {
    for (let at = 0; at < chunk.length; at += ZSTD_SLICE_BYTES) {
      push(chunk.subarray(at, Math.min(chunk.length, at + ZSTD_SLICE_BYTES)), false);
      while (out.length > 0) yield out.shift()!;
    }
  }
  push(new Uint8Array(0), true);
  while (out.length > 0) yield out.shift()!;
}
