// The report check behind "Open Report…" (src/core/report/validateReport.ts): real reports that analyzeFile writes
// (with and without a reference, with group-by, and as `merge` writes them with a top-level `partials` list) pass;
// a foreign JSON, a JSON array, another version, a truncated or empty file, and a report missing or mistyping a
// section the panel reads are refused with one sentence naming what is wrong.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import {
  parseReportText,
  reportVersionProblem,
  validateReport,
} from '../../../../src/core/report/validateReport.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { TOOL_VERSION } from '../../../../src/core/version.ts';
import { rng } from '../../helpers/testRng.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('dl-validate-report-');
let self: AnalysisReport;
let withReference: AnalysisReport;

/** Seeded rows with a `source` to group by, some exact repeats and one malformed line. */
function dataset(name: string, seed: number, rows: number): string {
  const r = rng(seed);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const text =
      i % 13 === 5 && i > 20
        ? JSON.parse(lines[i - 9]).text
        : Array.from({ length: 25 }, () => `w${Math.floor(2000 * r() ** 2.5)}`).join(' ');
    lines.push(JSON.stringify({ text, source: `s${i % 3}` }));
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, `${lines.join('\n')}\n{broken\n`);
  return file;
}

before(async () => {
  const data = dataset('data.jsonl', 1, 400);
  const reference = dataset('reference.jsonl', 2, 400);
  self = await analyzeFile(data, {});
  withReference = await analyzeFile(data, {
    groupBy: ['source'],
    minSliceRows: 10,
    reference: { path: reference },
  });
});

/** The report as a file would hold it: through JSON and back (a copy the test may change). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a report's JSON, changed freely by the tests
type Json = Record<string, any>;
const asJson = (r: unknown): Json => JSON.parse(JSON.stringify(r));

const problemOf = (x: unknown): string => {
  const c = validateReport(x);
  assert.equal(c.ok, false, 'refused');
  return c.ok ? '' : c.problem;
};

test('reports of analyze (self tails, reference tails with slices) pass, through JSON text too', () => {
  for (const r of [self, withReference]) {
    const c = parseReportText(JSON.stringify(r, null, 2));
    assert.ok(c.ok, c.ok ? '' : c.problem);
    assert.equal(c.partials, null, 'no partials list in an analyze report');
    assert.deepEqual(c.report, asJson(r));
  }
  assert.ok(parseReportText(`\uFEFF${JSON.stringify(self)}\n`).ok, 'a byte-order mark is allowed');
});

test('a merged report (extra top-level `partials` list, no timing phases) passes and counts its partials', () => {
  const merged = asJson(withReference);
  merged.partials = [
    { path: 'a.dlpart', range: [0, 1024] },
    { path: 'b.dlpart', range: [1024, 2048] },
  ];
  merged.timing = { seconds: 1.5 };
  const c = validateReport(merged);
  assert.ok(c.ok, c.ok ? '' : c.problem);
  assert.equal(c.partials, 2);
  // and a report without timing at all
  delete merged.timing;
  assert.ok(validateReport(merged).ok);
});

test('foreign JSON is refused as not a Diversity Lens report', () => {
  assert.match(problemOf({ name: 'package', version: '1.0.0' }), /^not a Diversity Lens analysis report/);
  assert.match(
    problemOf({ tool: { name: 'other-tool', version: '0.1.0' } }),
    /no `tool.name` "diversity-lens"/,
  );
  assert.match(problemOf([1, 2, 3]), /the JSON is a list, not a report object/);
  assert.match(problemOf('text'), /the JSON is the string "text"/);
  assert.match(problemOf(null), /the JSON is null/);
});

test('a Diversity Lens file that is not a report (e.g. a recipe) says so', () => {
  assert.match(
    problemOf({ tool: { name: 'diversity-lens', version: TOOL_VERSION }, recipe: {} }),
    /^a Diversity Lens file but not an analysis report \(no `rows`, `lexical`, `duplicates`, `tails`, `verdict`\)$/,
  );
});

test('a report of another (incompatible) version is refused, naming both versions', () => {
  const other = asJson(self);
  other.tool = { name: 'diversity-lens', version: '0.9.0' };
  const p = problemOf(other);
  assert.match(p, /^a report of another version: it was written by diversity-lens 0\.9\.0; this version/);
  assert.match(p, new RegExp(TOOL_VERSION.replace(/\./g, '\\.')));
  // same release line: fine
  assert.equal(reportVersionProblem('0.1.7', '0.1.0'), null);
  assert.equal(reportVersionProblem('0.1.0-rc.1', '0.1.0'), null);
  assert.equal(reportVersionProblem('1.4.0', '1.0.2'), null);
  assert.match(reportVersionProblem('0.2.0', '0.1.0') ?? '', /reads reports of 0\.1\.x only/);
  assert.match(reportVersionProblem('2.0.0', '1.3.0') ?? '', /reads reports of 1\.x only/);
  assert.match(reportVersionProblem('latest', '0.1.0') ?? '', /is not a version number/);
});

test('a truncated file is refused as truncated, wherever it was cut; an empty one as empty', () => {
  const text = JSON.stringify(withReference, null, 2);
  for (const cut of [1, 2, 10, 200, Math.floor(text.length / 2), text.length - 2, text.length - 1]) {
    const c = parseReportText(text.slice(0, cut));
    assert.equal(c.ok, false);
    assert.match(c.ok ? '' : c.problem, /looks truncated/, `cut at ${cut}`);
  }
  assert.deepEqual(parseReportText(''), { ok: false, problem: 'the file is empty' });
  assert.deepEqual(parseReportText(' \n'), { ok: false, problem: 'the file is empty' });
  const bad = parseReportText('{"tool": nope}');
  assert.match(bad.ok ? '' : bad.problem, /^not valid JSON: /);
});

test('a report missing or mistyping a section the panel reads is refused, naming the key', () => {
  const cases: [string, (r: Json) => void, RegExp][] = [
    ['no lexical', (r) => delete r.lexical, /`lexical` is missing/],
    ['rows.parsed a string', (r) => (r.rows.parsed = '12'), /`rows.parsed` should be a whole number ≥ 0/],
    ['negative count', (r) => (r.tokens.total = -1), /`tokens.total` should be a whole number/],
    ['bad verdict', (r) => (r.verdict.level = 'fine'), /`verdict.level` should be one of "healthy"/],
    [
      'cluster line 0',
      (r) =>
        (r.duplicates.exact.clusters = [
          { size: 2, lines: [0, 3], representativeLine: 3, meanSimilarity: 1 },
        ]),
      /`duplicates.exact.clusters\[0\].lines\[0\]` should be a line number ≥ 1/,
    ],
    ['tails mode', (r) => (r.tails.mode = 'other'), /`tails.mode` should be one of "self", "reference"/],
    ['reference tails without bands', (r) => delete r.tails.bands, /`tails.bands` is missing/],
    ['slices not an object', (r) => (r.slices = []), /`slices` should be an object, found a list/],
    ['a null count', (r) => (r.rows.total = null), /`rows.total` should be a whole number ≥ 0, found null/],
    [
      'histogram',
      (r) => (r.lexical.perRow.tokens.counts = 'x'),
      /`lexical.perRow.tokens.counts` should be a list/,
    ],
    ['file.bytes', (r) => delete r.file.bytes, /`file.bytes` is missing/],
  ];
  for (const [what, change, expected] of cases) {
    const r = asJson(withReference);
    change(r);
    assert.match(problemOf(r), expected, what);
    assert.match(problemOf(r), /^not a complete analysis report: /, what);
  }
  // a null figure (not computable) is allowed where the panel shows n/a
  const r = asJson(self);
  r.lexical.mtld = null;
  r.lexical.hdd = null;
  assert.ok(validateReport(r).ok);
});

test('the instructions section (issue #16): absent, null or figures pass; a mistyped one is refused naming the key', () => {
  const figures = {
    sampleSize: 20000,
    seed: 1,
    maxPromptChars: 1000,
    rows: 10,
    promptRows: 10,
    sampledRows: 10,
    noVerbRows: 1,
    verbOnlyRows: 1,
    distinctVerbs: 2,
    distinctPairs: 3,
    top10Share: 0.9,
    top20Share: 0.9,
    pairEntropy: 1.2,
    topPairs: [{ verb: 'write', noun: 'poem', rows: 6, share: 0.6, lines: [1, 2] }],
    topVerbs: [{ verb: 'write', rows: 8, nouns: [{ noun: 'poem', rows: 6 }] }],
    lemma: { tokens: 50, types: 20, ttr: 0.4, mattr: null, distinct2: 0.7 },
    token: { tokens: 50, types: 22, ttr: 0.44, mattr: null, distinct2: 0.72 },
    ratesPer1000: {
      tokens: 50,
      urls: 0,
      emails: 0,
      emoji: 0,
      hashtags: 0,
      numbers: 20,
      entities: { DATE: 20 },
    },
    overlap: { prompts: 10, histogram: [1, 9], median: 0.5, shareAbove07: 0.1, mean: 0.4, sampleSize: 2000 },
  };
  for (const value of [undefined, null, figures, { ...figures, referenceOverlap: null }]) {
    const r = asJson(self);
    if (value !== undefined) r.instructions = value;
    const c = validateReport(r);
    assert.ok(c.ok, c.ok ? '' : c.problem);
  }
  const cases: [string, (x: Json) => void, RegExp][] = [
    ['not an object', (x) => (x.instructions = 'yes'), /`instructions` should be an object/],
    ['no topPairs', (x) => delete x.instructions.topPairs, /`instructions.topPairs` is missing/],
    [
      'a pair line 0',
      (x) => (x.instructions.topPairs[0].lines = [0]),
      /`instructions.topPairs\[0\].lines\[0\]` should be a line number ≥ 1/,
    ],
    ['a noun number', (x) => (x.instructions.topPairs[0].noun = 3), /`instructions.topPairs\[0\].noun`/],
    [
      'overlap histogram',
      (x) => (x.instructions.overlap.histogram = 'x'),
      /`instructions.overlap.histogram` should be a list/,
    ],
    ['share a string', (x) => (x.instructions.top10Share = '90%'), /`instructions.top10Share`/],
  ];
  for (const [what, change, expected] of cases) {
    const r = asJson(self);
    r.instructions = structuredClone(figures);
    change(r);
    assert.match(problemOf(r), expected, what);
  }
});
