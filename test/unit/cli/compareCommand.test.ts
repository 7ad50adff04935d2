/**
 * `diversity-lens compare` end to end on generated data (the built bundle, as a user runs it): a chain human →
 * model → templated text collapses, 5 random equal parts of one human corpus are stable, the JSON has the issue's
 * keys, --out / --markdown / the table agree with it, the cache is used on a second run, and usage errors exit 2
 * with one clear line.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';
import {
  hamRows,
  splitHalves,
  templatedRows,
  weakerAnswers,
  // @ts-expect-error — plain ESM helpers shared with scripts/calibrate.mjs
} from '../../../scripts/lib/calibrationCorpora.mjs';
// @ts-expect-error — plain ESM helpers shared with scripts/calibrate.mjs
import { equalParts } from '../../../scripts/lib/compareCalibration.mjs';
import type { CompareReport } from '../../../src/core/compare/compareTypes.ts';

const { dir, run } = builtCli('dl-cli-compare-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const write = (name: string, rows: string[]) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, rows.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
  return p;
};
const ham: string[] = hamRows();
const human: string[] = splitHalves(ham, 11)[0].slice(0, 800);
const chain = [
  write('gen0.jsonl', human),
  write('gen1.jsonl', weakerAnswers(human, 0.15, 18)),
  write('gen2.jsonl', templatedRows(800, 19)),
];
const cacheDir = path.join(dir, 'cache');

test('a generated chain human → model → templated collapses, with reasons naming the datasets', () => {
  const r = run('compare', ...chain, '--json', '--cache-dir', cacheDir);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as CompareReport;
  assert.equal(report.trend.verdict, 'collapsing');
  assert.ok(report.trend.reasons.length >= 2);
  for (const reason of report.trend.reasons) assert.match(reason.message, /gen1\.jsonl/);
  // the keys
  assert.ok(
    report.commonTokens > 0 && report.commonTokens === Math.min(...report.datasets.map((d) => d.tokens)),
  );
  for (const d of report.datasets)
    for (const key of [
      'path',
      'rows',
      'tokens',
      'types',
      'mattr',
      'mtld',
      'distinct2',
      'exactShare',
      'nearShare',
      'sizeAdjusted',
      'tails',
      'jsDivergence',
      'topTemplateShare',
    ])
      assert.ok(key in d, key);
  assert.deepEqual(Object.keys(report.datasets[0].sizeAdjusted), ['types', 'distinct2']);
  assert.deepEqual(Object.keys(report.datasets[0].tails), [
    'typeCoverage',
    'massCoverage',
    'typeCoverageAtEqualSize',
  ]);
  assert.equal(report.datasets[0].jsDivergence, 0);
  assert.ok(report.datasets[2].jsDivergence! > report.datasets[1].jsDivergence!);
});

test('the second run reads the cache; --out, --markdown and the table say what the JSON says', () => {
  const out = path.join(dir, 'cmp.json');
  const r = run('compare', ...chain, '--out', out, '--cache-dir', cacheDir);
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(fs.readFileSync(out, 'utf8')) as CompareReport;
  assert.deepEqual(
    report.datasets.map((d) => d.cached),
    [true, true, true],
  );
  assert.equal(report.trend.verdict, 'collapsing');
  const md = run('compare', ...chain, '--markdown', '--cache-dir', cacheDir);
  assert.equal(md.status, 0, md.stderr);
  assert.match(md.stdout, /## Trend: \*\*collapsing\*\*/);
  const table = run('compare', ...chain, '--cache-dir', cacheDir);
  assert.equal(table.status, 0, table.stderr);
  assert.match(table.stdout, /Trend: COLLAPSING/);
  const types = report.datasets[1].sizeAdjusted.types!;
  assert.ok(table.stdout.includes(Math.round(types).toLocaleString('en-US')), table.stdout);
  assert.match(table.stdout, /gen0\.jsonl \(baseline\) \*/);
});

test('5 random equal parts of one human corpus are stable', () => {
  const parts = (equalParts(ham, 5, 21) as string[][]).map((rows, k) => write(`part${k}.jsonl`, rows));
  const r = run('compare', ...parts, '--json', '--no-cache', '--workers', '2');
  assert.equal(r.status, 0, r.stderr);
  const report = JSON.parse(r.stdout) as CompareReport;
  assert.equal(report.trend.verdict, 'stable', JSON.stringify(report.trend.reasons, null, 1));
  assert.equal(report.datasets.length, 5);
});

test('usage errors exit 2 with one line: one dataset, a missing file, a baseline not among them, --json with --markdown', () => {
  const cases: [string[], RegExp][] = [
    [['compare', chain[0]], /at least 2 datasets, got 1/],
    [['compare', chain[0], path.join(dir, 'missing.jsonl')], /missing\.jsonl/],
    [['compare', ...chain, '--baseline', 'other.jsonl'], /--baseline other\.jsonl is not among the datasets/],
    [['compare', ...chain, '--json', '--markdown'], /exclusive/],
    [['compare', ...chain, '--out', chain[1]], /gen1\.jsonl/],
  ];
  const before = fs.readFileSync(chain[1], 'utf8');
  for (const [args, message] of cases) {
    const r = run(...args, '--no-cache');
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, message);
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
  assert.equal(fs.readFileSync(chain[1], 'utf8'), before); // the dataset named as --out is untouched
});
