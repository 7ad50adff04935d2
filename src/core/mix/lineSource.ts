/**
 * Byte-exact access to chosen source lines, for writing a mix. Lines are never re-serialised: the bytes
 * between a line's offset and its terminator are copied as they are (big integers, key order, escapes
 * survive; a JSON array's element is its bytes, made one line by the writer). Rows are numbered as the reader numbers
 * them: lines, or a JSON array's element indexes. Plain files are read by offset; compressed files (gzip, zstd: their
 * offsets are in the decompressed stream) and lines known only by number (a recipe) are first located by ONE
 * streaming pass — for a compressed file the chosen lines are spooled to a temporary file next to the output, so
 * memory stays bounded.
 */
import { promises as fsp } from 'node:fs';
import { openDecompressed } from '../reader/decompress.ts';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../reader/jsonlReader.ts';
import { readFailure } from '../reader/readerError.ts';
import { LineScanner } from '../reader/lineScanner.ts';
import { detectFileFormat } from '../reader/jsonArray.ts';
import { JsonArrayScanner } from '../reader/jsonArrayScanner.ts';
import type { Compression } from '../types.ts';
import { BatchedWriter } from '../io/batchedWriter.ts';

/** Longest line the scan copies (same default cap as the reader). */
const MAX_LINE_BYTES = 1 << 30;
/** Bytes of spooled lines collected before they are appended to the spool. */
const SPOOL_FLUSH_BYTES = 1 << 20;

/** Random access to the chosen lines of one input. */
export interface LineSource {
  /** The raw bytes of 1-based line `line` (terminator excluded). */
  read(line: number): Promise<Buffer>;
  close(): Promise<void>;
}

/** Where a chosen line lives: in the source file (plain) or in the spool (compressed). */
interface Loc {
  offset: number;
  length: number;
}

/** Opens a plain file whose chosen lines' offsets are already known (from the model). */
export async function openByOffsets(path: string, locs: Map<number, Loc>): Promise<LineSource> {
  const fh = await fsp.open(path, 'r');
  return {
    read: (line) => readAt(fh, locs, line, path),
    close: () => fh.close(),
  };
}

/**
 * Opens an input whose chosen lines are known by number only, or which is compressed: one streaming
 * pass finds the lines (plain) or copies them to `spoolPath` (gzip, zstd). The caller deletes the spool.
 */
export async function openByScan(
  path: string,
  wanted: ReadonlySet<number>,
  compression: Compression,
  spoolPath: string,
  signal?: AbortSignal,
): Promise<LineSource> {
  const locs = new Map<number, Loc>();
  const spool = compression !== 'none' ? await fsp.open(spoolPath, 'wx') : null;
  let spoolSize = 0;
  const writer = spool ? new BatchedWriter(spool, SPOOL_FLUSH_BYTES) : null;
  let failed: Error | null = null;
  const input = openDecompressed(path, compression, {
    chunkSize: 64 * 1024,
    cap: DEFAULT_MAX_DECOMPRESSED_BYTES,
  });
  try {
    // a JSON array's rows are its elements, numbered by index (jsonArray.ts): the same sink, another splitter
    const array = (await detectFileFormat(path)) === 'json-array';
    const scanner = array
      ? new JsonArrayScanner({ maxElementBytes: MAX_LINE_BYTES })
      : new LineScanner({ maxLineBytes: MAX_LINE_BYTES });
    const what = array ? 'element' : 'line';
    const sink = (bytes: Buffer | null, line: number, offset: number, length: number): void => {
      if (!wanted.has(line)) return;
      if (bytes === null) {
        failed = new Error(`${path}: ${what} ${line} is longer than ${MAX_LINE_BYTES} bytes`);
        return;
      }
      if (writer) {
        locs.set(line, { offset: spoolSize, length });
        writer.push(Buffer.from(bytes));
        spoolSize += length;
      } else locs.set(line, { offset, length });
    };
    for await (const chunk of input.pieces) {
      if (signal?.aborted) throw Object.assign(new Error('aborted'), { name: 'AbortError' });
      scanner.push(chunk, sink);
      await writer?.flushIfFull();
    }
    if (scanner instanceof LineScanner) scanner.end(sink);
    else scanner.end();
    await writer?.flush();
    if (failed) throw failed;
    for (const l of wanted)
      if (!locs.has(l)) throw new Error(`${path}: ${what} ${l} not found (the file has fewer ${what}s)`);
  } catch (err) {
    await spool?.close();
    throw signal?.aborted ? err : readFailure(path, err, undefined);
  } finally {
    input.destroy();
  }
  if (spool) await spool.close();
  const fh = await fsp.open(spool ? spoolPath : path, 'r');
  return { read: (line) => readAt(fh, locs, line, path), close: () => fh.close() };
}

async function readAt(
  fh: fsp.FileHandle,
  locs: Map<number, Loc>,
  line: number,
  path: string,
): Promise<Buffer> {
  const loc = locs.get(line);
  if (!loc) throw new Error(`${path}: line ${line} was not located`);
  const buf = Buffer.allocUnsafe(loc.length);
  let got = 0;
  while (got < loc.length) {
    const { bytesRead } = await fh.read(buf, got, loc.length - got, loc.offset + got);
    if (bytesRead === 0)
      throw new Error(`${path}: line ${line} ends past the end of the file (did the file change?)`);
    got += bytesRead;
  }
  return buf;
}
