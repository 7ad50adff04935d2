import { test } from 'node:test';
import assert from 'node:assert/strict';
import { NgramHashSet } from '../../../../src/core/sketches/ngramHashSet.ts';
import {
  hashIdsFromTo,
  hashIdsAltFromTo,
  HASH_SEED_HI,
  HASH_SEED_LO,
  murmurFinish,
  murmurMix,
} from '../../../../src/core/sketches/hashing.ts';
import { distinctN, hashIdsPair } from '../../helpers/oracles.ts';
import { NgramDistinctCounter } from '../../../../src/core/lexical/lexicalDistinct.ts';

test('hashIdsFromTo is MurmurHash3_x86_32 of the ids as little-endian words (published test vectors)', () => {
  const none = new Uint32Array(0);
  assert.equal(hashIdsFromTo(none, 0, 0, 0), 0);
  assert.equal(hashIdsFromTo(none, 0, 0, 1), 0x514e28b7);
  assert.equal(hashIdsFromTo(none, 0, 0, 0xffffffff), 0x81f16f39);
  // bytes ff ff ff ff ⇒ word 0xffffffff, seed 0 ⇒ 0x76293b50
  assert.equal(hashIdsFromTo(Uint32Array.of(0xffffffff), 0, 1, 0), 0x76293b50);
  // bytes 21 43 65 87 ⇒ word 0x87654321: seed 0 ⇒ 0xf55b516b, seed 0x5082edee ⇒ 0x2362f9de
  assert.equal(hashIdsFromTo(Uint32Array.of(0x87654321), 0, 1, 0), 0xf55b516b);
  assert.equal(hashIdsFromTo(Uint32Array.of(0x87654321), 0, 1, 0x5082edee), 0x2362f9de);
});

test('hash helpers: ranges, incremental form, pair, order sensitivity', () => {
  const ids = Uint32Array.of(5, 9, 13, 9, 5);
  // same content at different offsets ⇒ same hash (ids[0..2) = [5,9]; ids[3..5) = [9,5] differs by order)
  assert.equal(hashIdsFromTo(Uint32Array.of(5, 9), 0, 2, 7), hashIdsFromTo(ids, 0, 2, 7));
  assert.notEqual(hashIdsFromTo(ids, 0, 2, 7), hashIdsFromTo(ids, 3, 5, 7));
  // incremental pieces reproduce hashIdsFromTo
  assert.equal(
    murmurFinish(murmurMix(murmurMix(HASH_SEED_HI | 0, 5), 9), 2),
    hashIdsFromTo(ids, 0, 2, HASH_SEED_HI),
  );
  const out = hashIdsPair(ids, 1, 4, new Uint32Array(2));
  assert.deepEqual(
    [...out],
    [hashIdsFromTo(ids, 1, 4, HASH_SEED_HI), hashIdsAltFromTo(ids, 1, 4, HASH_SEED_LO)],
  );
  // different seeds give different functions
  assert.notEqual(hashIdsFromTo(ids, 0, 5, 1), hashIdsFromTo(ids, 0, 5, 2));
  // 200k distinct bigrams (i, i+1): no 64-bit collision expected (p ≈ 2e10/1.8e19)
  const seen = new Set<string>();
  const pair = [0, 0];
  const bi = new Uint32Array(2);
  for (let i = 0; i < 200_000; i++) {
    bi[0] = i;
    bi[1] = i + 1;
    hashIdsPair(bi, 0, 2, pair);
    seen.add(pair[0] + ':' + pair[1]);
  }
  assert.equal(seen.size, 200_000);
});

test('NgramHashSet: insert/lookup across forced resizes, the all-zero key, duplicates', () => {
  const set = new NgramHashSet(16);
  assert.equal(set.capacity, 16);
  const n = 20_000;
  // keys share low halves in groups of 4 (long probe chains) and include (0, 0)
  for (let i = 0; i < n; i++)
    assert.equal(set.add(Math.imul(i, 2654435761) >>> 0, i >>> 2), true, `new key ${i}`);
  assert.equal(set.size, n);
  // grown by doubling while load ≤ 0.6: smallest power of two ≥ n/0.6 = 33334 ⇒ 65536 (32768·0.6 < 20000)
  assert.equal(set.capacity, 65536);
  for (let i = 0; i < n; i++) assert.equal(set.add(Math.imul(i, 2654435761) >>> 0, i >>> 2), false);
  for (let i = 0; i < n; i++) assert.ok(set.has(Math.imul(i, 2654435761) >>> 0, i >>> 2));
  assert.equal(set.has(0, 0), true); // i = 0 ⇒ (0, 0)
  assert.equal(set.has(1, 0), false);
  assert.equal(set.has(12345, 99999), false);
  let visited = 0;
  set.forEach(() => visited++);
  assert.equal(visited, n);
  assert.equal(set.size, n);
});

test('distinct-n: n-grams are formed inside each row and pooled', () => {
  const rows = [Uint32Array.of(1, 2, 3), Uint32Array.of(1, 2), Uint32Array.of(4), new Uint32Array(0)];
  // bigrams: row1 (1,2) (2,3); row2 (1,2); rows 3-4 none ⇒ 2 unique / 3 — the cross-row (3,1) is NOT formed
  assert.equal(distinctN(rows, 2), 2 / 3);
  assert.equal(distinctN(rows, 3), 1); // only (1,2,3)
  assert.equal(distinctN(rows, 4), null); // no row has 4 tokens
  const c = new NgramDistinctCounter();
  const rowBigrams = rows.map((r) => c.addRow(r));
  assert.deepEqual(rowBigrams, [2, 1, 0, 0]);
  assert.deepEqual(c.count(2), { unique: 2, total: 3, method: 'exact', relativeError: 0 });
  assert.deepEqual(c.count(3), { unique: 1, total: 1, method: 'exact', relativeError: 0 });
  assert.deepEqual(c.count(4), { unique: 0, total: 0, method: 'exact', relativeError: 0 });
});

test('distinct-n counter agrees with the string-set reference on random rows', () => {
  let s = 12345;
  const rnd = (m: number) => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % m;
  };
  const rows: Uint32Array[] = [];
  for (let r = 0; r < 3000; r++) rows.push(Uint32Array.from({ length: rnd(12) }, () => rnd(6)));
  const c = new NgramDistinctCounter();
  for (const r of rows) c.addRow(r);
  for (const n of [2, 3, 4] as const) {
    const got = c.count(n);
    assert.equal(got.method, 'exact');
    assert.equal(got.unique / got.total, distinctN(rows, n), `order ${n}`);
  }
});

test('distinct-n switches an order to HyperLogLog past the memory budget, within the stated error', () => {
  // 100k rows [2i, 2i+1]: 100k distinct bigrams, no 3/4-grams. Budget 256 KiB: the bigram table
  // (8 B/slot) cannot reach the 2^18 slots 100k keys need at load ≤ 0.6, so order 2 falls back.
  const c = new NgramDistinctCounter(256 * 1024);
  const row = new Uint32Array(2);
  for (let i = 0; i < 100_000; i++) {
    row[0] = 2 * i;
    row[1] = 2 * i + 1;
    c.addRow(row);
  }
  const got = c.count(2);
  assert.equal(got.method, 'hll');
  assert.equal(got.total, 100_000);
  assert.equal(got.relativeError, 1.04 / Math.sqrt(65536));
  // within 3 standard errors (1.2%) of the true 100 000
  assert.ok(Math.abs(got.unique - 100_000) / 100_000 < 3 * got.relativeError, `estimate ${got.unique}`);
  assert.equal(c.count(3).method, 'exact');
  assert.ok(c.tableBytes <= 256 * 1024);
});

test('NgramHashSet.addPairs: batch insert counts new keys, handles (0,0) and growth inside the batch', () => {
  const set = new NgramHashSet(16);
  // keys: (0,0), (1,1), (1,1) again, then 100 keys (i, i·7) ⇒ 1 + 1 + 100 = 102 new
  const keys = new Uint32Array(2 * 103);
  keys.set([0, 0, 1, 1, 1, 1], 0);
  for (let i = 0; i < 100; i++) keys.set([i + 2, (i + 2) * 7], 6 + 2 * i);
  assert.equal(set.hasRoomFor(103), false); // 16 slots · 0.6 < 103 ⇒ the batch must grow on the way
  assert.equal(set.addPairs(keys, 0, 103), 102);
  assert.equal(set.size, 102);
  assert.equal(set.addPairs(keys, 0, 103), 0);
  for (let i = 0; i < 100; i++) assert.ok(set.has(i + 2, (i + 2) * 7));
  assert.ok(set.has(0, 0) && set.has(1, 1));
  assert.ok(set.capacity >= 102 / 0.6);
});

test('addPairsMarked: probes only unmarked keys and marks the ones already stored', () => {
  const s = new NgramHashSet(16);
  s.add(1, 10);
  s.add(0, 0);
  // keys (1,10) stored, (2,20) new, (3,30) marked (skipped, not added), (0,0) stored, (2,20) again
  const keys = Uint32Array.of(1, 10, 2, 20, 3, 30, 0, 0, 2, 20);
  const mark = Uint8Array.of(0, 0, 1, 0, 0);
  assert.equal(s.addPairsMarked(keys, 0, 5, mark), 1);
  assert.deepEqual([...mark], [1, 0, 1, 1, 1]);
  assert.equal(s.size, 3);
  assert.ok(s.has(2, 20));
  assert.ok(!s.has(3, 30));
  assert.equal(typeof s.touchMarked(keys, 0, 5, mark), 'number');
});

test('NgramHashSet with a reserve: the same capacity, room, bytes and keys as without; doublings within it copy nothing', () => {
  let seed = 3;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const plain = new NgramHashSet();
  const reserved = new NgramHashSet(undefined, 1 << 16);
  assert.equal(reserved.capacity, 1024);
  assert.equal(reserved.bytes, 1024 * 8);
  const arrayOf = (s: NgramHashSet) => (s as unknown as { slots: Uint32Array }).slots;
  const first = arrayOf(reserved);
  assert.equal(first.length, 2 * (1 << 16));
  for (let i = 0; i < 60000; i++) {
    const hi = rnd() % 5000; // repeats, and the all-zero key now and then
    const lo = hi === 0 ? 0 : rnd();
    const extra = 1 + (i % 7);
    assert.equal(reserved.hasRoomFor(extra), plain.hasRoomFor(extra), `room at ${i}`);
    if (plain.needsGrow() !== reserved.needsGrow()) assert.fail(`needsGrow differs at ${i}`);
    assert.equal(reserved.add(hi, lo), plain.add(hi, lo), `add at ${i}`);
    assert.equal(reserved.capacity, plain.capacity, `capacity at ${i}`);
    assert.equal(reserved.bytes, plain.bytes, `bytes at ${i}`);
    assert.equal(reserved.size, plain.size);
  }
  // 1,024 → 65,536 slots happened inside the reserve: the same array all along; past it the table doubled for real
  assert.ok(plain.capacity > 1 << 16, `capacity ${plain.capacity}`);
  assert.notEqual(arrayOf(reserved), first);
  assert.equal(arrayOf(reserved).length, 2 * reserved.capacity);
  assert.deepEqual(reserved.toPairs(), plain.toPairs());
  // a reserve larger than the table ever gets
  const big = new NgramHashSet(16, 1 << 12);
  const small = new NgramHashSet(16);
  for (let i = 1; i <= 500; i++) {
    big.add(i, Math.imul(i, 0x9e3779b1));
    small.add(i, Math.imul(i, 0x9e3779b1));
  }
  assert.equal(big.capacity, small.capacity);
  assert.equal(arrayOf(big).length, 2 * (1 << 12));
  assert.deepEqual(big.toPairs(), small.toPairs());
  const seen: number[] = [];
  big.forEach((hi) => seen.push(hi));
  assert.deepEqual(
    seen.sort((a, b) => a - b),
    [...Array(500).keys()].map((i) => i + 1),
  );
  big.clear();
  assert.equal(big.capacity, 16);
  assert.equal(big.size, 0);
});
