/**
 * "What if we keep training on our own outputs?" — a unigram simulation of model collapse on the chosen
 * mix. Each generation fits a unigram model (maximum likelihood: p_t = count_t / total) to its training
 * data and emits M tokens from it; the next generation trains on those tokens. A type whose count drops
 * to 0 can never come back unless real data brings it back. Three regimes:
 *   replace     — generation g trains only on generation g−1's M sampled tokens;
 *   accumulate  — generation g trains on the mix plus every sample so far (nothing is thrown away);
 *   fresh       — like replace, but round(s·M) of the M tokens are fresh real tokens drawn from the
 *                 reference unigram, s = the mix's real share (the other M − round(s·M) come from the model).
 * Figures per generation: `types` = types with count ≥ 1 in that generation's training data (the types
 * the next model can still produce), `sampleTypes` = distinct types in that generation's fresh sample,
 * `tailCoverage` = share of the reference tail types (1 ≤ R[t] ≤ tailMax) among `types`.
 * Generation 0 is the mix itself. Sampling: multinomial via alias tables and a seeded PRNG.
 * The bigram variant (same output shape) is simulateBigramGenerations in bigramGenerations.ts.
 */
import { AliasTable } from './aliasSampler.ts';
import { Prng } from './prng.ts';

export type GenerationRegime = 'replace' | 'accumulate' | 'fresh';

export interface GenerationOptions {
  /** Number of generations after the mix (default 10). */
  generations?: number;
  /** Tokens emitted per generation (default: the mix's token count, capped by maxTokensPerGeneration). */
  tokensPerGeneration?: number;
  /** Cap on the default M (default 1,000,000). */
  maxTokensPerGeneration?: number;
  /** Share of fresh real tokens per generation in the `fresh` regime (0…1, default 0.1). */
  realShare?: number;
  /** Seed (default 1). */
  seed?: number;
  /** Regimes to simulate (default all three). */
  regimes?: GenerationRegime[];
}

export interface GenerationPoint {
  generation: number;
  types: number;
  sampleTypes: number;
  /** null when the reference has no tail. */
  tailCoverage: number | null;
}

export interface GenerationsProjection {
  /** Which model was refitted each generation (absent in older results = unigram). */
  model?: 'unigram' | 'bigram';
  tokensPerGeneration: number;
  generations: number;
  realShare: number;
  seed: number;
  tailTypes: number;
  regimes: Partial<Record<GenerationRegime, GenerationPoint[]>>;
}

export const DEFAULT_GENERATIONS = 10;
export const DEFAULT_MAX_GENERATION_TOKENS = 1_000_000;

/**
 * Runs the simulation. `mixCounts[id]` = the mix's token counts, `referenceCounts[id]` = the reference's
 * (same id space), `tailMask[id]` = 1 for reference tail types. Arrays may differ in length (missing = 0).
 */
export function simulateGenerations(
  mixCounts: Float64Array,
  referenceCounts: Float64Array,
  tailMask: Uint8Array,
  options: GenerationOptions = {},
): GenerationsProjection {
  const V = Math.max(mixCounts.length, referenceCounts.length, tailMask.length);
  const k = Math.max(0, Math.floor(options.generations ?? DEFAULT_GENERATIONS));
  let mixTotal = 0;
  for (let i = 0; i < mixCounts.length; i++) mixTotal += mixCounts[i];
  const M = Math.max(
    0,
    Math.floor(
      options.tokensPerGeneration ??
        Math.min(mixTotal, options.maxTokensPerGeneration ?? DEFAULT_MAX_GENERATION_TOKENS),
    ),
  );
  const { s, seed, tailTypes, regimes, projection } = runSettings(options, tailMask, M, k);
  const out: GenerationsProjection = { model: 'unigram', ...projection };
  const start = padded(mixCounts, V);
  const g0 = measureGeneration(0, start, start, tailMask, tailTypes);
  const refTable = hasPositive(referenceCounts) ? new AliasTable(referenceCounts) : null;
  regimes.forEach((regime, r) => {
    const rng = new Prng(seed, 101 + r);
    const points: GenerationPoint[] = [g0];
    let train = start;
    for (let g = 1; g <= k; g++) {
      if (!hasPositive(train) || M === 0) {
        points.push(emptyGeneration(g, regime, points[g - 1], tailTypes));
        continue;
      }
      const sample = new Float64Array(V);
      const fromReal = regime === 'fresh' && refTable ? Math.round(s * M) : 0;
      new AliasTable(train).sampleInto(M - fromReal, rng, sample);
      if (fromReal > 0) refTable!.sampleInto(fromReal, rng, sample);
      if (regime === 'accumulate') {
        const next = train.slice();
        for (let i = 0; i < V; i++) next[i] += sample[i];
        train = next;
      } else {
        train = sample;
      }
      points.push(measureGeneration(g, train, sample, tailMask, tailTypes));
    }
    out.regimes[regime] = points;
  });
  return out;
}

/**
 * The settings both simulations read the same way: real share s (0–1), seed, tail type count, regimes; and
 * `projection`, the result's fields they share (M tokens per generation, k generations, no points yet).
 */
export function runSettings(
  options: Pick<GenerationOptions, 'realShare' | 'seed' | 'regimes'>,
  tailMask: Uint8Array,
  M: number,
  k: number,
): {
  s: number;
  seed: number;
  tailTypes: number;
  regimes: GenerationRegime[];
  projection: Omit<GenerationsProjection, 'model'>;
} {
  let tailTypes = 0;
  for (let i = 0; i < tailMask.length; i++) tailTypes += tailMask[i];
  const s = Math.min(1, Math.max(0, options.realShare ?? 0.1));
  const seed = options.seed ?? 1;
  return {
    s,
    seed,
    tailTypes,
    regimes: options.regimes ?? ['replace', 'accumulate', 'fresh'],
    projection: { tokensPerGeneration: M, generations: k, realShare: s, seed, tailTypes, regimes: {} },
  };
}

/**
 * Generation g when there is nothing to sample (an empty mix or M = 0): accumulate keeps the previous figures, the
 * other regimes have no types and cover no tail. Why shared: both simulations must report this case alike.
 */
export function emptyGeneration(
  g: number,
  regime: GenerationRegime,
  previous: GenerationPoint,
  tailTypes: number,
): GenerationPoint {
  return {
    generation: g,
    types: regime === 'accumulate' ? previous.types : 0,
    sampleTypes: 0,
    tailCoverage: regime === 'accumulate' ? previous.tailCoverage : tailTypes ? 0 : null,
  };
}

/**
 * One generation's figures (shared by the unigram and bigram simulations): `types` = ids with train > 0,
 * `sampleTypes` = ids with sample > 0, `tailCoverage` = (tail ids with train > 0) / tailTypes (null when 0).
 */
export function measureGeneration(
  g: number,
  train: Float64Array,
  sample: Float64Array,
  tailMask: Uint8Array,
  tailTypes: number,
): GenerationPoint {
  let types = 0;
  let covered = 0;
  for (let i = 0; i < train.length; i++) {
    if (train[i] > 0) {
      types++;
      if (tailMask[i]) covered++;
    }
  }
  let sampleTypes = 0;
  for (let i = 0; i < sample.length; i++) if (sample[i] > 0) sampleTypes++;
  return { generation: g, types, sampleTypes, tailCoverage: tailTypes > 0 ? covered / tailTypes : null };
}

function padded(a: Float64Array, n: number): Float64Array {
  if (a.length === n) return a;
  const out = new Float64Array(n);
  out.set(a.subarray(0, Math.min(a.length, n)));
  return out;
}

function hasPositive(a: ArrayLike<number>): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] > 0) return true;
  return false;
}
