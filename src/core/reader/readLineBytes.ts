/**
 * Random access to one raw line, by the offset/length a JsonlRecord carried. Why: the report shows
 * representative rows byte-exactly without keeping every row's text in memory.
 */

import { promises as fsp } from 'node:fs';
import { detectCompression } from './sniff.ts';
import { readAt } from '../io/readAt.ts';

/**
 * The `length` bytes at `offset` of an uncompressed file, or null for a compressed (gzip/zstd) file, whose
 * offsets refer to decompressed bytes and cannot be read by seeking. Throws RangeError past the end of the file.
 */
export async function readLineBytes(path: string, offset: number, length: number): Promise<Buffer | null> {
  if (!Number.isSafeInteger(offset) || offset < 0 || !Number.isSafeInteger(length) || length < 0) {
    throw new RangeError(`${path}: invalid offset ${offset} / length ${length}`);
  }
  const fh = await fsp.open(path, 'r');
  try {
    const head = Buffer.alloc(4);
    const { bytesRead: headBytes } = await fh.read(head, 0, 4, 0);
    if (detectCompression(head.subarray(0, headBytes)) !== 'none') return null;
    const buf = await readAt(fh, offset, length);
    if (buf.length < length)
      throw new RangeError(`${path}: bytes ${offset}..${offset + length} are past the end of the file`);
    return buf;
  } finally {
    await fh.close();
  }
}
