/**
 * Finds one element of a JSON-array dataset by its row number (1-based index), for the editor's "reveal row N":
 * the report's row numbers of an array are element indexes, not lines, so the editor needs the element's line and
 * its column in UTF-16 code units (what a VS Code Position counts; a character above U+FFFF is 2 units, while
 * the reader's columns count code points). Streams the (decompressed) file once up to the element, never holding
 * it whole. No `vscode` import (unit-testable).
 */
import { createReadStream, promises as fsp } from 'node:fs';
import type { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { readAt } from '../io/readAt.ts';
import { JsonArrayScanner } from './jsonArrayScanner.ts';
import { detectCompression } from './sniff.ts';

/** Where element `index` is: bytes in the (decompressed) file, 1-based line, 1-based UTF-16 column, its text (capped). */
export interface ElementLocation {
  offset: number;
  length: number;
  line: number;
  utf16Column: number;
  /** The element's text, at most `maxBytes` bytes of it (`truncated` then true). */
  text: string;
  truncated: boolean;
}

/** UTF-16 code units of the UTF-8 bytes [from, to): 2 for a 4-byte sequence's lead byte, 0 for continuation bytes. */
function utf16Units(chunk: Uint8Array, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to; i++) {
    const b = chunk[i];
    if ((b & 0xc0) !== 0x80) n += b >= 0xf0 ? 2 : 1;
  }
  return n;
}

function openDecompressed(path: string, gzip: boolean): { stream: Readable; close: () => void } {
  const file = createReadStream(path, { highWaterMark: 1 << 16 });
  if (!gzip) return { stream: file, close: () => file.destroy() };
  const gunzip = createGunzip();
  file.on('error', (e) => gunzip.destroy(e));
  return { stream: file.pipe(gunzip), close: () => (gunzip.destroy(), file.destroy()) };
}

/**
 * Streams the (decompressed) file from its start: the UTF-16 column of byte `offset` on its line (1-based), and the
 * `n` bytes from `offset` on.
 */
async function columnAndBytes(
  path: string,
  gzip: boolean,
  offset: number,
  n: number,
): Promise<{ column: number; bytes: Buffer }> {
  const { stream, close } = openDecompressed(path, gzip);
  let base = 0;
  let col = 1;
  const parts: Buffer[] = [];
  let kept = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      const end = base + chunk.length;
      if (base < offset) {
        const upto = Math.min(chunk.length, offset - base);
        const lf = chunk.lastIndexOf(10, upto - 1);
        col = lf === -1 ? col + utf16Units(chunk, 0, upto) : 1 + utf16Units(chunk, lf + 1, upto);
      }
      if (end > offset && kept < n) {
        const from = Math.max(0, offset - base);
        const piece = chunk.subarray(from, Math.min(chunk.length, from + n - kept));
        parts.push(Buffer.from(piece));
        kept += piece.length;
      }
      base = end;
      if (base >= offset && kept >= n) break;
    }
  } finally {
    close();
  }
  return { column: col, bytes: Buffer.concat(parts, kept) };
}

/**
 * Element `index` (1-based) of the JSON array in `path` (plain or gzip), or null when the array has fewer
 * elements. Why: the panel's reveal of a row of an array dataset (src/extension/panel/rowViewer.ts).
 */
export async function locateArrayElement(
  path: string,
  index: number,
  maxBytes: number,
): Promise<ElementLocation | null> {
  const fh = await fsp.open(path, 'r');
  let head: Buffer;
  try {
    head = await readAt(fh, 0, 4);
  } finally {
    await fh.close();
  }
  const gzip = detectCompression(head) === 'gzip';
  const { stream, close } = openDecompressed(path, gzip);
  // elements before the wanted one are only counted: a 1-byte cap keeps none of their bytes
  const scanner = new JsonArrayScanner({ maxElementBytes: 1 });
  let found: { offset: number; length: number; line: number } | null = null;
  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      scanner.push(chunk, (_bytes, i, offset, length, line) => {
        if (i === index) found = { offset, length, line };
      });
      if (found || scanner.closed) break;
    }
    if (!found) scanner.end();
  } catch (err) {
    if (!found) throw err;
  } finally {
    close();
  }
  if (!found) return null;
  const at: { offset: number; length: number; line: number } = found;
  const { column, bytes } = await columnAndBytes(path, gzip, at.offset, Math.min(at.length, maxBytes));
  return {
    ...at,
    utf16Column: column,
    text: bytes.toString('utf8').replace(/\uFFFD$/, ''),
    truncated: at.length > maxBytes,
  };
}
