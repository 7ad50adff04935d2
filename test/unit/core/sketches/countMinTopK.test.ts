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
  // positions() writes what locate() writes, and touchCells() reads without counting
  const viaLocate = new Int32Array(8);
  const viaPositions = new Int32Array(8);
  for (let item = 0; item < 300; item++) {
    const lo = Math.imul(item, 0x9e3779b1) >>> 0;
    const hi = Math.imul(item ^ 0x55, 0x85ebca6b) >>> 0;
    b.locate(lo, hi, viaLocate, 4);
    b.positions(lo, hi, viaPositions, 4);
    assert.deepEqual(viaPositions, viaLocate);
    b.touchCells(viaPositions, 8);
  }
  assert.deepEqual(b.snapshot(), a.snapshot());
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

test('CountMinTopK: 16-bit cells widen to 32 bits when one must pass 65,535, holding what a 32-bit table holds', () => {
  // A plain conservative-update Count-Min over the same cell positions (numbers, no width) as the reference.
  const s = new CountMinTopK(1024, 8, 1);
  const depth = s.depth;
  const model = new Map<number, number>();
  const at = new Int32Array(depth);
  let seed = 11;
  const rnd = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0);
  let widenedAt = -1;
  for (let i = 0; i < 3000; i++) {
    const item = rnd() % 40;
    const lo = Math.imul(item, 0x9e3779b1) >>> 0;
    const hi = Math.imul(item ^ 0x55, 0x85ebca6b) >>> 0;
    const weight = 1 + (rnd() % 2000); // the items pass 65,535 about halfway
    s.locate(lo, hi, at, 0);
    let est = Infinity;
    for (const c of at) est = Math.min(est, model.get(c) ?? 0);
    for (const c of at) if ((model.get(c) ?? 0) < est + weight) model.set(c, est + weight);
    s.offerAt(at, 0, lo, hi, Uint32Array.of(item), 0, 1, i + 1, weight);
    assert.equal(s.estimate(lo, hi), est + weight, `offer ${i}`);
    // narrow exactly while every cell fits in 16 bits
    assert.equal(s.widened, Math.max(...model.values()) > 0xffff || widenedAt >= 0, `width after offer ${i}`);
    if (widenedAt < 0 && s.widened) widenedAt = i;
  }
  // the table widened once some cell had to pass 65,535, and not before
  assert.ok(widenedAt > 0, 'the cells widened');
  const cells = s.snapshot().cells;
  assert.ok(cells instanceof Uint32Array);
  assert.ok(Math.max(...cells) > 0xffff);
  for (let c = 0; c < cells.length; c++) assert.equal(cells[c], model.get(c) ?? 0, `cell ${c}`);
});

test('CountMinTopK: a narrow sketch snapshots 32-bit cells, and a merge whose sums pass 65,535 keeps them exact', () => {
  const a = new CountMinTopK(1024, 4, 1);
  const b = new CountMinTopK(1024, 4, 1);
  const t = Uint32Array.of(1);
  a.offer(10, 20, t, 0, 1, 1, 40_000);
  b.offer(10, 20, t, 0, 1, 7, 40_000);
  b.offer(11, 21, t, 0, 1, 8, 3);
  assert.equal(a.widened, false);
  const p = b.snapshot();
  assert.ok(p.cells instanceof Uint32Array);
  assert.equal(
    p.cells.reduce((x, y) => x + y, 0),
    4 * 40_000 + 4 * 3,
  );
  a.merge(p);
  assert.equal(a.widened, true);
  assert.equal(a.estimate(10, 20), 80_000);
  assert.equal(a.estimate(11, 21), 3);
  assert.equal(a.offered, 80_003);
  assert.deepEqual(
    a.top(2).map((h) => [h.count, h.exampleLines]),
    [
      [80_000, [1, 7]],
      [3, [8]],
    ],
  );
});
