import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  NearDuplicateAccumulator,
  jaccard,
  shingles,
} from '../../../../src/core/duplicates/nearDuplicates.ts';
import { rng } from '../../helpers/testRng.ts';

/**
 * 300 rows: 200 random rows of 30–60 tokens over a 2,000-word vocabulary, then 100 planted variants of
 * random earlier rows: truncation by d tokens (Jaccard (S−d)/S for S shingles) or k random substitutions
 * (each changes up to 5 shingles), spanning Jaccard ≈ 0.5 … 0.97.
 */
function corpus(seed: number): Uint32Array[] {
  const rand = rng(seed);
  const int = (n: number) => Math.floor(rand() * n);
  const rows: Uint32Array[] = [];
  for (let i = 0; i < 200; i++) {
    const len = 30 + int(31);
    rows.push(Uint32Array.from({ length: len }, () => int(2000)));
  }
  for (let i = 0; i < 100; i++) {
    const base = rows[int(rows.length)];
    const kind = i % 4;
    let row: Uint32Array;
    if (kind === 0)
      row = base.slice(0, base.length - (1 + int(4))); // ~0.93–0.98
    else if (kind === 1)
      row = base.slice(0, base.length - (5 + int(15))); // ~0.6–0.9
    else {
      row = base.slice();
      const k = kind === 2 ? 1 : 1 + int(4); // 1 substitution ~0.8–0.9; up to 4 ~0.5–0.9
      for (let j = 0; j < k; j++) row[int(row.length)] = int(2000);
    }
    rows.push(row);
  }
  return rows;
}

test('LSH + verification: no false positives and ≥ 95% recall against brute-force Jaccard', () => {
  const rows = corpus(42);
  const sets = rows.map((r) => shingles(r));
  const threshold = 0.8;
  const truth = new Map<string, number>();
  const sims: number[] = [];
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) {
      const s = jaccard(sets[i], sets[j]);
      if (s > 0.3) sims.push(s);
      if (s >= threshold) truth.set(`${i + 1},${j + 1}`, s);
    }
  // the planted variants really cover the intended range, on both sides of the threshold
  assert.ok(sims.some((s) => s >= 0.95) && sims.some((s) => s >= 0.8 && s < 0.85));
  assert.ok(sims.some((s) => s >= 0.6 && s < 0.75) && sims.some((s) => s < 0.6));
  assert.ok(truth.size >= 40, `expected many true pairs, got ${truth.size}`);

  const acc = new NearDuplicateAccumulator({ threshold, seed: 7 });
  rows.forEach((r, i) => acc.addRow(i + 1, r));
  const report = acc.finish();
  const found = acc.verifiedPairs();
  assert.equal(found.length, report.pairs);
  for (const p of found) {
    const exact = truth.get(`${p.lineA},${p.lineB}`);
    assert.ok(exact !== undefined, `false positive ${p.lineA},${p.lineB}`);
    assert.equal(p.similarity, exact);
  }
  const recall = found.length / truth.size;
  assert.ok(recall >= 0.95, `recall ${recall} (${found.length}/${truth.size})`);
  // candidates include some pairs below the threshold, and each candidate is counted once
  assert.ok(report.candidatePairs >= report.pairs);
  assert.ok(report.candidatePairs < (rows.length * (rows.length - 1)) / 2 / 10);

  // clusters are the connected components of the true pairs that were found
  const parent = rows.map((_, i) => i + 1);
  const find = (x: number): number => (parent[x - 1] === x ? x : (parent[x - 1] = find(parent[x - 1])));
  for (const p of found) parent[find(p.lineA) - 1] = find(p.lineB);
  const comps = new Map<number, number[]>();
  for (let l = 1; l <= rows.length; l++) comps.set(find(l), [...(comps.get(find(l)) ?? []), l]);
  const multi = [...comps.values()].filter((c) => c.length > 1);
  assert.equal(report.clusterCount, multi.length);
  assert.equal(
    report.rowsRemovable,
    multi.reduce((s, c) => s + c.length - 1, 0),
  );
  const reported = new Set(report.clusters.map((c) => c.lines.join(',')));
  for (const c of multi) assert.ok(reported.has(c.join(',')), `missing cluster ${c}`);
});

test('the same seed gives the same result; recall holds for other seeds too', () => {
  const rows = corpus(9);
  const run = (seed: number) => {
    const acc = new NearDuplicateAccumulator({ seed });
    rows.forEach((r, i) => acc.addRow(i + 1, r));
    return acc.finish();
  };
  assert.deepEqual(run(3), run(3));
  const sets = rows.map((r) => shingles(r));
  let truePairs = 0;
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++) if (jaccard(sets[i], sets[j]) >= 0.8) truePairs++;
  for (const seed of [1, 2, 3]) {
    const r = run(seed);
    assert.ok(r.pairs <= truePairs);
    assert.ok(r.pairs / truePairs >= 0.95, `seed ${seed}: ${r.pairs}/${truePairs}`);
  }
});

/**
 * Short rows (6–40 tokens: 2–36 shingles, fewer than the 126 signature bins) make one-permutation hashing
 * densify most bins; recall at J ≥ 0.8 must hold there too, over several seeds, with no false pair.
 */
test('short rows (densified signatures): no false positives and ≥ 95% recall over seeds', () => {
  const rand = rng(2024);
  const int = (n: number) => Math.floor(rand() * n);
  const rows: Uint32Array[] = [];
  for (let i = 0; i < 300; i++) rows.push(Uint32Array.from({ length: 6 + int(35) }, () => int(5000)));
  for (let i = 0; i < 300; i++) {
    const base = rows[int(300)];
    const row = int(2) === 0 ? base.slice(0, Math.max(1, base.length - int(3))) : base.slice();
    if (row.length > 20 && int(2) === 0) row[int(row.length)] = int(5000);
    rows.push(row);
  }
  const sets = rows.map((r) => shingles(r));
  const truth = new Set<string>();
  for (let i = 0; i < rows.length; i++)
    for (let j = i + 1; j < rows.length; j++)
      if (jaccard(sets[i], sets[j]) >= 0.8) truth.add(`${i + 1},${j + 1}`);
  assert.ok(truth.size >= 100, `expected many true pairs, got ${truth.size}`);
  let found = 0;
  for (const seed of [1, 2, 3, 4, 5]) {
    const acc = new NearDuplicateAccumulator({ seed });
    rows.forEach((r, i) => acc.addRow(i + 1, r));
    const pairs = acc.verifiedPairs();
    for (const p of pairs)
      assert.ok(truth.has(`${p.lineA},${p.lineB}`), `false positive ${p.lineA},${p.lineB}`);
    found += pairs.length;
  }
  const recall = found / (5 * truth.size);
  assert.ok(recall >= 0.95, `recall ${recall}`);
});
