/**
 * `sniffFormat` on a file: its raw head, and for a gzip or zstd file the head of its decompressed bytes. Why a
 * module of its own: the reader (readBatches) and the analysis (which must never cut a Parquet file or a JSON array
 * into byte ranges) ask the same question and must get the same answer, from the bytes, whatever the file's name.
 */

import { openDecompressed, readFileHead } from './decompress.ts';
import { readFailure } from './readerError.ts';
import { SNIFF_BYTES, sniffFormat, type SniffedFormat } from './sniff.ts';

/**
 * The format and compression of the file at `path` (see sniffFormat's rules). Reads at most SNIFF_BYTES from disk
 * for a plain file, and decompresses at most about SNIFF_BYTES of a compressed one. Corrupt compressed data throws
 * the reader's ReaderError ('gzipError' / 'zstdError'), naming the file.
 */
export async function sniffFile(path: string, signal?: AbortSignal): Promise<SniffedFormat> {
  const raw = await readFileHead(path, SNIFF_BYTES);
  const outer = sniffFormat(raw.bytes, raw.complete);
  if (outer.compression === 'none') return outer;
  const d = openDecompressed(path, outer.compression, { chunkSize: 64 * 1024, cap: Number.MAX_SAFE_INTEGER });
  const parts: Buffer[] = [];
  let held = 0;
  let complete = true;
  try {
    for await (const piece of d.pieces) {
      parts.push(piece);
      held += piece.length;
      if (held >= SNIFF_BYTES) {
        complete = false;
        break;
      }
    }
  } catch (err) {
    throw readFailure(path, err, signal);
  } finally {
    d.destroy();
  }
  const window = Buffer.concat(parts, held).subarray(0, SNIFF_BYTES);
  const inner = sniffFormat(window, complete);
  // gzip inside zstd (or the like) is not a dataset format: 'unknown', the reader then says what it looks like
  if (inner.compression !== 'none') return { format: 'unknown', compression: outer.compression };
  return { format: inner.format, compression: outer.compression };
}
