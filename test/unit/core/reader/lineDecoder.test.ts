import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeLine } from '../../../../src/core/reader/lineDecoder.ts';
import { findExcessDepth } from '../../../../src/core/reader/depthScan.ts';
import { locateJsonError } from '../../../../src/core/reader/jsonErrorLocator.ts';
import {
  charColumnOfByte,
  charColumnOfUtf16Index,
  countInvalidUtf8Bytes,
  findInvalidUtf8,
} from '../../../../src/core/reader/utf8.ts';

const b = (s: string): Buffer => Buffer.from(s, 'utf8');

test('blank lines: JSON whitespace only', () => {
  assert.deepEqual(decodeLine(b(''), 1000), { kind: 'blank' });
  assert.deepEqual(decodeLine(b(' \t \r'), 1000), { kind: 'blank' });
});

test('an object line becomes a record', () => {
  assert.deepEqual(decodeLine(b('  {"a": [1, {"b": "é"}]} '), 1000), {
    kind: 'record',
    value: { a: [1, { b: 'é' }] },
    text: '  {"a": [1, {"b": "é"}]} ',
  });
});

test('non-objects are notObject, with what was found and the column of the value', () => {
  const cases: [string, string, number][] = [
    ['[1,2]', 'an array', 1],
    ['  "s"', 'a string', 3],
    ['42', 'a number', 1],
    ['true', 'a boolean', 1],
    ['null', 'null', 1],
  ];
  for (const [line, what, column] of cases) {
    assert.deepEqual(decodeLine(b(line), 1000), {
      kind: 'error',
      reason: 'notObject',
      column,
      message: `expected a JSON object, found ${what}`,
    });
  }
});

test('malformed JSON: V8 message, 1-based code-point column', () => {
  // '{"a":}' — V8 gives no position for "Unexpected token"; our locator puts the error at index 5 → column 6.
  const d1 = decodeLine(b('{"a":}'), 1000);
  assert.equal(d1.kind, 'error');
  if (d1.kind === 'error') {
    assert.equal(d1.reason, 'malformed');
    assert.equal(d1.column, 6);
    assert.match(d1.message, /Unexpected token/);
  }
  // '{"é😀":1' — V8: "... at position 8" (UTF-16 units { " é 😀(2 units) " : 1 = 8, i.e. the end).
  // Code points before index 8: { " é 😀 " : 1 = 7 → column 8.
  const d2 = decodeLine(b('{"é😀":1'), 1000);
  assert.equal(d2.kind === 'error' && d2.column, 8);
  // Trailing garbage: '{} x' → error at index 3 → column 4.
  const d3 = decodeLine(b('{} x'), 1000);
  assert.equal(d3.kind === 'error' && d3.reason, 'malformed');
  assert.equal(d3.kind === 'error' && d3.column, 4);
});

test('invalid UTF-8 is reported by column, never replaced', () => {
  // "{"a":"é" then byte FF: bytes { " a " : " = 6, é = 2 bytes → FF at byte index 8; code points before it: 7 → column 8.
  const line = Buffer.concat([b('{"a":"é'), Buffer.from([0xff]), b('"}')]);
  assert.deepEqual(decodeLine(line, 1000), {
    kind: 'error',
    reason: 'invalidUtf8',
    column: 8,
    message: 'invalid UTF-8: byte 0xFF at byte 9 of the line',
  });
  // A real U+FFFD (EF BF BD) in the text is valid UTF-8 and is kept.
  assert.deepEqual(decodeLine(b('{"a":"\uFFFD"}'), 1000), {
    kind: 'record',
    value: { a: '\uFFFD' },
    text: '{"a":"\uFFFD"}',
  });
});

test('depth: exactly maxDepth is accepted, one more is tooDeep before parsing', () => {
  const nested = (n: number): string => '['.repeat(n) + ']'.repeat(n);
  // maxDepth 3: [[[ ]]] has depth 3 → notObject (parsed), [[[[ ]]]] has depth 4 → tooDeep at the 4th '[' (column 4).
  const ok = decodeLine(b(nested(3)), 3);
  assert.equal(ok.kind === 'error' && ok.reason, 'notObject');
  assert.deepEqual(decodeLine(b(nested(4)), 3), {
    kind: 'error',
    reason: 'tooDeep',
    column: 4,
    message: 'nesting deeper than 3 levels',
  });
  // Brackets inside strings do not count; an escaped quote does not end the string.
  assert.equal(findExcessDepth(b('{"a":"[[[[[\\"[[[["}'), 3), -1);
  // Unclosed depth 1001 at the default limit: rejected even though JSON.parse would have failed anyway.
  assert.equal(findExcessDepth(b('['.repeat(1001)), 1000), 1000);
  assert.equal(findExcessDepth(b('['.repeat(1000)), 1000), -1);
  // A long line with more than maxDepth brackets that never nest deeper than 1: accepted.
  assert.equal(findExcessDepth(b('[' + '[],'.repeat(2000) + '[]]'), 1000), -1);
});

test('JSON error locator agrees with RFC 8259 on small cases', () => {
  // index of the first offending UTF-16 unit; text.length for a premature end; -1 for valid JSON
  const cases: [string, number][] = [
    ['{"a":1}', -1],
    [' [1, "x", {"k": [true, false, null]}, -0.5e+3] ', -1],
    ['{"a":}', 5],
    ['[1,]', 3],
    ['[01]', 2],
    ['{"a" 1}', 5],
    ['"\\x"', 2],
    ['"\\u12G4"', 5],
    ['[1', 2],
    ['', 0],
    ['tru', 3],
    ['{} x', 3],
    ['-', 1],
    ['1.', 2],
    ['"a\tb"', 2],
    ["{'a':1}", 1],
  ];
  for (const [text, at] of cases) assert.equal(locateJsonError(text), at, JSON.stringify(text));
});

test('UTF-8 helpers: strict validation, columns, counts', () => {
  assert.equal(findInvalidUtf8(b('aé€😀')), -1);
  assert.equal(findInvalidUtf8(Buffer.from([0x61, 0xc0, 0x80])), 1); // overlong 2-byte NUL
  assert.equal(findInvalidUtf8(Buffer.from([0x61, 0xed, 0xa0, 0x80])), 1); // UTF-16 surrogate D800
  assert.equal(findInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80])), 0); // U+110000
  assert.equal(findInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82])), 1); // truncated €
  // counting: 2 stray bytes (80, FF); a truncated sequence at the end is not counted.
  assert.equal(countInvalidUtf8Bytes(Buffer.from([0x80, 0x61, 0xff, 0xe2, 0x82])), 2);
  // 'é😀x': byte 6 is 'x' (é=2, 😀=4) → column 3; UTF-16 index 3 is 'x' (😀 = 2 units) → column 3.
  assert.equal(charColumnOfByte(b('é😀x'), 6), 3);
  assert.equal(charColumnOfUtf16Index('é😀x', 3), 3);
});
