// The templates' hot-path pieces against their plain definitions: windowPairs / prefixPairs against hashIds /
// hashIdsHigh, CountMinTopK.locate + offerAt against offer, and the weighted conservative update by hand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CountMinTopK } from '../../../../src/core/sketches/countMinTopK.ts';
import { RowKeys, prefixPairs, windowPairs } from '../../../../src/core/sketches/idWindowHash.ts';
import { hashIds, hashIdsHigh } from '../../../../src/core/sketches/minhash.ts';

test('windowPairs and prefixPairs equal hashIds / hashIdsHigh of every window (rows of 0–40 tokens)', () => {
  let seed = 7;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  const keys = new RowKeys();
  for (let len = 0; len <= 40; len++) {
    const ids = Uint32Array.from({ length: len }, () => rnd());
    keys.set(ids);
    for (const width of [1, 5, 6]) {
      const count = Math.max(0, len - width + 1);
      const lo = new Uint32Array(count);
      const hi = new Uint32Array(count);
      windowPairs(keys, width, count, lo, hi);
      for (let s = 0; s < count; s++) {
        assert.equal(lo[s], hashIds(ids, s, width), `lo ${len}/${width}/${s}`);
        assert.equal(hi[s], hashIdsHigh(ids, s, width), `hi ${len}/${width}/${s}`);
      }
    }
    const max = Math.min(len, 6);
    const lo = new Uint32Array(7);
    const hi = new Uint32Array(7);
    prefixPairs(keys, max, lo, hi);
    for (let n = 1; n <= max; n++) {
      assert.equal(lo[n], hashIds(ids, 0, n));
      assert.equal(hi[n], hashIdsHigh(ids, 0, n));
    }
  }
  // set(ids, n) computes the first n keys only: enough for the windows inside them
  const ids = Uint32Array.of(5, 6, 7, 8, 9, 10, 11, 12);
  keys.set(ids, 6);
  const lo = new Uint32Array(1);
  const hi = new Uint32Array(1);
  windowPairs(keys, 6, 1, lo, hi);
  assert.deepEqual([lo[0], hi[0]], [hashIds(ids, 0, 6), hashIdsHigh(ids, 0, 6)]);
});

test('CountMinTopK: locate + offerAt give exactly the sketch offer gives', () => {
  const a = new CountMinTopK(1024, 16, 1);
  const b = new CountMinTopK(1024, 16, 1);
  const at = new Int32Array(8);
  let seed = 3;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  for (let i = 0; i < 5000; i++) {
    const item = rnd() % 300;
    const lo = Math.imul(item, 0x9e3779b1) >>> 0;
    const hi = Math.imul(item ^ 0x55, 0x85ebca6b) >>> 0;
    const tokens = Uint32Array.of(item);
    const weight = 1 + (i % 3);
    a.offer(lo, hi, tokens, 0, 1, i + 1, weight);
    b.locate(lo, hi, at, 4);
    b.offerAt(at, 4, lo, hi, tokens, 0, 1, i + 1, weight);
  }
  assert.deepEqual(b.snapshot(), a.snapshot());
  assert.deepEqual(b.top(16), a.top(16));
});

test('CountMinTopK: a weighted offer raises the estimate by its weight (conservative update) and N by it', () => {
  const s = new CountMinTopK(1024, 4, 1);
  const t = Uint32Array.of(1);
  s.offer(10, 20, t, 0, 1, 1);
  s.offer(10, 20, t, 0, 1, 2, 4);
  s.offer(11, 21, t, 0, 1, 3, 2);
  assert.equal(s.offered, 7);
  assert.equal(s.estimate(10, 20), 5);
  assert.equal(s.estimate(11, 21), 2);
  assert.deepEqual(
    s.top(2).map((h) => [h.count, h.exampleLines]),
    [
      [5, [1, 2]],
      [2, [3]],
    ],
  );
});
