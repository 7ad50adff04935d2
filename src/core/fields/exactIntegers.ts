/**
 * The exact digits of integers above 2^53 in a row's JSON text (issue #15, item 3). Why: JSON.parse reads
 * `9007199254740993` as the double 9007199254740992, so two rows whose ids differ only in the last digit read as the
 * same number. Nothing that identifies a value may merge them: a `--group-by` slice key takes its digits from the
 * row's text instead (`groupValue`, textView.ts). Only a value JSON.parse could not hold exactly (an integer that is
 * not `Number.isSafeInteger`) takes this path, so ordinary rows never pay for it.
 */

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const MINUS = 0x2d;
const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;

/** Integer literals with at least this many digits are quoted (2^53 has 16; shorter ones are exact doubles). */
const LONG_DIGITS = 16;

/**
 * `text` (one JSON value) with every integer literal of 16 digits or more — outside strings, without a fraction or
 * an exponent — turned into a JSON string of its digits: `{"id":12345678901234567891}` → `{"id":"12345678901234567891"}`.
 * Everything else is left as it is, so the structure (and where each value sits) is unchanged. Why exported: tested.
 */
export function quoteLongIntegers(text: string): string {
  let out = '';
  let copied = 0;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      // skip the string, with its escapes
      i++;
      while (i < n) {
        const s = text.charCodeAt(i);
        if (s === BACKSLASH) i += 2;
        else if (s === QUOTE) break;
        else i++;
      }
      i++;
      continue;
    }
    if (c !== MINUS && !isDigit(c)) {
      i++;
      continue;
    }
    const start = i;
    if (c === MINUS) i++;
    const digitsFrom = i;
    while (i < n && isDigit(text.charCodeAt(i))) i++;
    const digits = i - digitsFrom;
    let plain = true;
    // a fraction or an exponent: the literal is read as the double it denotes (documented in docs/reader.md)
    while (i < n) {
      const d = text.charCodeAt(i);
      if (d === 0x2e || d === 0x65 || d === 0x45 || d === 0x2b || d === MINUS || isDigit(d)) {
        plain = false;
        i++;
      } else break;
    }
    if (plain && digits >= LONG_DIGITS) {
      out += `${text.slice(copied, start)}"${text.slice(start, i)}"`;
      copied = i;
    }
  }
  return copied === 0 ? text : out + text.slice(copied);
}

/**
 * `text` parsed with every long integer literal kept as the string of its digits (see quoteLongIntegers), or
 * undefined when it does not parse. Why: the slow path of a slice key whose number JSON.parse rounded.
 */
export function parseKeepingDigits(text: string): unknown {
  try {
    return JSON.parse(quoteLongIntegers(text));
  } catch {
    return undefined;
  }
}

/** True for a number JSON.parse may have rounded from its digits: an integer beyond ±(2^53 − 1). */
export function isUnsafeInteger(v: number): boolean {
  return Number.isInteger(v) && !Number.isSafeInteger(v);
}
