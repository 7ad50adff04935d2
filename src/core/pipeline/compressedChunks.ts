/**
 * The chunks of a compressed (gzip or zstd) JSONL file: ONE decompressing reader (this thread; zlib itself runs on
 * libuv's pool, zstd is fzstd in this thread) cuts the decompressed bytes into chunks of whole lines and hands each
 * chunk's bytes to a chunk worker.
 *
 * Why: a compressed stream can only be decompressed from its start, so workers cannot seek to byte ranges as they do
 * in a plain file (chunkPlan.ts); but everything after decompression — parsing, tokenizing, accumulating — is the
 * expensive part, and that runs on every core. A chunk ends at the first line end at or after `chunkBytes`
 * decompressed bytes from its start (a longer line makes its chunk longer), so the chunks depend only on the
 * file — never on the worker count, the compression or on how the decompressor happens to cut its output.
 * Offsets are decompressed offsets, as everywhere for compressed files.
 */
import type { Compression } from '../types.ts';
import { openDecompressed, regularFileStat } from '../reader/decompress.ts';
import { createAbortError, readFailure } from '../reader/readerError.ts';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../reader/jsonlReader.ts';
import type { Chunk } from './chunkPlan.ts';

/** A chunk with its decompressed bytes (a buffer that owns its memory, so it can be transferred to a worker). */
export interface BytesChunk {
  chunk: Chunk;
  bytes: Buffer;
}

export interface CompressedChunkOptions {
  maxDecompressedBytes?: number;
  signal?: AbortSignal;
  /** Compressed bytes read so far (the file's own size is the progress total). */
  onProgress?: (compressedBytesRead: number) => void;
}

/**
 * Yields the chunks of the compressed file `path` in order. Why: the parallel analysis of a .gz / .zst file. Corrupt
 * or truncated data and the decompression cap throw ReaderError (as the line reader does).
 */
export async function* compressedChunks(
  path: string,
  compression: Exclude<Compression, 'none'>,
  chunkBytes: number,
  o: CompressedChunkOptions = {},
): AsyncGenerator<BytesChunk, void, undefined> {
  const cap = o.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  // the file as it is now: read to this size even if it grows, an error if it shrinks (decompress.ts)
  const size = (await regularFileStat(path)).size;
  const input = openDecompressed(path, compression, { chunkSize: 1 << 20, cap, size });
  const onAbort = (): void => {
    input.destroy(createAbortError(o.signal?.reason));
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let parts: Buffer[] = [];
  let held = 0;
  let offset = 0;
  let line = 1;
  let index = 0;
  const cut = (upTo: number, joined: Buffer): BytesChunk => {
    const bytes = Buffer.allocUnsafeSlow(upTo);
    joined.copy(bytes, 0, 0, upTo);
    const chunk: Chunk = { index: index++, start: offset, end: offset + upTo, firstLine: line };
    line += countNewlines(bytes);
    offset += upTo;
    const rest = joined.subarray(upTo);
    parts = rest.length > 0 ? [Buffer.from(rest)] : [];
    held = rest.length;
    return { chunk, bytes };
  };
  try {
    for await (const piece of input.pieces) {
      parts.push(piece);
      held += piece.length;
      o.onProgress?.(input.compressedBytesRead());
      // a chunk ends at the first line end at or after chunkBytes from its start (whatever the pieces' sizes)
      while (held >= chunkBytes) {
        const joined = parts.length === 1 ? parts[0] : Buffer.concat(parts, held);
        const end = joined.indexOf(10, chunkBytes - 1);
        if (end < 0) {
          parts = [joined];
          break;
        }
        yield cut(end + 1, joined);
      }
    }
    if (held > 0) yield cut(held, Buffer.concat(parts, held));
  } catch (err) {
    throw readFailure(path, err, o.signal);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    input.destroy();
  }
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}
