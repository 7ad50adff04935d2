/**
 * Lines 1 to 8 of the readers' hand-checked reference file (offsets in test/unit/core/reader/jsonlReader.test.ts):
 * a BOM, CRLF, blank lines, a malformed line, a non-object and invalid UTF-8. Why a helper: jsonlReader.test.ts ends
 * the file with one more row and hostileLines.test.ts appends its hostile lines, and both must start from the very
 * same bytes with the very same expected records and errors. (Not a test file.)
 */
import type { JsonlRecord, LineError } from '../../../src/core/types.ts';

/** The bytes of lines 1 to 8, line 8's '\n' included (98 bytes: the next line starts at offset 98). */
export const REFERENCE_HEAD: Buffer = Buffer.concat([
  Buffer.from([0xef, 0xbb, 0xbf]),
  Buffer.from('{"t":"héllo"}\n{"t":"日本語","n":1}\r\n\n   \t\n{"t":"emoji 😀🎉"}\n{"t":bad}\n[1,2]\n{"t":"'),
  Buffer.from([0xff]),
  Buffer.from('"}\n'),
]);

/** The rows of lines 1 to 8 (1, 2 and 5; 3 and 4 are blank). */
export const REFERENCE_HEAD_RECORDS: JsonlRecord[] = [
  { line: 1, offset: 3, length: 14, value: { t: 'héllo' } },
  { line: 2, offset: 18, length: 23, value: { t: '日本語', n: 1 } },
  { line: 5, offset: 49, length: 22, value: { t: 'emoji 😀🎉' } },
];

/** The errors of lines 1 to 8, with their columns: malformed (6), notObject (7), invalid UTF-8 (8). */
export const REFERENCE_HEAD_ERRORS: LineError[] = [
  {
    line: 6,
    column: 6,
    reason: 'malformed',
    message: `Unexpected token 'b', "{"t":bad}" is not valid JSON`,
  },
  { line: 7, column: 1, reason: 'notObject', message: 'expected a JSON object, found an array' },
  { line: 8, column: 7, reason: 'invalidUtf8', message: 'invalid UTF-8: byte 0xFF at byte 7 of the line' },
];
