import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as zlib from 'node:zlib';
import { keptAtLevel, SliceCountMap } from '../../../../src/core/slices/sliceCountMap.ts';
import * as baselines from '../../../../src/core/slices/sliceBaselines.ts';
import {
  DEFAULT_SLICE_FLAG_THRESHOLDS,
  evaluateSliceFlags,
  resolveThresholds,
  type SliceMeasures,
} from '../../../../src/core/slices/sliceFlags.ts';
import { SliceCompression } from '../../../../src/core/slices/sliceCompression.ts';

const close = (a: number | null, b: number, eps = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

function mapOf(entries: [number, number][]): SliceCountMap {
  const m = new SliceCountMap();
  for (const [k, c] of entries) m.add(k, c);
  return m;
}

test('count map: exact counts, growth, iteration', () => {
  const m = new SliceCountMap(Infinity, 16);
  for (let k = 0; k < 1000; k++) for (let j = 0; j <= k % 3; j++) m.add(k * 7919);
  assert.equal(m.size, 1000);
  assert.equal(m.get(5 * 7919), 3); // 5 % 3 = 2 → added 3 times
  assert.equal(m.get(6 * 7919), 1);
  assert.equal(m.get(12345), 0);
  let total = 0;
  m.forEach((_, c) => (total += c));
  assert.equal(total, 2000 - 1); // Σ_{k<1000} (k % 3 + 1) = 333·(1+2+3) + 1 = 1999
  assert.equal(m.samplingLevel, 0);
  assert.equal(m.countsArray().length, 1000);
});

test('count map: hash sampling keeps counts of kept keys exact and bounds the size', () => {
  const m = new SliceCountMap(1000);
  for (let k = 1; k <= 20000; k++) m.add(k, 1 + (k % 2));
  assert.ok(m.size <= 1000);
  assert.ok(m.samplingLevel >= 5); // 20,000 / 2^5 = 625 ≤ 1,000 < 20,000 / 2^4
  let exactKept = 0;
  for (let k = 1; k <= 20000; k++) {
    if (keptAtLevel(k, m.samplingLevel)) {
      exactKept++;
      assert.equal(m.get(k), 1 + (k % 2));
    } else assert.equal(m.get(k), 0);
  }
  assert.equal(m.size, exactKept);
  // the estimate scale × size is within 15% of the true 20,000 distinct keys
  assert.ok(Math.abs(m.scale * m.size - 20000) < 3000, String(m.scale * m.size));
});

/**
 * The by-hand tables: total T = {0:3, 1:1, 2:2} (N = 6), slice s = {0:1, 2:2} (3 tokens) → rest = {0:2, 1:1}
 * (N = 3); `of` is a key's total count.
 */
function byHand() {
  const total = new Map([
    [0, 3],
    [1, 1],
    [2, 2],
  ]);
  const slice = mapOf([
    [0, 1],
    [2, 2],
  ]);
  const hist = baselines.histogramOf((fn) => total.forEach((c, k) => fn(k, c)));
  return { slice, hist, of: (k: number) => total.get(k) ?? 0 };
}

test('rest expectations from the total histogram equal the explicit rest table (by hand)', () => {
  const { slice, hist, of } = byHand();
  assert.deepEqual([...hist].sort(), [
    [1, 1],
    [2, 1],
    [3, 1],
  ]);
  // rest at n = 2: f=2: 1 − C(1,2)/C(3,2) = 1; f=1: 1 − C(2,2)/C(3,2) = 2/3 → 5/3
  close(baselines.restExpected(slice, of, hist, 0, 3, 2), 5 / 3);
  // slice itself at n = 2 of N = 3: f=1: 1 − C(2,2)/C(3,2) = 2/3; f=2: 1 → 5/3
  close(baselines.sliceExpected(slice, 3, 2), 5 / 3);
});

test('tail coverage vs the rest and vs a reference (by hand)', () => {
  const { slice, hist, of } = byHand();
  // rest = {0:2, 1:1}; tailMax 1: tail {1}, not in the slice → 0
  assert.deepEqual(baselines.tailCoverageVsRest(slice, of, hist, 1), {
    against: 'rest',
    tailTypes: 1,
    typeCoverage: 0,
    massCoverage: 0,
  });
  // tailMax 2: tail {0 (2), 1 (1)}; slice covers 0 → 1/2 of types, 2/3 of mass
  const c2 = baselines.tailCoverageVsRest(slice, of, hist, 2);
  assert.equal(c2.tailTypes, 2);
  close(c2.typeCoverage, 1 / 2);
  close(c2.massCoverage, 2 / 3);
  // reference tail (tailMax 2): a:1 → id 0, b:2 → id 1, c:1 → unknown; d:7 not in the tail
  const ids = new Map([
    ['a', 0],
    ['b', 1],
  ]);
  const rt = baselines.referenceTail(
    new Map([
      ['a', 1],
      ['b', 2],
      ['c', 1],
      ['d', 7],
    ]),
    (t) => ids.get(t),
    2,
  );
  assert.equal(rt.mass, 4);
  const cr = baselines.tailCoverageVsReference(slice, rt);
  // slice has id 0 (a) only → 1/3 of types, 1/4 of mass
  assert.deepEqual(cr, { against: 'reference', tailTypes: 3, typeCoverage: 1 / 3, massCoverage: 1 / 4 });
});

const quiet: SliceMeasures = {
  budgetTokens: 1000,
  budgetBigrams: 900,
  expectedTypes: 500,
  restExpectedTypes: 500,
  expectedDistinct2: 0.9,
  restExpectedDistinct2: 0.9,
  mattr: 0.7,
  restMattr: 0.7,
  exactDuplicateRate: 0,
  restExactDuplicateRate: 0,
  nearDuplicateRate: 0,
  restNearDuplicateRate: 0,
  topOpeningShare: 0.05,
  topOpeningText: 'what is the',
  restTopOpeningShare: 0.05,
};

test('flag rules fire just past their thresholds and not at them', () => {
  const t = DEFAULT_SLICE_FLAG_THRESHOLDS;
  assert.deepEqual(evaluateSliceFlags(quiet, t), []);
  // at the thresholds exactly: nothing fires (strict comparisons)
  const atEdge: SliceMeasures = {
    ...quiet,
    expectedTypes: t.rarefiedTypesRatio * 500,
    expectedDistinct2: t.rarefiedDistinct2Ratio * 0.9,
    mattr: 0.7 - t.mattrDrop + 1e-9,
    exactDuplicateRate: t.exactDuplicateRate,
    nearDuplicateRate: t.nearDuplicateRate,
    topOpeningShare: t.openingShare,
  };
  assert.deepEqual(evaluateSliceFlags(atEdge, t), []);
  const past: SliceMeasures = {
    ...quiet,
    expectedTypes: t.rarefiedTypesRatio * 500 - 1,
    expectedDistinct2: t.rarefiedDistinct2Ratio * 0.9 - 0.01,
    mattr: 0.7 - t.mattrDrop - 0.01,
    exactDuplicateRate: t.exactDuplicateRate + 0.01,
    nearDuplicateRate: t.nearDuplicateRate + 0.01,
    topOpeningShare: t.openingShare + 0.01,
  };
  const flags = evaluateSliceFlags(past, t);
  assert.deepEqual(
    flags.map((f) => f.measure),
    [
      'rarefiedTypes',
      'rarefiedDistinct2',
      'mattr',
      'exactDuplicateRate',
      'nearDuplicateRate',
      'topOpeningShare',
    ],
  );
  assert.equal(flags[0].value, t.rarefiedTypesRatio * 500 - 1);
  assert.equal(flags[0].baseline, 500);
  assert.ok(flags[5].reason.includes('"what is the"'));
  // nulls never fire
  const nulls = {
    ...past,
    restExpectedTypes: null,
    expectedDistinct2: null,
    restMattr: null,
    exactDuplicateRate: null,
    nearDuplicateRate: null,
    topOpeningShare: null,
  };
  assert.deepEqual(evaluateSliceFlags(nulls, t), []);
});

test('thresholds: partial overrides keep the other defaults', () => {
  const r = resolveThresholds({ openingShare: 0.5, mattrDrop: Number.NaN });
  assert.equal(r.openingShare, 0.5);
  assert.equal(r.mattrDrop, DEFAULT_SLICE_FLAG_THRESHOLDS.mattrDrop);
  assert.equal(evaluateSliceFlags({ ...quiet, topOpeningShare: 0.4 }, r).length, 0);
});

test('slice compression ratio = bytes / gzip bytes of the (bounded) joined prefix', () => {
  const c = new SliceCompression();
  c.addText('hello world');
  c.addText('hello world');
  const joined = 'hello world hello world';
  close(c.finish(), Buffer.byteLength(joined) / zlib.gzipSync(joined, { level: 6 }).length);
  // prefix bound 10 bytes: "abcdef" (6) fits, " ghijk" (6) would make 12 → stop; later rows ignored
  const p = new SliceCompression(10);
  p.addText('abcdef');
  p.addText('ghijk');
  p.addText('zzz');
  close(p.finish(), 6 / zlib.gzipSync('abcdef', { level: 6 }).length);
  assert.equal(p.rawBytes, 6);
  assert.equal(new SliceCompression().finish(), null);
});

test('rest expectation from hash-sampled tables estimates the exact value', async () => {
  const { expectedTypesAt } = await import('../../../../src/core/tails/rarefaction.ts');
  // 20,000 keys: key k has total count 1 + (k % 3); the slice holds one copy of every even key.
  const total = new SliceCountMap(2000);
  const slice = new SliceCountMap(4000);
  const restCounts: number[] = [];
  let totalN = 0;
  let sliceN = 0;
  for (let k = 1; k <= 20000; k++) {
    const c = 1 + (k % 3);
    total.add(k, c);
    totalN += c;
    const s = k % 2 === 0 ? 1 : 0;
    if (s) slice.add(k, s);
    sliceN += s;
    if (c - s > 0) restCounts.push(c - s);
  }
  const level = Math.max(total.samplingLevel, slice.samplingLevel);
  assert.ok(total.samplingLevel > slice.samplingLevel); // the tables really are sampled differently
  const restN = totalN - sliceN;
  const exact = expectedTypesAt(restCounts, restN, 5000);
  const hist = baselines.histogramOf((fn) => total.forEach(fn), level);
  const est = baselines.restExpected(slice, (k) => total.get(k), hist, level, restN, 5000);
  assert.ok(Math.abs(est / exact - 1) < 0.15, `${est} vs ${exact}`);
});
