import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict } from '../../src/core/report/verdict.ts';
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';

/** A report with every verdict input healthy; tests change one figure at a time. */
function report(over: { rows?: object; tokens?: object; near?: number; exact?: number; opening?: number; mattr?: number; tails?: object }): AnalysisReport {
  return {
    options: { nearThreshold: 0.8 },
    view: 'text',
    rows: { total: 100, parsed: 100, malformed: 0, tooLong: 0, invalidUtf8: 0, emptyText: 0, ...over.rows },
    tokens: { total: 5000, ...over.tokens },
    lexical: { mattr: over.mattr ?? 0.75 },
    duplicates: {
      near: { rateRemovable: over.near ?? 0 },
      exact: { rate: over.exact ?? 0 },
      templates: { openings: over.opening === undefined ? [] : [{ text: 'sure here is', share: over.opening }] },
    },
    tails: over.tails ?? { mode: 'self' },
    slices: null,
  } as unknown as AnalysisReport;
}

test('a report with healthy figures is healthy, with no reasons', () => {
  assert.deepEqual(decideVerdict(report({})), { level: 'healthy', reasons: [] });
});

test('watch and collapse thresholds; strongest reason first', () => {
  // near 0.25 > 0.2 (collapse), exact 0.06 > 0.05 (watch)
  const v = decideVerdict(report({ near: 0.25, exact: 0.06 }));
  assert.equal(v.level, 'collapse-prone');
  assert.deepEqual(v.reasons.map((r) => [r.measure, r.severity]), [['duplicates.near.rateRemovable', 2], ['duplicates.exact.rate', 1]]);
});

test('a value just above its threshold never prints like the threshold', () => {
  // 0.0502 vs 0.05: one decimal would print "5.0% … above 5.0%"
  const v = decideVerdict(report({ near: 0.0502 }));
  assert.match(v.reasons[0].text, /^5\.02% of rows .* above 5\.00%$/);
});

test('no text to measure is a watch with its own reason, never healthy', () => {
  const v = decideVerdict(report({ rows: { emptyText: 100 }, tokens: { total: 0 } }));
  assert.equal(v.level, 'watch');
  assert.equal(v.reasons[0].measure, 'rows.emptyTextShare');
  assert.match(v.reasons[0].text, /^no text to measure: all 100 rows have an empty text view "text"/);
});

test('unreadable lines above 1% make the verdict a watch', () => {
  // 402 bad of 805 lines → 49.9% unreadable
  const v = decideVerdict(report({ rows: { total: 805, parsed: 403, malformed: 402 } }));
  assert.equal(v.level, 'watch');
  assert.equal(v.reasons[0].measure, 'rows.unreadableShare');
  assert.match(v.reasons[0].text, /402 of 805/);
});

test('the tail rule names the size-adjusted key when it uses it', () => {
  const tails = { mode: 'reference', typeCoverage: 0.2066, sizeAdjusted: { subsampled: 'reference', toTokens: 43655, typeCoverage: 0.4234 } };
  const v = decideVerdict(report({ tails }));
  assert.equal(v.level, 'watch', '0.4234 < 0.6 watch, not < 0.4 collapse');
  assert.equal(v.reasons[0].measure, 'tails.sizeAdjusted.typeCoverage');
  assert.equal(v.reasons[0].value, 0.4234);
  assert.match(v.reasons[0].text, /at equal size \(reference subsampled to 43,655 tokens; 20\.7% as measured\)/);
  // without a size-adjusted figure the raw one is used and named
  const raw = decideVerdict(report({ tails: { mode: 'reference', typeCoverage: 0.35, sizeAdjusted: null } }));
  assert.equal(raw.reasons[0].measure, 'tails.typeCoverage');
  assert.equal(raw.level, 'collapse-prone');
});
