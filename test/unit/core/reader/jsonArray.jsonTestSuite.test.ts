/*
 * The JSONTestSuite parsing corpus (../shared/jsontestsuite/test_parsing; missing = a failure unless
 * DL_ALLOW_NO_JSONTESTSUITE=1) through the JSON-array reader (issue #15, item 7). Policy (docs/reader.md,
 * "JSONTestSuite policy"): every file becomes the 2nd element of its own array file
 * `[{"before":1},\n<file>,\n<third>]\n` (a single trailing '\n' of the file dropped), so the case starts at line 2,
 * column 1; `<third>` is `{"v":<file>}` for y_ files and `{"after":1}` otherwise.
 * - y_: elements 1 and 3 are rows and element 2 is never rejected by the parser: a row (a top-level object) or
 *   notObject; wrapped in `{"v": …}` every one is a row;
 * - n_: rejected at its position: either element 2 is counted as malformed / invalidUtf8 / tooDeep with its line AND
 *   column in the file (checked against decodeLine on the case's own text), or the array's structure breaks
 *   (`arrayStructure`, thrown after element 1) at a line:column inside the case or right after it (its `]` closed the
 *   array, its bracket or string swallows the rest); element 1 is always read;
 * - i_: the same table as the JSONL run (I_POLICY, helpers/jsonTestSuite.ts).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJsonl, ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import { decodeLine } from '../../../../src/core/reader/lineDecoder.ts';
import type { LineError } from '../../../../src/core/types.ts';
import { makeTempDir } from '../../helpers/readerHelpers.ts';
import {
  I_POLICY,
  jsonTestSuiteCases,
  readJsonTestSuiteCase,
  type Outcome,
} from '../../helpers/jsonTestSuite.ts';

const tmp = makeTempDir();

const isSpace = (b: number): boolean => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;

/** Line and code-point column in the file of byte `at` of the case (which starts at line 2, column 1). */
function filePosition(content: Buffer, at: number): { line: number; column: number } {
  let line = 2;
  let column = 1;
  for (let i = 0; i < at; i++) {
    const b = content[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: same character
    if (b === 0x0a) {
      line++;
      column = 1;
    } else column++;
  }
  return { line, column };
}

/** Byte index of code-point column `column` (1-based) of `bytes` from byte `from`. */
function byteOfColumn(bytes: Buffer, from: number, column: number): number {
  let chars = 1;
  let i = from;
  while (i < bytes.length && chars < column) {
    i++;
    while (i < bytes.length && (bytes[i] & 0xc0) === 0x80) i++;
    chars++;
  }
  return i;
}

interface ArrayRun {
  rows: number[];
  errors: LineError[];
  thrown: ReaderError | null;
}

async function readArray(file: string): Promise<ArrayRun> {
  const reading = readJsonl(file);
  const rows: number[] = [];
  let thrown: ReaderError | null = null;
  try {
    for await (const r of reading.records) rows.push(r.line);
  } catch (err) {
    assert.ok(err instanceof ReaderError, String(err));
    thrown = err;
  }
  assert.equal(reading.stats.format, 'json-array', file);
  return { rows, errors: reading.stats.errors, thrown };
}

test('JSONTestSuite as JSON-array elements: y_ accepted, n_ rejected at their line and column, i_ as documented', async (t) => {
  const names = jsonTestSuiteCases(t);
  if (!names) return;
  const tally = { y: 0, nElement: 0, nStructure: 0, i: 0 };
  for (const name of names) {
    const content = readJsonTestSuiteCase(name);
    const y = name.startsWith('y_');
    const third = y
      ? Buffer.concat([Buffer.from('{"v":'), content, Buffer.from('}')])
      : Buffer.from('{"after":1}');
    const file = tmp.file(
      `${name}.array`,
      Buffer.concat([
        Buffer.from('[{"before":1},\n'),
        content,
        Buffer.from(',\n'),
        third,
        Buffer.from(']\n'),
      ]),
    );
    const run = await readArray(file);
    const outcome = (): Outcome =>
      run.errors.find((e) => e.line === 2)?.reason ?? (run.rows.includes(2) ? 'parsed' : 'blank');
    if (y) {
      assert.equal(run.thrown, null, `${name}: ${run.thrown?.message}`);
      const o = outcome();
      assert.ok(o === 'parsed' || o === 'notObject', `${name}: ${o}`);
      assert.deepEqual(run.rows, o === 'parsed' ? [1, 2, 3] : [1, 3], `${name}: rows`);
      tally.y++;
    } else if (name.startsWith('i_')) {
      assert.equal(run.thrown, null, name);
      assert.equal(outcome(), I_POLICY[name], name);
      assert.deepEqual(run.rows, outcome() === 'parsed' ? [1, 2, 3] : [1, 3], `${name}: rows`);
      tally.i++;
    } else {
      assert.ok(run.rows.includes(1) && !run.rows.includes(2), `${name}: rows ${run.rows}`);
      const first = content.findIndex((b) => !isSpace(b));
      const el = run.errors.find((e) => e.line === 2);
      if (el && !run.thrown) {
        assert.ok(
          ['malformed', 'invalidUtf8', 'tooDeep', 'notObject'].includes(el.reason),
          `${name}: ${el.reason}`,
        );
        if (run.errors.length === 1 && first !== -1) {
          // the case is one element: its error is where decodeLine puts it in the case's own text
          const own = decodeLine(content.subarray(first), 1000);
          assert.ok(own.kind === 'error', name);
          assert.ok(['malformed', 'invalidUtf8', 'tooDeep'].includes(el.reason), `${name}: ${el.reason}`);
          assert.deepEqual(
            [el.reason, el.column],
            [own.reason, own.column],
            `${name}: reason and column in the element`,
          );
          assert.deepEqual(
            el.at,
            filePosition(content, byteOfColumn(content, first, own.column)),
            `${name}: line:column in the file`,
          );
        } else if (first === -1) {
          // an empty or whitespace-only case: a missing element, at the ',' that follows it
          assert.deepEqual([el.reason, el.at], ['malformed', filePosition(content, content.length)], name);
        }
        // reading resumes: the {"after":1} element is a row (element 3, or 4 when the case held two elements)
        assert.ok(run.rows.length === 2 && run.rows[1] >= 3, `${name}: rows ${run.rows}`);
        tally.nElement++;
      } else {
        // the structure broke: thrown at a position inside the case or at the ',' right after it
        assert.ok(run.thrown, `${name}: neither an element error nor a structure error`);
        assert.equal(run.thrown.reason, 'arrayStructure', name);
        const end = filePosition(content, content.length);
        const pos = { line: run.thrown.line, column: run.thrown.column };
        const inside =
          pos.line >= 2 && (pos.line < end.line || (pos.line === end.line && pos.column <= end.column));
        assert.ok(
          inside,
          `${name}: ${pos.line}:${pos.column} is not within the case (ends at ${end.line}:${end.column})`,
        );
        assert.ok(run.thrown.message.startsWith(`${file}:${pos.line}:${pos.column}: `), name);
        tally.nStructure++;
      }
    }
  }
  t.diagnostic(JSON.stringify(tally));
  assert.equal(tally.y + tally.i + tally.nElement + tally.nStructure, names.length);
  assert.ok(tally.nElement > 100 && tally.nStructure > 20, JSON.stringify(tally));
});
