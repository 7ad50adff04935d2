/**
 * The chosen rows of a Parquet input, for writing a mix (and reproducing it from a recipe). Parquet rows have no
 * line bytes to copy: each chosen row is read back by its row number (row group by row group, each decoded once)
 * and written as its canonical JSON (canonicalRowJson: keys in column order, no spaces, big integers with every
 * digit) to a spool file beside the output, so memory stays bounded; the writer then reads the rows from the spool
 * by offset, in output order. The same rows always give the same bytes, so a recipe reproduces the output.
 */
import { promises as fsp } from 'node:fs';
import { canonicalRowJson, readParquetRows } from '../reader/parquetReader.ts';
import type { LineSource } from './lineSource.ts';
import { BatchedWriter } from '../io/batchedWriter.ts';

/** Bytes of canonical JSON collected before they are appended to the spool. */
const FLUSH_BYTES = 1 << 20;

/** Writes the `wanted` rows (1-based row numbers) of the Parquet file `path` to `spoolPath` and opens them. */
export async function openParquetRows(
  path: string,
  wanted: ReadonlySet<number>,
  spoolPath: string,
  signal?: AbortSignal,
): Promise<LineSource> {
  const locs = new Map<number, { offset: number; length: number }>();
  const spool = await fsp.open(spoolPath, 'wx');
  let size = 0;
  const writer = new BatchedWriter(spool, FLUSH_BYTES);
  try {
    await readParquetRows(
      path,
      wanted,
      async (line, row) => {
        const bytes = Buffer.from(canonicalRowJson(row), 'utf8');
        locs.set(line, { offset: size, length: bytes.length });
        writer.push(bytes);
        size += bytes.length;
        await writer.flushIfFull();
      },
      signal,
    );
    await writer.flush();
  } finally {
    await spool.close();
  }
  for (const l of wanted)
    if (!locs.has(l)) throw new Error(`${path}: row ${l} not found (the Parquet file has fewer rows)`);
  const fh = await fsp.open(spoolPath, 'r');
  return {
    read: async (line) => {
      const loc = locs.get(line);
      if (!loc) throw new Error(`${path}: row ${line} was not located`);
      const buf = Buffer.allocUnsafe(loc.length);
      const { bytesRead } = await fh.read(buf, 0, loc.length, loc.offset);
      if (bytesRead !== loc.length)
        throw new Error(`${path}: row ${line} could not be read back from the spool`);
      return buf;
    },
    close: () => fh.close(),
  };
}
