/**
 * Splits an uncompressed JSONL file into byte ranges ("chunks") that start at line starts, and numbers each
 * chunk's first line, so that every chunk can be read, parsed, tokenized and accumulated on its own (in any
 * worker) and the partial results merged in chunk order.
 *
 * Why the boundaries never depend on the number of workers: a chunk's partial result depends only on its bytes,
 * and partials are merged in chunk order, so `--workers 1` and `--workers N` produce the same report by
 * construction. A chunk ends at the first line start at or after `start + chunkBytes` (a longer line simply makes
 * its chunk longer). Line numbers are 1 + the number of `\n` bytes before the chunk, the reader's own rule
 * (docs/reader.md: only `\n` ends a line).
 */
import { open } from 'node:fs/promises';

/** Default chunk size: 32 MiB (files up to this size are one chunk, i.e. the plain sequential pass). */
export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;

/** One range of the file: [start, end) begins at a line start; `firstLine` is the 1-based number of its first line. */
export interface Chunk {
  index: number;
  start: number;
  end: number;
  firstLine: number;
}

const SCAN_BYTES = 4 * 1024 * 1024;

/**
 * The chunks of `path` (size `fileBytes`), computed by one sequential read that counts `\n` bytes
 * (~1–2 GB/s; the only whole-file pass besides the analysis itself). Aborting the signal stops the scan.
 */
export async function planChunks(
  path: string,
  fileBytes: number,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
): Promise<Chunk[]> {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1)
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
  if (fileBytes <= chunkBytes) return [{ index: 0, start: 0, end: fileBytes, firstLine: 1 }];
  const chunks: Chunk[] = [];
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_BYTES);
    let start = 0;
    let firstLine = 1;
    let lines = 0; // '\n' bytes seen before `pos`
    let pos = 0;
    let target = chunkBytes; // the next boundary is the first line start at or after this offset
    while (pos < fileBytes) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, Math.min(SCAN_BYTES, fileBytes - pos), pos);
      if (bytesRead === 0) break;
      let i = 0;
      for (;;) {
        const nl = buf.indexOf(10, i);
        if (nl < 0 || nl >= bytesRead) break;
        lines++;
        i = nl + 1;
        const lineStart = pos + i;
        if (lineStart >= target && lineStart < fileBytes) {
          chunks.push({ index: chunks.length, start, end: lineStart, firstLine });
          start = lineStart;
          firstLine = lines + 1;
          target = lineStart + chunkBytes;
        }
      }
      pos += bytesRead;
    }
    chunks.push({ index: chunks.length, start, end: fileBytes, firstLine });
    return chunks;
  } finally {
    await fh.close();
  }
}
