import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HistogramBuilder,
  powerOfTwoEdges,
  quantileSorted,
  uniformEdges,
} from '../../../../src/core/sketches/histogram.ts';

test('histogram bins: half-open bins, closed last bin, under/overflow, exact mean/median/p90', () => {
  const h = new HistogramBuilder([0, 1, 2, 4]);
  for (const x of [0, 1, 1.5, 2, 3.9, 4, 5, -1]) h.add(x);
  const r = h.toHistogram();
  // [0,1): 0   [1,2): 1, 1.5   [2,4]: 2, 3.9, 4   overflow 5   underflow -1
  assert.deepEqual(r.counts, [1, 2, 3]);
  assert.equal(r.overflow, 1);
  assert.equal(r.underflow, 1);
  assert.equal(r.count, 8);
  assert.equal(r.mean, (0 + 1 + 1.5 + 2 + 3.9 + 4 + 5 - 1) / 8);
  assert.equal(r.min, -1);
  assert.equal(r.max, 5);
  // sorted: -1 0 1 1.5 2 3.9 4 5; median at position 3.5 ⇒ (1.5 + 2)/2 = 1.75
  assert.equal(r.median, 1.75);
  // p90 at position 0.9·7 = 6.3 ⇒ 4 + 0.3·(5 − 4) = 4.3
  assert.ok(Math.abs(r.p90! - 4.3) < 1e-12);
  assert.equal(r.quantileMethod, 'exact');
});

test('empty histogram has null statistics', () => {
  const r = new HistogramBuilder(uniformEdges(0, 1, 4)).toHistogram();
  assert.deepEqual(r.edges, [0, 0.25, 0.5, 0.75, 1]);
  assert.deepEqual(r.counts, [0, 0, 0, 0]);
  assert.equal(r.mean, null);
  assert.equal(r.median, null);
  assert.equal(r.p90, null);
});

test('past the reservoir cap quantiles come from a uniform sample', () => {
  const h = new HistogramBuilder(powerOfTwoEdges(16), 1000);
  for (let i = 0; i < 50_000; i++) h.add(i % 1000); // uniform 0…999: median 499.5, p90 899.1
  const r = h.toHistogram();
  assert.equal(r.quantileMethod, 'reservoir');
  assert.equal(r.reservoirSize, 1000);
  assert.equal(r.mean, 499.5); // exact over all values
  // sample of 1000: standard error of a quantile position ≈ √(q(1−q)/1000) ≈ 1.6% of the range ⇒ allow 60
  assert.ok(Math.abs(r.median! - 499.5) < 60, `median ${r.median}`);
  assert.ok(Math.abs(r.p90! - 899.1) < 60, `p90 ${r.p90}`);
  assert.equal(
    r.counts.reduce((a, b) => a + b, 0),
    50_000,
  );
  assert.equal(r.counts[0], 50); // value 0 occurs 50 times
});

test('helpers', () => {
  assert.deepEqual(powerOfTwoEdges(3), [0, 1, 2, 4, 8]);
  assert.equal(quantileSorted([], 0.5), null);
  assert.equal(quantileSorted([7], 0.9), 7);
  assert.throws(() => new HistogramBuilder([0, 0]), RangeError);
});
