/**
 * Positioned reads that do not stop short. Why: `FileHandle.read` may return fewer bytes than asked (a pipe, a
 * network file system, a large request), and every caller that reads a record or a row back by offset needs all of
 * it or to know it is not there.
 */
import type { FileHandle } from 'node:fs/promises';

/** Up to `length` bytes at `pos` (fewer only at the end of the file); the returned buffer is exactly what was read. */
export async function readAt(fh: FileHandle, pos: number, length: number): Promise<Buffer> {
  const buf = Buffer.allocUnsafe(length);
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, pos + got);
    if (bytesRead === 0) break;
    got += bytesRead;
  }
  return buf.subarray(0, got);
}
