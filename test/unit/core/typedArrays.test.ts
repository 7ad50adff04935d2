// U32BlockList (src/core/typedArrays.ts): a chunk's token ids appended row by row across block boundaries read back
// as exactly the concatenation, and the list empty afterwards.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { U32BlockList } from '../../../src/core/typedArrays.ts';

test('U32BlockList: appends across block boundaries read back in order, exactly sized', () => {
  const list = new U32BlockList(4);
  const rows = [[1, 2, 3], [], [4, 5], [6, 7, 8, 9, 10, 11, 12, 13, 14], [15]];
  for (const r of rows) list.append(Uint32Array.from(r));
  assert.equal(list.length, 15);
  const all = list.take();
  assert.deepEqual([...all], rows.flat());
  assert.equal(all.length, 15, 'no slack');
  assert.equal(list.length, 0, 'empty after take');
  assert.deepEqual([...list.take()], []);
  // reusable after take, and a block filled exactly to its end
  list.append(Uint32Array.from([7, 8, 9, 10]));
  list.append(Uint32Array.from([11]));
  assert.deepEqual([...list.take()], [7, 8, 9, 10, 11]);
  list.append(Uint32Array.from([1, 2, 3, 4, 5, 6, 7, 8]));
  assert.deepEqual([...list.take()], [1, 2, 3, 4, 5, 6, 7, 8]);
  list.append(Uint32Array.from([3]));
  list.clear();
  assert.equal(list.length, 0);
  assert.deepEqual([...list.take()], []);
});
