import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BatchedCountMap, radixSort } from '../../../../src/core/slices/batchedCountMap.ts';
import { keptAtLevel, SliceCountMap } from '../../../../src/core/slices/sliceCountMap.ts';
import { rng, rngUint32 } from '../../helpers/testRng.ts';

test('batched counts (by hand): keys ascending with their counts, level 0, across batch ends', () => {
  for (const batch of [1, 2, 4, 1000]) {
    const m = new BatchedCountMap(Infinity, batch);
    for (const k of [5, 3, 5, 9, 3, 5, 0, 4294967295]) m.add(k);
    const p = m.snapshot();
    assert.deepEqual([...p.keys], [0, 3, 5, 9, 4294967295], `batch ${batch}`);
    assert.deepEqual([...p.counts], [1, 2, 3, 1, 1], `batch ${batch}`);
    assert.equal(p.level, 0);
  }
  const empty = new BatchedCountMap(10).snapshot();
  assert.deepEqual([empty.keys.length, empty.counts.length, empty.level], [0, 0, 0]);
});

test('batched counts past the entry bound (by hand): the level of the table, only qualifying keys kept', () => {
  // 1..4000 once each, at most 1,000 entries: the smallest level at which ≤ 1,000 of them qualify
  const m = new BatchedCountMap(1000, 256);
  for (let k = 1; k <= 4000; k++) m.add(k);
  const p = m.snapshot();
  let level = 0;
  const qualifying = (l: number) =>
    Array.from({ length: 4000 }, (_, i) => i + 1).filter((k) => keptAtLevel(k, l));
  while (qualifying(level).length > 1000) level++;
  assert.equal(p.level, level);
  assert.ok(level >= 2);
  assert.deepEqual([...p.keys], qualifying(level));
  assert.ok(p.counts.every((c) => c === 1));
});

test('batched counts equal the snapshot of a SliceCountMap fed the same keys (random, bounds and batches)', () => {
  const r = rng(3);
  const u = rngUint32(4);
  for (const maxEntries of [Infinity, 5000, 300, 1, 0]) {
    for (const batch of [1, 33, 4096, 1 << 20]) {
      const table = new SliceCountMap(maxEntries, 64);
      const batched = new BatchedCountMap(maxEntries, batch);
      const n = 20_000;
      for (let i = 0; i < n; i++) {
        // a heavy head, a long tail of whole 32-bit keys
        const key = r() < 0.6 ? Math.floor(r() * 200) : u();
        table.add(key);
        batched.add(key);
      }
      assert.deepEqual(batched.snapshot(), table.snapshot(), `maxEntries ${maxEntries}, batch ${batch}`);
    }
  }
});

test('radix sort: the first n values ascending, whole 32-bit range', () => {
  const u = rngUint32(8);
  const a = Uint32Array.from({ length: 5000 }, () => (u() % 3 === 0 ? u() % 10 : u()));
  const sorted = radixSort(a, 4000);
  assert.deepEqual(
    [...sorted],
    [...a.subarray(0, 4000)].sort((x, y) => x - y),
  );
  assert.equal(radixSort(a, 0).length, 0);
});
