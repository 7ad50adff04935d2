/**
 * Turns one raw line (bytes, terminator already removed) into a record or a reasoned rejection.
 * Order of checks: blank → UTF-8 validity → nesting depth → JSON.parse → object.
 * Pure: no fs, no stats; the reader counts what this returns.
 */

import { isUtf8 } from 'node:buffer';
import type { LineErrorReason } from '../types.ts';
import { findExcessDepth } from './depthScan.ts';
import { locateJsonError } from './jsonErrorLocator.ts';
import { charColumnOfByte, charColumnOfUtf16Index, findInvalidUtf8 } from './utf8.ts';

/** What one line turned out to be. */
export type DecodedLine =
  | { kind: 'blank' }
  | { kind: 'record'; value: Record<string, unknown>; text: string }
  | { kind: 'error'; reason: LineErrorReason; column: number; message: string };

const BLANK: DecodedLine = { kind: 'blank' };

/** JSON whitespace (RFC 8259): space, tab, CR, LF. A line made only of these is blank. */
function firstNonWhitespace(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b !== 0x20 && b !== 0x09 && b !== 0x0d && b !== 0x0a) return i;
    i++;
  }
  return i;
}

/** "an array", "a string", "null", ...: what a non-object top-level value is, for the notObject message. */
export function describeJsonValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'number') return 'a number';
  if (typeof value === 'boolean') return 'a boolean';
  return `a ${typeof value}`;
}

/** 1-based column of a JSON.parse failure: V8's "at position N" when given, else our own locator. */
function parseErrorColumn(text: string, message: string): number {
  const m = /at position (\d+)/.exec(message);
  let index = m ? Number(m[1]) : locateJsonError(text);
  if (index < 0) index = 0;
  return charColumnOfUtf16Index(text, index);
}

/**
 * Decodes one line. `maxDepth` is the deepest nesting accepted (see depthScan.ts for the definition).
 * Invalid UTF-8 is rejected (never replaced by U+FFFD); a top-level value that is not an object is
 * rejected as 'notObject'. Error columns are 1-based code-point columns of the line.
 */
export function decodeLine(bytes: Buffer, maxDepth: number): DecodedLine {
  const first = firstNonWhitespace(bytes);
  if (first === bytes.length) return BLANK;
  // Fast validity check: the decoder turns every invalid sequence into U+FFFD, and a one-byte (Latin-1) V8
  // string cannot hold U+FFFD, so for ASCII lines indexOf returns at once. Only lines that do contain U+FFFD
  // pay for the native validator (the character may also be legitimately encoded as EF BF BD).
  const text = bytes.toString(); // no-argument form: Node's direct UTF-8 fast path
  if (text.indexOf('\uFFFD') !== -1 && !isUtf8(bytes)) {
    const at = findInvalidUtf8(bytes);
    const where = at < 0 ? 0 : at;
    const hex = bytes[where].toString(16).toUpperCase().padStart(2, '0');
    return {
      kind: 'error',
      reason: 'invalidUtf8',
      column: charColumnOfByte(bytes, where),
      message: `invalid UTF-8: byte 0x${hex} at byte ${where + 1} of the line`,
    };
  }
  const deep = findExcessDepth(bytes, maxDepth);
  if (deep >= 0) {
    return {
      kind: 'error',
      reason: 'tooDeep',
      column: charColumnOfByte(bytes, deep),
      message: `nesting deeper than ${maxDepth} levels`,
    };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    return { kind: 'error', reason: 'malformed', column: parseErrorColumn(text, message), message };
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    return {
      kind: 'error',
      reason: 'notObject',
      column: charColumnOfByte(bytes, first),
      message: `expected a JSON object, found ${describeJsonValue(value)}`,
    };
  }
  return { kind: 'record', value: value as Record<string, unknown>, text };
}
