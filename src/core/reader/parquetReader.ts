/**
 * Parquet datasets (`.parquet`, e.g. the Hugging Face Hub's `data/train-00000-of-00004.parquet` shards), read with
 * hyparquet + hyparquet-compressors (pure JavaScript: snappy, gzip, zstd, brotli, lz4) into the same JsonlRecord
 * batches the JSONL reader yields, so every figure, slice, mix and panel feature works on them unchanged.
 *
 * Why its own module: Parquet is columnar and located by row, not by line bytes. The rules (docs/reader.md):
 * - Memory: the footer, then ONE row group at a time (its column chunks, read by positioned reads from a FileHandle,
 *   decoded and turned into row objects); never the whole file.
 * - Values: a row is analysed exactly as the line holding its canonical JSON (`canonicalRowJson`) would be read from a
 *   JSONL file, i.e. as `JSON.parse` gives it: an INT64 above 2^53 becomes the nearest double (as JSON.parse reads
 *   those digits), a timestamp its ISO string, a binary value its base64 string, NaN/Infinity null. So the same rows
 *   as JSONL give identical figures. Wherever a row is WRITTEN or SHOWN (Mix output, row viewer) it is serialised
 *   from the Parquet values with every digit of a big integer kept.
 * - Identity: `line` = row index + 1 (1-based row number), `offset` = row index, `length` = 0 — a Parquet row has no
 *   bytes of its own in the file. Every consumer that reads row bytes back checks the format first and reads the
 *   row back by its index here (readParquetRows), never by offset/length.
 * - Errors: a bad magic number, a truncated footer or an unsupported codec → one ReaderError naming the file.
 */
import { promises as fsp, type Stats } from 'node:fs';
import { parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';
import { compressors } from 'hyparquet-compressors';
import type { JsonlRecord, ProgressFn, ReaderStats } from '../types.ts';
import { readAt } from '../io/readAt.ts';
import { createAbortError, ReaderError } from './readerError.ts';
import { rowGroupRunOverrun } from './parquetRunGuard.ts';
import { readFileHead, regularFileStat } from './decompress.ts';

/** "PAR1": the magic number at the start and at the end of every Parquet file. */
const MAGIC = [0x50, 0x41, 0x52, 0x31];
/** Rows per yielded batch (a row group's rows are handed on in runs of this many). */
const BATCH_ROWS = 1024;
/** Codecs hyparquet decodes itself; the others come from hyparquet-compressors. */
const BUILT_IN_CODECS = new Set(['UNCOMPRESSED', 'SNAPPY']);

/** True when `head` (the file's first bytes) starts with the Parquet magic number `PAR1`. */
export function isParquetHead(head: Uint8Array): boolean {
  return head.length >= 4 && MAGIC.every((b, i) => head[i] === b);
}

/** True when the file at `path` starts with `PAR1`. Why: the consumers that read rows back pick their path by format. */
export async function isParquetFile(path: string): Promise<boolean> {
  // (readFileHead refuses a pipe or a device before opening it: opening a pipe blocks until a writer comes)
  return isParquetHead((await readFileHead(path, 4)).bytes);
}

/** An open Parquet file: its handle, footer and row-group starts. Close it with `close()`. */
export interface ParquetFile {
  path: string;
  bytes: number;
  metadata: FileMetaData;
  /** First row index of each row group, plus the total row count at the end (groupStarts.length = groups + 1). */
  groupStarts: number[];
  file: AsyncBuffer;
  close(): Promise<void>;
}

const fail = (path: string, detail: string, cause?: unknown): ReaderError =>
  new ReaderError(path, 0, 0, 'notParquet', detail, cause === undefined ? undefined : { cause });

/**
 * Opens `path` as Parquet and reads its footer. Throws one ReaderError naming the file for a bad magic number, a
 * truncated or corrupt footer, or a column compressed with a codec no decoder here supports.
 */
export async function openParquet(path: string): Promise<ParquetFile> {
  await regularFileStat(path);
  const fh = await fsp.open(path, 'r');
  try {
    const st: Stats = await fh.stat();
    const bytes = st.size;
    const head = await readAt(fh, 0, 4);
    if (!isParquetHead(head))
      throw fail(path, 'not a Parquet file: it does not start with the magic number PAR1');
    const tail = bytes >= 12 ? await readAt(fh, bytes - 4, 4) : Buffer.alloc(0);
    if (!isParquetHead(tail)) {
      throw fail(
        path,
        `Parquet file is truncated or corrupt: it starts with PAR1 but does not end with the PAR1 footer (${bytes} bytes)`,
      );
    }
    const file: AsyncBuffer = {
      byteLength: bytes,
      slice: async (start: number, end?: number): Promise<ArrayBuffer> => {
        const stop = Math.min(end ?? bytes, bytes);
        const buf = await readAt(fh, start, Math.max(0, stop - start));
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.length) as ArrayBuffer;
      },
    };
    let metadata: FileMetaData;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (err) {
      throw fail(
        path,
        `Parquet footer cannot be read — the file is truncated or corrupt (${err instanceof Error ? err.message : String(err)})`,
        err,
      );
    }
    checkCodecs(path, metadata);
    const groupStarts = [0];
    for (const [i, g] of metadata.row_groups.entries()) {
      // a footer without a row count would make every count NaN and read no row, silently (found by fuzzing)
      const rows = Number(g.num_rows);
      if (!Number.isSafeInteger(rows) || rows < 0)
        throw fail(
          path,
          `Parquet footer is corrupt: row group ${i + 1} has no valid row count (${g.num_rows})`,
        );
      groupStarts.push(groupStarts[groupStarts.length - 1] + rows);
    }
    return { path, bytes, metadata, groupStarts, file, close: () => fh.close() };
  } catch (err) {
    await fh.close();
    throw err;
  }
}

/** Refuses, before any row is read, a column chunk whose codec has no decoder (e.g. LZO). */
function checkCodecs(path: string, metadata: FileMetaData): void {
  for (let g = 0; g < metadata.row_groups.length; g++) {
    for (const c of metadata.row_groups[g].columns) {
      const codec = c.meta_data?.codec;
      if (codec === undefined && c.meta_data) {
        throw new ReaderError(
          path,
          0,
          0,
          'unsupportedCompression',
          `Parquet column ${c.meta_data.path_in_schema.join('.')} uses an unknown compression codec`,
        );
      }
      if (codec && !BUILT_IN_CODECS.has(codec) && !(codec in compressors)) {
        throw new ReaderError(
          path,
          0,
          0,
          'unsupportedCompression',
          `Parquet column ${c.meta_data!.path_in_schema.join('.')} (row group ${g + 1}) is compressed with ${codec}, which is not supported (supported: uncompressed, snappy, gzip, zstd, brotli, lz4, lz4_raw); rewrite the file with one of these codecs`,
        );
      }
    }
  }
}

/** Byte just after row group `g`'s last column chunk: how far into the file reading that group went (progress). */
function groupEndByte(pf: ParquetFile, g: number): number {
  let end = 0;
  for (const c of pf.metadata.row_groups[g].columns) {
    const m = c.meta_data;
    if (!m) continue;
    const start = Number(m.dictionary_page_offset ?? m.data_page_offset);
    end = Math.max(end, Math.min(pf.bytes, start + Number(m.total_compressed_size)));
  }
  return end;
}

/** The rows (hyparquet's objects, values as decoded) of row group `g`. */
async function groupRows(pf: ParquetFile, g: number): Promise<Record<string, unknown>[]> {
  try {
    // a corrupt run length would make hyparquet crash the process, not throw (parquetRunGuard.ts)
    const overrun = await rowGroupRunOverrun(pf.file, pf.metadata, g, compressors);
    if (overrun)
      throw fail(pf.path, `Parquet row group ${g + 1} cannot be decoded — the file is corrupt (${overrun})`);
    return await parquetReadObjects({
      file: pf.file,
      metadata: pf.metadata,
      rowStart: pf.groupStarts[g],
      rowEnd: pf.groupStarts[g + 1],
      compressors,
    });
  } catch (err) {
    if (err instanceof ReaderError) throw err;
    throw fail(
      pf.path,
      `Parquet row group ${g + 1} cannot be decoded — the file is corrupt (${err instanceof Error ? err.message : String(err)})`,
      err,
    );
  }
}

/** Options of `parquetBatches` (the subset of ReaderOptions that applies to Parquet). */
export interface ParquetBatchOptions {
  signal?: AbortSignal;
  onProgress?: ProgressFn;
  /** First and last (exclusive) row group to read (default: all); a chunk of row groups for the workers. */
  groups?: { start: number; end: number };
  /** Records carry the row's canonical JSON as `source` (ReaderOptions.keepSource: exact big-integer group-by keys). */
  keepSource?: boolean;
  /** The `line` of the file's first row (default 1): a later file of a dataset numbers after the earlier files. */
  firstLine?: number;
}

/**
 * The rows of a Parquet file as JsonlRecord batches, one row group at a time, filling `stats` as readJsonl does
 * (every row is an object: parsed = total; bytesRead = the file bytes up to the end of the last group read).
 * Why: readJsonl delegates here when the file starts with PAR1, so every analysis reads Parquet the same way.
 */
export async function* parquetBatches(
  path: string,
  o: ParquetBatchOptions,
  stats: ReaderStats,
): AsyncGenerator<JsonlRecord[], void, undefined> {
  const { signal, onProgress } = o;
  const pf = await openParquet(path);
  stats.format = 'parquet';
  stats.compression = 'none';
  stats.fileBytes = pf.bytes;
  try {
    const groups = pf.metadata.row_groups.length;
    const first = o.groups?.start ?? 0;
    const last = Math.min(groups, o.groups?.end ?? groups);
    for (let g = first; g < last; g++) {
      if (signal?.aborted) throw createAbortError(signal.reason);
      const rows = await groupRows(pf, g);
      const base = pf.groupStarts[g];
      for (let at = 0; at < rows.length; at += BATCH_ROWS) {
        if (signal?.aborted) throw createAbortError(signal.reason);
        const end = Math.min(rows.length, at + BATCH_ROWS);
        const batch: JsonlRecord[] = new Array(end - at);
        for (let i = at; i < end; i++) {
          const index = base + i;
          // the canonical JSON first: toJsonValue converts in place, and a big INT64 would lose its digits
          const source = o.keepSource ? canonicalRowJson(rows[i]) : undefined;
          const rec: JsonlRecord = {
            line: index + (o.firstLine ?? 1),
            offset: index,
            length: 0,
            value: toJsonValue(rows[i]),
          };
          if (source !== undefined) rec.source = source;
          batch[i - at] = rec;
        }
        stats.total += batch.length;
        stats.parsed += batch.length;
        yield batch;
      }
      stats.bytesRead = groupEndByte(pf, g);
      onProgress?.(stats.bytesRead, pf.bytes);
    }
    if (last === groups) {
      stats.bytesRead = pf.bytes;
      onProgress?.(pf.bytes, pf.bytes);
    }
  } finally {
    await pf.close();
  }
}

/**
 * Reads back the rows `lines` (1-based row numbers, any order) of a Parquet file, each row group decoded at most
 * once, and passes each row's decoded values to `onRow` (big integers still BigInt). Rows past the end are skipped.
 * Why: the report's snippets, the row viewer and the Mix writer locate Parquet rows by index, not by bytes.
 */
export async function readParquetRows(
  path: string,
  lines: Iterable<number>,
  onRow: (line: number, row: Record<string, unknown>) => void | Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const pf = await openParquet(path);
  try {
    const wanted = [...new Set(lines)].filter((l) => Number.isSafeInteger(l) && l >= 1).sort((a, b) => a - b);
    const total = pf.groupStarts[pf.groupStarts.length - 1];
    let k = 0;
    for (let g = 0; g < pf.metadata.row_groups.length && k < wanted.length; g++) {
      const start = pf.groupStarts[g];
      const end = pf.groupStarts[g + 1];
      if (wanted[k] - 1 >= end) continue;
      if (signal?.aborted) throw createAbortError(signal.reason);
      const rows = await groupRows(pf, g);
      while (k < wanted.length && wanted[k] - 1 < end) {
        const index = wanted[k] - 1;
        if (index >= start && index < total) await onRow(wanted[k], rows[index - start]);
        k++;
      }
    }
  } finally {
    await pf.close();
  }
}

/** Row `line` (1-based) of a Parquet file as canonical JSON, or null past the end. For the row viewer. */
export async function readParquetRowJson(path: string, line: number): Promise<string | null> {
  let out: string | null = null;
  await readParquetRows(path, [line], (_, row) => {
    out = canonicalRowJson(row);
  });
  return out;
}

/** Number of rows of a Parquet file (from its footer). */
export async function parquetRowCount(path: string): Promise<number> {
  const pf = await openParquet(path);
  await pf.close();
  return pf.groupStarts[pf.groupStarts.length - 1];
}

const BASE64 = (b: Uint8Array): string =>
  Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');

/**
 * A decoded Parquet value as `JSON.parse(canonicalRowJson(value))` gives it — the value the same row has when read
 * from a JSONL line. Converts in place (hyparquet's row objects are fresh) and returns the result.
 */
export function toJsonValue(v: unknown): unknown {
  switch (typeof v) {
    case 'string':
    case 'boolean':
      return v;
    case 'number':
      return Number.isFinite(v) ? (v === 0 ? 0 : v) : null;
    case 'bigint':
      return Number(v);
    case 'undefined':
      return null;
    case 'object':
      break;
    default:
      return null;
  }
  if (v === null) return null;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = toJsonValue(v[i]);
    return v;
  }
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return BASE64(v);
  if (ArrayBuffer.isView(v))
    return Array.from(v as unknown as ArrayLike<number | bigint>, (x) => toJsonValue(x));
  const o = v as Record<string, unknown>;
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x === undefined) delete o[k];
    else o[k] = toJsonValue(x);
  }
  return o;
}

/**
 * The canonical JSON of a decoded Parquet row (docs/reader.md, docs/mixing.md): keys in column order (struct fields in
 * schema order), no spaces, a big integer with all its digits (a JSON number), a timestamp/date as its ISO string,
 * binary as base64, NaN/Infinity and missing values as null. Why: Mix writes Parquet rows as JSONL lines and the row
 * viewer shows them; this is the one serialisation both use, and JSON.parse of it is the value the analysis saw.
 */
export function canonicalRowJson(v: unknown): string {
  switch (typeof v) {
    case 'string':
      return JSON.stringify(v);
    case 'boolean':
      return v ? 'true' : 'false';
    case 'number':
      return Number.isFinite(v) ? JSON.stringify(v) : 'null';
    case 'bigint':
      return v.toString();
    case 'object':
      break;
    default:
      return 'null';
  }
  if (v === null) return 'null';
  if (Array.isArray(v)) return `[${v.map((x) => canonicalRowJson(x)).join(',')}]`;
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? 'null' : JSON.stringify(v.toISOString());
  if (v instanceof Uint8Array) return JSON.stringify(BASE64(v));
  if (ArrayBuffer.isView(v))
    return `[${Array.from(v as unknown as ArrayLike<number | bigint>, (x) => canonicalRowJson(x)).join(',')}]`;
  const o = v as Record<string, unknown>;
  const parts: string[] = [];
  for (const k of Object.keys(o))
    if (o[k] !== undefined) parts.push(`${JSON.stringify(k)}:${canonicalRowJson(o[k])}`);
  return `{${parts.join(',')}}`;
}
