/**
 * A chunk slice's unigram table (SliceCountMapPartial: token ids ascending, exact counts, level 0) built from the
 * counts its lexical accumulator already keeps (LexicalChunkSummary: each type's id in order of first appearance
 * and its occurrences).
 *
 * Why: a slice's lexical accumulator and its unigram table are given the same token ids, so counting every token a
 * second time in a hash table (one probe per token of every slice) only repeats the lexical accumulator's work.
 */
import type { SliceCountMapPartial } from './sliceCountMap.ts';

/**
 * The exact token-id → count table of `types[l]` occurring `counts[l]` times (the ids distinct), as
 * SliceCountMap.snapshot of a table fed those tokens would give it: keys ascending, level 0. Types with a zero count
 * are left out (a table never holds them).
 */
export function countMapPartialOfTypes(types: Uint32Array, counts: Float64Array): SliceCountMapPartial {
  if (types.length !== counts.length)
    throw new RangeError(`countMapPartialOfTypes: ${types.length} types, ${counts.length} counts`);
  let n = 0;
  for (let l = 0; l < counts.length; l++) if (counts[l] > 0) n++;
  const order = new Uint32Array(n);
  for (let l = 0, j = 0; l < counts.length; l++) if (counts[l] > 0) order[j++] = l;
  order.sort((a, b) => types[a] - types[b]);
  const keys = new Uint32Array(n);
  const out = new Uint32Array(n);
  for (let j = 0; j < n; j++) {
    keys[j] = types[order[j]];
    out[j] = counts[order[j]];
  }
  return { keys, counts: out, level: 0 };
}
