import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LineScanner, type LineScannerOptions } from '../../../../src/core/reader/lineScanner.ts';

interface Seen {
  text: string | null;
  line: number;
  offset: number;
  length: number;
}

/** Pushes `input` in chunks of `chunkSize` bytes and collects every emitted line. */
function scan(
  input: Buffer,
  chunkSize: number,
  opts: Partial<LineScannerOptions> = {},
): { lines: Seen[]; scanner: LineScanner } {
  const scanner = new LineScanner({ maxLineBytes: 1 << 20, ...opts });
  const lines: Seen[] = [];
  const sink = (bytes: Buffer | null, line: number, offset: number, length: number): void => {
    lines.push({ text: bytes === null ? null : bytes.toString('utf8'), line, offset, length });
  };
  for (let i = 0; i < input.length; i += chunkSize) scanner.push(input.subarray(i, i + chunkSize), sink);
  scanner.end(sink);
  return { lines, scanner };
}

test('splits LF and CRLF lines, keeps empty lines and a last line without newline, at every chunk size', () => {
  // Bytes: "ab\n" (0-2), "\r\n" (3-4), "cd\r\n" (5-8), "\n" (9), "é€\n" (10-15: é=2 bytes, €=3 bytes), "xyz" (16-18, no newline)
  const input = Buffer.from('ab\n\r\ncd\r\n\né€\nxyz', 'utf8');
  const expected: Seen[] = [
    { text: 'ab', line: 1, offset: 0, length: 2 },
    { text: '', line: 2, offset: 3, length: 0 },
    { text: 'cd', line: 3, offset: 5, length: 2 },
    { text: '', line: 4, offset: 9, length: 0 },
    { text: 'é€', line: 5, offset: 10, length: 5 },
    { text: 'xyz', line: 6, offset: 16, length: 3 },
  ];
  for (let size = 1; size <= input.length; size++) {
    const { lines, scanner } = scan(input, size);
    assert.deepEqual(lines, expected, `chunk size ${size}`);
    assert.equal(scanner.position, 19);
  }
});

test('a file ending with a newline has no extra empty last line', () => {
  const { lines } = scan(Buffer.from('a\nb\n'), 1);
  assert.deepEqual(
    lines.map((l) => l.text),
    ['a', 'b'],
  );
});

test('strips a UTF-8 BOM only at the start, even when it arrives one byte at a time', () => {
  // EF BB BF then "{}\n" at offsets 3-4, then "x" at 6.
  const input = Buffer.from([0xef, 0xbb, 0xbf, 0x7b, 0x7d, 0x0a, 0x78]);
  for (const size of [1, 2, 3, 7]) {
    const { lines, scanner } = scan(input, size);
    assert.equal(scanner.bom, true);
    assert.deepEqual(lines, [
      { text: '{}', line: 1, offset: 3, length: 2 },
      { text: 'x', line: 2, offset: 6, length: 1 },
    ]);
  }
  // EF BB 41 is not a BOM: the bytes stay in line 1 (3 bytes).
  const notBom = scan(Buffer.from([0xef, 0xbb, 0x41, 0x0a]), 1);
  assert.equal(notBom.scanner.bom, false);
  assert.deepEqual(
    notBom.lines.map((l) => [l.offset, l.length]),
    [[0, 3]],
  );
  // A file of only 2 BOM bytes is one 2-byte line, not lost.
  const short = scan(Buffer.from([0xef, 0xbb]), 1);
  assert.deepEqual(
    short.lines.map((l) => [l.offset, l.length]),
    [[0, 2]],
  );
});

test('lines longer than maxLineBytes come out as null with their true length, without being buffered', () => {
  // maxLineBytes 5: "abcdef" (6 bytes) too long; "abcde\r" is 5 bytes + CR: exactly at the limit, kept;
  // "0123456789\r" is 10 bytes + CR: too long, length 10; "ok" kept; last line "toolong!" (8, no newline) too long.
  const input = Buffer.from('abcdef\nabcde\r\n0123456789\r\nok\ntoolong!');
  const expected: Seen[] = [
    { text: null, line: 1, offset: 0, length: 6 },
    { text: 'abcde', line: 2, offset: 7, length: 5 },
    { text: null, line: 3, offset: 14, length: 10 },
    { text: 'ok', line: 4, offset: 26, length: 2 },
    { text: null, line: 5, offset: 29, length: 8 },
  ];
  for (let size = 1; size <= input.length; size++) {
    assert.deepEqual(scan(input, size, { maxLineBytes: 5 }).lines, expected, `chunk size ${size}`);
  }
});

test('a huge line is discarded while scanning: at most maxLineBytes + 1 bytes are ever held', () => {
  const scanner = new LineScanner({ maxLineBytes: 100 });
  const seen: [number, number][] = [];
  const sink = (bytes: Buffer | null, _line: number, _offset: number, length: number): void => {
    seen.push([bytes === null ? -1 : bytes.length, length]);
  };
  let maxHeld = 0;
  const block = Buffer.alloc(4096, 0x61); // 'a'
  for (let i = 0; i < 256; i++) {
    scanner.push(block, sink); // 1 MiB line in total
    maxHeld = Math.max(maxHeld, scanner.bufferedBytes);
  }
  scanner.push(Buffer.from('\n{}\n'), sink);
  scanner.end(sink);
  assert.ok(maxHeld <= 101, `held ${maxHeld} bytes`);
  assert.deepEqual(seen, [
    [-1, 1048576],
    [2, 2],
  ]);
});

test('byte ranges: skip the partial first line, stop after the line that straddles the end', () => {
  // Lines: "aaa" 0-2 (\n at 3), "bb" 4-5 (\n at 6), "cccc" 7-10 (\n at 11), "d" 12.
  const file = Buffer.from('aaa\nbb\ncccc\nd');
  const range = (start: number, end: number, size: number): number[] => {
    const from = start > 0 ? start - 1 : 0;
    const { lines } = scan(file.subarray(from), size, {
      baseOffset: from,
      skipPartialFirstLine: start > 0,
      endOffset: end,
      stripBom: start === 0,
    });
    return lines.map((l) => l.offset);
  };
  for (const size of [1, 2, 5, 64]) {
    // [0,5): "aaa" starts at 0, "bb" starts at 4 < 5 → both. [5,7): starts mid "bb", no line starts in 5..6 → none.
    assert.deepEqual(range(0, 5, size), [0, 4]);
    assert.deepEqual(range(5, 7, size), []);
    // [7,12): byte 6 is '\n' so "cccc" at 7 is ours; "d" at 12 is not. [12,13): "d".
    assert.deepEqual(range(7, 12, size), [7]);
    assert.deepEqual(range(12, 13, size), [12]);
    // Every line lands in exactly one range of a split at 0,3,6,9,13.
    const all = [range(0, 3, size), range(3, 6, size), range(6, 9, size), range(9, 13, size)].flat();
    assert.deepEqual(all, [0, 4, 7, 12]);
  }
});

test('stop() ends the scan after the current line and fixes the position there', () => {
  const scanner = new LineScanner({ maxLineBytes: 100 });
  const texts: string[] = [];
  scanner.push(Buffer.from('one\ntwo\nthree\n'), (bytes) => {
    texts.push(bytes!.toString());
    if (texts.length === 2) scanner.stop();
  });
  assert.deepEqual(texts, ['one', 'two']);
  assert.equal(scanner.position, 8); // "one\ntwo\n" consumed
  assert.equal(scanner.finished, true);
});
