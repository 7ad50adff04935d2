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
