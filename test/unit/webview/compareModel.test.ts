// The Compare view's view model (webview/compare/compareModel.ts): the table's cells are the report's exact values and
// their text, the charts run along the order with raw and size-adjusted side by side, the projection is overlaid on
// types and (with the first dataset as baseline only) tail coverage, and the note says faster / slower / within.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  compareCharts,
  FIGURES,
  formatFigure,
  moveInOrder,
  projectionNote,
  tableRows,
} from '../../../webview/compare/compareModel.ts';
import type { ChainProjection } from '../../../src/core/compare/projectedChain.ts';
import { state } from '../helpers/compareFixtures.ts';

const projection = (types: number[], tail: number[]): ChainProjection => ({
  model: 'unigram',
  from: '/d/gen0.jsonl',
  fromTokens: 100,
  tailMax: 5,
  tokensPerGeneration: 100,
  generations: types.length - 1,
  realShare: 0.1,
  seed: 1,
  tailTypes: 10,
  regimes: {
    replace: types.map((t, g) => ({ generation: g, types: t, sampleTypes: t, tailCoverage: tail[g] })),
    accumulate: types.map((t, g) => ({ generation: g, types: t + 5, sampleTypes: t, tailCoverage: 1 })),
    fresh: types.map((t, g) => ({ generation: g, types: t + 2, sampleTypes: t, tailCoverage: tail[g] })),
  },
});

test('table: one row per dataset, every figure its exact value and its text, the baseline marked', () => {
  const rows = tableRows(state());
  assert.equal(rows.length, 2);
  assert.deepEqual(
    rows.map((r) => [r.label, r.baseline]),
    [
      ['gen0.jsonl', true],
      ['gen1.jsonl', false],
    ],
  );
  assert.deepEqual(
    rows[1].cells.map((c) => c.key),
    FIGURES.map((f) => f.key),
  );
  const cell = (key: string) => rows[1].cells.find((c) => c.key === key)!;
  assert.deepEqual(cell('types'), { key: 'types', value: 40, text: '40' });
  assert.deepEqual(cell('sizeAdjusted.types'), { key: 'sizeAdjusted.types', value: 39.5, text: '39.500' });
  assert.deepEqual(cell('nearShare'), { key: 'nearShare', value: 0.1, text: '10.0%' });
  assert.deepEqual(cell('topTemplateShare'), { key: 'topTemplateShare', value: null, text: 'n/a' });
  assert.deepEqual(cell('tails.typeCoverageAtEqualSize').text, 'n/a');
  assert.equal(formatFigure('count', 12345), '12,345');
});

test('charts: along the order, raw and size-adjusted side by side, no projection without one', () => {
  const rows = compareCharts(state(), true);
  assert.deepEqual(
    rows.map((r) => r.charts.map((c) => c.id)),
    [
      ['chart-types', 'chart-types-adjusted'],
      ['chart-distinct2', 'chart-distinct2-adjusted'],
      ['chart-tails', 'chart-tails-adjusted'],
      ['chart-mattr'],
      ['chart-mtld'],
      ['chart-duplicates'],
      ['chart-jsd'],
      ['chart-templates'],
    ],
  );
  assert.deepEqual(rows[0].charts[0].series, [{ label: 'measured', values: [60, 40] }]);
  assert.deepEqual(rows[0].charts[1].series, [{ label: 'size-adjusted', values: [59.5, 39.5] }]);
  assert.deepEqual(
    rows[2].charts[0].series.map((s) => s.values),
    [
      [1, 1],
      [1, 1],
    ],
  );
});

test('charts: the projection overlays types and tail coverage at generation = position; off: none', () => {
  const s = { ...state(), projection: projection([60, 50], [1, 0.5]) };
  const on = compareCharts(s, true);
  const types = on[0].charts[0].series;
  assert.deepEqual(
    types.map((x) => [x.label, x.values, x.projected ?? false]),
    [
      ['measured', [60, 40], false],
      ['projected: replace', [60, 50], true],
      ['projected: accumulate', [65, 55], true],
      ['projected: fresh real share', [62, 52], true],
    ],
  );
  assert.deepEqual(
    on[2].charts[0].series.filter((x) => x.projected).map((x) => x.values),
    [
      [1, 0.5],
      [1, 1],
      [1, 0.5],
    ],
  );
  // never on the size-adjusted charts
  assert.equal(on[0].charts[1].series.length, 1);
  const off = compareCharts(s, false);
  assert.equal(off[0].charts[0].series.length, 1);
  // another baseline: the measured coverage is of its tail, so no projected tail line
  const other = compareCharts({ ...s, baseline: 1, report: { ...s.report!, baseline: 1 } }, true);
  assert.equal(other[2].charts[0].series.filter((x) => x.projected).length, 0);
  assert.equal(other[0].charts[0].series.filter((x) => x.projected).length, 3);
});

test('projection note: what and from what; faster / within / slower than projected', () => {
  assert.equal(projectionNote(state()), null);
  const faster = projectionNote({ ...state(), projection: projection([60, 50], [1, 0.5]) })!;
  assert.match(faster.what, /^Projected from gen0\.jsonl, taken as real data/);
  assert.match(faster.what, /100 tokens/);
  assert.equal(faster.tailCaveat, null);
  assert.deepEqual(faster.lines, [
    'gen1.jsonl (generation 1): 40 types measured, 50–55 projected — collapses faster than projected.',
  ]);
  assert.equal(faster.summary, 'gen1.jsonl: collapses faster than projected (types, generation 1).');
  const within = projectionNote({ ...state(), projection: projection([60, 38], [1, 0.5]) })!;
  assert.match(within.lines[0], /within the projected range/);
  const slower = projectionNote({ ...state(), projection: projection([60, 30], [1, 0.5]) })!;
  assert.match(slower.lines[0], /collapses slower than projected/);
  const otherBase = projectionNote({ ...state(), baseline: 1, projection: projection([60, 50], [1, 0.5]) })!;
  assert.match(otherBase.tailCaveat!, /baseline is not gen0\.jsonl/);
});

test('reorder: moving a dataset up or down swaps neighbours; past an end nothing moves', () => {
  assert.deepEqual(moveInOrder([0, 1, 2], 2, -1), [0, 2, 1]);
  assert.deepEqual(moveInOrder([0, 1, 2], 0, 1), [1, 0, 2]);
  assert.deepEqual(moveInOrder([0, 1, 2], 0, -1), [0, 1, 2]);
  assert.deepEqual(moveInOrder([0, 1, 2], 2, 1), [0, 1, 2]);
});
