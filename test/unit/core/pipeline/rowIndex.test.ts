import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowIndex } from '../../../../src/core/pipeline/rowIndex.ts';

test('row index finds byte ranges by line number across growth', () => {
  const ix = new RowIndex();
  // lines 1, 3, 5, … with offsets 10·line and lengths line+1
  for (let line = 1; line <= 5001; line += 2) ix.add(line, line * 10, line + 1);
  assert.equal(ix.size, 2501);
  assert.deepEqual(ix.find(1), { index: 0, offset: 10, length: 2 });
  assert.deepEqual(ix.find(4999), { index: 2499, offset: 49990, length: 5000 });
  assert.equal(ix.find(2), undefined, 'an even line was never added');
  assert.deepEqual(ix.at(1), { line: 3, offset: 30, length: 4 });
});

test('row index keeps offsets above 4 GiB exactly', () => {
  const ix = new RowIndex();
  ix.add(7, 2 ** 33 + 5, 9);
  assert.equal(ix.find(7)?.offset, 2 ** 33 + 5);
});

/** Rows (line, offset, length) of a reference array, checked against a RowIndex fed the same rows. */
function checkAgainst(rows: [number, number, number][]): RowIndex {
  const ix = new RowIndex();
  for (const [line, offset, length] of rows) ix.add(line, offset, length);
  assert.equal(ix.size, rows.length);
  const snap = ix.snapshot();
  assert.deepEqual(
    [...snap.lines],
    rows.map((r) => r[0]),
  );
  assert.deepEqual(
    [...snap.offsets],
    rows.map((r) => r[1]),
  );
  assert.deepEqual(
    [...snap.lengths],
    rows.map((r) => r[2]),
  );
  for (let i = 0; i < rows.length; i += 997) {
    const [line, offset, length] = rows[i];
    assert.deepEqual(ix.at(i), { line, offset, length }, `at(${i})`);
    assert.deepEqual(ix.find(line), { index: i, offset, length }, `find(${line})`);
  }
  const last = rows.length - 1;
  assert.deepEqual(ix.at(last), { line: rows[last][0], offset: rows[last][1], length: rows[last][2] });
  assert.equal(ix.find(rows[last][0] + 1), undefined, 'past the last line');
  // merged from a snapshot cut anywhere: the same index
  const merged = new RowIndex();
  const cut = Math.floor(rows.length / 3);
  const a = new RowIndex();
  for (const [line, offset, length] of rows.slice(0, cut)) a.add(line, offset, length);
  const b = new RowIndex();
  for (const [line, offset, length] of rows.slice(cut)) b.add(line, offset, length);
  merged.merge(a.snapshot());
  merged.merge(b.snapshot());
  assert.deepEqual(merged.snapshot(), snap);
  return ix;
}

test('row index in blocks of 65,536 rows: at, find and snapshot equal a flat list across block ends', () => {
  // 200,000 rows (4 blocks): every third line missing, offsets past 4 GiB after row 100,000
  const rows: [number, number, number][] = [];
  let offset = 0;
  for (let i = 0, line = 1; i < 200_000; i++, line += i % 3 === 0 ? 2 : 1) {
    rows.push([line, offset, (i * 7) % 300]);
    offset += 1 + ((i * 7) % 300) + (i === 100_000 ? 5 * 2 ** 32 : 0);
  }
  const ix = checkAgainst(rows);
  for (const i of [65_535, 65_536, 65_537, 131_071, 131_072]) {
    assert.deepEqual(ix.at(i), { line: rows[i][0], offset: rows[i][1], length: rows[i][2] });
    assert.equal(ix.find(rows[i][0])?.index, i);
  }
  // lines that are no row (every third) are not found, in any block
  const isRow = new Set(rows.map((r) => r[0]));
  let missing = 0;
  for (let line = 1; line <= rows[rows.length - 1][0]; line += 101) {
    assert.equal(ix.find(line)?.index !== undefined, isRow.has(line), `find(${line})`);
    if (!isRow.has(line)) missing++;
  }
  assert.ok(missing > 100);
});

test('row index: offsets that go back (the next file of a dataset) or jump by 4 GiB start a block', () => {
  checkAgainst([
    [1, 100, 5],
    [2, 106, 5],
    [3, 0, 7], // next file: offsets start again
    [4, 8, 7],
    [5, 2 ** 32 + 8, 1], // exactly 4 GiB past the block's first offset
    [6, 2 ** 32 + 10, 1],
    [8, 2 ** 40, 0],
  ]);
  checkAgainst([[9, 0, 0]]);
  const empty = new RowIndex();
  assert.equal(empty.find(1), undefined);
  assert.deepEqual(empty.snapshot(), {
    lines: new Uint32Array(0),
    offsets: new Float64Array(0),
    lengths: new Uint32Array(0),
  });
});
