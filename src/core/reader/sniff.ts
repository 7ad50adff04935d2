/**
 * Decides, from the first bytes of a file, whether it is compressed and whether it is JSONL at all, so a
 * CSV, a pretty-printed JSON document or a binary file gets ONE clear message instead of a million
 * "malformed line" errors. Pure: works on a byte window the reader collected.
 */

import { isUtf8 } from 'node:buffer';
import type { Compression } from '../types.ts';
import { countInvalidUtf8Bytes } from './utf8.ts';

/** Bytes of (decompressed) input the content sniff looks at. */
export const SNIFF_BYTES = 64 * 1024;
/** Bytes inspected for binary content (NUL bytes, control characters, invalid UTF-8). */
export const BINARY_PROBE_BYTES = 4096;
/** Non-blank lines of the window the sniff tries to parse. */
export const SNIFF_LINES = 20;
/** Share of non-text bytes in the binary probe above which a file is called binary. */
export const BINARY_RATIO = 0.1;

/** Compression of a file, from its magic bytes: gzip 1f 8b, zstd 28 b5 2f fd. */
export function detectCompression(head: Uint8Array): Compression {
  if (head.length >= 2 && head[0] === 0x1f && head[1] === 0x8b) return 'gzip';
  if (head.length >= 4 && head[0] === 0x28 && head[1] === 0xb5 && head[2] === 0x2f && head[3] === 0xfd)
    return 'zstd';
  return 'none';
}

const MAGICS: { bytes: number[]; what: string }[] = [
  { bytes: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive' },
  { bytes: [0x50, 0x41, 0x52, 0x31], what: 'a Parquet file' },
  { bytes: [0x42, 0x5a, 0x68], what: 'a bzip2-compressed file (decompress it with `bunzip2` first)' },
  {
    bytes: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00],
    what: 'an xz-compressed file (decompress it with `xz -d` first)',
  },
  { bytes: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65], what: 'an SQLite database' },
  { bytes: [0xff, 0xfe], what: 'UTF-16 text (convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`)' },
  { bytes: [0xfe, 0xff], what: 'UTF-16 text (convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`)' },
];

function startsWith(buf: Uint8Array, bytes: number[]): boolean {
  if (buf.length < bytes.length) return false;
  return bytes.every((b, i) => buf[i] === b);
}

/** "binary data (...)" / "UTF-16 text ..." when the probe is not UTF-8 text, else null. */
function describeBinary(probe: Buffer): string | null {
  const firstNul = probe.indexOf(0);
  if (firstNul !== -1) {
    let even = 0;
    let odd = 0;
    for (let i = 0; i < probe.length; i++) {
      if (probe[i] !== 0) continue;
      if (i % 2 === 0) even++;
      else odd++;
    }
    const nuls = even + odd;
    if (nuls >= probe.length / 4 && Math.max(even, odd) >= 0.9 * nuls) {
      return 'UTF-16 text without a byte-order mark (convert it to UTF-8, e.g. `iconv -f UTF-16 -t UTF-8`)';
    }
  }
  // a stray NUL or control byte inside one row is that row's problem (JSON forbids raw control characters, so the
  // line is counted as malformed); only a high share of non-text bytes makes the whole file binary
  let control = 0;
  for (let i = 0; i < probe.length; i++) {
    const b = probe[i];
    if ((b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d && b !== 0x0c) || b === 0x7f) control++;
  }
  const bad = control + countInvalidUtf8Bytes(probe);
  if (bad > probe.length * BINARY_RATIO) {
    const nul = firstNul === -1 ? '' : `; a NUL byte at offset ${firstNul}`;
    return `binary data (${Math.round((100 * bad) / probe.length)}% of the first ${probe.length} bytes are not UTF-8 text${nul})`;
  }
  return null;
}

interface SniffLine {
  bytes: Buffer;
  /** False for a last line cut by the end of the window. */
  complete: boolean;
}

/** Up to SNIFF_LINES non-blank lines of the window (terminator and surrounding whitespace trimmed). */
function sniffLines(window: Buffer, complete: boolean): SniffLine[] {
  const out: SniffLine[] = [];
  let pos = 0;
  while (pos < window.length && out.length < SNIFF_LINES) {
    const nl = window.indexOf(10, pos);
    const end = nl === -1 ? window.length : nl;
    const text = window.subarray(pos, end).toString('latin1').trim();
    if (text.length > 0) out.push({ bytes: window.subarray(pos, end), complete: nl !== -1 || complete });
    if (nl === -1) break;
    pos = nl + 1;
  }
  return out;
}

function parseLine(bytes: Buffer): { ok: boolean; value?: unknown } {
  if (!isUtf8(bytes)) return { ok: false };
  try {
    return { ok: true, value: JSON.parse(bytes.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const isObject = (v: unknown): boolean => v !== null && typeof v === 'object' && !Array.isArray(v);

/** "an array", "a string", … : what a parsed JSON value is, for the messages. */
function jsonKind(v: unknown): string {
  if (Array.isArray(v)) return 'an array';
  if (v === null) return 'null';
  return typeof v === 'string' ? 'a string' : typeof v === 'number' ? 'a number' : 'a boolean';
}

/**
 * The first line is JSON but no line of the window is an object: a JSON array written on one line (Python's
 * `json.dump(rows, f)`), or lines of arrays / strings / numbers. Either way not one row would be read.
 */
function describeNonObjectJson(first: unknown, lines: SniffLine[]): string {
  if (Array.isArray(first) && lines.length === 1 && lines[0].complete)
    return `not JSONL: looks like one JSON array on a single line (${first.length} element${first.length === 1 ? '' : 's'}); JSONL needs one JSON object per line — convert it with \`jq -c '.[]'\``;
  const complete = lines.filter((l) => l.complete).length;
  const what =
    complete === 1
      ? `its first line is not a JSON object (it is ${jsonKind(first)})`
      : `none of its first ${complete} lines is a JSON object (line 1 is ${jsonKind(first)})`;
  return `not JSONL: ${what}; JSONL needs one JSON object per line`;
}

/**
 * Null when `window` (the first min(SNIFF_BYTES, file size) decompressed bytes; `complete` when that is the
 * whole file) may be JSONL, else a message saying what the file looks like instead. Rules, in order:
 * empty/blank → JSONL; a known magic number; >10% non-text bytes (NUL and control bytes, invalid UTF-8) in the first
 * 4 KiB → binary (one stray NUL is one malformed row, not a binary file);
 * first non-space byte `[` and the first line does not parse alone → one JSON array; any of the first 20 lines
 * parses as an object → JSONL; else the first line parses (an array, a string…: no row would be an object) → a
 * JSON array on one line, or JSON that is not objects; first byte `{` with ≥2 lines, none parsing → a
 * pretty-printed JSON document; `<` → XML/HTML; tabs/commas in the first line → TSV/CSV; else plain text.
 */
export function describeNonJsonl(window: Buffer, complete: boolean): string | null {
  let w = window;
  if (startsWith(w, [0xef, 0xbb, 0xbf])) w = w.subarray(3);
  for (const m of MAGICS) if (startsWith(w, m.bytes)) return `not JSONL: looks like ${m.what}`;
  const binary = describeBinary(w.subarray(0, BINARY_PROBE_BYTES));
  if (binary) return `not JSONL: looks like ${binary}`;
  const lines = sniffLines(w, complete);
  if (lines.length === 0) return null;
  const first = lines[0];
  const firstText = first.bytes.toString('utf8').trim();
  const lead = firstText[0];
  const firstParse = first.complete ? parseLine(first.bytes) : { ok: false };
  if (lead === '[' && !firstParse.ok) {
    return "not JSONL: looks like one JSON array (the file starts with '[' and its first line is not a complete JSON value); JSONL needs one JSON object per line — convert it with `jq -c '.[]'`";
  }
  if (lines.some((l) => l.complete && isObject(parseLine(l.bytes).value))) return null;
  if (firstParse.ok) return describeNonObjectJson(firstParse.value, lines);
  const completeLines = lines.filter((l) => l.complete).length;
  if (lead === '{') {
    if (completeLines < 2) return null;
    return `not JSONL: looks like a pretty-printed JSON document (it starts with '{' but none of its first ${completeLines} lines is a JSON value on its own); convert it with \`jq -c .\``;
  }
  const sample = firstText.length > 60 ? `${firstText.slice(0, 60)}…` : firstText;
  if (lead === '<') return `not JSONL: looks like XML/HTML (first line: ${sample})`;
  if (firstText.includes('\t'))
    return `not JSONL: looks like TSV, tab-separated values (first line: ${sample})`;
  if (firstText.includes(','))
    return `not JSONL: looks like CSV, comma-separated values (first line: ${sample})`;
  return `not JSONL: looks like plain text (none of its first ${lines.length} lines is a JSON object; first line: ${sample})`;
}

/** The formats a dataset file can be in; 'unknown' is none of them (the reader's message then says what it is). */
export type DatasetFormat = 'jsonl' | 'json-array' | 'parquet' | 'unknown';

/** What `sniffFormat` found: the container format and the compression around it. */
export interface SniffedFormat {
  format: DatasetFormat;
  compression: Compression;
}

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/**
 * The real format of a file from its first bytes, whatever its name says. Why: a `.jsonl` that is really Parquet, a
 * JSON array or compressed must be read as what it is (or named), not as a million malformed lines.
 * `head` is the file's first bytes (up to SNIFF_BYTES); `complete` when that is the whole file. Rules, in order:
 * - a gzip (1f 8b) or zstd (28 b5 2f fd) magic → that compression, format 'unknown': the format is in the
 *   decompressed bytes, so sniff those again (sniffFile.ts does both);
 * - after an optional UTF-8 BOM, `PAR1` → 'parquet';
 * - after the BOM and whitespace the first byte is `[`, AND the first non-blank line is not a complete JSON value on
 *   its own (it does not parse, or runs past the window) or the whole file is that one value → 'json-array'. So
 *   `json.dump(rows, f)` (one line) and a pretty-printed array are arrays, while a JSONL file whose first row is
 *   `[1,2,3]` stays JSONL (with a non-object line);
 * - else 'jsonl' when `describeNonJsonl` accepts the window (an empty file is JSONL), 'unknown' when it does not.
 */
export function sniffFormat(head: Uint8Array, complete = false): SniffedFormat {
  const compression = detectCompression(head);
  if (compression !== 'none') return { format: 'unknown', compression };
  let w = Buffer.from(head.buffer, head.byteOffset, head.byteLength);
  if (startsWith(w, [0xef, 0xbb, 0xbf])) w = w.subarray(3);
  if (startsWith(w, [0x50, 0x41, 0x52, 0x31])) return { format: 'parquet', compression };
  if (looksLikeJsonArray(w, complete)) return { format: 'json-array', compression };
  return { format: describeNonJsonl(w, complete) === null ? 'jsonl' : 'unknown', compression };
}

/**
 * The JSON-array rule of `sniffFormat`, on a file's first bytes `w` (`complete`: the whole file): after an optional
 * UTF-8 BOM and whitespace the first byte is `[`, and either the first line is not a complete JSON value on its own
 * (`[` alone, a pretty-printed array, a one-line array longer than the window) or the whole file is that one line.
 * So a JSONL file whose first row is `[1,2,3]` stays JSONL. Why exported: the JSON-array reader's tests state it.
 */
export function looksLikeJsonArray(w: Buffer, complete: boolean): boolean {
  let at = startsWith(w, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (at < w.length && isSpace(w[at])) at++;
  if (at >= w.length || w[at] !== 0x5b) return false;
  // `[` then NUL is UTF-16LE text (`5B 00`), never UTF-8 JSON: describeNonJsonl names it (issue #15)
  if (at + 1 < w.length && w[at + 1] === 0) return false;
  const nl = w.indexOf(10, at);
  if (nl === -1 && !complete) return true; // the first line runs past the window: not a value on its own
  const lineEnd = nl === -1 ? w.length : nl;
  if (!parseLine(w.subarray(at, lineEnd)).ok) return true;
  // the first line is a whole array: the file is that array when nothing but whitespace follows it
  if (!complete) return false;
  for (let i = lineEnd; i < w.length; i++) if (!isSpace(w[i])) return false;
  return true;
}
