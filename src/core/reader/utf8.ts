/**
 * UTF-8 helpers for the error path and the sniffer. The hot path validates with `buffer.isUtf8`
 * (native); these byte loops only run on lines already known to be bad, or on a file's first 4 KiB.
 */

/**
 * Length of the valid UTF-8 sequence starting at `i`, or 0 when the byte at `i` starts an invalid one
 * (stray continuation byte, overlong form, UTF-16 surrogate, code point above U+10FFFF, truncation).
 * When `allowTruncatedEnd` is set, a sequence cut by the end of the buffer counts as valid.
 * Definition: RFC 3629 section 4 (the same rules as `new TextDecoder('utf-8', { fatal: true })`).
 */
export function utf8SequenceLength(bytes: Uint8Array, i: number, allowTruncatedEnd = false): number {
  const b0 = bytes[i];
  if (b0 < 0x80) return 1;
  let need: number;
  let lo = 0x80;
  let hi = 0xbf;
  if (b0 >= 0xc2 && b0 <= 0xdf) need = 1;
  else if (b0 >= 0xe0 && b0 <= 0xef) {
    need = 2;
    if (b0 === 0xe0) lo = 0xa0; // overlong
    if (b0 === 0xed) hi = 0x9f; // surrogates
  } else if (b0 >= 0xf0 && b0 <= 0xf4) {
    need = 3;
    if (b0 === 0xf0) lo = 0x90; // overlong
    if (b0 === 0xf4) hi = 0x8f; // above U+10FFFF
  } else return 0;
  for (let k = 1; k <= need; k++) {
    if (i + k >= bytes.length) return allowTruncatedEnd ? bytes.length - i : 0;
    const b = bytes[i + k];
    const min = k === 1 ? lo : 0x80;
    const max = k === 1 ? hi : 0xbf;
    if (b < min || b > max) return 0;
  }
  return need + 1;
}

/** Byte index of the first invalid UTF-8 byte of `bytes`, or -1 when all of it is valid UTF-8. */
export function findInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return -1;
}

/**
 * Number of bytes of `bytes` that belong to no valid UTF-8 sequence (each bad byte counted once,
 * resynchronising on the next byte). A sequence cut by the end of the buffer is not counted: the
 * sniffer looks at a prefix of the file.
 */
export function countInvalidUtf8Bytes(bytes: Uint8Array): number {
  let bad = 0;
  let i = 0;
  while (i < bytes.length) {
    const n = utf8SequenceLength(bytes, i, true);
    if (n === 0) {
      bad++;
      i++;
    } else i += n;
  }
  return bad;
}

/**
 * 1-based character column of byte `byteIndex` in a UTF-8 line: 1 + the number of code points that start
 * before it (a code point starts at every byte that is not a continuation byte 10xxxxxx).
 */
export function charColumnOfByte(bytes: Uint8Array, byteIndex: number): number {
  let col = 1;
  const end = Math.min(byteIndex, bytes.length);
  for (let i = 0; i < end; i++) if ((bytes[i] & 0xc0) !== 0x80) col++;
  return col;
}

/**
 * 1-based character column of UTF-16 index `index` in `text`: 1 + the number of code points before it
 * (a surrogate pair counts once), so columns agree with `charColumnOfByte` on the same line.
 */
export function charColumnOfUtf16Index(text: string, index: number): number {
  let col = 1;
  const end = Math.min(index, text.length);
  for (let i = 0; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdbff && i + 1 < end) {
      const d = text.charCodeAt(i + 1);
      if (d >= 0xdc00 && d <= 0xdfff) i++;
    }
    col++;
  }
  return col;
}
