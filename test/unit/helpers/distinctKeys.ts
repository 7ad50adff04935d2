// Generated 64-bit keys and distinct-n chunk partials for the sorted key run tests (sortedKeySet*.test.ts).
import { NgramDistinctCounter, type DistinctPartial } from '../../../src/core/lexical/lexicalDistinct.ts';
import { rngUint32 as rng } from './testRng.ts';

/** `n` packed (hi, lo) keys; small ranges make repeats and equal low halves likely. */
export function randomPairs(n: number, next: () => number, loRange = 0, hiRange = 0): Uint32Array {
  const p = new Uint32Array(2 * n);
  for (let j = 0; j < n; j++) {
    p[2 * j] = hiRange ? next() % hiRange : next();
    p[2 * j + 1] = loRange ? next() % loRange : next();
  }
  return p;
}

/**
 * Chunk partials of random rows (20–49 token ids from `types`), and the exact counts of all their rows in one
 * counter; why: a chunked run's merge must give the one-pass counts.
 */
export function chunkPartials(chunks: number, rowsPerChunk: number, types: number, seed: number) {
  const next = rng(seed);
  const whole = new NgramDistinctCounter(1 << 30);
  const partials: DistinctPartial[] = [];
  for (let c = 0; c < chunks; c++) {
    const counter = new NgramDistinctCounter(1 << 30);
    for (let r = 0; r < rowsPerChunk; r++) {
      const ids = new Uint32Array(20 + (next() % 30));
      for (let i = 0; i < ids.length; i++) ids[i] = next() % types;
      counter.addRow(ids);
      whole.addRow(ids);
    }
    partials.push(counter.snapshot(true));
  }
  return { partials, whole };
}
