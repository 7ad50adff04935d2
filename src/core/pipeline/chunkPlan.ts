/**
 * Splits an uncompressed JSONL file into byte ranges ("chunks") that start at line starts, and numbers each
 * chunk's first line, so that every chunk can be read, parsed, tokenized and accumulated on its own (in any
 * worker, or in any task of a cluster) and the partial results merged in chunk order.
 *
 * Why the boundaries never depend on the number of workers or on how a file is shared out: chunk k holds the
 * lines that start inside [k·chunkBytes, (k+1)·chunkBytes) (a longer line simply makes its chunk longer, and a
 * stretch with no line start is no chunk). So a boundary is found from the bytes around it alone, and a task that
 * analyses the byte range [S, E) with S and E multiples of the chunk size (`planRangeChunks`, `analyze
 * --byte-range`) cuts exactly the chunks one whole-file analysis cuts: its partials are the same, and merging
 * them (`merge`) gives the same report (docs/scale.md). Line numbers are 1 + the number of `\n` bytes before the
 * chunk, the reader's own rule (docs/reader.md: only `\n` ends a line); a range's chunks are numbered from its
 * own first line (1), and `merge` adds the `\n` bytes of the ranges before it.
 */
import { open, type FileHandle } from 'node:fs/promises';

/** Default chunk size: 32 MiB (files up to this size are one chunk, i.e. the plain sequential pass). */
export const DEFAULT_CHUNK_BYTES = 32 * 1024 * 1024;

/** One range of the file: [start, end) begins at a line start; `firstLine` is the 1-based number of its first line. */
export interface Chunk {
  index: number;
  start: number;
  end: number;
  firstLine: number;
}

/** The chunks of a byte range and what a merge needs to place them in the file. */
export interface RangePlan {
  chunks: Chunk[];
  /** First line start at or after the range's start, and at or after its end: the lines of [lineStart, lineEnd). */
  lineStart: number;
  lineEnd: number;
  /** `\n` bytes in [lineStart, lineEnd): what the line numbers of every later range are shifted by. */
  newlines: number;
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
  checkChunkBytes(chunkBytes);
  if (fileBytes <= chunkBytes) return [{ index: 0, start: 0, end: fileBytes, firstLine: 1 }];
  return (await planRangeChunks(path, fileBytes, 0, fileBytes, chunkBytes, signal)).chunks;
}

/**
 * The chunks of `path` one by one, each as soon as the scan has found where it ends: the chunks planChunks lists, in
 * the same order. Why: planChunks reads the whole file before it returns (~0.3 s per GiB from the page cache, seconds
 * per GiB from a cold disk), and the first chunk — so the panel's first figures — waited for it; from this stream a
 * chunk worker starts on chunk 0 once the scan has passed 32 MiB. Stopping early (`return()`) closes the file;
 * aborting the signal stops the scan.
 */
export async function* streamChunks(
  path: string,
  fileBytes: number,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
): AsyncGenerator<Chunk, void, undefined> {
  checkChunkBytes(chunkBytes);
  if (fileBytes <= chunkBytes) {
    yield { index: 0, start: 0, end: fileBytes, firstLine: 1 };
    return;
  }
  const fh = await open(path, 'r');
  try {
    yield* scanChunks(fh, Buffer.allocUnsafe(SCAN_BYTES), 0, fileBytes, chunkBytes, { lines: 0 }, signal);
  } finally {
    await fh.close();
  }
}

/**
 * The most chunks a plain file of `fileBytes` can be cut into: one per started `chunkBytes` (each chunk ends at the first
 * line start at or past the next multiple of chunkBytes). Why: a streamed plan's length is unknown until its scan
 * ends, and a chunk run starts no more workers than this (chunkRunner.ts chunksAtMost).
 */
export function plainChunksAtMost(fileBytes: number, chunkBytes: number = DEFAULT_CHUNK_BYTES): number {
  return Math.ceil(fileBytes / chunkBytes);
}

/** A stream of chunks as the items a chunk run takes (chunkRunner.ts ChunkSource): each chunk without bytes. */
export async function* chunkItems(
  chunks: AsyncIterable<Chunk>,
): AsyncGenerator<{ chunk: Chunk }, void, undefined> {
  for await (const chunk of chunks) yield { chunk };
}

/**
 * The chunks of the lines that start inside [start, end) of `path`, cut where a whole-file plan cuts them, with
 * line numbers counted from the range's first line (1; absolute when start is 0). One read of the range.
 */
export async function planRangeChunks(
  path: string,
  fileBytes: number,
  start: number,
  end: number,
  chunkBytes: number = DEFAULT_CHUNK_BYTES,
  signal?: AbortSignal,
): Promise<RangePlan> {
  checkChunkBytes(chunkBytes);
  if (!(Number.isSafeInteger(start) && Number.isSafeInteger(end) && 0 <= start && start <= end))
    throw new RangeError(`bad byte range ${start}:${end}`);
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_BYTES);
    const lineStart = await nextLineStart(fh, buf, Math.min(start, fileBytes), fileBytes);
    const lineEnd = await nextLineStart(fh, buf, Math.min(end, fileBytes), fileBytes);
    const chunks: Chunk[] = [];
    const tally = { lines: 0 };
    for await (const c of scanChunks(fh, buf, lineStart, lineEnd, chunkBytes, tally, signal)) chunks.push(c);
    return { chunks, lineStart, lineEnd, newlines: tally.lines };
  } finally {
    await fh.close();
  }
}

/**
 * The chunks of the lines in [lineStart, lineEnd) (both line starts), read sequentially in SCAN_BYTES blocks through
 * `buf`; each chunk ends at the first line start at or past the next multiple of `chunkBytes`. `tally.lines` counts
 * the `\n` bytes read so far (the range's newlines once the scan is over). No chunk when the range is empty.
 */
async function* scanChunks(
  fh: FileHandle,
  buf: Buffer,
  lineStart: number,
  lineEnd: number,
  chunkBytes: number,
  tally: { lines: number },
  signal?: AbortSignal,
): AsyncGenerator<Chunk, void, undefined> {
  if (lineStart >= lineEnd) return;
  let index = 0;
  let from = lineStart;
  let firstLine = 1;
  let target = boundaryAfter(from, chunkBytes);
  for (let pos = lineStart; pos < lineEnd;) {
    signal?.throwIfAborted();
    const { bytesRead } = await fh.read(buf, 0, Math.min(SCAN_BYTES, lineEnd - pos), pos);
    if (bytesRead === 0) break;
    for (let i = 0; ;) {
      const nl = buf.indexOf(10, i);
      if (nl < 0 || nl >= bytesRead) break;
      tally.lines++;
      i = nl + 1;
      const at = pos + i;
      if (at >= target && at < lineEnd) {
        yield { index: index++, start: from, end: at, firstLine };
        from = at;
        firstLine = tally.lines + 1;
        target = boundaryAfter(at, chunkBytes);
      }
    }
    pos += bytesRead;
  }
  yield { index, start: from, end: lineEnd, firstLine };
}

/** The smallest multiple of `chunkBytes` above `offset`: where the chunk holding `offset` ends. */
function boundaryAfter(offset: number, chunkBytes: number): number {
  return (Math.floor(offset / chunkBytes) + 1) * chunkBytes;
}

function checkChunkBytes(chunkBytes: number): void {
  if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 1)
    throw new RangeError(`chunkBytes must be a positive integer, got ${chunkBytes}`);
}

/** The first line start at or after `offset`: offset itself at 0 or after a `\n`, else past the next `\n` (or EOF). */
async function nextLineStart(
  fh: FileHandle,
  buf: Buffer,
  offset: number,
  fileBytes: number,
): Promise<number> {
  if (offset === 0 || offset >= fileBytes) return offset;
  for (let pos = offset - 1; pos < fileBytes;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, fileBytes - pos), pos);
    if (bytesRead === 0) break;
    const nl = buf.subarray(0, bytesRead).indexOf(10);
    if (nl >= 0) return pos + nl + 1;
    pos += bytesRead;
  }
  return fileBytes;
}

/**
 * The number of `\n` bytes in [0, offset) of `path`, counting stops at `cap` (returns cap when there are more).
 * Why: a `--byte-range` task numbers its lines from its range's start, and the phrase sample only needs to know
 * how many lines come before the range up to its threshold line, so it reads at most the file's first `cap` lines.
 */
export async function newlinesBefore(
  path: string,
  offset: number,
  cap: number,
  signal?: AbortSignal,
): Promise<number> {
  if (offset <= 0 || cap <= 0) return 0;
  const fh = await open(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(SCAN_BYTES);
    let lines = 0;
    for (let pos = 0; pos < offset;) {
      signal?.throwIfAborted();
      const { bytesRead } = await fh.read(buf, 0, Math.min(SCAN_BYTES, offset - pos), pos);
      if (bytesRead === 0) break;
      for (let i = buf.indexOf(10, 0); i >= 0 && i < bytesRead; i = buf.indexOf(10, i + 1))
        if (++lines >= cap) return cap;
      pos += bytesRead;
    }
    return lines;
  } finally {
    await fh.close();
  }
}
