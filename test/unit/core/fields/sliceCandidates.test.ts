import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SliceFieldCounter,
  suggestSliceCandidates,
  trackedSliceFields,
} from '../../../../src/core/fields/sliceCandidates.ts';

/** 10 rows built so that each field hits exactly one rule. */
function sample(): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let i = 0; i < 10; i++) {
    rows.push({
      dataset: ['a', 'b', 'c'][i % 3], // 3 distinct, 10/10 rows → candidate
      generator: 'gpt', // 1 distinct → too few
      id: `row-${i}`, // 10 distinct > 0.5·10 → too many
      flag: i < 7, // booleans: 2 distinct → candidate
      level: i % 2, // integers: 2 distinct → candidate
      score: i / 3, // non-integer numbers are not categorical
      long: i % 2 === 0 ? 'x'.repeat(65) : 'short', // one value > 64 chars → rejected
      meta: { lang: i < 4 ? 'de' : 'en' }, // nested one level: 2 distinct → candidate "meta.lang"
      ...(i < 4 ? { rare: i % 2 === 0 ? 'p' : 'q' } : {}), // present in 4/10 < 50% → rejected
      ...(i < 5 ? { half: i % 2 === 0 ? 'p' : 'q' } : {}), // present in 5/10 = 50% → candidate
      text: `some text ${i}`,
    });
  }
  return rows;
}

test('slice candidates follow the rules and are ranked', () => {
  const got = suggestSliceCandidates(sample());
  // Ranking: coverage desc, then distinct asc, then name.
  // coverage 1: flag(2), level(2), meta.lang(2), dataset(3); coverage 0.5: half(2)
  assert.deepEqual(
    got.map((c) => [c.field, c.distinct, c.coverage]),
    [
      ['flag', 2, 1],
      ['level', 2, 1],
      ['meta.lang', 2, 1],
      ['dataset', 3, 1],
      ['half', 2, 0.5],
    ],
  );
  // dataset over i=0..9: a at 0,3,6,9 (4), b at 1,4,7 (3), c at 2,5,8 (3); ties by value
  assert.deepEqual(got.find((c) => c.field === 'dataset')?.top, [
    { value: 'a', rows: 4 },
    { value: 'b', rows: 3 },
    { value: 'c', rows: 3 },
  ]);
  // flag: true for i<7 (7 rows), false for 3 rows
  assert.deepEqual(got[0].top, [
    { value: 'true', rows: 7 },
    { value: 'false', rows: 3 },
  ]);
  // max limits the list
  assert.deepEqual(
    suggestSliceCandidates(sample(), 2).map((c) => c.field),
    ['flag', 'level'],
  );
});

test('more than 50 distinct values is never a candidate, even in a large sample', () => {
  const rows = Array.from({ length: 400 }, (_, i) => ({ bucket: `b${i % 60}`, ok: `v${i % 50}` }));
  // bucket: 60 distinct > 50 → out; ok: 50 distinct ≤ 50 and ≤ 0.5·400 → in
  assert.deepEqual(
    suggestSliceCandidates(rows).map((c) => [c.field, c.distinct]),
    [['ok', 50]],
  );
  assert.deepEqual(suggestSliceCandidates([]), []);
});

test('SliceFieldCounter: chunks merged in any order give the counts of one pass; overflow found on merge (#12)', () => {
  const rows = Array.from({ length: 300 }, (_, i) => ({ k: `v${i % 40}`, b: `w${i % 60}`, one: 'x' }));
  const fields = ['k', 'b', 'one'];
  const whole = new SliceFieldCounter(fields);
  for (const r of rows) whole.add(r);
  const parts = [rows.slice(0, 100), rows.slice(100, 130), rows.slice(130)].map((rs) => {
    const c = new SliceFieldCounter(fields);
    for (const r of rs) c.add(r);
    return c.snapshot();
  });
  for (const order of [
    [0, 1, 2],
    [2, 0, 1],
  ]) {
    const merged = new SliceFieldCounter(fields);
    for (const i of order) merged.merge(parts[i]);
    assert.deepEqual(merged.candidates(), whole.candidates());
  }
  // b: 30 values in the first 30 rows of each part, 60 in the file → out; k: 40 values → in
  assert.deepEqual(
    whole.candidates().map((c) => [c.field, c.distinct]),
    [['k', 40]],
  );
  // a field not tracked is never counted
  const c = new SliceFieldCounter(['k']);
  c.add({ k: 'a', other: 'b' });
  assert.deepEqual(
    c.snapshot().fields.map((f) => f.field),
    ['k'],
  );
});

test('trackedSliceFields: the categorical fields of the first rows not already out, most present first (#12)', () => {
  const sample = Array.from({ length: 10 }, (_, i) => ({
    category: 'open_qa', // one value in the first rows: still counted over the file
    id: `row-${i}`,
    long: 'x'.repeat(65), // out for good
    meta: { src: 's' },
    ...(i < 5 ? { half: 'p' } : {}),
  }));
  assert.deepEqual(trackedSliceFields(sample), ['category', 'id', 'meta.src', 'half']);
});
