/**
 * Finds WHERE a line stops being JSON. `JSON.parse` in Node 20 reports a position only for some errors
 * ("... at position 5") and none for others ("Unexpected token 'x', ... is not valid JSON"), so the
 * reader's 1-based error column comes from this small RFC 8259 validator. It runs only on lines that
 * `JSON.parse` already rejected, never on the hot path. Iterative (explicit stack), so depth cannot
 * overflow the call stack.
 */

const ARRAY = 0;
const OBJECT = 1;

/** Result helpers: a non-negative number is the next index; a negative one encodes an error at -(r + 1). */
const fail = (i: number): number => -(i + 1);

function skipWs(t: string, i: number): number {
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c !== 0x20 && c !== 0x09 && c !== 0x0a && c !== 0x0d) break;
    i++;
  }
  return i;
}

const isDigit = (c: number): boolean => c >= 0x30 && c <= 0x39;
const isHex = (c: number): boolean => isDigit(c) || (c >= 0x41 && c <= 0x46) || (c >= 0x61 && c <= 0x66);

function scanString(t: string, i: number): number {
  i++; // opening quote
  while (i < t.length) {
    const c = t.charCodeAt(i);
    if (c === 0x22) return i + 1;
    if (c < 0x20) return fail(i);
    if (c === 0x5c) {
      const e = t.charCodeAt(i + 1);
      if (e === 0x75) {
        for (let k = 2; k <= 5; k++) if (!isHex(t.charCodeAt(i + k))) return fail(Math.min(i + k, t.length));
        i += 6;
      } else if ('"\\/bfnrt'.includes(t[i + 1] ?? '!')) {
        i += 2;
      } else return fail(Math.min(i + 1, t.length));
    } else i++;
  }
  return fail(t.length);
}

function scanDigits(t: string, i: number): number {
  if (!isDigit(t.charCodeAt(i))) return fail(i);
  while (isDigit(t.charCodeAt(i))) i++;
  return i;
}

function scanNumber(t: string, i: number): number {
  if (t.charCodeAt(i) === 0x2d) i++;
  if (t.charCodeAt(i) === 0x30) i++;
  else {
    i = scanDigits(t, i);
    if (i < 0) return i;
  }
  if (t.charCodeAt(i) === 0x2e) {
    i = scanDigits(t, i + 1);
    if (i < 0) return i;
  }
  const e = t.charCodeAt(i);
  if (e === 0x65 || e === 0x45) {
    i++;
    const s = t.charCodeAt(i);
    if (s === 0x2b || s === 0x2d) i++;
    i = scanDigits(t, i);
  }
  return i;
}

function scanLiteral(t: string, i: number, word: string): number {
  for (let k = 0; k < word.length; k++) if (t[i + k] !== word[k]) return fail(Math.min(i + k, t.length));
  return i + word.length;
}

/** After `{` or `,` inside an object: a key, `:`, and the position of the member's value. */
function scanKey(t: string, i: number): number {
  i = skipWs(t, i);
  if (t.charCodeAt(i) !== 0x22) return fail(i);
  i = scanString(t, i);
  if (i < 0) return i;
  i = skipWs(t, i);
  if (t.charCodeAt(i) !== 0x3a) return fail(i);
  return skipWs(t, i + 1);
}

/**
 * UTF-16 index of the first character at which `text` stops being one valid JSON value
 * (`text.length` when the input ends too early), or -1 when `text` is valid JSON.
 */
export function locateJsonError(text: string): number {
  const stack: number[] = [];
  let i = skipWs(text, 0);
  for (;;) {
    // A value starts at i.
    const c = text.charCodeAt(i);
    if (c === 0x7b || c === 0x5b) {
      const close = c === 0x7b ? 0x7d : 0x5d;
      const j = skipWs(text, i + 1);
      if (text.charCodeAt(j) === close) {
        i = j + 1;
      } else {
        stack.push(c === 0x7b ? OBJECT : ARRAY);
        i = c === 0x7b ? scanKey(text, i + 1) : j;
        if (i < 0) return -i - 1;
        continue;
      }
    } else {
      if (c === 0x22) i = scanString(text, i);
      else if (c === 0x2d || isDigit(c)) i = scanNumber(text, i);
      else if (c === 0x74) i = scanLiteral(text, i, 'true');
      else if (c === 0x66) i = scanLiteral(text, i, 'false');
      else if (c === 0x6e) i = scanLiteral(text, i, 'null');
      else return Math.min(i, text.length);
      if (i < 0) return -i - 1;
    }
    // After a complete value: close containers or move to the next element.
    for (;;) {
      i = skipWs(text, i);
      if (stack.length === 0) return i === text.length ? -1 : i;
      const top = stack[stack.length - 1];
      const d = text.charCodeAt(i);
      if (d === 0x2c) {
        i = top === OBJECT ? scanKey(text, i + 1) : skipWs(text, i + 1);
        if (i < 0) return -i - 1;
        break;
      }
      if ((top === OBJECT && d === 0x7d) || (top === ARRAY && d === 0x5d)) {
        stack.pop();
        i++;
        continue;
      }
      return Math.min(i, text.length);
    }
  }
}
