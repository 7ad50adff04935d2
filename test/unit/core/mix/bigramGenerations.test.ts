/**
 * The bigram generations projection: fitted counts by hand, the chain walk, a deterministic chain that never
 * loses a type, the regimes' order on a Zipf corpus over seeds, and the budget's skip reasons.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BigramTable, GeneratedRows, type TokenRows } from '../../../../src/core/mix/bigramTable.ts';
import {
  simulateBigramGenerations,
  type BigramGenerationsResult,
} from '../../../../src/core/mix/bigramGenerations.ts';
import type { GenerationRegime } from '../../../../src/core/mix/generations.ts';
import { Prng } from '../../../../src/core/mix/prng.ts';

/** Rows given as arrays of ids → TokenRows over one pooled array. */
function rowsOf(rows: number[][], cut?: number[]): TokenRows {
  const tokStart = [0];
  for (const r of rows) tokStart.push(tokStart[tokStart.length - 1] + r.length);
  return {
    tokens: Uint32Array.from(rows.flat()),
    tokStart: Float64Array.from(tokStart),
    cut: cut ? Uint8Array.from(cut) : null,
  };
}

function done(r: BigramGenerationsResult): Extract<BigramGenerationsResult, { skipped: false }> {
  assert.equal(r.skipped, false, r.skipped ? r.reason : '');
  return r as Extract<BigramGenerationsResult, { skipped: false }>;
}

// a = 0, b = 1, c = 2, d = 3 (V = 4; START = END = 4). Rows: "a b a c", "b a", "" (ignored), "a c".
const TINY = [[0, 1, 0, 2], [1, 0], [], [0, 2]];

test('fit: transition counts by hand', () => {
  const t = BigramTable.fit(4, [rowsOf(TINY)]);
  // START → a: rows 1 and 4 → 2; START → b: row 2 → 1.
  assert.equal(t.count(4, 0), 2);
  assert.equal(t.count(4, 1), 1);
  // a → b (row 1) 1; a → c (rows 1, 4) 2; a → END (row 2 ends with a) 1.
  assert.equal(t.count(0, 1), 1);
  assert.equal(t.count(0, 2), 2);
  assert.equal(t.count(0, 4), 1);
  // b → a (rows 1, 2) 2; c → END (rows 1, 4) 2; d never seen.
  assert.equal(t.count(1, 0), 2);
  assert.equal(t.count(2, 4), 2);
  assert.equal(t.count(3, 0) + t.count(3, 4), 0);
  // Distinct pairs: START{a,b} + a{b,c,END} + b{a} + c{END} = 2 + 3 + 1 + 1 = 7.
  assert.equal(t.distinctPairs, 7);
  // A cut row has no END: cutting row 2 ("b a") removes a → END.
  const cut = BigramTable.fit(4, [rowsOf(TINY, [0, 1, 0, 0])]);
  assert.equal(cut.count(0, 4), 0);
  assert.equal(cut.distinctPairs, 6);
  // Accumulate: fitting the same rows on top of a base doubles every count.
  const twice = BigramTable.fit(4, [rowsOf(TINY)], t);
  assert.deepEqual(
    [twice.count(4, 0), twice.count(0, 2), twice.count(1, 0), twice.distinctPairs],
    [4, 4, 4, 7],
  );
});

test('walk: a deterministic chain repeats its row; a dead end cuts the row and restarts', () => {
  const chain = BigramTable.fit(4, [rowsOf([[0, 1, 2, 3]])]);
  const out = new GeneratedRows(10);
  chain.walk(10, new Prng(3), out);
  const r = out.rows();
  // START→0→1→2→3→END, twice, then 0 1 cut at the budget of 10 tokens.
  assert.deepEqual([...r.tokens], [0, 1, 2, 3, 0, 1, 2, 3, 0, 1]);
  assert.deepEqual([...(r.tokStart as Float64Array)], [0, 4, 8, 10]);
  assert.deepEqual([...r.cut!], [0, 0, 1]);
  // Fitted on the cut row "0 1": 1 has no successor (dead end) → rows "0 1" each cut, then "0" at the budget.
  const dead = BigramTable.fit(2, [rowsOf([[0, 1]], [1])]);
  const out2 = new GeneratedRows(5);
  dead.walk(5, new Prng(1), out2);
  const r2 = out2.rows();
  assert.deepEqual([...r2.tokens], [0, 1, 0, 1, 0]);
  assert.deepEqual([...r2.cut!], [1, 1, 1]);
});

test('deterministic chain: replace keeps every type in every generation', () => {
  // One row 0 → 1 → … → 49: each token has one successor, so every generation re-emits the whole row.
  const mix = rowsOf([Array.from({ length: 50 }, (_, i) => i)]);
  const g = done(
    simulateBigramGenerations(mix, null, new Uint8Array(0), 50, {
      generations: 6,
      tokensPerGeneration: 120,
      seed: 7,
    }),
  );
  for (const regime of ['replace', 'accumulate', 'fresh'] as const) {
    assert.deepEqual(
      g.regimes[regime]!.map((p) => p.types),
      [50, 50, 50, 50, 50, 50, 50],
      regime,
    );
  }
  assert.equal(g.distinctPairs, 51); // START→0, 49 inner pairs, 49→END
});

/** Rows of 12 tokens drawn iid from a Zipf law p_t ∝ 1/(t+1) over `types` ids starting at `offset`. */
function zipfRows(rows: number, types: number, offset: number, seed: number): number[][] {
  const cum = new Float64Array(types);
  let acc = 0;
  for (let t = 0; t < types; t++) cum[t] = acc += 1 / (t + 1);
  const rng = new Prng(seed, 9);
  return Array.from({ length: rows }, () =>
    Array.from({ length: 12 }, () => {
      const u = rng.nextDouble() * acc;
      let lo = 0;
      let hi = types - 1;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      return offset + lo;
    }),
  );
}

test('Zipf corpus over seeds: replace falls, accumulate keeps more, a larger real share keeps more', () => {
  const mix = rowsOf(zipfRows(400, 2000, 0, 1)); // 4,800 tokens
  // Reference: Zipf over the same 2,000 ids plus rows over 1,000 rare ids the mix lacks; tail = ids with count ≤ 5.
  const refRowsList = [...zipfRows(300, 2000, 0, 2), ...zipfRows(100, 1000, 2000, 3)];
  const ref = rowsOf(refRowsList);
  const refCounts = new Float64Array(3000);
  for (const r of refRowsList) for (const t of r) refCounts[t]++;
  const tail = Uint8Array.from(refCounts, (c) => (c >= 1 && c <= 5 ? 1 : 0));
  const seeds = [1, 2, 3, 4, 5];
  const runs = new Map<number, ReturnType<typeof done>>();
  const run = (share: number, seed: number): ReturnType<typeof done> => {
    const key = share * 100 + seed;
    if (!runs.has(key))
      runs.set(
        key,
        done(
          simulateBigramGenerations(mix, ref, tail, 3000, {
            generations: 8,
            tokensPerGeneration: 4000,
            realShare: share,
            seed,
          }),
        ),
      );
    return runs.get(key)!;
  };
  const mean = (regime: GenerationRegime, share: number, g: number): number =>
    seeds.reduce((acc, s) => acc + run(share, s).regimes[regime]![g].types, 0) / seeds.length;
  for (let g = 1; g <= 8; g++)
    assert.ok(mean('replace', 0, g) < mean('replace', 0, g - 1), `replace falls at generation ${g}`);
  assert.ok(mean('accumulate', 0, 8) > 1.5 * mean('replace', 0, 8), 'accumulate keeps far more than replace');
  assert.ok(mean('fresh', 0.5, 8) > mean('fresh', 0.1, 8), 'a larger real share keeps more types');
  assert.ok(mean('fresh', 0.1, 8) > mean('replace', 0, 8), 'fresh real data keeps more than replace');
  // Tail coverage follows: accumulate never loses a tail type the mix had.
  const acc = run(0, 1).regimes.accumulate!;
  assert.equal(acc[8].tailCoverage, acc[0].tailCoverage);
});

test('budget: over the distinct-pair or sampled-token budget the run is skipped with the reason', () => {
  const mix = rowsOf(TINY);
  const pairs = simulateBigramGenerations(mix, null, new Uint8Array(0), 4, { maxDistinctPairs: 6 });
  assert.equal(pairs.skipped, true);
  assert.match(
    pairs.skipped ? pairs.reason : '',
    /the mix has 7 distinct bigrams .* over the bigram budget of 6/,
  );
  // 10 generations × 100 tokens = 1,000 > 999.
  const tokens = simulateBigramGenerations(mix, null, new Uint8Array(0), 4, {
    generations: 10,
    tokensPerGeneration: 100,
    maxSampledTokens: 999,
  });
  assert.equal(tokens.skipped, true);
  assert.match(
    tokens.skipped ? tokens.reason : '',
    /10 generations × 100 tokens = 1000 sampled tokens per regime exceeds the bigram budget of 999/,
  );
  // TINY has 8 tokens > 7.
  const big = simulateBigramGenerations(mix, null, new Uint8Array(0), 4, { maxMixTokens: 7 });
  assert.match(big.skipped ? big.reason : '', /the mix has 8 tokens, over the bigram budget of 7/);
  // Within budget (7 ≤ 7, 1,000 ≤ 1,000) it runs.
  assert.equal(
    simulateBigramGenerations(mix, null, new Uint8Array(0), 4, {
      generations: 10,
      tokensPerGeneration: 100,
      maxSampledTokens: 1000,
      maxDistinctPairs: 7,
      maxMixTokens: 8,
    }).skipped,
    false,
  );
});
