import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countMapPartialOfTypes } from '../../../../src/core/slices/sliceTypeCounts.ts';
import { SliceCountMap } from '../../../../src/core/slices/sliceCountMap.ts';
import { rng } from '../../helpers/testRng.ts';

test('type counts → count-map partial: ids ascending with their counts, level 0 (by hand)', () => {
  // types in order of first appearance 7, 2, 9, 4 occurring 3, 1, 2, 5 times
  const p = countMapPartialOfTypes(new Uint32Array([7, 2, 9, 4]), new Float64Array([3, 1, 2, 5]));
  assert.deepEqual([...p.keys], [2, 4, 7, 9]);
  assert.deepEqual([...p.counts], [1, 5, 3, 2]);
  assert.equal(p.level, 0);
  assert.ok(p.counts instanceof Uint32Array);
});

test('type counts → count-map partial: no types gives empty arrays; a zero count is left out', () => {
  const empty = countMapPartialOfTypes(new Uint32Array(0), new Float64Array(0));
  assert.equal(empty.keys.length, 0);
  assert.equal(empty.counts.length, 0);
  const p = countMapPartialOfTypes(new Uint32Array([5, 1]), new Float64Array([0, 4]));
  assert.deepEqual([...p.keys], [1]);
  assert.deepEqual([...p.counts], [4]);
  assert.throws(() => countMapPartialOfTypes(new Uint32Array([1]), new Float64Array(2)), RangeError);
});

test('type counts → count-map partial: equal to the snapshot of an exact table fed the same tokens', () => {
  const r = rng(11);
  for (let trial = 0; trial < 20; trial++) {
    const table = new SliceCountMap(Infinity, 64);
    const firstSeen: number[] = [];
    const counts = new Map<number, number>();
    const n = Math.floor(r() * 5000);
    for (let i = 0; i < n; i++) {
      // a heavy head and a long tail of ids up to 2^20
      const id = r() < 0.5 ? Math.floor(r() * 50) : Math.floor(r() * (1 << 20));
      table.add(id);
      if (!counts.has(id)) firstSeen.push(id);
      counts.set(id, (counts.get(id) ?? 0) + 1);
    }
    const p = countMapPartialOfTypes(
      Uint32Array.from(firstSeen),
      Float64Array.from(firstSeen, (id) => counts.get(id)!),
    );
    assert.deepEqual(p, table.snapshot());
  }
});
