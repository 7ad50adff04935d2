/**
 * The chunks of a gzip-compressed JSONL file: ONE decompressing reader (this thread; zlib itself runs on libuv's
 * pool) cuts the decompressed bytes into chunks of whole lines and hands each chunk's bytes to a chunk worker.
 *
 * Why: a gzip stream can only be decompressed from its start, so workers cannot seek to byte ranges as they do in
 * a plain file (chunkPlan.ts); but everything after decompression — parsing, tokenizing, accumulating — is the
 * expensive part, and that runs on every core. A chunk ends at the first line end at or after `chunkBytes`
 * decompressed bytes from its start (a longer line makes its chunk longer), so the chunks depend only on the
 * file — never on the worker count or on how zlib happens to cut its output.
 * Offsets are decompressed offsets, as everywhere for .gz files.
 */
import { createReadStream } from 'node:fs';
import { pipeline } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { createAbortError, readFailure, ReaderError } from '../reader/readerError.ts';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../reader/jsonlReader.ts';
import type { Chunk } from './chunkPlan.ts';

/** A chunk with its decompressed bytes (a buffer that owns its memory, so it can be transferred to a worker). */
export interface BytesChunk {
  chunk: Chunk;
  bytes: Buffer;
}

export interface GzipChunkOptions {
  maxDecompressedBytes?: number;
  signal?: AbortSignal;
  /** Compressed bytes read so far (the file's own size is the progress total). */
  onProgress?: (compressedBytesRead: number) => void;
}

/** Yields the chunks of the gzip file `path` in order. Corrupt data and the decompression cap throw ReaderError. */
export async function* gzipChunks(
  path: string,
  chunkBytes: number,
  o: GzipChunkOptions = {},
): AsyncGenerator<BytesChunk, void, undefined> {
  const cap = o.maxDecompressedBytes ?? DEFAULT_MAX_DECOMPRESSED_BYTES;
  const file = createReadStream(path, { highWaterMark: 1 << 20 });
  const gunzip = createGunzip({ chunkSize: 1 << 20 });
  pipeline(file, gunzip, () => {}); // errors surface through the gunzip iterator
  const onAbort = (): void => {
    gunzip.destroy(createAbortError(o.signal?.reason));
  };
  o.signal?.addEventListener('abort', onAbort, { once: true });
  let parts: Buffer[] = [];
  let held = 0;
  let offset = 0;
  let line = 1;
  let index = 0;
  let total = 0;
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
    for await (const piece of gunzip as AsyncIterable<Buffer>) {
      total += piece.length;
      if (total > cap)
        throw new ReaderError(
          path,
          0,
          0,
          'gzipBomb',
          `decompressed size exceeds the cap of ${cap} bytes — possible gzip bomb`,
        );
      parts.push(piece);
      held += piece.length;
      o.onProgress?.(file.bytesRead);
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
    gunzip.destroy();
    file.destroy();
  }
}

function countNewlines(b: Buffer): number {
  let n = 0;
  for (let i = b.indexOf(10); i >= 0; i = b.indexOf(10, i + 1)) n++;
  return n;
}
