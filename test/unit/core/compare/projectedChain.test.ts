// The chain projection from the first dataset (core/compare/projectedChain.ts): generation 0 is the dataset itself
// (its types, full coverage of its own tail), the run is the Mix tab's simulateGenerations on its counts, and it is
// deterministic.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { projectChain } from '../../../../src/core/compare/projectedChain.ts';
import { simulateGenerations } from '../../../../src/core/mix/generations.ts';

const counts = new Map<string, number>(
  Array.from({ length: 300 }, (_, i) => [`t${i}`, i < 100 ? 1 : i < 200 ? 3 : 40] as [string, number]),
);

test('generation 0 is the first dataset; later ones are the generations model run on its counts', () => {
  const p = projectChain('/d/gen0.jsonl', counts, { generations: 3, tailMax: 5 });
  assert.equal(p.from, '/d/gen0.jsonl');
  assert.equal(p.fromTokens, 100 + 300 + 4000);
  assert.equal(p.tailTypes, 200);
  assert.equal(p.generations, 3);
  for (const r of ['replace', 'accumulate', 'fresh'] as const) {
    assert.equal(p.regimes[r]![0].types, 300);
    assert.equal(p.regimes[r]![0].tailCoverage, 1);
    assert.equal(p.regimes[r]!.length, 4);
  }
  const arr = Float64Array.from(counts.values());
  const tail = Uint8Array.from([...counts.values()].map((c) => (c <= 5 ? 1 : 0)));
  const direct = simulateGenerations(arr, arr, tail, {
    generations: 3,
    maxTokensPerGeneration: 200_000,
    realShare: 0.1,
    seed: 1,
  });
  assert.deepEqual(p.regimes, direct.regimes);
  // replace loses types; accumulate never does
  assert.ok(p.regimes.replace![3].types < 300);
  assert.equal(p.regimes.accumulate![3].types, 300);
  assert.deepEqual(projectChain('/d/gen0.jsonl', counts, { generations: 3, tailMax: 5 }), p);
});
