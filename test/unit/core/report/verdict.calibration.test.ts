/**
 * The verdict calibration set (docs/metrics.md, "Verdict calibration") must hold: every generated case
 * gets a verdict its construction allows, same-distribution controls get no tail reason and no shift
 * note, topic shifts get the note, and collapsed sets are collapse-prone. The table is printed so the
 * figures stay visible in `npm test`.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
// @ts-expect-error — plain ESM helpers shared with scripts/calibrate.mjs
import { generatedCases } from '../../../../scripts/lib/calibrationCases.mjs';
// @ts-expect-error — plain ESM helpers shared with scripts/calibrate.mjs
import { renderTable, runCases } from '../../../../scripts/lib/calibrationTable.mjs';

interface Result {
  case: { name: string };
  problems: string[];
}

test('verdict calibration: every generated control gets the verdict its construction calls for', async () => {
  const results: Result[] = await runCases(generatedCases(), analyzeFile);
  console.log(`\nVerdict calibration (generated cases)\n${renderTable(results)}\n`);
  assert.equal(results.length, 13);
  const failures = results
    .filter((r) => r.problems.length)
    .map((r) => `${r.case.name}: ${r.problems.join('; ')}`);
  assert.deepEqual(failures, []);
});
