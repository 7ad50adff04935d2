/**
 * The comparison's figures on inputs small enough to compute by hand: rarefied types and distinct-2 (exact
 * hypergeometric expectations), the baseline's tail coverage raw and at equal size, the Jensen–Shannon divergence,
 * the bounded bigram counter, and the count pass against the analysis' own totals.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  baselineTail,
  pairFigures,
  rarefiedDistinct2,
  rarefiedTypes,
  tailCoverage,
} from '../../../../src/core/compare/compareFigures.ts';
import { BigramCounter, countDataset } from '../../../../src/core/compare/compareCounts.ts';
import { jsDivergence } from '../../../../src/core/tails/divergence.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { plainCorpus, textRowsJsonl } from '../../helpers/corpora.ts';

const close = (a: number | null, b: number, eps = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) < eps, `${a} ≉ ${b}`);

test('rarefied types: {a:2, b:1, c:1} at 2 of 4 tokens is 5/6 + 1/2 + 1/2 = 11/6', () => {
  const counts = new Map([
    ['a', 2],
    ['b', 1],
    ['c', 1],
  ]);
  // a survives unless both drawn tokens are the 2 others: 1 − C(2,2)/C(4,2) = 5/6; b, c: 1 − C(3,2)/C(4,2) = 1/2
  close(rarefiedTypes(counts, 4, 2), 11 / 6);
  close(rarefiedTypes(counts, 4, 4), 3);
  close(rarefiedTypes(counts, 4, 9), 3); // never above the whole
  assert.equal(rarefiedTypes(new Map(), 0, 5), null);
});

test('rarefied distinct-2: the same expectation over bigram occurrences, ÷ b; a sampled table weighs 2^level', () => {
  // bigram x twice, y once, z once: B = 4; at b = 2 the expected distinct bigrams are 11/6
  const exact = { total: 4, level: 0, hist: [[1, 2] as [number, number], [2, 1] as [number, number]] };
  close(rarefiedDistinct2(exact, 2), 11 / 12);
  close(rarefiedDistinct2(exact, 4), 3 / 4); // at b = B: the dataset's own distinct-2
  const sampled = { total: 4, level: 1, hist: [[1, 1] as [number, number]] }; // one kept type of 2 (hash half)
  close(rarefiedDistinct2(sampled, 2), (2 * 0.5) / 2);
  assert.equal(rarefiedDistinct2({ total: 0, level: 0, hist: [] }, 3), null);
});

test('baseline tail coverage: raw type and mass shares, and the dataset rarefied to the common size', () => {
  // baseline tail (tailMax 5): a (1), b (2) — c (9) is not in it; mass 3
  const tail = baselineTail(
    new Map([
      ['a', 1],
      ['b', 2],
      ['c', 9],
    ]),
    5,
  );
  assert.deepEqual(
    [...tail.types],
    [
      ['a', 1],
      ['b', 2],
    ],
  );
  assert.equal(tail.mass, 3);
  const dataset = new Map([
    ['a', 1],
    ['c', 3],
  ]);
  const cov = tailCoverage(tail, dataset, 4, 2);
  close(cov.typeCoverage, 1 / 2);
  close(cov.massCoverage, 1 / 3);
  // a (once in 4 tokens) survives a 2-token subsample with 1 − C(3,2)/C(4,2) = 1/2; b is absent: (1/2) / 2
  close(cov.typeCoverageAtEqualSize, 1 / 4);
  assert.deepEqual(tailCoverage(baselineTail(new Map([['c', 9]]), 5), dataset, 4, 2), {
    typeCoverage: null,
    massCoverage: null,
    typeCoverageAtEqualSize: null,
  });
});

test('Jensen–Shannon divergence in bits: P = (1, 0), Q = (½, ½) gives ½·log2(4/3) + ¼·log2(2/3) + ¼', () => {
  const p = new Map([['a', 1]]);
  const q = new Map([
    ['a', 3],
    ['b', 3],
  ]);
  const expected = 0.5 * Math.log2(4 / 3) + 0.25 * Math.log2(2 / 3) + 0.25;
  close(jsDivergence(p, q), expected);
  const base = {
    counts: { tokens: 1, unigrams: p, bigrams: { total: 0, level: 0, hist: [] } },
    tail: baselineTail(p, 5),
  };
  const other = { tokens: 6, unigrams: q, bigrams: { total: 5, level: 0, hist: [] as [number, number][] } };
  close(pairFigures(other, base, 1, 0).jsDivergence, expected);
  assert.equal(pairFigures(base.counts, base, 1, 0).jsDivergence, 0);
});

test('bigram counter: bigrams inside rows only; past its cap it keeps a hash sample of the types, counts exact', () => {
  const c = new BigramCounter();
  c.addRow([1, 2, 1, 2]);
  c.addRow([2]); // no bigram
  c.addRow([2, 1]);
  // (1,2) ×2, (2,1) ×2 — the last token of row 1 and the first of row 3 never form a bigram
  assert.deepEqual(c.spectrum(), { total: 4, level: 0, hist: [[2, 2]] });
  const small = new BigramCounter(1000);
  const truth = 20000;
  for (let i = 0; i < truth; i++) small.addRow([i, i + 1, i]); // 2 distinct bigrams a row, each once
  const s = small.spectrum();
  assert.equal(s.total, 2 * truth);
  assert.ok(s.level >= 5, `level ${s.level}`);
  const kept = s.hist.reduce((a, [f, k]) => (assert.equal(f, 1), a + k), 0);
  assert.ok(kept <= 1000);
  const estimate = kept * 2 ** s.level;
  assert.ok(Math.abs(estimate / (2 * truth) - 1) < 0.15, `estimate ${estimate} of ${2 * truth}`);
});

test("the count pass reads the analysis' tokens: totals, types and distinct-2 agree with the report", async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-compare-counts-'));
  try {
    const file = path.join(dir, 'a.jsonl');
    fs.writeFileSync(file, textRowsJsonl(plainCorpus(3, 400)));
    const report = await analyzeFile(file);
    const counts = await countDataset([file], {});
    assert.equal(counts.tokens, report.tokens.total);
    assert.equal(counts.unigrams.size, report.tokens.types);
    assert.equal(counts.bigrams.total, report.lexical.distinctCounts[2].total);
    assert.equal(counts.bigrams.level, 0);
    close(rarefiedDistinct2(counts.bigrams, counts.bigrams.total), report.lexical.distinct[2]!, 1e-9);
    close(rarefiedTypes(counts.unigrams, counts.tokens, counts.tokens), report.tokens.types, 1e-9);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
