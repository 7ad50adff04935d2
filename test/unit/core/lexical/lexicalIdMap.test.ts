import { test } from 'node:test';
import assert from 'node:assert/strict';
import { inverseOf, LocalIdMap } from '../../../../src/core/lexical/lexicalIdMap.ts';
import { rng } from '../../helpers/testRng.ts';

test('local ids: 0, 1, 2, … in order of first appearance; a repeated id keeps its local id (by hand)', () => {
  const m = new LocalIdMap(2);
  assert.deepEqual(
    [500, 0, 500, 7, 0, 4294967294, 7].map((g) => m.localize(g)),
    [0, 1, 0, 2, 1, 3, 2],
  );
  assert.equal(m.size, 4);
});

test('local ids: unchanged through many doublings, against a Map', () => {
  const r = rng(5);
  const m = new LocalIdMap(1);
  const ref = new Map<number, number>();
  for (let i = 0; i < 200_000; i++) {
    const g = r() < 0.3 ? Math.floor(r() * 100) : Math.floor(r() * 4294967295);
    if (!ref.has(g)) ref.set(g, ref.size);
    assert.equal(m.localize(g), ref.get(g));
  }
  assert.equal(m.size, ref.size);
  for (const [g, l] of ref) assert.equal(m.localize(g), l);
  assert.equal(m.size, ref.size);
});

test('inverse of the first n types: out[types[l]] = l, as long as the largest id + 1 (by hand)', () => {
  const out = inverseOf(new Uint32Array([4, 0, 9, 2, 77]), 4);
  assert.equal(out.length, 10);
  assert.deepEqual([out[4], out[0], out[9], out[2]], [0, 1, 2, 3]);
  assert.equal(inverseOf(new Uint32Array(3), 0).length, 0);
});

test('local ids with a direct array below 3,000: the same local ids as the table alone, against a Map', () => {
  const r = rng(9);
  const m = new LocalIdMap(1, 3000);
  const plain = new LocalIdMap(1);
  const ref = new Map<number, number>();
  for (let i = 0; i < 100_000; i++) {
    // ids on both sides of the bound, the bound itself and its neighbours included
    const u = r();
    const g =
      u < 0.05 ? 2999 + Math.floor(r() * 3) : u < 0.6 ? Math.floor(r() * 3000) : Math.floor(r() * 1e6);
    if (!ref.has(g)) ref.set(g, ref.size);
    assert.equal(m.localize(g), ref.get(g));
    assert.equal(plain.localize(g), ref.get(g));
  }
  assert.equal(m.size, ref.size);
});

test('local ids with a direct array (by hand): one counter across the array and the table', () => {
  const m = new LocalIdMap(2, 10);
  assert.deepEqual(
    [3, 50, 9, 10, 3, 0, 50, 10].map((g) => m.localize(g)),
    [0, 1, 2, 3, 0, 4, 1, 3],
  );
  assert.equal(m.size, 5);
});
