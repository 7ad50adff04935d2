/**
 * The bigram variant of the generations projection. A unigram model forgets every type at its own rate; a
 * bigram model also forgets *contexts*: a type survives only while some surviving context still leads to it,
 * so word order matters and rare continuations vanish first. Same loop and figures as simulateGenerations:
 * fit a bigram model (BigramTable: START → first token, within-row pairs, last token → END) to the mix's rows,
 * walk the chain for M tokens (an END or a dead end restarts from START), refit, repeat k times, under
 *   replace     — generation g is fitted only on generation g−1's generated rows;
 *   accumulate  — generation g is fitted on the mix plus every generated row so far;
 *   fresh       — like replace, but round(s·M) of the M tokens are real: whole reference rows drawn uniformly
 *                 with replacement (the last one cut at the budget), so fresh data brings real bigrams,
 *                 not draws from a model of the reference.
 * Per generation: `types` = types with count ≥ 1 in the data the next model is fitted on (exactly the types
 * that model can emit: each is a row opening or follows some token), `sampleTypes`, `tailCoverage` — the
 * unigram definitions (measureGeneration).
 * "Where it stays cheap": skipped, with the reason, when the mix has more than maxMixTokens tokens (default
 * 20 M), k·M > maxSampledTokens (default 20 M per regime) or the mix has more than maxDistinctPairs distinct
 * pairs (default 2 M, START/END pairs included). Samples
 * never add pairs the model lacks, so the table of every generation is no larger than the mix's (fresh:
 * plus at most the fresh rows' pairs).
 */
import { BigramTable, GeneratedRows, type TokenRows } from './bigramTable.ts';
import {
  DEFAULT_GENERATIONS,
  DEFAULT_MAX_GENERATION_TOKENS,
  emptyGeneration,
  measureGeneration,
  runSettings,
  type GenerationOptions,
  type GenerationPoint,
  type GenerationRegime,
  type GenerationsProjection,
} from './generations.ts';
import { Prng } from './prng.ts';
import { Growable } from './growArrays.ts';
import type { MixModel } from './mixTypes.ts';

export const BIGRAM_MAX_DISTINCT_PAIRS = 2_000_000;
export const BIGRAM_MAX_SAMPLED_TOKENS = 20_000_000;
export const BIGRAM_MAX_MIX_TOKENS = 20_000_000;

export interface BigramGenerationOptions extends GenerationOptions {
  /** Skip when the mix's model has more distinct pairs than this (default 2,000,000). */
  maxDistinctPairs?: number;
  /** Skip when generations × tokensPerGeneration exceeds this (default 20,000,000). */
  maxSampledTokens?: number;
  /** Skip when the mix has more tokens than this (the fit's transient memory is 12 bytes per token; default 20,000,000). */
  maxMixTokens?: number;
}

/** The budget a bigram run was checked against. */
export interface BigramBudget {
  maxDistinctPairs: number;
  maxSampledTokens: number;
  maxMixTokens: number;
}

/** A bigram run: the unigram result's shape (so the same chart draws it) plus the mix model's size. */
export interface BigramGenerationsProjection extends GenerationsProjection {
  model: 'bigram';
  skipped: false;
  /** Distinct pairs of the model fitted to the mix (START/END pairs included). */
  distinctPairs: number;
  budget: BigramBudget;
}

/** A bigram run that was not done because it would not stay cheap. */
export interface BigramSkipped {
  model: 'bigram';
  skipped: true;
  reason: string;
  budget: BigramBudget;
}

export type BigramGenerationsResult = BigramGenerationsProjection | BigramSkipped;

/**
 * Runs the bigram simulation. `mix` = the chosen mix's rows, `reference` = the reference's rows (null or
 * empty: `fresh` gets no real tokens), `tailMask[id]` = 1 for reference tail types, `vocabSize` > every id.
 */
export function simulateBigramGenerations(
  mix: TokenRows,
  reference: TokenRows | null,
  tailMask: Uint8Array,
  vocabSize: number,
  options: BigramGenerationOptions = {},
): BigramGenerationsResult {
  const V = Math.max(vocabSize, tailMask.length);
  const budget: BigramBudget = {
    maxDistinctPairs: options.maxDistinctPairs ?? BIGRAM_MAX_DISTINCT_PAIRS,
    maxSampledTokens: options.maxSampledTokens ?? BIGRAM_MAX_SAMPLED_TOKENS,
    maxMixTokens: options.maxMixTokens ?? BIGRAM_MAX_MIX_TOKENS,
  };
  const k = Math.max(0, Math.floor(options.generations ?? DEFAULT_GENERATIONS));
  const mixCounts = unigramCounts(mix, V);
  let mixTotal = 0;
  for (let i = 0; i < V; i++) mixTotal += mixCounts[i];
  const M = Math.max(
    0,
    Math.floor(
      options.tokensPerGeneration ??
        Math.min(mixTotal, options.maxTokensPerGeneration ?? DEFAULT_MAX_GENERATION_TOKENS),
    ),
  );
  if (mixTotal > budget.maxMixTokens) {
    return {
      model: 'bigram',
      skipped: true,
      reason: `the mix has ${mixTotal} tokens, over the bigram budget of ${budget.maxMixTokens}`,
      budget,
    };
  }
  if (k * M > budget.maxSampledTokens) {
    return {
      model: 'bigram',
      skipped: true,
      reason: `${k} generations × ${M} tokens = ${k * M} sampled tokens per regime exceeds the bigram budget of ${budget.maxSampledTokens}`,
      budget,
    };
  }
  const mixTable = BigramTable.fit(V, [mix]);
  if (mixTable.distinctPairs > budget.maxDistinctPairs) {
    return {
      model: 'bigram',
      skipped: true,
      reason: `the mix has ${mixTable.distinctPairs} distinct bigrams (row openings and endings included), over the bigram budget of ${budget.maxDistinctPairs}`,
      budget,
    };
  }
  const { s, seed, tailTypes, regimes, projection } = runSettings(options, tailMask, M, k);
  const out: BigramGenerationsProjection = {
    model: 'bigram',
    skipped: false,
    distinctPairs: mixTable.distinctPairs,
    budget,
    ...projection,
  };
  const g0 = measureGeneration(0, mixCounts, mixCounts, tailMask, tailTypes);
  const realRows = reference ? nonEmptyRows(reference) : new Uint32Array(0);
  regimes.forEach((regime: GenerationRegime, r) => {
    const rng = new Prng(seed, 201 + r);
    const points: GenerationPoint[] = [g0];
    let table = mixTable;
    let train = mixCounts;
    for (let g = 1; g <= k; g++) {
      if (mixTotal === 0 || M === 0) {
        points.push(emptyGeneration(g, regime, points[g - 1], tailTypes));
        continue;
      }
      const fromReal = regime === 'fresh' && realRows.length > 0 ? Math.round(s * M) : 0;
      const gen = new GeneratedRows(M);
      table.walk(M - fromReal, rng, gen);
      if (fromReal > 0) drawRealRows(reference!, realRows, fromReal, rng, gen);
      const sample = gen.rows();
      const sampleCounts = unigramCounts(sample, V);
      if (regime === 'accumulate') {
        table = BigramTable.fit(V, [sample], table);
        const next = train.slice();
        for (let i = 0; i < V; i++) next[i] += sampleCounts[i];
        train = next;
      } else {
        table = BigramTable.fit(V, [sample]);
        train = sampleCounts;
      }
      points.push(measureGeneration(g, train, sampleCounts, tailMask, tailTypes));
    }
    out.regimes[regime] = points;
  });
  return out;
}

/** The chosen mix's rows (global row indexes in output order) as TokenRows over the model's token pool. */
export function mixTokenRows(model: MixModel, rows: Uint32Array): TokenRows {
  return { tokens: model.tokens, tokStart: model.tokStart, rows };
}

/** Appends whole real rows, drawn uniformly with replacement among `candidates`, until `count` tokens (last row cut). */
function drawRealRows(
  ref: TokenRows,
  candidates: Uint32Array,
  count: number,
  rng: Prng,
  out: GeneratedRows,
): void {
  let left = count;
  while (left > 0) {
    const r = candidates[rng.nextInt(candidates.length)];
    const g = ref.rows ? ref.rows[r] : r;
    const a = ref.tokStart[g];
    const b = Math.min(ref.tokStart[g + 1], a + left);
    for (let i = a; i < b; i++) out.push(ref.tokens[i]);
    left -= b - a;
    out.closeRow(b < ref.tokStart[g + 1]);
  }
}

/** Positions (in `rows` order) of the rows with at least one token. */
function nonEmptyRows(src: TokenRows): Uint32Array {
  const n = src.rows ? src.rows.length : src.tokStart.length - 1;
  const keep = new Growable(Uint32Array);
  for (let r = 0; r < n; r++) {
    const g = src.rows ? src.rows[r] : r;
    if (src.tokStart[g + 1] > src.tokStart[g]) keep.push(r);
  }
  return keep.toArray();
}

/** counts[id] = occurrences of id in the rows. */
function unigramCounts(src: TokenRows, V: number): Float64Array {
  const counts = new Float64Array(V);
  const n = src.rows ? src.rows.length : src.tokStart.length - 1;
  for (let r = 0; r < n; r++) {
    const g = src.rows ? src.rows[r] : r;
    for (let i = src.tokStart[g]; i < src.tokStart[g + 1]; i++) counts[src.tokens[i]]++;
  }
  return counts;
}
