/**
 * Nesting-depth guard run BEFORE `JSON.parse`, so a hostile line like 100,000 `[` never reaches the parser.
 *
 * Depth definition: the number of `[` / `{` opened and not yet closed, counted outside JSON strings
 * (a `"` toggles string mode, a `\` inside a string skips the next byte). `{}` has depth 1.
 */

import { BACKSLASH, CLOSE_ARRAY, CLOSE_OBJECT, OPEN_ARRAY, OPEN_OBJECT, QUOTE } from './jsonBytes.ts';

/**
 * Byte index of the first `[` / `{` that takes the depth above `maxDepth`, or -1 when the line stays within it.
 * Fast paths: a line of at most `maxDepth` bytes cannot exceed it, and neither can one holding at most
 * `maxDepth` brackets in total (counted with native `indexOf`); only other lines get the byte loop.
 */
export function findExcessDepth(bytes: Uint8Array, maxDepth: number): number {
  if (bytes.length <= maxDepth) return -1;
  const buf = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length);
  let brackets = 0;
  for (const open of [OPEN_ARRAY, OPEN_OBJECT]) {
    let p = buf.indexOf(open);
    while (p !== -1 && brackets <= maxDepth) {
      brackets++;
      p = buf.indexOf(open, p + 1);
    }
  }
  if (brackets <= maxDepth) return -1;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < buf.length; i++) {
    const b = buf[i];
    if (inString) {
      if (b === BACKSLASH) i++;
      else if (b === QUOTE) inString = false;
    } else if (b === QUOTE) {
      inString = true;
    } else if (b === OPEN_ARRAY || b === OPEN_OBJECT) {
      if (++depth > maxDepth) return i;
    } else if ((b === CLOSE_ARRAY || b === CLOSE_OBJECT) && depth > 0) {
      depth--;
    }
  }
  return -1;
}
