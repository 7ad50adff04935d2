import { test } from 'node:test';
import assert from 'node:assert/strict';
import { computeSelfTails, computeTails } from '../../../../src/core/tails/tails.ts';
import { jsDivergence } from '../../../../src/core/tails/divergence.ts';
import { logBinnedRanks, zipfOf } from '../../../../src/core/tails/zipf.ts';

const close = (a: number | null, b: number, eps = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) <= eps, `${a} ≉ ${b}`);
const map = (o: Record<string, number>) => new Map(Object.entries(o));

test('tail coverage, bands, lost types on a hand-built table', () => {
  const R = map({ a: 1, b: 1, c: 2, d: 5, e: 6, f: 100 });
  const S = map({ a: 3, c: 1, z: 9 });
  const r = computeTails(S, R);
  // tail = {a, b, c, d}; covered = {a, c}
  assert.equal(r.tailTypes, 4);
  assert.equal(r.tailTokens, 9); // 1+1+2+5
  close(r.typeCoverage, 2 / 4);
  close(r.massCoverage, 3 / 9); // (1+2)/(1+1+2+5)
  close(r.allTypesCoverage, 2 / 6);
  assert.deepEqual(
    r.bands.map((b) => [b.count, b.types, b.covered, b.typeCoverage]),
    [
      [1, 2, 1, 0.5],
      [2, 1, 1, 1],
      [3, 0, 0, null],
      [4, 0, 0, null],
      [5, 1, 0, 0],
    ],
  );
  assert.deepEqual(r.lostTypes, [
    { token: 'd', referenceCount: 5 },
    { token: 'b', referenceCount: 1 },
  ]);
  assert.equal(r.lostTypesTotal, 2);
  assert.equal(r.referenceTokens, 115);
  assert.equal(r.datasetTokens, 13);
  assert.equal(r.sizeAdjusted?.subsampled, 'reference');
  assert.equal(r.sizeAdjusted?.toTokens, 13);
});

test('tailMax and lostTop options; lost ties ordered by token', () => {
  const R = map({ q: 2, p: 2, x: 1, y: 3 });
  const r = computeTails(map({ y: 1 }), R, { tailMax: 2, lostTop: 2 });
  // tail = {q, p, x}; none covered; lost sorted: p(2), q(2), x(1) → top 2
  assert.deepEqual(r.lostTypes, [
    { token: 'p', referenceCount: 2 },
    { token: 'q', referenceCount: 2 },
  ]);
  assert.equal(r.lostTypesTotal, 3);
  close(r.typeCoverage, 0);
  assert.equal(r.bands.length, 2);
});

test('size-adjusted: larger dataset subsampled to the reference size (by hand)', () => {
  // R = {a:1, b:2} (Nr = 3); S = {a:1, b:2, c:2} (Nd = 5) → dataset subsampled to n = 3.
  // P(a survives) = 1 − C(4,3)/C(5,3) = 1 − 4/10 = 0.6; P(b) = 1 − C(3,3)/C(5,3) = 0.9
  // typeCoverage = (0.6 + 0.9)/2 = 0.75; massCoverage = (1·0.6 + 2·0.9)/3 = 0.8; all = 0.75
  const r = computeTails(map({ a: 1, b: 2, c: 2 }), map({ a: 1, b: 2 }));
  assert.equal(r.sizeAdjusted?.subsampled, 'dataset');
  assert.equal(r.sizeAdjusted?.toTokens, 3);
  close(r.sizeAdjusted!.typeCoverage, 0.75);
  close(r.sizeAdjusted!.massCoverage, 0.8);
  close(r.sizeAdjusted!.allTypesCoverage, 0.75);
  // raw coverage is 1 (both tail types present)
  close(r.typeCoverage, 1);
});

test('size-adjusted: larger reference subsampled, tail re-defined on the subsample (by hand)', () => {
  // R = {a:1, b:2} (Nr = 3); S = {a:1, z:1} (Nd = 2) → reference subsampled to n = 2.
  // X_a: P(1) = C(1,1)C(2,1)/C(3,2) = 2/3.  X_b: P(1) = C(2,1)C(1,1)/3 = 2/3, P(2) = 1/3.
  // tailMax = 5: typeCoverage = (2/3)/(2/3 + 1) = 2/5; mass = (2/3)/(2/3 + 2/3 + 2·1/3) = 1/3;
  // all = P(X_a≥1)/(P(X_a≥1)+P(X_b≥1)) = (2/3)/(2/3 + 1) = 2/5.
  const S = map({ a: 1, z: 1 });
  const R = map({ a: 1, b: 2 });
  const r = computeTails(S, R);
  assert.equal(r.sizeAdjusted?.subsampled, 'reference');
  assert.equal(r.sizeAdjusted?.toTokens, 2);
  close(r.sizeAdjusted!.typeCoverage, 2 / 5);
  close(r.sizeAdjusted!.massCoverage, 1 / 3);
  close(r.sizeAdjusted!.allTypesCoverage, 2 / 5);
  // tailMax = 1: only X = 1 counts: (2/3)/(2/3 + 2/3) = 1/2 for types and mass
  const r1 = computeTails(S, R, { tailMax: 1 });
  close(r1.sizeAdjusted!.typeCoverage, 1 / 2);
  close(r1.sizeAdjusted!.massCoverage, 1 / 2);
});

test('equal sizes: size-adjusted equals raw coverage', () => {
  const R = map({ a: 1, b: 1, c: 2 });
  const r = computeTails(map({ a: 2, z: 2 }), R);
  close(r.typeCoverage, 1 / 3);
  close(r.sizeAdjusted!.typeCoverage, 1 / 3);
  close(r.sizeAdjusted!.massCoverage, 1 / 4);
});

test('JS divergence: identical → 0, disjoint → 1, hand-made pair', () => {
  close(jsDivergence(map({ a: 2, b: 6 }), map({ a: 1, b: 3 })), 0);
  close(jsDivergence(map({ a: 2 }), map({ b: 5, c: 1 })), 1);
  // P = {x: ½, y: ½}, Q = {x: 1}, M = {x: ¾, y: ¼}
  // KL(P‖M) = ½log2(⅔) + ½log2(2); KL(Q‖M) = log2(4/3); JS = ½(KL(P‖M) + KL(Q‖M)) ≈ 0.3112781
  const expected = 0.5 * (0.5 * Math.log2(2 / 3) + 0.5 + Math.log2(4 / 3));
  close(jsDivergence(map({ x: 1, y: 1 }), map({ x: 7 })), expected);
  close(expected, 0.3112781, 1e-7);
  assert.equal(jsDivergence(map({}), map({ x: 1 })), null);
  const r = computeTails(map({ x: 7 }), map({ x: 1, y: 1 }));
  close(r.jsDivergence, expected);
});

test('Zipf exponent of f = C·r^−1 is 1; of f = C·r^−2 is 2', () => {
  const exact = Array.from({ length: 1000 }, (_, i) => 1000 / (i + 1));
  close(zipfOf(exact).exponent, 1, 1e-9);
  const sq = Array.from({ length: 500 }, (_, i) => 1e6 / (i + 1) ** 2);
  close(zipfOf(sq).exponent, 2, 1e-9);
  // integer counts round(1e6/r): still ≈ 1
  const ints = Array.from({ length: 1000 }, (_, i) => Math.round(1e6 / (i + 1)));
  close(zipfOf(ints).exponent, 1, 1e-3);
  assert.equal(zipfOf([3, 1]).exponent, null); // fewer than 3 points
});

test('log-binned ranks: 1…10 then log-spaced to the last rank, ≤ 60 points', () => {
  assert.deepEqual(logBinnedRanks(5), [1, 2, 3, 4, 5]);
  const r = logBinnedRanks(1_000_000);
  assert.ok(r.length <= 60);
  assert.deepEqual(r.slice(0, 10), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  assert.equal(r[r.length - 1], 1_000_000);
  for (let i = 1; i < r.length; i++) assert.ok(r[i] > r[i - 1]);
  const z = zipfOf([5, 1, 9, 3]);
  assert.deepEqual(z.points, [
    { rank: 1, frequency: 9 },
    { rank: 2, frequency: 5 },
    { rank: 3, frequency: 3 },
    { rank: 4, frequency: 1 },
  ]);
});

test('self tails without a reference', () => {
  // S = {a:1, b:1, c:2, d:6}: tokens 10, types 4, hapax types 2 (2 tokens), ≤5 tokens = 1+1+2 = 4
  const r = computeSelfTails(map({ a: 1, b: 1, c: 2, d: 6 }));
  assert.equal(r.tokens, 10);
  assert.equal(r.types, 4);
  assert.equal(r.hapaxTypes, 2);
  close(r.hapaxTypeShare, 0.5);
  close(r.hapaxTokenShare, 0.2);
  close(r.lowFrequencyTokenShare, 0.4);
  assert.equal(r.zipf.types, 4);
  assert.equal(computeSelfTails(new Map()).hapaxTypeShare, null);
});
