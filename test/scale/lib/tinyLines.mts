// Child script of test/scale/hugeInputs.test.mjs (run with `node --import tsx`): reads a file of many tiny lines
// with the real reader (readJsonl, its batches) and prints one JSON line of counts: rows, blank lines, the last
// record's line and offset, and bytes read. The reader level, because a whole analysis of 10^8 rows takes minutes.
import { readJsonl } from '../../../src/core/reader/jsonlReader.ts';

const [file, start, firstLine] = process.argv.slice(2);
const reading = readJsonl(file, {
  start: start ? Number(start) : undefined,
  firstLine: firstLine ? Number(firstLine) : undefined,
});
let rows = 0;
let last: { line: number; offset: number; length: number } | null = null;
const lines: number[] = [];
for await (const batch of reading.batches) {
  rows += batch.length;
  const r = batch[batch.length - 1];
  last = { line: r.line, offset: r.offset, length: r.length };
  if (lines.length < 5) for (const x of batch.slice(0, 5 - lines.length)) lines.push(x.line, x.offset);
}
const s = reading.stats;
console.log(
  JSON.stringify({
    rows,
    last,
    first: lines,
    parsed: s.parsed,
    blank: s.blank,
    total: s.total,
    bytesRead: s.bytesRead,
    errors: s.errors,
  }),
);
