import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExactDuplicateAccumulator,
  normalizeForExact,
} from '../../../../src/core/duplicates/exactDuplicates.ts';
import { Hash64Table } from '../../../../src/core/sketches/hash64Table.ts';

test('normalizeForExact lowercases, collapses white space runs and trims', () => {
  assert.equal(normalizeForExact('  Hello\t\tWORLD \n again '), 'hello world again');
  assert.equal(normalizeForExact('a\u00a0b'), 'a b'); // \s includes no-break space
  assert.equal(normalizeForExact(' \n\t '), '');
  assert.equal(normalizeForExact('Hello, world!'), 'hello, world!'); // punctuation kept
});

test('exact duplicates: counts, rate, clusters and empty rows by hand', () => {
  const acc = new ExactDuplicateAccumulator();
  const rows = [
    'Hello world', // 1  A
    'hello   WORLD', // 2  A
    'something else', // 3  B
    '', // 4  empty
    ' hello world ', // 5  A
    'Something else', // 6  B
    'unique', // 7  C
    '   ', // 8  empty
  ];
  rows.forEach((t, i) => acc.addRow(i + 1, t));
  const r = acc.finish();
  // non-empty rows 6, distinct texts {A,B,C} = 3 → duplicates 6 − 3 = 3 (A: 2 extra, B: 1 extra)
  assert.equal(r.rows, 3);
  assert.equal(r.uniqueTexts, 3);
  assert.equal(r.emptyRows, 2);
  assert.equal(r.rate, 3 / 8); // denominator: all 8 rows
  assert.equal(r.clusterCount, 2);
  assert.deepEqual(r.clusters, [
    { size: 3, lines: [1, 2, 5], representativeLine: 1, meanSimilarity: 1 },
    { size: 2, lines: [3, 6], representativeLine: 3, meanSimilarity: 1 },
  ]);
});

test('exact duplicates: line lists capped per cluster, cluster list capped, ties by first line', () => {
  const acc = new ExactDuplicateAccumulator({ maxClusters: 2, maxLinesPerCluster: 3 });
  // line 1..5: "x" ×5; 6,7: "y" ×2; 8,9: "z" ×2; 10: "w"
  const texts = ['x', 'x', 'x', 'x', 'x', 'y', 'y', 'z', 'z', 'w'];
  texts.forEach((t, i) => acc.addRow(i + 1, t));
  const r = acc.finish();
  // duplicates = 10 − 4 distinct = 6
  assert.equal(r.rows, 6);
  assert.equal(r.clusterCount, 3);
  assert.equal(r.clusters.length, 2);
  assert.deepEqual(r.clusters[0], { size: 5, lines: [1, 2, 3], representativeLine: 1, meanSimilarity: 1 });
  // y and z both have size 2: y first (line 6 < 8)
  assert.deepEqual(r.clusters[1], { size: 2, lines: [6, 7], representativeLine: 6, meanSimilarity: 1 });
});

test('exact duplicates: no rows and all-empty rows', () => {
  const none = new ExactDuplicateAccumulator().finish();
  assert.deepEqual(none, { rows: 0, rate: 0, uniqueTexts: 0, emptyRows: 0, clusters: [], clusterCount: 0 });
  const acc = new ExactDuplicateAccumulator();
  acc.addRow(1, '');
  acc.addRow(2, '\n');
  const r = acc.finish();
  assert.equal(r.rows, 0);
  assert.equal(r.emptyRows, 2);
  assert.equal(r.rate, 0);
});

test('exact duplicates: many distinct texts grow the table without false merges', () => {
  const acc = new ExactDuplicateAccumulator();
  // 20,000 distinct texts, then text i repeated for every i divisible by 1,000 (20 repeats)
  for (let i = 0; i < 20000; i++) acc.addRow(i + 1, `row number ${i}`);
  for (let i = 0; i < 20000; i += 1000) acc.addRow(20001 + i / 1000, `ROW  number ${i}`);
  const r = acc.finish();
  assert.equal(r.uniqueTexts, 20000);
  assert.equal(r.rows, 20);
  assert.equal(r.clusterCount, 20);
  assert.deepEqual(r.clusters[0].lines, [1, 20001]);
  assert.deepEqual(r.clusters[19].lines, [19001, 20020]);
});

test('Hash64Table: predicate lookup probes past equal keys', () => {
  const t = new Hash64Table(4);
  t.insert(7, 9, 0);
  t.insert(7, 9, 1);
  t.insert(8, 9, 2);
  assert.equal(t.find(7, 9), 0);
  assert.equal(
    t.find(7, 9, (v) => v === 1),
    1,
  );
  assert.equal(
    t.find(7, 9, (v) => v === 5),
    -1,
  );
  assert.equal(t.find(8, 9), 2);
  assert.equal(t.find(1, 2), -1);
  assert.equal(t.size, 3);
});
