import { test } from 'node:test';
import assert from 'node:assert/strict';
import { evaluateGates, parseGate } from '../../../../src/core/report/gates.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';

// Only the keys the gates read; the rest of the report is irrelevant here.
const report = {
  rows: { parsed: 200, malformed: 3 },
  duplicates: { near: { rowsRemovable: 14, rateRemovable: 0.07 }, exact: { rows: 0 } },
  tails: { typeCoverage: 0.35 },
} as unknown as AnalysisReport;

test('parseGate expands aliases and reads the operator and threshold', () => {
  assert.deepEqual(parseGate('near.rowsRemovable>0.05'), {
    source: 'near.rowsRemovable>0.05',
    path: 'duplicates.near.rowsRemovable',
    op: '>',
    threshold: 0.05,
  });
  assert.equal(parseGate('tails.typeCoverage <= 0.4').op, '<=');
  assert.throws(() => parseGate('near.rowsRemovable=3'), /bad --fail-on rule/);
});

test('row counts compare as shares below 1 and as counts otherwise', () => {
  // 14 removable of 200 parsed = 0.07 > 0.05 → broken; 14 >= 20 → passes
  const [share, count] = evaluateGates(report, [
    parseGate('near.rowsRemovable>0.05'),
    parseGate('near.rowsRemovable>=20'),
  ]);
  assert.equal(share.value, 0.07);
  assert.equal(share.broken, true);
  assert.equal(count.value, 14);
  assert.equal(count.broken, false);
});

test('coverage gate and a missing key', () => {
  const [cov, missing] = evaluateGates(report, [
    parseGate('tails.typeCoverage<0.4'),
    parseGate('tails.massCoverage<0.4'),
  ]);
  assert.equal(cov.broken, true, '0.35 < 0.4');
  assert.equal(missing.broken, true, 'a missing figure must fail the gate');
  assert.equal(missing.missing, true);
  assert.equal(cov.missing, false);
  assert.match(missing.message, /no number at tails.massCoverage/);
});
