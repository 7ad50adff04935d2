/**
 * The compare trend's calibration (docs/metrics.md, "Compare") must hold on the generated controls: random equal
 * splits of one human corpus never leave `stable`, and the thresholds in use sit at least the documented margin
 * beyond the widest split slope; chains human → model → templated and a self-trained chain, run through
 * compareDatasets on JSONL files, come out `collapsing`. The tables are printed so the figures stay visible in
 * `npm test` (`npm run calibrate` adds the public-data controls and 200 splits a control instead of 25).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TREND_THRESHOLDS } from '../../../../src/core/compare/compareTrend.ts';
import {
  derivedThresholds,
  generatedCompareControls,
  renderCompareTable,
  renderSpreadTable,
  runCompareCases,
  // @ts-expect-error — plain ESM helpers shared with scripts/calibrate.mjs
} from '../../../../scripts/lib/compareCalibration.mjs';

interface Spread {
  name: string;
  spread: { notStable: number; figures: Record<string, { max?: number }> };
}
interface Result {
  case: { name: string };
  problems: string[];
}

test('compare calibration: random equal splits stay stable within the margin; generated chains collapse', async () => {
  const { spreads, cases } = generatedCompareControls(25) as { spreads: Spread[]; cases: unknown[] };
  console.log(`\nCompare trend: slopes over random equal splits\n${renderSpreadTable(spreads)}\n`);
  assert.deepEqual(
    spreads.filter((s) => s.spread.notStable > 0).map((s) => s.name),
    [],
  );
  const derived = derivedThresholds(spreads.map((s) => s.spread)) as Record<string, number>;
  for (const [figure, value] of Object.entries(derived))
    assert.ok(
      value <= TREND_THRESHOLDS[figure as keyof typeof TREND_THRESHOLDS] + 1e-9,
      `${figure}: the controls call for ${value}, above ${TREND_THRESHOLDS[figure as keyof typeof TREND_THRESHOLDS]}`,
    );
  const results: Result[] = await runCompareCases(cases);
  console.log(`\nCompare trend: chains and splits through compareDatasets\n${renderCompareTable(results)}\n`);
  assert.equal(results.length, 4);
  assert.deepEqual(
    results.filter((r) => r.problems.length).map((r) => `${r.case.name}: ${r.problems.join('; ')}`),
    [],
  );
});
