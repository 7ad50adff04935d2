/**
 * The generations projection: its sampling matches the closed form, and the three regimes order as theory
 * says (replace loses types, accumulate keeps them, fresh real data slows the loss).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { simulateGenerations } from '../../../../src/core/mix/generations.ts';
import { expectedSurvivingTypes } from '../../helpers/oracles.ts';
import { AliasTable } from '../../../../src/core/mix/aliasSampler.ts';
import { Prng } from '../../../../src/core/mix/prng.ts';

/** Zipf counts c_t = ⌈1000 / (t+1)⌉ over 2,000 types: a head plus a long tail of count-1 types. */
function zipfCounts(types: number): Float64Array {
  const c = new Float64Array(types);
  for (let t = 0; t < types; t++) c[t] = Math.ceil(1000 / (t + 1));
  return c;
}

test('expectedSurvivingTypes is Σ (1 − (1 − p_t)^M)', () => {
  // counts (1, 1, 2): p = (1/4, 1/4, 1/2); M = 2 → 2·(1 − 9/16) + (1 − 1/4) = 7/8 + 3/4 = 13/8.
  assert.ok(Math.abs(expectedSurvivingTypes([1, 1, 2], 2) - 13 / 8) < 1e-12);
});

test('alias sampling reproduces the category probabilities', () => {
  // weights (1, 3, 0, 4): p = (1/8, 3/8, 0, 1/2); 80,000 draws → standard error of a share ≤ 0.0018.
  const counts = new Float64Array(4);
  new AliasTable([1, 3, 0, 4]).sampleInto(80_000, new Prng(1), counts);
  assert.equal(counts[2], 0);
  for (const [i, p] of [
    [0, 1 / 8],
    [1, 3 / 8],
    [3, 1 / 2],
  ] as const)
    assert.ok(Math.abs(counts[i] / 80_000 - p) < 0.01, `category ${i}`);
});

test('one generation: mean surviving types over seeds equals the closed form within 2 %', () => {
  const counts = zipfCounts(2000);
  const M = 5000;
  const expected = expectedSurvivingTypes(counts, M);
  let sum = 0;
  const seeds = 20;
  for (let s = 1; s <= seeds; s++) {
    const g = simulateGenerations(counts, new Float64Array(0), new Uint8Array(0), {
      generations: 1,
      tokensPerGeneration: M,
      seed: s,
      regimes: ['replace'],
    });
    sum += g.regimes.replace![1].types;
  }
  const mean = sum / seeds;
  assert.ok(Math.abs(mean - expected) / expected < 0.02, `mean ${mean} vs closed form ${expected}`);
});

test('regimes: replace falls on average, accumulate keeps far more, a larger real share keeps more', () => {
  const mix = zipfCounts(2000);
  // Reference: the same types plus 1,000 rare ones (count 1) the mix lacks; its tail = counts ≤ 5.
  const ref = new Float64Array(3000);
  for (let t = 0; t < 3000; t++) ref[t] = t < 2000 ? mix[t] : 1;
  const tail = new Uint8Array(3000);
  for (let t = 0; t < 3000; t++) tail[t] = ref[t] <= 5 ? 1 : 0;
  const seeds = [1, 2, 3, 4, 5];
  const mean = (regime: 'replace' | 'accumulate' | 'fresh', share: number, g: number): number =>
    seeds.reduce(
      (acc, s) =>
        acc +
        simulateGenerations(mix, ref, tail, {
          generations: 8,
          tokensPerGeneration: 4000,
          realShare: share,
          seed: s,
        }).regimes[regime]![g].types,
      0,
    ) / seeds.length;
  for (let g = 1; g <= 8; g++)
    assert.ok(mean('replace', 0, g) < mean('replace', 0, g - 1), `replace falls at generation ${g}`);
  assert.ok(mean('accumulate', 0, 8) > 1.5 * mean('replace', 0, 8), 'accumulate keeps far more than replace');
  assert.ok(mean('fresh', 0.5, 8) > mean('fresh', 0.1, 8), 'a larger real share keeps more types');
  assert.ok(mean('fresh', 0.1, 8) > mean('replace', 0, 8), 'fresh real data keeps more than replace');
});
