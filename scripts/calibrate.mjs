#!/usr/bin/env node
// Prints the verdict calibration table of docs/metrics.md: the generated cases (also checked by
// test/unit/core/report/verdict.calibration.test.ts) and, when ../shared/data is present, cases built from those
// public datasets (halves, paired answers, topic shifts, a resample and a self-trained chain).
// Then the compare trend's controls (docs/metrics.md "Compare"): the spread of the trend slopes over 200 seeded random
// equal splits of each human file (the thresholds' derivation) and chains that must come out `collapsing`.
// Usage: npm run calibrate            (a few minutes: 1,800 random splits and 8 comparisons)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../src/core/pipeline/analyze.ts';
import { createTextView } from '../src/core/fields/textView.ts';
import { generatedCases } from './lib/calibrationCases.mjs';
import { renderTable, runCases } from './lib/calibrationTable.mjs';
import { bootstrapResample, selfTrainedChain, templatedRows } from './lib/calibrationCorpora.mjs';
import { Rng } from './lib/prng.mjs';
import {
  derivedThresholds,
  equalParts,
  generatedCompareControls,
  renderCompareTable,
  renderSpreadTable,
  runCompareCases,
  splitSpread,
  tokenizeRows,
} from './lib/compareCalibration.mjs';
import { TREND_THRESHOLDS } from '../src/core/compare/compareTrend.ts';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data');

/** Cases from ../shared/data: files are written to `dir` (halves keep the original JSON lines). */
function sharedCases(dir) {
  const lines = (name) =>
    readFileSync(join(shared, `${name}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.trim());
  const write = (name, ls) => {
    const p = join(dir, `${name}.jsonl`);
    writeFileSync(p, ls.join('\n') + '\n');
    return p;
  };
  const texts = (name) => {
    const values = lines(name).map((l) => JSON.parse(l));
    const view = createTextView(values.slice(0, 200));
    return values.map((v) => view.extract(v));
  };
  const halves = (name, seed) => {
    const all = new Rng(seed).shuffled(lines(name));
    const mid = Math.floor(all.length / 2);
    return [write(`${name}.a`, all.slice(0, mid)), write(`${name}.b`, all.slice(mid))];
  };
  const path = (name) => join(shared, `${name}.jsonl`);
  const asText = (name, rows) =>
    write(
      name,
      rows.map((t) => JSON.stringify({ text: t })),
    );
  const same = { levels: ['healthy'], noTailLoss: true };
  const cases = [];
  for (const [name, seed] of [
    ['c4_demo', 1],
    ['alpaca_eval_gpt4', 2],
    ['gpteacher_codegen', 3],
    ['alpaca_eval_text_davinci_003', 4],
  ]) {
    const [a, b] = halves(name, seed);
    cases.push({
      name: `${name}, half vs half`,
      kind: 'same distribution',
      datasetPath: a,
      referencePath: b,
      expect: name === 'gpteacher_codegen' ? { levels: ['healthy', 'watch'], noTailLoss: true } : same,
    });
  }
  cases.push({
    name: 'alpaca_eval davinci-003 vs GPT-4 answers (same prompts)',
    kind: 'paired weaker answers',
    datasetPath: path('alpaca_eval_text_davinci_003'),
    referencePath: path('alpaca_eval_gpt4'),
    expect: { levels: ['watch', 'collapse-prone'] },
  });
  cases.push({
    name: 'alpaca_eval GPT-4 answers vs c4 web text',
    kind: 'topic shift (model vs human)',
    datasetPath: path('alpaca_eval_gpt4'),
    referencePath: path('c4_demo'),
    expect: { levels: ['healthy', 'watch'] },
  });
  cases.push({
    name: 'gpteacher codegen vs c4 web text',
    kind: 'topic shift (model vs human)',
    datasetPath: path('gpteacher_codegen'),
    referencePath: path('c4_demo'),
    expect: { levels: ['healthy', 'watch'], shiftReported: true },
  });
  cases.push({
    name: 'glaive tool calls vs self-instruct seed tasks',
    kind: 'topic shift (model vs human)',
    datasetPath: path('glaive_toolcall_sharegpt'),
    referencePath: path('self_instruct_seed_tasks'),
    expect: { levels: ['healthy', 'watch', 'collapse-prone'] },
  });
  const gp = texts('gpteacher_codegen').slice(0, 3700);
  cases.push({
    name: 'gpteacher: ×10 bootstrap resample of 3.7k rows',
    kind: 'resampled',
    datasetPath: asText('resample', bootstrapResample(gp, 10, 0.1, 5)),
    expect: { levels: ['collapse-prone'] },
  });
  const chain = selfTrainedChain(texts('c4_demo'), 5, 1500, 6);
  cases.push({
    name: 'c4: bigram model refitted 5 generations',
    kind: 'self-trained chain',
    datasetPath: asText('chain5', chain[5]),
    expect: { levels: ['collapse-prone'] },
  });
  cases.push({
    name: 'c4: generation 5 vs c4',
    kind: 'self-trained chain',
    datasetPath: asText('chain5b', chain[5]),
    referencePath: path('c4_demo'),
    expect: { levels: ['collapse-prone'] },
  });
  return cases;
}

const results = await runCases(generatedCases(), analyzeFile);
console.log('### Generated cases (npm packages; checked in `npm test`)\n');
console.log(renderTable(results));
let failed = results.filter((r) => r.problems.length);
if (existsSync(shared)) {
  const dir = mkdtempSync(join(tmpdir(), 'dl-calibrate-'));
  try {
    const more = await runCases(sharedCases(dir), analyzeFile);
    console.log('\n### Public datasets (../shared/data)\n');
    console.log(renderTable(more));
    failed = failed.concat(more.filter((r) => r.problems.length));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
} else console.log(`\n(${shared} not found: public-dataset cases skipped)`);

// ---- compare: trend thresholds from random splits, chains that must collapse (docs/metrics.md "Compare")
const generated = generatedCompareControls();
const spreads = [...generated.spreads];
const compareCases = [...generated.cases];
if (existsSync(shared)) {
  const sharedTexts = (name) => {
    const values = readFileSync(join(shared, `${name}.jsonl`), 'utf8')
      .split('\n')
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l));
    const view = createTextView(values.slice(0, 200));
    return values.map((v) => view.extract(v));
  };
  const c4 = sharedTexts('c4_demo');
  const c4Ids = tokenizeRows(c4);
  for (const [name, rows, parts] of [
    ['c4 web text, 5 parts', c4Ids, 5],
    ['alpaca_eval GPT-4 answers, 5 parts', tokenizeRows(sharedTexts('alpaca_eval_gpt4')), 5],
    ['gpteacher codegen, 5 parts', tokenizeRows(sharedTexts('gpteacher_codegen')), 5],
    ['c4 web text, 2 parts', c4Ids, 2],
    ['c4 web text, 10 parts', c4Ids, 10],
  ])
    spreads.push({ name, spread: splitSpread(rows, parts, 200) });
  const p = (name) => join(shared, `${name}.jsonl`);
  const chain = selfTrainedChain(c4, 5, 300, 6);
  compareCases.push(
    {
      name: 'c4 → alpaca_eval GPT-4 answers → templated answers',
      kind: 'human → model → templated',
      datasets: [p('c4_demo'), p('alpaca_eval_gpt4'), templatedRows(800, 5)],
      expect: 'collapsing',
    },
    {
      name: 'c4 → GPT-4 → davinci-003 answers',
      kind: 'human → models (informative: 3 points)',
      datasets: [p('c4_demo'), p('alpaca_eval_gpt4'), p('alpaca_eval_text_davinci_003')],
      expect: ['collapsing', 'stable'],
    },
    {
      name: 'c4 → bigram model generations 0, 2, 5',
      kind: 'self-trained chain',
      datasets: [c4, chain[0], chain[2], chain[5]],
      expect: 'collapsing',
    },
    {
      name: 'c4 web text, 5 random equal parts',
      kind: 'random split',
      datasets: equalParts(c4, 5, 23),
      expect: 'stable',
    },
  );
}
console.log('\n### Compare: trend slopes over random equal splits (reference-design units)\n');
console.log(renderSpreadTable(spreads));
const derived = derivedThresholds(spreads.map((s) => s.spread));
console.log(
  `\nThresholds these controls call for (2 × widest, rounded up to 0.5%): ${Object.entries(derived)
    .map(([k, v]) => `${k} ${(100 * v).toFixed(1)}%`)
    .join(', ')}`,
);
for (const [k, v] of Object.entries(derived))
  if (v > TREND_THRESHOLDS[k] + 1e-9)
    failed.push({
      case: { name: `compare threshold ${k}` },
      problems: [
        `the controls call for ${(100 * v).toFixed(1)}%, above the ${(100 * TREND_THRESHOLDS[k]).toFixed(1)}% in use`,
      ],
    });
for (const s of spreads)
  if (s.spread.notStable)
    failed.push({ case: { name: s.name }, problems: [`${s.spread.notStable} splits not stable`] });
const compareResults = await runCompareCases(compareCases);
console.log('\n### Compare: chains and splits through compareDatasets\n');
console.log(renderCompareTable(compareResults));
failed = failed.concat(compareResults.filter((r) => r.problems.length));
for (const f of failed) console.log(`\nNOT HOLDING: ${f.case.name}: ${f.problems.join('; ')}`);
process.exitCode = failed.length ? 1 : 0;
