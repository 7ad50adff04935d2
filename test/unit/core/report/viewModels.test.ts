// Panel and editor view models: homogeneous line marks, next/previous navigation,
// slice sorting, Zipf alignment, histogram series (src/core/lineMarks/homogeneousLineMarks.ts, viewModels.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import type { SliceValueReport } from '../../../../src/core/slices/sliceReportTypes.ts';
import type { Histogram } from '../../../../src/core/sketches/histogram.ts';
import {
  adjacentLine,
  homogeneousLineMarks,
  TEMPLATE_SHARE_THRESHOLD,
} from '../../../../src/core/lineMarks/homogeneousLineMarks.ts';
import { alignSeries, histogramSeries, sortSlices } from '../../../../src/core/report/viewModels.ts';

/** A report with only the duplicate/template parts the marks read (the rest is never touched). */
function dupReport(): AnalysisReport {
  const cluster = (lines: number[], meanSimilarity: number) => ({
    size: lines.length,
    lines,
    representativeLine: lines[0],
    meanSimilarity,
  });
  return {
    duplicates: {
      exact: { clusters: [cluster([2, 5, 9], 1)] },
      near: { clusters: [cluster([5, 7], 0.9), cluster([11, 12], 0.85)] },
      templates: {
        openings: [
          { text: 'as an ai', n: 3, rows: 40, share: 0.4, exampleLines: [3, 12] },
          { text: 'sure here is', n: 3, rows: 10, share: 0.1, exampleLines: [4, 6] },
        ],
      },
    },
  } as unknown as AnalysisReport;
}

test('template threshold is the verdict watch threshold (0.15)', () => {
  assert.equal(TEMPLATE_SHARE_THRESHOLD, 0.15);
});

test('homogeneousLineMarks: exact beats near beats template; unflagged openings ignored', () => {
  const marks = homogeneousLineMarks(dupReport());
  // exact lines 2,5,9; near adds 7 (5 is already exact), 11, 12; template (share .4 > .15) adds 3 (12 is near);
  // the second opening (share .1 ≤ .15) adds nothing, so 4 and 6 are unmarked.
  assert.deepEqual(
    [...marks.keys()].sort((a, b) => a - b),
    [2, 3, 5, 7, 9, 11, 12],
  );
  assert.deepEqual(marks.get(5), { kind: 'exact', index: 0, size: 3, similarity: 1, firstLine: 2 });
  assert.deepEqual(marks.get(7), { kind: 'near', index: 0, size: 2, similarity: 0.9, firstLine: 5 });
  assert.deepEqual(marks.get(12), { kind: 'near', index: 1, size: 2, similarity: 0.85, firstLine: 11 });
  assert.deepEqual(marks.get(3), {
    kind: 'template',
    index: 0,
    size: 40,
    similarity: 0.4,
    firstLine: 3,
    text: 'as an ai',
  });
  assert.equal(marks.has(4), false);
});

test('adjacentLine moves strictly forward/backward and wraps', () => {
  const lines = [2, 3, 5, 7, 9];
  assert.equal(adjacentLine(lines, 1, 1), 2);
  assert.equal(adjacentLine(lines, 2, 1), 3); // strictly after the current line
  assert.equal(adjacentLine(lines, 6, 1), 7);
  assert.equal(adjacentLine(lines, 9, 1), 2); // wraps to the first
  assert.equal(adjacentLine(lines, 5, -1), 3);
  assert.equal(adjacentLine(lines, 6, -1), 5);
  assert.equal(adjacentLine(lines, 2, -1), 9); // wraps to the last
  assert.equal(adjacentLine(lines, 100, -1), 9);
  assert.equal(adjacentLine([], 3, 1), undefined);
});

test('sortSlices: by figure both ways, nulls last, ties by value name', () => {
  const v = (value: string, mattr: number | null, flags: number): SliceValueReport =>
    ({
      value,
      mattr,
      flags: Array.from({ length: flags }, () => ({})),
      distinct: null,
    }) as unknown as SliceValueReport;
  const values = [v('b', 0.5, 0), v('a', 0.5, 2), v('c', null, 1), v('d', 0.7, 0)];
  assert.deepEqual(
    sortSlices(values, 'mattr', 1).map((x) => x.value),
    ['a', 'b', 'd', 'c'],
  );
  assert.deepEqual(
    sortSlices(values, 'mattr', -1).map((x) => x.value),
    ['d', 'a', 'b', 'c'],
  );
  assert.deepEqual(
    sortSlices(values, 'flags', -1).map((x) => x.value),
    ['a', 'c', 'b', 'd'],
  );
  assert.deepEqual(
    sortSlices(values, 'distinct2', 1).map((x) => x.value),
    ['a', 'b', 'c', 'd'],
  ); // all null → by name
});

test('alignSeries: union of ranks, null where a series has no point', () => {
  const out = alignSeries([
    {
      label: 'dataset',
      points: [
        { rank: 1, frequency: 10 },
        { rank: 3, frequency: 2 },
      ],
    },
    {
      label: 'reference',
      points: [
        { rank: 1, frequency: 20 },
        { rank: 2, frequency: 8 },
      ],
    },
  ]);
  assert.deepEqual(out, {
    x: [1, 2, 3],
    ys: [
      [10, null, 2],
      [20, 8, null],
    ],
  });
});

test('histogramSeries: left edges and counts', () => {
  const h = {
    edges: [0, 1, 2, 4],
    counts: [3, 0, 5],
    underflow: 0,
    overflow: 0,
    count: 8,
    mean: 1,
    min: 0,
    max: 3,
    median: 1,
    p90: 3,
  } as unknown as Histogram;
  assert.deepEqual(histogramSeries(h), { x: [0, 1, 2], y: [3, 0, 5] });
  // trailing empty bins are cut: counts [0, 4, 0, 0] → bins 0..1 kept
  const t = { ...h, edges: [0, 10, 20, 30, 40], counts: [0, 4, 0, 0] } as unknown as Histogram;
  assert.deepEqual(histogramSeries(t), { x: [0, 10], y: [0, 4] });
  assert.deepEqual(histogramSeries({ ...h, edges: [0, 1, 2], counts: [0, 0] } as unknown as Histogram), {
    x: [0],
    y: [0],
  });
});
