/**
 * The compare trend's calibration controls (docs/metrics.md, "Compare"): the spread of the trend slopes over many
 * seeded random equal splits of one human file (which must come out `stable`, and set the thresholds), and chains
 * whose answer is known by construction (human → model → templated text must come out `collapsing`).
 * Why here: `npm run calibrate` (public data) and the unit test (generated data from npm packages) print the same
 * table from the same code. The split spread is computed in memory from each row's tokens with the comparison's
 * own count and figure functions (compareCounts.ts, compareFigures.ts, compareTrend.ts) — 200 splits a file in
 * seconds; the chains and one split per file go through compareDatasets on JSONL files, the CLI's path.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Vocabulary } from '../../src/core/tokenize/vocabulary.ts';
import { BigramCounter } from '../../src/core/compare/compareCounts.ts';
import { baselineTail, pairFigures } from '../../src/core/compare/compareFigures.ts';
import {
  TREND_FIGURES,
  TREND_MARGIN,
  TREND_THRESHOLDS,
  sxxOf,
  trendSeries,
  trendThreshold,
  trendVerdict,
} from '../../src/core/compare/compareTrend.ts';
import { compareDatasets } from '../../src/core/compare/compareDatasets.ts';
import { Rng } from './prng.mjs';
// The same generated corpora the verdict calibration (calibrationCases.mjs) draws from, named `corpora.*` at use.
import * as corpora from './calibrationCorpora.mjs';

/** Each row's token ids (the analysis' `word` tokenizer, one vocabulary). */
export function tokenizeRows(texts) {
  const vocab = new Vocabulary();
  return texts.map((t) => vocab.addText(t).slice());
}

/** A part's counts as compareCounts.ts makes them (unigram keys are ids here: the figures only compare keys). */
function countsOf(rows) {
  const unigrams = new Map();
  const bigrams = new BigramCounter();
  let tokens = 0;
  for (const ids of rows) {
    for (const id of ids) unigrams.set(id, (unigrams.get(id) ?? 0) + 1);
    tokens += ids.length;
    bigrams.addRow(ids);
  }
  return { tokens, unigrams, bigrams: bigrams.spectrum() };
}

/** The datasets' comparison rows (the figures the trend reads), baseline first. */
function compareParts(parts, tailMax = 5) {
  const counts = parts.map(countsOf);
  const commonTokens = Math.min(...counts.map((c) => c.tokens));
  const commonBigrams = Math.min(...counts.map((c) => c.bigrams.total));
  const base = { counts: counts[0], tail: baselineTail(counts[0].unigrams, tailMax) };
  const datasets = counts.map((c, i) => ({
    path: `part ${i + 1}`,
    ...pairFigures(c, base, commonTokens, commonBigrams),
  }));
  return { datasets, commonTokens };
}

/**
 * Slopes of every trend figure over `seeds` random splits of `rows` (token ids) into `parts` equal parts, each in
 * reference-design units (the slope ÷ trendThreshold's scale factor for its series: 5 datasets of ≥ 25k tokens
 * keep their slope): the largest |slope| per figure, its 99th percentile, and how many splits the verdict with the
 * thresholds in use calls non-stable.
 */
export function splitSpread(rows, parts = 5, seeds = 200) {
  const slopes = Object.fromEntries(TREND_FIGURES.map((f) => [f.figure, []]));
  let notStable = 0;
  const size = Math.floor(rows.length / parts);
  for (let s = 1; s <= seeds; s++) {
    const shuffled = new Rng(1000 + s).shuffled(rows);
    const split = Array.from({ length: parts }, (_, k) => shuffled.slice(k * size, (k + 1) * size));
    const { datasets, commonTokens } = compareParts(split);
    for (const series of trendSeries(datasets, 0)) {
      if (series.slope === null) continue;
      const scale = trendThreshold(1, sxxOf(series.xs), commonTokens);
      slopes[series.figure.figure].push(series.slope / scale);
    }
    if (trendVerdict(datasets, 0, commonTokens).verdict !== 'stable') notStable++;
  }
  const figures = {};
  for (const [figure, xs] of Object.entries(slopes)) {
    const abs = xs.map(Math.abs).sort((a, b) => a - b);
    figures[figure] = { max: abs[abs.length - 1], p99: abs[Math.floor(0.99 * (abs.length - 1))] };
  }
  return {
    seeds,
    parts,
    tokensPerPart: rows.slice(0, size).reduce((a, r) => a + r.length, 0),
    figures,
    notStable,
  };
}

/** The thresholds the spreads call for: TREND_MARGIN × the widest |slope| over every control, rounded up to 0.5%. */
export function derivedThresholds(spreads) {
  const out = {};
  for (const f of TREND_FIGURES) {
    const widest = Math.max(...spreads.map((s) => s.figures[f.figure].max).filter((x) => x !== undefined));
    out[f.figure] = Math.ceil((TREND_MARGIN * widest) / 0.005) * 0.005;
  }
  return out;
}

/** Writes rows as `{"text": …}` JSONL. */
function writeRows(path, rows) {
  writeFileSync(path, rows.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
  return path;
}

/**
 * Runs file cases through compareDatasets (no cache) and returns each with its report and problems. A case:
 * { name, kind, datasets: (string[] rows | a file path)[], expect: a verdict or a list of the verdicts allowed }.
 */
export async function runCompareCases(cases) {
  const dir = mkdtempSync(join(tmpdir(), 'dl-compare-calibration-'));
  try {
    const out = [];
    for (const [i, c] of cases.entries()) {
      const inputs = c.datasets.map((d, k) =>
        typeof d === 'string' ? d : writeRows(join(dir, `case${i}.${k}.jsonl`), d),
      );
      const report = await compareDatasets(inputs, { workers: 1 }, { cache: false });
      const problems = [c.expect].flat().includes(report.trend.verdict)
        ? []
        : [`verdict ${report.trend.verdict}, expected ${[c.expect].flat().join(' or ')}`];
      out.push({ case: c, report, problems });
    }
    return out;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Equal parts of rows after a seeded shuffle (one split, for a file case). */
export function equalParts(rows, parts, seed) {
  const shuffled = new Rng(seed).shuffled(rows);
  const size = Math.floor(shuffled.length / parts);
  return Array.from({ length: parts }, (_, k) => shuffled.slice(k * size, (k + 1) * size));
}

const pct = (x) => (x === null || x === undefined ? '—' : `${(100 * x).toFixed(1)}%`);

/** Markdown table of the split spreads: per control, per figure the widest |slope| and its 99th percentile. */
export function renderSpreadTable(named) {
  const head = TREND_FIGURES.map((f) => f.figure);
  const lines = [
    `| control | splits × parts | tokens/part | ${head.map((h) => `${h} max (p99)`).join(' | ')} | not stable |`,
    `|---|---|---|${head.map(() => '---').join('|')}|---|`,
  ];
  for (const { name, spread: s } of named)
    lines.push(
      `| ${name} | ${s.seeds} × ${s.parts} | ${s.tokensPerPart.toLocaleString('en-US')} | ${head
        .map((h) => `${pct(s.figures[h].max)} (${pct(s.figures[h].p99)})`)
        .join(' | ')} | ${s.notStable} |`,
    );
  lines.push(
    `| **thresholds in use** | | | ${head.map((h) => `**${pct(TREND_THRESHOLDS[h])}**`).join(' | ')} | |`,
  );
  return lines.join('\n');
}

/** Markdown table of file cases: per case the slope of every figure and the verdict. */
export function renderCompareTable(results) {
  const head = TREND_FIGURES.map((f) => f.figure);
  const lines = [
    `| case | kind | datasets | ${head.join(' | ')} | verdict | holds |`,
    `|---|---|---|${head.map(() => '---').join('|')}|---|---|`,
  ];
  for (const r of results) {
    const series = trendSeries(r.report.datasets, r.report.baseline);
    const slope = (h) => series.find((s) => s.figure.figure === h)?.slope ?? null;
    lines.push(
      `| ${r.case.name} | ${r.case.kind} | ${r.report.datasets.length} | ${head.map((h) => pct(slope(h))).join(' | ')} | ${r.report.trend.verdict} | ${r.problems.length ? 'NO' : 'yes'} |`,
    );
  }
  return lines.join('\n');
}

/**
 * The generated compare controls (npm packages only; checked in `npm test`): split spreads of ham mail and State of
 * the Union text (5 parts, and 2 / 10 parts to check the threshold's scaling), and the file cases — a chain human
 * → model → templated text, a self-trained chain, and one random 5-way split of each human corpus.
 */
export function generatedCompareControls(seeds = 200) {
  const ham = corpora.hamRows();
  const sotu = corpora.sotuRows(1950);
  const hamIds = tokenizeRows(ham);
  const sotuIds = tokenizeRows(sotu);
  const spreads = [
    ['ham mail, 5 parts', hamIds, 5],
    ['State of the Union 1950–, 5 parts', sotuIds, 5],
    ['ham mail, 2 parts', hamIds, 2],
    ['State of the Union 1950–, 10 parts', sotuIds, 10],
  ].map(([name, rows, parts]) => ({ name, spread: splitSpread(rows, parts, seeds) }));
  const [hamA] = corpora.splitHalves(ham, 11);
  const chain = corpora.selfTrainedChain(hamA, 4, 1500, 13);
  const cases = [
    {
      name: 'ham mail → weaker model answers → templated answers',
      kind: 'human → model → templated',
      datasets: [hamA, corpora.weakerAnswers(hamA, 0.15, 18), corpora.templatedRows(3000, 19)],
      expect: 'collapsing',
    },
    {
      name: 'ham mail → bigram model generations 0, 2, 4',
      kind: 'self-trained chain',
      datasets: [hamA, chain[0], chain[2], chain[4]],
      expect: 'collapsing',
    },
    {
      name: 'ham mail, 5 random equal parts',
      kind: 'random split',
      datasets: equalParts(ham, 5, 21),
      expect: 'stable',
    },
    {
      name: 'State of the Union 1950–, 5 random equal parts',
      kind: 'random split',
      datasets: equalParts(sotu, 5, 22),
      expect: 'stable',
    },
  ];
  return { spreads, cases };
}
