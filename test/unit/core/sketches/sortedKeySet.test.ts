/**
 * The sorted runs that hold a chunked run's merged distinct-n keys (sketches/sortedKeySet.ts) and the memory model
 * they serve (docs/performance.md, Session 7): exact unions across blocks, chunk key lists that arrive sorted, a
 * merged counter that stays exact where hash tables would have switched to HyperLogLog, and the largest order
 * switching first when the budget is reached.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SortedKeySet, pairsAscending, sortedPairs } from '../../../../src/core/sketches/sortedKeySet.ts';
import { NgramHashSet } from '../../../../src/core/sketches/ngramHashSet.ts';
import { NgramDistinctCounter } from '../../../../src/core/lexical/lexicalDistinct.ts';
import { rngUint32 as rng } from '../../helpers/testRng.ts';
import { chunkPartials, randomPairs } from '../../helpers/distinctKeys.ts';

const keyOf = (p: Uint32Array, j: number): string => `${p[2 * j]}:${p[2 * j + 1]}`;

test('SortedKeySet: unions of sorted batches equal a Set of the keys, across block boundaries, (0,0) included', () => {
  const next = rng(7);
  const set = new SortedKeySet();
  const ref = new Set<string>();
  const batches = [
    randomPairs(150_000, next), // more than one 131,072-key block at once
    randomPairs(40_000, next, 1 << 16, 4), // many equal low halves
    Uint32Array.of(0, 0, 0, 5, 7, 0),
    randomPairs(200_000, next, 1 << 20, 1 << 3),
    new Uint32Array(0),
  ];
  for (const raw of batches) {
    for (let j = 0; j < raw.length / 2; j++) ref.add(keyOf(raw, j));
    const pairs = sortedPairs(raw);
    assert.ok(pairsAscending(pairs));
    const union = set.unionSize(pairs, 0, pairs.length / 2);
    set.merge(pairs, 0, pairs.length / 2, union);
    assert.equal(set.size, ref.size);
    assert.equal(set.bytes, SortedKeySet.bytesFor(ref.size));
  }
  // merging the same keys again adds nothing
  const again = set.toPairs();
  assert.ok(pairsAscending(again));
  assert.equal(set.unionSize(again, 0, again.length / 2), ref.size);
  const listed = new Set<string>();
  set.forEach((hi, lo) => listed.add(`${hi}:${lo}`));
  assert.deepEqual([...listed].sort(), [...ref].sort());
});

test('SortedKeySet.mergeAll: the same run as unionSize + merge, in one pass, across block boundaries', () => {
  const next = rng(11);
  const one = new SortedKeySet();
  const two = new SortedKeySet();
  const batches = [
    new Uint32Array(0),
    randomPairs(140_000, next), // into an empty run, more than one block
    Uint32Array.of(0, 0, 0xffffffff, 0xffffffff), // the smallest and the largest key
    randomPairs(131_072, next, 1 << 18, 8), // many repeats and equal low halves
    randomPairs(5, next),
    new Uint32Array(0),
    randomPairs(300_000, next, 1 << 22, 2),
  ];
  for (const raw of batches) {
    const pairs = sortedPairs(raw);
    const count = pairs.length / 2;
    const union = one.unionSize(pairs, 0, count);
    one.merge(pairs, 0, count, union);
    assert.equal(two.mergeAll(pairs, 0, count), union);
    assert.equal(two.size, union);
    assert.equal(two.bytes, SortedKeySet.bytesFor(union));
    assert.deepEqual(two.toPairs(), one.toPairs());
  }
  // by hand: {(0,1), (0,3)} ∪ {(0,2), (0,3), (1,3)} = (0,1), (0,2), (0,3), (1,3) (low half first, then high half)
  const small = new SortedKeySet();
  small.mergeAll(Uint32Array.of(0, 1, 0, 3), 0, 2);
  assert.equal(small.mergeAll(Uint32Array.of(9, 9, 0, 2, 0, 3, 1, 3), 2, 3), 4);
  assert.deepEqual([...small.toPairs()], [0, 1, 0, 2, 0, 3, 1, 3]);
});

test('sortedPairs: an unsorted list with repeats becomes strictly ascending (low half, then high half)', () => {
  const p = Uint32Array.of(3, 9, 1, 2, 3, 9, 0, 9, 5, 2, 0xffffffff, 1);
  assert.deepEqual([...sortedPairs(p)], [0xffffffff, 1, 1, 2, 5, 2, 0, 9, 3, 9]);
  const sorted = Uint32Array.of(1, 1, 0, 2);
  assert.equal(sortedPairs(sorted), sorted); // already sorted: the same array, no copy
});

test('NgramHashSet.toPairs lists its keys strictly ascending, wrapped probe runs and the zero key included', () => {
  const next = rng(11);
  for (const n of [10, 1000, 50_000]) {
    const set = new NgramHashSet(16);
    const ref = new Set<string>();
    // keys whose low half is near 2^32 have their home in the last slots: their runs wrap to the first slots
    for (let j = 0; j < n; j++) {
      const hi = next() % 5;
      const lo = j % 3 === 0 ? 0xffffffff - (next() % 64) : next();
      set.add(hi, lo);
      ref.add(`${hi}:${lo}`);
    }
    set.add(0, 0);
    ref.add('0:0');
    const pairs = set.toPairs();
    assert.ok(pairsAscending(pairs), `ascending for ${n} keys`);
    assert.equal(pairs.length / 2, ref.size);
    const listed = new Set<string>();
    for (let j = 0; j < pairs.length / 2; j++) listed.add(keyOf(pairs, j));
    assert.deepEqual([...listed].sort(), [...ref].sort());
  }
});

test('merged distinct-n keys are held as sorted runs: exact under a budget the hash tables would have exceeded', () => {
  // ~110 k distinct keys per order: 1 MiB of sorted run each (3 MiB), but 2 MiB hash tables each (6 MiB)
  const { partials, whole } = chunkPartials(4, 900, 1 << 30, 3);
  const merged = new NgramDistinctCounter(4 * 1024 * 1024);
  for (const p of partials) merged.merge(p);
  for (const n of [2, 3, 4] as const) {
    const c = merged.count(n);
    assert.equal(c.method, 'exact', `order ${n}`);
    assert.deepEqual(c, whole.count(n));
  }
  assert.ok(merged.tableBytes <= 3 * 1024 * 1024, `${merged.tableBytes} bytes`);
  // a merged counter's snapshot is a valid partial: the same counts again
  const again = new NgramDistinctCounter(4 * 1024 * 1024);
  again.merge(merged.snapshot());
  for (const n of [2, 3, 4] as const) assert.deepEqual(again.count(n), whole.count(n));
});

test('a merge past the sorted budget sends the largest order to HyperLogLog first; unsorted partials are sorted', () => {
  // 24 types: at most 576 bigrams and 13,824 trigrams (one block each), but ~230 k distinct 4-grams (two blocks)
  const { partials, whole } = chunkPartials(6, 2000, 24, 5);
  // an older partial file may list its keys in any order
  const p0 = partials[0].orders[2].pairs!;
  const shuffled = new Uint32Array(p0.length);
  for (let j = 0, k = p0.length / 2 - 1; k >= 0; j++, k--) {
    shuffled[2 * j] = p0[2 * k];
    shuffled[2 * j + 1] = p0[2 * k + 1];
  }
  partials[0].orders[2].pairs = shuffled;
  const merged = new NgramDistinctCounter(1 << 30, 16, 3 * 1024 * 1024);
  for (const p of partials) merged.merge(p);
  assert.deepEqual(merged.count(2), whole.count(2));
  assert.deepEqual(merged.count(3), whole.count(3));
  const four = merged.count(4);
  const exact = whole.count(4);
  assert.equal(four.method, 'hll');
  assert.equal(four.total, exact.total);
  assert.ok(Math.abs(four.unique - exact.unique) / exact.unique < 5 * four.relativeError);
  assert.ok(merged.tableBytes <= 3 * 1024 * 1024);
});
