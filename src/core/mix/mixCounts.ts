/**
 * Token counts of a chosen set of rows, by token id: the unigram table the generations projection fits
 * its first model to (p_t = count_t / Σ counts).
 */
import type { MixModel } from './mixTypes.ts';

/** counts[id] = occurrences of token id in `rows` (length = the model's vocabulary size). */
export function mixTokenCounts(model: MixModel, rows: Uint32Array): Float64Array {
  const counts = new Float64Array(model.vocab.size);
  for (let r = 0; r < rows.length; r++) {
    const g = rows[r];
    for (let i = model.tokStart[g]; i < model.tokStart[g + 1]; i++) counts[model.tokens[i]]++;
  }
  return counts;
}
