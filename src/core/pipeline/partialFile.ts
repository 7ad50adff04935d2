/**
 * The `.dlpart` file: the mergeable state of an analysis of one file or one byte range of it, written by
 * `analyze --partial` (one task of a cluster) and read by `merge`. Why a file of its own: teams shard corpora of
 * hundreds of GB over a cluster; each task writes what the chunk workers would hand to the merge, and one `merge`
 * turns them into the report a single `analyze` gives (docs/scale.md).
 *
 * Layout (all integers little-endian):
 *   "DLPART\0\n"                                   8 bytes, the magic
 *   u32 header length, header JSON                 PartialHeader: versions, input, range, every figure option
 *   records: u8 kind, u64 length, v8-serialised    kind 1: the sample (the file's first parsed rows, which decide
 *                                                  the text view); kind 2: one ChunkPartial, in file order
 *   trailer JSON, u32 trailer length               PartialTrailer: counts, and the SHA-256 of every byte before it
 *   "DLPEND\0\n"                                   8 bytes, the end mark (absent: the file is truncated)
 * A truncated, corrupt or foreign file fails with a PartialFileError naming the file, before any of it is merged.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { deserialize, serialize } from 'node:v8';
import { writeAtomically } from '../io/atomicWrite.ts';
import { readAt } from '../io/readAt.ts';
import type { Compression, FileFormat } from '../types.ts';
import type { ChunkPartial } from './chunkAnalysis.ts';

const MAGIC = Buffer.from('DLPART\0\n', 'latin1');
const END = Buffer.from('DLPEND\0\n', 'latin1');
/**
 * Version of the file layout above (the ChunkPartial inside has its own version, in the header). 1: a partial of one
 * file; 2: the same layout, its header naming the dataset of several files it is part of (`dataset`). A partial of
 * one file is still written as 1, so builds that predate datasets read it; they refuse a 2 (which they would merge as
 * a file of its own, with the dataset's text view and line numbers: a wrong report).
 */
export const PARTIAL_FILE_VERSION = 1;
/** The format version of a partial that is part of a dataset of several files (its header has `dataset`). */
export const DATASET_PARTIAL_FILE_VERSION = 2;
const KIND_SAMPLE = 1;
const KIND_CHUNK = 2;
/** A header or trailer over this is not ours (they are a few KB). */
const MAX_JSON_BYTES = 16 * 2 ** 20;

/** What a partial file says about itself, before its body. */
export interface PartialHeader {
  format: 'diversity-lens-partial';
  formatVersion: number;
  /** CHUNK_PARTIAL_VERSION of the chunk partials inside. */
  partialVersion: number;
  tool: { name: string; version: string };
  createdAt: string;
  /** The analysed file as the task saw it: absolute path, size and modification time. */
  input: { path: string; bytes: number; mtimeMs: number; compression: Compression };
  /** The byte range asked for (`--byte-range`; the whole file without it): the lines that start inside it. */
  range: { start: number; end: number };
  /** Every option that changes a figure, defaults filled in (partialOptions.ts). */
  options: Record<string, unknown>;
  /** SHA-256 of the sample record: every partial of one file must have read the same first rows. */
  sampleDigest: string;
  /**
   * Format 2: the dataset this partial is part of (`analyze FILE… --partial`): its label (`file.path` of the report,
   * absolute), every file in the dataset's order as the task saw it, and which of them `input` is. Every partial of
   * one dataset records the same list; `merge` refuses partials of other datasets and files no partial covers.
   */
  dataset?: PartialDataset;
}

/** The dataset of several files a partial is part of (PartialHeader.dataset). */
export interface PartialDataset {
  label: string;
  files: PartialDatasetFile[];
  /** The index in `files` of the file this partial covers (PartialHeader.input). */
  index: number;
}

/** One file of a partial's dataset: absolute path, size, modification time, compression and format. */
export interface PartialDatasetFile {
  path: string;
  bytes: number;
  mtimeMs: number;
  compression: Compression;
  format: FileFormat;
}

/** What a partial file says about itself after its body. */
export interface PartialTrailer {
  chunks: number;
  /** Parsed rows over all chunks. */
  rows: number;
  /** The lines of the range: those that start in [lineStart, lineEnd); `newlines` = `\n` bytes in that span. */
  lineStart: number;
  lineEnd: number;
  newlines: number;
  /** SHA-256 (hex) of every byte of the file before the trailer. */
  sha256: string;
}

/** A partial file that cannot be used, with the file's name in the message. */
export class PartialFileError extends Error {
  constructor(
    readonly file: string,
    message: string,
  ) {
    super(`${file}: ${message}`);
    this.name = 'PartialFileError';
  }
}

/** Writes a partial file record by record; `finish` adds the trailer and renames it into place (atomic). */
export interface PartialWriter {
  /** Queues one chunk partial (serialised now, so the caller may drop it). */
  addChunk(p: ChunkPartial): void;
  finish(trailer: Omit<PartialTrailer, 'sha256' | 'chunks'>): Promise<void>;
}

/**
 * Writes `target` atomically: `produce` gets a writer, adds the chunk partials in file order and calls finish; on
 * any failure (or if finish is never called) the temporary file is removed and `target` left as it was.
 */
export async function writePartialFile(
  target: string,
  header: PartialHeader,
  sample: unknown[],
  produce: (w: PartialWriter) => Promise<void>,
): Promise<void> {
  await writeAtomically(target, async (fh) => {
    const hash = createHash('sha256');
    let queue: Promise<void> = Promise.resolve();
    let failed: unknown = null;
    const put = (buf: Buffer): void => {
      hash.update(buf);
      queue = queue.then(() => writeAll(fh, buf)).catch((e: unknown) => void (failed ??= e));
    };
    const record = (kind: number, value: unknown): void => {
      const body = serialize(value);
      const head = Buffer.alloc(9);
      head.writeUInt8(kind, 0);
      head.writeBigUInt64LE(BigInt(body.length), 1);
      put(head);
      put(body);
    };
    const json = Buffer.from(JSON.stringify(header), 'utf8');
    const len = Buffer.alloc(4);
    len.writeUInt32LE(json.length, 0);
    put(MAGIC);
    put(len);
    put(json);
    record(KIND_SAMPLE, sample);
    let chunks = 0;
    let finished = false;
    await produce({
      addChunk(p) {
        if (finished) throw new Error('partial file already finished');
        record(KIND_CHUNK, p);
        chunks++;
      },
      async finish(t) {
        finished = true;
        await queue;
        if (failed) throw failed;
        const trailer: PartialTrailer = { ...t, chunks, sha256: hash.digest('hex') };
        const tj = Buffer.from(JSON.stringify(trailer), 'utf8');
        const tl = Buffer.alloc(4);
        tl.writeUInt32LE(tj.length, 0);
        await writeAll(fh, Buffer.concat([tj, tl, END]));
      },
    });
    await queue;
    if (failed) throw failed;
    if (!finished) throw new Error('partial file not finished');
  });
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  for (let off = 0; off < buf.length;) {
    const { bytesWritten } = await fh.write(buf, off, buf.length - off);
    off += bytesWritten;
  }
}

/** A partial file whose header, trailer and checksum have been checked. */
export interface PartialFile {
  path: string;
  header: PartialHeader;
  trailer: PartialTrailer;
  /** Where the records start and end (the trailer begins at bodyEnd). */
  bodyStart: number;
  bodyEnd: number;
}

/**
 * Opens `path` and checks everything that can be checked without merging: the magic, the end mark, header and
 * trailer, the format version and the SHA-256 of the whole body (one sequential read). Throws PartialFileError.
 */
export async function openPartialFile(path: string): Promise<PartialFile> {
  let fh: FileHandle;
  try {
    fh = await open(path, 'r');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    throw new PartialFileError(path, code === 'ENOENT' ? 'no such file' : (e as Error).message);
  }
  try {
    const size = (await fh.stat()).size;
    const head = await readAt(fh, 0, Math.min(size, 12));
    if (head.length < 12 || !head.subarray(0, 8).equals(MAGIC))
      throw new PartialFileError(path, 'not a Diversity Lens partial file (no DLPART magic at its start)');
    const headerLen = head.readUInt32LE(8);
    if (headerLen > MAX_JSON_BYTES || 12 + headerLen > size)
      throw new PartialFileError(path, 'truncated or corrupt: the header is cut off');
    const header = parseJson(path, await readAt(fh, 12, headerLen), 'header') as PartialHeader;
    checkHeader(path, header);
    if (size < 12 + headerLen + 12) throw truncated(path);
    const tail = await readAt(fh, size - 12, 12);
    if (!tail.subarray(4).equals(END)) throw truncated(path);
    const trailerLen = tail.readUInt32LE(0);
    const trailerStart = size - 12 - trailerLen;
    if (trailerLen > MAX_JSON_BYTES || trailerStart < 12 + headerLen) throw truncated(path);
    const trailer = parseJson(path, await readAt(fh, trailerStart, trailerLen), 'trailer') as PartialTrailer;
    checkTrailer(path, trailer);
    const digest = await sha256Of(fh, trailerStart);
    if (digest !== trailer.sha256)
      throw new PartialFileError(path, 'corrupt: its checksum does not match its contents');
    return { path, header, trailer, bodyStart: 12 + headerLen, bodyEnd: trailerStart };
  } finally {
    await fh.close();
  }
}

/** The sample record, then every chunk partial, in the order they were written. */
export async function* readPartialRecords(
  pf: PartialFile,
): AsyncGenerator<{ kind: 'sample'; sample: unknown[] } | { kind: 'chunk'; partial: ChunkPartial }> {
  const fh = await open(pf.path, 'r');
  try {
    for (let pos = pf.bodyStart; pos < pf.bodyEnd;) {
      if (pos + 9 > pf.bodyEnd) throw corrupt(pf.path, pos);
      const head = await readAt(fh, pos, 9);
      const kind = head.readUInt8(0);
      const length = Number(head.readBigUInt64LE(1));
      if (pos + 9 + length > pf.bodyEnd || (kind !== KIND_SAMPLE && kind !== KIND_CHUNK))
        throw corrupt(pf.path, pos);
      const body = await readAt(fh, pos + 9, length);
      pos += 9 + length;
      let value: unknown;
      try {
        value = deserialize(body);
      } catch {
        throw corrupt(pf.path, pos);
      }
      if (kind === KIND_SAMPLE) {
        if (!Array.isArray(value)) throw corrupt(pf.path, pos);
        yield { kind: 'sample', sample: value };
      } else {
        if (!isChunkPartialLike(value, pf.header.partialVersion)) throw corrupt(pf.path, pos);
        yield { kind: 'chunk', partial: value };
      }
    }
  } finally {
    await fh.close();
  }
}

/**
 * SHA-256 (hex) of a sample: what every partial of one file must agree on. Over its JSON text, not its V8
 * serialisation: V8 writes a string as one-byte or two-byte depending on how the heap happened to hold it, so two
 * tasks that read the same rows could serialise them differently (seen under load); JSON text is canonical for the
 * parsed JSON values a sample holds.
 */
export function sampleDigest(sample: unknown[]): string {
  return createHash('sha256').update(JSON.stringify(sample)).digest('hex');
}

function checkHeader(path: string, h: PartialHeader): void {
  if (!h || typeof h !== 'object' || h.format !== 'diversity-lens-partial')
    throw new PartialFileError(path, 'not a Diversity Lens partial file (its header names another format)');
  if (h.formatVersion !== PARTIAL_FILE_VERSION && h.formatVersion !== DATASET_PARTIAL_FILE_VERSION)
    throw new PartialFileError(
      path,
      `partial file format ${String(h.formatVersion)} (written by ${h.tool?.name ?? '?'} ${h.tool?.version ?? '?'}); this build reads formats ${PARTIAL_FILE_VERSION} and ${DATASET_PARTIAL_FILE_VERSION}`,
    );
  const ok =
    typeof h.partialVersion === 'number' &&
    h.tool !== null &&
    typeof h.tool === 'object' &&
    typeof h.tool.version === 'string' &&
    h.input !== null &&
    typeof h.input === 'object' &&
    typeof h.input.path === 'string' &&
    Number.isSafeInteger(h.input.bytes) &&
    typeof h.input.mtimeMs === 'number' &&
    h.range !== null &&
    typeof h.range === 'object' &&
    Number.isSafeInteger(h.range.start) &&
    Number.isSafeInteger(h.range.end) &&
    h.options !== null &&
    typeof h.options === 'object' &&
    typeof h.sampleDigest === 'string' &&
    (h.formatVersion === DATASET_PARTIAL_FILE_VERSION ? isDataset(h.dataset) : h.dataset === undefined);
  if (!ok) throw new PartialFileError(path, 'corrupt: its header lacks required fields');
}

function isDataset(d: PartialDataset | undefined): boolean {
  return (
    d !== null &&
    typeof d === 'object' &&
    typeof d.label === 'string' &&
    Array.isArray(d.files) &&
    d.files.length > 0 &&
    d.files.every(
      (f) =>
        f !== null &&
        typeof f === 'object' &&
        typeof f.path === 'string' &&
        Number.isSafeInteger(f.bytes) &&
        typeof f.mtimeMs === 'number' &&
        typeof f.compression === 'string' &&
        typeof f.format === 'string',
    ) &&
    Number.isSafeInteger(d.index) &&
    d.index >= 0 &&
    d.index < d.files.length
  );
}

function checkTrailer(path: string, t: PartialTrailer): void {
  const ok =
    t !== null &&
    typeof t === 'object' &&
    [t.chunks, t.rows, t.lineStart, t.lineEnd, t.newlines].every((n) => Number.isSafeInteger(n) && n >= 0) &&
    typeof t.sha256 === 'string';
  if (!ok) throw new PartialFileError(path, 'corrupt: its trailer lacks required fields');
}

/** The minimal shape check before a deserialised value is merged (the checksum already vouches for the bytes). */
function isChunkPartialLike(v: unknown, version: number): v is ChunkPartial {
  if (v === null || typeof v !== 'object') return false;
  const p = v as Partial<ChunkPartial>;
  return (
    p.version === version &&
    p.chunk !== undefined &&
    Number.isSafeInteger(p.chunk.start) &&
    Number.isSafeInteger(p.chunk.end) &&
    Number.isSafeInteger(p.chunk.firstLine) &&
    typeof p.stats === 'object' &&
    typeof p.vocab === 'object' &&
    typeof p.lexical === 'object' &&
    typeof p.rows === 'object'
  );
}

function parseJson(path: string, buf: Buffer, what: string): unknown {
  try {
    return JSON.parse(buf.toString('utf8'));
  } catch {
    throw new PartialFileError(path, `corrupt: its ${what} is not valid JSON`);
  }
}

function truncated(path: string): PartialFileError {
  return new PartialFileError(
    path,
    'truncated: no end mark (was the task that wrote it stopped, or the copy cut short?)',
  );
}

function corrupt(path: string, at: number): PartialFileError {
  return new PartialFileError(path, `corrupt: a bad record at byte ${at}`);
}

async function sha256Of(fh: FileHandle, end: number): Promise<string> {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(4 * 2 ** 20);
  for (let pos = 0; pos < end;) {
    const { bytesRead } = await fh.read(buf, 0, Math.min(buf.length, end - pos), pos);
    if (bytesRead === 0) break;
    hash.update(buf.subarray(0, bytesRead));
    pos += bytesRead;
  }
  return hash.digest('hex');
}
