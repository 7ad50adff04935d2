import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decideVerdict } from '../../../../src/core/report/verdict.ts';
import { verdictLabel } from '../../../../src/core/report/headline.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';

/** A report with every verdict input healthy; tests change one figure at a time. */
function report(over: {
  rows?: object;
  tokens?: object;
  near?: number;
  exact?: number;
  opening?: number;
  mattr?: number;
  tails?: object;
}): AnalysisReport {
  return {
    options: { nearThreshold: 0.8 },
    view: 'text',
    rows: {
      total: 100,
      parsed: 100,
      malformed: 0,
      tooLong: 0,
      invalidUtf8: 0,
      emptyText: 0,
      skippedBytes: 0,
      readBytes: 10000,
      ...over.rows,
    },
    tokens: { total: 5000, ...over.tokens },
    lexical: { mattr: over.mattr ?? 0.75 },
    duplicates: {
      near: { rateRemovable: over.near ?? 0 },
      exact: { rate: over.exact ?? 0 },
      templates: {
        openings: over.opening === undefined ? [] : [{ text: 'sure here is', share: over.opening }],
      },
    },
    tails: over.tails ?? { mode: 'self', spectrum: { hapaxRetention: 0.9, hapaxTypeShare: 0.5 } },
    slices: null,
  } as unknown as AnalysisReport;
}

test('a report with healthy figures is healthy, with no reasons', () => {
  assert.deepEqual(decideVerdict(report({})), { level: 'healthy', reasons: [], notes: [] });
});

test('watch and collapse thresholds; strongest reason first', () => {
  // near 0.25 > 0.2 (collapse), exact 0.06 > 0.05 (watch)
  const v = decideVerdict(report({ near: 0.25, exact: 0.06 }));
  assert.equal(v.level, 'collapse-prone');
  assert.deepEqual(
    v.reasons.map((r) => [r.measure, r.severity]),
    [
      ['duplicates.near.rateRemovable', 2],
      ['duplicates.exact.rate', 1],
    ],
  );
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

test('an empty file says "empty file" in its reason and its label; all-bad lines do not', () => {
  const empty = (over: object, bytes: number) => {
    const r = report({
      rows: { total: 0, parsed: 0, blank: 0, readBytes: bytes, ...over },
      tokens: { total: 0 },
    });
    (r as { file: object }).file = { path: 'e.jsonl', bytes, compression: 'none' };
    return { ...r, verdict: decideVerdict(r) };
  };
  const zero = empty({}, 0);
  assert.equal(zero.verdict.level, 'watch');
  assert.equal(zero.verdict.reasons[0].text, 'empty file (0 bytes): no rows to measure');
  assert.equal(verdictLabel(zero), 'watch (empty file)');
  const blanks = empty({ blank: 3 }, 3);
  assert.equal(blanks.verdict.reasons[0].text, 'empty file (only 3 blank lines): no rows to measure');
  // every line malformed: not empty, its own reason
  const bad = empty({ total: 4, malformed: 4 }, 40);
  assert.ok(bad.verdict.reasons.some((x) => /no parsed JSON object/.test(x.text)));
  assert.equal(verdictLabel(bad), 'watch');
});

test('unreadable lines above 1% make the verdict a watch', () => {
  // 402 bad of 805 lines → 49.9% unreadable
  const v = decideVerdict(report({ rows: { total: 805, parsed: 403, malformed: 402 } }));
  assert.equal(v.level, 'watch');
  assert.equal(v.reasons[0].measure, 'rows.unreadableShare');
  assert.match(v.reasons[0].text, /402 of 805/);
});

test('one too-long line holding most of the bytes is a watch naming the share; the lines rule alone would miss it', () => {
  // 1 skipped line of 301 (0.33% < 1%), but 30,000,000 of 30,090,000 bytes (99.7%)
  const v = decideVerdict(
    report({
      rows: { total: 301, parsed: 300, tooLong: 1, skippedBytes: 30_000_000, readBytes: 30_090_000 },
    }),
  );
  assert.equal(v.level, 'watch');
  assert.deepEqual(
    v.reasons.map((r) => r.measure),
    ['rows.skippedByteShare'],
  );
  assert.match(
    v.reasons[0].text,
    /^99\.7% of the file's bytes are in 1 skipped line \(1 too long, 0 unreadable\)/,
  );
});

const spectrum = (hapaxRetention: number) => ({ hapaxRetention, hapaxTypeShare: 0.2 });

test('own spectrum: hapax retention below 0.8 is watch, below 0.6 collapse, not judged under 20,000 tokens', () => {
  assert.equal(
    decideVerdict(report({ tokens: { total: 100_000 }, tails: { mode: 'self', spectrum: spectrum(0.85) } }))
      .level,
    'healthy',
  );
  const w = decideVerdict(
    report({ tokens: { total: 100_000 }, tails: { mode: 'self', spectrum: spectrum(0.7) } }),
  );
  assert.deepEqual([w.level, w.reasons[0].measure], ['watch', 'tails.spectrum.hapaxRetention']);
  assert.match(
    w.reasons[0].text,
    /last doubling \(50,000 → 100,000 tokens\) the share of words seen once fell to 0\.70× \(to 20\.0%\)/,
  );
  assert.equal(
    decideVerdict(report({ tokens: { total: 100_000 }, tails: { mode: 'self', spectrum: spectrum(0.01) } }))
      .level,
    'collapse-prone',
  );
  assert.equal(
    decideVerdict(report({ tokens: { total: 19_999 }, tails: { mode: 'self', spectrum: spectrum(0.01) } }))
      .level,
    'healthy',
  );
});

/** A reference-mode tails object with an equal-size comparison and a coverage baseline. */
function refTails(e: {
  types?: number;
  hapax?: number;
  mtld?: number;
  at?: number;
  coverageRatio?: number;
  retention?: number;
}) {
  return {
    mode: 'reference',
    spectrum: spectrum(0.9),
    jsDivergence: 0.2,
    equalSize: {
      atTokens: e.at ?? 50_000,
      dataset: { types: 8000, hapaxTypeShare: 0.3 },
      reference: { types: 10000, hapaxTypeShare: 0.5 },
      typesRatio: e.types ?? 1,
      hapaxShareRatio: e.hapax ?? 1,
      mtld: { dataset: 40, reference: 80, ratio: e.mtld ?? 1 },
      retention: { dataset: 0.9 * (e.retention ?? 1), reference: 0.9, ratio: e.retention ?? 1 },
    },
    baseline: {
      ratio: e.coverageRatio ?? 1,
      datasetCoverage: 0.3,
      sameDistributionCoverage: 0.5,
      atTokens: 50_000,
    },
  };
}

test('with a reference: fewer types and lower MTLD at equal size are watch only; a thinner hapax share can be collapse', () => {
  const types = decideVerdict(report({ tails: refTails({ types: 0.3 }) }));
  assert.deepEqual([types.level, types.reasons[0].measure], ['watch', 'tails.equalSize.typesRatio']);
  assert.match(
    types.reasons[0].text,
    /^70\.0% fewer word types than the reference at equal size \(8,000 against 10,000 in 50,000 tokens/,
  );
  const mtld = decideVerdict(report({ tails: refTails({ mtld: 0.5 }) }));
  assert.deepEqual([mtld.level, mtld.reasons[0].measure], ['watch', 'tails.equalSize.mtld.ratio']);
  assert.equal(decideVerdict(report({ tails: refTails({ hapax: 0.7 }) })).level, 'watch');
  const thin = decideVerdict(report({ tails: refTails({ hapax: 0.4 }) }));
  assert.deepEqual(
    [thin.level, thin.reasons[0].measure],
    ['collapse-prone', 'tails.equalSize.hapaxShareRatio'],
  );
  // under 5,000 common tokens the comparison is not judged
  assert.equal(
    decideVerdict(report({ tails: refTails({ hapax: 0.4, types: 0.3, at: 4_999 }) })).level,
    'healthy',
  );
});

test("with a reference, hapax retention is judged against the reference's own; the absolute rule is off", () => {
  // the dataset's own retention 0.5 would be collapse without a reference; the reference's is as low
  const codeLike = { ...refTails({ retention: 1 }), spectrum: spectrum(0.5) };
  assert.equal(decideVerdict(report({ tokens: { total: 100_000 }, tails: codeLike })).level, 'healthy');
  const w = decideVerdict(report({ tokens: { total: 100_000 }, tails: refTails({ retention: 0.8 }) }));
  assert.deepEqual([w.level, w.reasons[0].measure], ['watch', 'tails.equalSize.retention.ratio']);
  assert.equal(
    decideVerdict(report({ tokens: { total: 100_000 }, tails: refTails({ retention: 0.6 }) })).level,
    'collapse-prone',
  );
});

test('vocabulary shift is a note with its own wording and never sets the level', () => {
  const v = decideVerdict(report({ tails: refTails({ coverageRatio: 0.5 }) }));
  assert.equal(v.level, 'healthy');
  assert.deepEqual(v.reasons, []);
  assert.equal(v.notes.length, 1);
  assert.equal(v.notes[0].measure, 'tails.baseline.ratio');
  assert.match(
    v.notes[0].text,
    /^strong vocabulary shift from the reference: the dataset covers 30\.0% .* another sample of the reference itself covers 50\.0% at the same size \(50,000 tokens; 0\.50×\), Jensen–Shannon divergence 0\.200 — other topics/,
  );
  assert.equal(decideVerdict(report({ tails: refTails({ coverageRatio: 0.95 }) })).notes.length, 0);
  assert.match(
    decideVerdict(report({ tails: refTails({ coverageRatio: 0.85 }) })).notes[0].text,
    /^vocabulary shift/,
  );
});
