/**
 * Reads one line of a dataset for the panel's built-in row viewer, used when the file cannot be shown
 * as text in the editor (compressed, or larger than the editor's limit). Streams the file (decompressing a
 * gzip or zstd file, known by its magic bytes), counts newlines up to the wanted line and keeps at most `maxBytes` of
 * it, so memory stays bounded whatever the file size; the stream is destroyed as soon as the line is complete. A
 * Parquet file (no lines) is read back by row number instead: the row's canonical JSON, from the one row group that
 * holds it. No `vscode` import (unit-testable).
 */
import { fileCompression, openDecompressed } from '../../core/reader/decompress.ts';
import { DEFAULT_MAX_DECOMPRESSED_BYTES } from '../../core/reader/jsonlReader.ts';
import { isParquetFile, readParquetRowJson } from '../../core/reader/parquetReader.ts';

/** The text of a line, cut to the byte cap (`truncated` then true), or null when the file has fewer lines. */
export interface RowText {
  text: string;
  truncated: boolean;
}

/**
 * Line `line` (1-based) of `path` as UTF-8 text, at most `maxBytes` bytes of it (decompressed when compressed). For
 * a Parquet file, row `line` (1-based row number, the id the report uses) as canonical JSON.
 */
export async function readRowText(path: string, line: number, maxBytes: number): Promise<RowText | null> {
  if (await isParquetFile(path)) {
    const json = await readParquetRowJson(path, line);
    if (json === null) return null;
    const bytes = Buffer.from(json, 'utf8');
    return bytes.length > maxBytes
      ? { text: decode([bytes.subarray(0, maxBytes)]), truncated: true }
      : { text: json, truncated: false };
  }
  const input = openDecompressed(path, await fileCompression(path), {
    chunkSize: 1 << 16,
    cap: DEFAULT_MAX_DECOMPRESSED_BYTES,
  });
  let current = 1;
  const parts: Buffer[] = [];
  let kept = 0;
  let truncated = false;
  const keep = (b: Buffer): void => {
    const room = maxBytes - kept;
    if (b.length > room) truncated = true;
    const slice = b.subarray(0, Math.max(0, room));
    if (slice.length) {
      parts.push(Buffer.from(slice));
      kept += slice.length;
    }
  };
  try {
    for await (const chunk of input.pieces) {
      let start = 0;
      while (start <= chunk.length) {
        const nl = chunk.indexOf(10, start);
        const end = nl === -1 ? chunk.length : nl;
        if (current === line) keep(chunk.subarray(start, end));
        if (nl === -1) break;
        if (current === line) return { text: decode(parts), truncated };
        current++;
        start = nl + 1;
      }
    }
    // end of file: the wanted line is the last one when it has bytes and no final newline
    return current === line && parts.length > 0 ? { text: decode(parts), truncated } : null;
  } finally {
    input.destroy();
  }
}

/** UTF-8 decode, dropping a trailing CR and an incomplete multi-byte sequence at a cut. */
function decode(parts: Buffer[]): string {
  return Buffer.concat(parts)
    .toString('utf8')
    .replace(/\r$/, '')
    .replace(/\uFFFD$/, '');
}
