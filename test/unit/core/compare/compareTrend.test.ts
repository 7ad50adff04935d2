/**
 * The trend rule on constructed series: the least-squares relative slope, the threshold's scaling with the series'
 * length and the common size, and the verdict — collapsing / recovering only when at least two figures cross their
 * threshold the same way and none the other way, with reasons naming the datasets.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  relativeSlope,
  TREND_REFERENCE_TOKENS,
  TREND_THRESHOLDS,
  trendThreshold,
  trendVerdict,
} from '../../../../src/core/compare/compareTrend.ts';
import type { CompareDataset } from '../../../../src/core/compare/compareTypes.ts';

/** A dataset row with the three trend figures set (the rest is not read by the rule). */
function row(i: number, types: number, distinct2: number, tail: number): CompareDataset {
  return {
    path: `gen${i}.jsonl`,
    rows: 100,
    tokens: 1000,
    types: 0,
    mattr: null,
    mtld: null,
    distinct2: null,
    exactShare: 0,
    nearShare: 0,
    sizeAdjusted: { types, distinct2 },
    tails: { typeCoverage: null, massCoverage: null, typeCoverageAtEqualSize: tail },
    jsDivergence: null,
    topTemplateShare: null,
  };
}

/** Five datasets whose figures change by `step` × their first value per position (the tail skips the baseline). */
function series(step: { types: number; d2: number; tail: number }): CompareDataset[] {
  return [0, 1, 2, 3, 4].map((i) =>
    row(i, 1000 * (1 + step.types * i), 0.5 * (1 + step.d2 * i), 0.4 * (1 + step.tail * (i - 1))),
  );
}

const BIG = TREND_REFERENCE_TOKENS * 4;

test('relative slope: least squares over positions, divided by the first value', () => {
  assert.equal(relativeSlope([0, 1, 2], [10, 8, 6]), -0.2);
  assert.equal(relativeSlope([1, 3], [4, 2]), -0.25); // (2 − 4) / 2 positions / 4
  assert.equal(relativeSlope([0], [1]), null);
  assert.equal(relativeSlope([0, 1], [0, 1]), null); // no first value to be relative to
});

test('threshold scaling: the base at 5 datasets of ≥ the reference size; √(10/Sxx) for fewer; √(ref/N) for smaller', () => {
  assert.equal(trendThreshold(0.07, 10, BIG), 0.07);
  assert.ok(Math.abs(trendThreshold(0.07, 0.5, BIG) - 0.07 * Math.sqrt(20)) < 1e-12);
  assert.ok(Math.abs(trendThreshold(0.07, 10, TREND_REFERENCE_TOKENS / 4) - 0.14) < 1e-12);
});

test('every figure falling 10% a step collapses, with a reason per figure naming the datasets in order', () => {
  const t = trendVerdict(series({ types: -0.1, d2: -0.1, tail: -0.1 }), 0, BIG);
  assert.equal(t.verdict, 'collapsing');
  assert.deepEqual(
    t.reasons.map((r) => r.figure),
    ['sizeAdjusted.types', 'sizeAdjusted.distinct2', 'tails.typeCoverageAtEqualSize'],
  );
  assert.ok(Math.abs(t.reasons[0].slopePerStep + 0.1) < 1e-12);
  assert.equal(t.reasons[0].threshold, TREND_THRESHOLDS['sizeAdjusted.types']);
  assert.match(t.reasons[0].message, /gen0\.jsonl 1,000 → gen1\.jsonl 900 → .* → gen4\.jsonl 600/);
  // the tail series leaves out the baseline (it covers its own tail by construction): gen1 … gen4, Sxx = 5
  assert.doesNotMatch(t.reasons[2].message, /gen0/);
  assert.ok(
    Math.abs(t.reasons[2].threshold - TREND_THRESHOLDS['tails.typeCoverageAtEqualSize'] * Math.sqrt(2)) <
      1e-12,
  );
});

test('flat series are stable; rising ones recover; two falling with one rising is stable', () => {
  assert.equal(trendVerdict(series({ types: 0, d2: 0.005, tail: -0.01 }), 0, BIG).verdict, 'stable');
  assert.equal(trendVerdict(series({ types: 0.1, d2: 0.1, tail: 0 }), 0, BIG).verdict, 'recovering');
  const mixed = trendVerdict(series({ types: -0.1, d2: -0.1, tail: 0.2 }), 0, BIG);
  assert.equal(mixed.verdict, 'stable');
  assert.equal(mixed.reasons.length, 3); // stable: every figure, with how it moved
  assert.match(mixed.reasons[2].message, /rises 20\.0%/);
});

test('one figure beyond its threshold is not enough', () => {
  assert.equal(trendVerdict(series({ types: -0.3, d2: 0, tail: 0 }), 0, BIG).verdict, 'stable');
});

test('just inside vs just beyond the thresholds (5 datasets at the reference size)', () => {
  const at = (k: number) =>
    trendVerdict(
      series({
        types: -k * TREND_THRESHOLDS['sizeAdjusted.types'],
        d2: -k * TREND_THRESHOLDS['sizeAdjusted.distinct2'],
        tail: 0,
      }),
      0,
      BIG,
    ).verdict;
  assert.equal(at(0.95), 'stable');
  assert.equal(at(1.05), 'collapsing');
});

test('2 datasets need a larger fall (slope noise √20× the 5-dataset design); a smaller common size widens it too', () => {
  const two = (drop: number, tokens: number) =>
    trendVerdict([row(0, 1000, 0.5, 0.4), row(1, 1000 * (1 - drop), 0.5 * (1 - drop), 0.1)], 0, tokens)
      .verdict;
  assert.equal(two(0.2, BIG), 'stable'); // within 7% × 4.47 = 31% (types), 3.5% × 4.47 = 16% (distinct-2)
  assert.equal(two(0.4, BIG), 'collapsing');
  assert.equal(two(0.4, TREND_REFERENCE_TOKENS / 4), 'stable'); // thresholds doubled
});

test('the baseline need not be first: its own tail point is left out wherever it is', () => {
  const d = series({ types: -0.1, d2: -0.1, tail: -0.1 });
  d[2].tails.typeCoverageAtEqualSize = 1; // the baseline covers its own tail
  const t = trendVerdict(d, 2, BIG);
  assert.equal(t.verdict, 'collapsing');
  assert.doesNotMatch(t.reasons.find((r) => r.figure === 'tails.typeCoverageAtEqualSize')!.message, /gen2/);
});
