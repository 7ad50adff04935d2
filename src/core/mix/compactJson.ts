/**
 * One JSON value on one line, without touching a byte of its content. Why: Mix writes JSONL, and a row of a
 * pretty-printed JSON array spans several lines. Re-serialising it (JSON.stringify of the parsed value) would
 * round big integers above 2^53, rewrite escapes and `1.0`; removing only the whitespace OUTSIDE strings keeps
 * every number's digits, every key and every escape exactly as in the source (docs/mixing.md).
 */

import { BACKSLASH, CR, LF, QUOTE, SPACE, TAB } from '../reader/jsonBytes.ts';

/**
 * `bytes` itself when it holds no line feed (a JSONL line: copied byte for byte), else the same JSON with the
 * whitespace outside strings (space, tab, CR, LF) removed. Why exported: the mix writer applies it to every row.
 */
export function oneLineJson(bytes: Buffer): Buffer {
  if (bytes.indexOf(LF) === -1) return bytes;
  const out = Buffer.allocUnsafe(bytes.length);
  let n = 0;
  let inString = false;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i];
    if (inString) {
      out[n++] = b;
      if (b === BACKSLASH && i + 1 < bytes.length) out[n++] = bytes[++i];
      else if (b === QUOTE) inString = false;
    } else if (b === SPACE || b === TAB || b === CR || b === LF) {
      continue;
    } else {
      if (b === QUOTE) inString = true;
      out[n++] = b;
    }
  }
  return out.subarray(0, n);
}
