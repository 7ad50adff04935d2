/**
 * "Measured against projected" (issue #17 item 4): the Mix tab's generations projection (generations.ts — a unigram
 * model refitted each generation on the previous one's output: replace / accumulate / fresh real share) run from the
 * FIRST dataset of a comparison, taken as the real data a chain starts from, so the Compare view can overlay what the
 * model predicts on what the chain measured. Why here (pure, counts in → projection out): the compare worker
 * computes it and the unit tests check it without a worker.
 *
 * Set-up (docs/metrics.md, "Compare: measured against projected"):
 *   mix (generation 0)  = the first dataset's unigram counts;
 *   real pool (fresh)   = the same counts (fresh real tokens are drawn from the first dataset's unigram);
 *   tail                = the first dataset's types seen 1…tailMax times (the analysis' tail definition);
 *   M tokens/generation = the first dataset's token count, capped at maxTokensPerGeneration (default 200,000, as the
 *                         Mix tab's chart), so generation 0 is the first dataset itself and generation g lines up with
 *                         the g-th dataset of the order.
 * `types` of generation g = types the g-th model can still produce; `tailCoverage` = share of the tail types among them
 * (the measured `tails.typeCoverage` when the first dataset is the baseline).
 */
import { simulateGenerations, type GenerationsProjection } from '../mix/generations.ts';

/** Tokens per simulated generation at most (the Mix tab's panel run uses the same bound). */
export const PROJECTION_MAX_TOKENS = 200_000;
/** Fresh real share of the `fresh` regime (the Mix tab's default real share). */
export const PROJECTION_REAL_SHARE = 0.1;

/** The projection of a chain from its first dataset, and what it was computed from. */
export interface ChainProjection extends GenerationsProjection {
  /** The dataset the projection starts from (the first of the order), as given. */
  from: string;
  /** Its token count (generation 0's). */
  fromTokens: number;
  /** Its tail band: types seen 1…tailMax times. */
  tailMax: number;
}

/**
 * Why: one call from the compare worker. Runs simulateGenerations on `unigrams` (the first dataset's table) for
 * `generations` generations after it (at least 1), every regime. Deterministic for a given seed.
 */
export function projectChain(
  from: string,
  unigrams: ReadonlyMap<string, number>,
  options: {
    generations: number;
    tailMax: number;
    realShare?: number;
    seed?: number;
    maxTokensPerGeneration?: number;
  },
): ChainProjection {
  const counts = new Float64Array(unigrams.size);
  const tail = new Uint8Array(unigrams.size);
  let i = 0;
  let tokens = 0;
  for (const c of unigrams.values()) {
    counts[i] = c;
    tail[i] = c >= 1 && c <= options.tailMax ? 1 : 0;
    tokens += c;
    i++;
  }
  const projection = simulateGenerations(counts, counts, tail, {
    generations: Math.max(1, Math.floor(options.generations)),
    maxTokensPerGeneration: options.maxTokensPerGeneration ?? PROJECTION_MAX_TOKENS,
    realShare: options.realShare ?? PROJECTION_REAL_SHARE,
    seed: options.seed ?? 1,
  });
  return { ...projection, from, fromTokens: tokens, tailMax: options.tailMax };
}
