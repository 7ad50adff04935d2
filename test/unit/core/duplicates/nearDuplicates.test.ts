import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NearDuplicateAccumulator,
  jaccard,
  shingles,
} from '../../../../src/core/duplicates/nearDuplicates.ts';
import { candidateProbability, chooseBanding } from '../../../../src/core/sketches/lsh.ts';
import { hashIds } from '../../../../src/core/sketches/minhash.ts';
import { A, A1, B, B2, range } from '../../helpers/nearSets.ts';

const u32 = (xs: number[]): Uint32Array => Uint32Array.from(xs);

test('jaccard on hand-made sorted sets', () => {
  // {1,2,3,4} ∩ {3,4,5} = {3,4} (2), union {1,2,3,4,5} (5) → 0.4
  assert.equal(jaccard(u32([1, 2, 3, 4]), u32([3, 4, 5])), 0.4);
  assert.equal(jaccard(u32([1, 2]), u32([1, 2])), 1);
  assert.equal(jaccard(u32([1]), u32([2])), 0);
  assert.equal(jaccard(u32([1]), u32([])), 0);
  assert.equal(jaccard(u32([]), u32([])), 1);
  // {0..9} vs {5..14}: ∩ 5, ∪ 15 → 1/3
  assert.equal(jaccard(u32(range(0, 10)), u32(range(5, 10))), 1 / 3);
});

test('shingles: 5-grams, short rows as one shingle, empty rows, duplicates removed', () => {
  assert.equal(shingles(u32([])).length, 0);
  const short = u32([7, 8, 9]);
  assert.deepEqual(Array.from(shingles(short)), [hashIds(short, 0, 3)]); // 1–4 tokens: one shingle of all
  assert.equal(shingles(u32([1, 2, 3, 4])).length, 1);
  assert.equal(shingles(u32([1, 2, 3, 4, 5])).length, 1); // exactly one 5-gram
  assert.equal(shingles(u32(range(0, 10))).length, 6); // 10 − 5 + 1 windows
  assert.equal(shingles(u32([1, 1, 1, 1, 1, 1, 1])).length, 1); // 3 identical windows → 1 distinct
  const s = shingles(u32(range(0, 30)));
  for (let i = 1; i < s.length; i++) assert.ok(s[i - 1] < s[i], 'sorted and distinct');
  // (1,2,3) as a short row differs from the 3-gram prefix of anything longer: its length is mixed in
  assert.notEqual(hashIds(u32([1, 2, 3]), 0, 3), hashIds(u32([1, 2, 3, 4]), 0, 4));
});

test('banding is chosen for ≥ 95% recall at the threshold', () => {
  // t = 0.8, k = 128: r = 8, b = 16 → 1 − (1 − 0.8^8)^16 = 1 − 0.83223^16 = 0.9470 (< 0.95)
  //                   r = 7, b = 18 → 0.8^7 = 0.209715; 1 − 0.790285^18 = 1 − 0.014458 = 0.98554
  assert.ok(Math.abs(candidateProbability(0.8, 16, 8) - 0.947) < 1e-3);
  const b = chooseBanding(0.8, 128);
  assert.equal(b.rowsPerBand, 7);
  assert.equal(b.bands, 18);
  assert.ok(Math.abs(b.recallAtThreshold - 0.98554) < 1e-4);
  // t = 1: a single band of all 128 rows already has recall 1
  assert.deepEqual(chooseBanding(1, 128), { bands: 1, rowsPerBand: 128, recallAtThreshold: 1 });
  // t = 0.01 cannot reach 0.95 with 128 permutations: fall back to r = 1, b = 128, 1 − 0.99^128 = 0.7238
  const low = chooseBanding(0.01, 128);
  assert.equal(low.rowsPerBand, 1);
  assert.ok(Math.abs(low.recallAtThreshold - 0.7238) < 1e-3);
  const acc = new NearDuplicateAccumulator().finish();
  assert.equal(acc.permutations, 128);
  assert.equal(acc.bands, 18);
  assert.equal(acc.rowsPerBand, 7);
});

test('near duplicates on a hand-built case: pairs, clusters, removable rows', () => {
  // A, A1 (15/17 = 0.882), B, B2 (0.778 < 0.8): see helpers/nearSets.ts
  const rows: [number, number[]][] = [
    [1, A],
    [2, A],
    [3, A1],
    [4, B],
    [5, B2],
    [6, []],
    [7, B],
  ];
  const acc = new NearDuplicateAccumulator({ threshold: 0.8 });
  for (const [line, t] of rows) acc.addRow(line, u32(t));
  const r = acc.finish();
  // pairs ≥ 0.8: (1,2)=1, (1,3)=(2,3)=15/17, (4,7)=1 → 4
  assert.equal(r.pairs, 4);
  assert.equal(r.rowsConsidered, 6); // line 6 has no tokens
  assert.equal(r.clusterCount, 2);
  assert.deepEqual(r.clusters[0], {
    size: 3,
    lines: [1, 2, 3],
    representativeLine: 1,
    meanSimilarity: (1 + 2 * (15 / 17)) / 3,
  });
  assert.deepEqual(r.clusters[1], { size: 2, lines: [4, 7], representativeLine: 4, meanSimilarity: 1 });
  assert.equal(r.rowsRemovable, 3); // (3 − 1) + (2 − 1)
  assert.equal(r.rateRemovable, 3 / 7);
  assert.deepEqual(
    [...acc.clusterOfLine()].sort((a, b) => a[0] - b[0]),
    [
      [1, 0],
      [2, 0],
      [3, 0],
      [4, 1],
      [7, 1],
    ],
  );
  const pairs = acc.verifiedPairs().map((p) => [p.lineA, p.lineB, p.similarity]);
  pairs.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  assert.deepEqual(pairs, [
    [1, 2, 1],
    [1, 3, 15 / 17],
    [2, 3, 15 / 17],
    [4, 7, 1],
  ]);

  // keeping no verified set pair for verifiedPairs() changes nothing in the counts
  const capped = new NearDuplicateAccumulator({ threshold: 0.8, maxStoredPairs: 0 });
  for (const [line, t] of rows) capped.addRow(line, u32(t));
  assert.deepEqual(capped.finish(), r);
  // identical-set pairs are still listed; the (1,3), (2,3) set pair was not stored
  assert.deepEqual(
    capped.verifiedPairs().map((p) => [p.lineA, p.lineB]),
    [
      [1, 2],
      [4, 7],
    ],
  );

  // at threshold 0.75 line 5 joins B's cluster: (4,5) = (5,7) = 14/18
  const low = new NearDuplicateAccumulator({ threshold: 0.75 });
  for (const [line, t] of rows) low.addRow(line, u32(t));
  const r2 = low.finish();
  assert.equal(r2.pairs, 6);
  assert.deepEqual(
    r2.clusters.map((c) => c.lines),
    [
      [1, 2, 3],
      [4, 5, 7],
    ],
  );
  assert.equal(r2.clusters[1].meanSimilarity, (1 + 2 * (14 / 18)) / 3);
});

test('rows of 1–4 tokens are one shingle: equal only when all tokens are equal', () => {
  const acc = new NearDuplicateAccumulator();
  acc.addRow(1, u32([1, 2, 3]));
  acc.addRow(2, u32([1, 2, 3]));
  acc.addRow(3, u32([1, 2, 4])); // shares 2 of 3 tokens but its only shingle differs → Jaccard 0
  acc.addRow(4, u32([5]));
  const r = acc.finish();
  assert.equal(r.pairs, 1);
  assert.deepEqual(
    r.clusters.map((c) => c.lines),
    [[1, 2]],
  );
});

test('identical copies are counted exactly: m copies give m·(m−1)/2 pairs', () => {
  const acc = new NearDuplicateAccumulator();
  for (let i = 0; i < 500; i++) acc.addRow(i + 1, u32(range(0, 30)));
  acc.addRow(501, u32(range(50, 30)));
  const r = acc.finish();
  assert.equal(r.pairs, (500 * 499) / 2);
  assert.equal(r.candidatePairs, 0); // one distinct set per group: nothing to verify
  assert.equal(r.clusters[0].size, 500);
  assert.equal(r.clusters[0].lines.length, 100);
  assert.equal(r.rowsRemovable, 499);
});

test('large buckets of distinct near-identical rows: exact under the cap, windowed (lower bound) above it', () => {
  // row i = 40 shared tokens + one unique token: 36 shared shingles + 1 own → any pair 36/38 = 0.947
  const make = (capOpt: number) => {
    const acc = new NearDuplicateAccumulator({ bucketCap: capOpt });
    for (let i = 0; i < 150; i++) acc.addRow(i + 1, u32([...range(0, 40), 1000 + i]));
    return acc.finish();
  };
  const exact = make(1000);
  assert.equal(exact.pairs, (150 * 149) / 2);
  assert.equal(exact.oversizedBuckets, 0);
  assert.equal(exact.clusters[0].size, 150);
  assert.ok(Math.abs(exact.clusters[0].meanSimilarity - 36 / 38) < 1e-12);
  const windowed = make(20);
  assert.ok(windowed.oversizedBuckets > 0);
  assert.ok(windowed.pairs < exact.pairs);
  assert.equal(windowed.clusterCount, 1);
  assert.equal(windowed.clusters[0].size, 150);
});

test('shingle budget: rows with new sets past the budget are not considered, copies still are', () => {
  const acc = new NearDuplicateAccumulator({ maxShingleBytes: 26 * 4 }); // room for one 30-token row (26 shingles)
  acc.addRow(1, u32(range(0, 30)));
  acc.addRow(2, u32(range(100, 30))); // new set: over budget
  acc.addRow(3, u32(range(0, 30))); // identical to line 1: no new storage
  const r = acc.finish();
  assert.equal(r.rowsOverBudget, 1);
  assert.equal(r.rowsConsidered, 2);
  assert.equal(r.pairs, 1);
});
