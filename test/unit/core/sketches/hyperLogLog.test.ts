import { test } from 'node:test';
import assert from 'node:assert/strict';
import { HyperLogLog } from '../../../../src/core/sketches/hyperLogLog.ts';
import { hashIdsPair } from '../../helpers/oracles.ts';

function fill(hll: HyperLogLog, from: number, to: number): void {
  const one = new Uint32Array(1);
  const h = [0, 0];
  for (let i = from; i < to; i++) {
    one[0] = i;
    hashIdsPair(one, 0, 1, h);
    hll.add(h[0], h[1]);
  }
}

test('HyperLogLog: 100k distinct values within 3 standard errors (p = 14 and p = 16)', () => {
  for (const p of [14, 16]) {
    const hll = new HyperLogLog(p);
    assert.equal(hll.relativeStandardError, 1.04 / Math.sqrt(2 ** p)); // 0.81% / 0.41%
    fill(hll, 0, 100_000);
    const e = hll.estimate();
    assert.ok(Math.abs(e - 100_000) / 100_000 < 3 * hll.relativeStandardError, `p=${p}: ${e}`);
  }
});

test('HyperLogLog: duplicates do not change the estimate; empty is 0; small sets are near exact', () => {
  const hll = new HyperLogLog(14);
  assert.equal(hll.estimate(), 0);
  fill(hll, 0, 500);
  const once = hll.estimate();
  fill(hll, 0, 500);
  assert.equal(hll.estimate(), once);
  // 500 values in 16384 registers (load t = 0.03): the estimator behaves like linear counting,
  // standard error √(m(e^t − t − 1))/n ≈ √(16384·0.000465)/500 ≈ 0.55% ⇒ allow 2% (≈ 3.5 σ)
  assert.ok(Math.abs(once - 500) < 10, `estimate ${once}`);
});

test('HyperLogLog: rank uses all 64 − p bits (hashes with a zero high remainder)', () => {
  const hll = new HyperLogLog(14);
  // index 0, remaining high bits 0, lo with 3 leading zeros ⇒ rank 18 + 3 + 1 = 22; still one element
  hll.add(0, 0x1fffffff);
  assert.ok(Math.abs(hll.estimate() - 1) < 0.01);
  assert.throws(() => new HyperLogLog(3), RangeError);
});
