#!/usr/bin/env node
// Prints the verdict calibration table of docs/metrics.md: the generated cases (also checked by
// test/unit/core/report/verdict.calibration.test.ts) and, when ../shared/data is present, cases built from those
// public datasets (halves, paired answers, topic shifts, a resample and a self-trained chain).
// Usage: npm run calibrate            (about a minute)
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../src/core/pipeline/analyze.ts';
import { createTextView } from '../src/core/fields/textView.ts';
import { generatedCases } from './lib/calibrationCases.mjs';
import { renderTable, runCases } from './lib/calibrationTable.mjs';
import { bootstrapResample, selfTrainedChain } from './lib/calibrationCorpora.mjs';
import { Rng } from './lib/prng.mjs';

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
for (const f of failed) console.log(`\nNOT HOLDING: ${f.case.name}: ${f.problems.join('; ')}`);
process.exitCode = failed.length ? 1 : 0;
