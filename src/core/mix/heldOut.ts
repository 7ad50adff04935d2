/**
 * The held-out part of the reference. Measuring a mix's tail coverage against the very reference whose rows
 * it mixed in is circular (coverage climbs to 100 % as the real share grows, whatever the data). So the
 * reference is split, seeded, into a POOL (rows a mix may take) and a HELD-OUT part (never mixed in); every
 * tail figure of a mix — projected and measured — is computed against the held-out part only.
 *
 * Rule (docs/mixing.md, "Held-out reference"): walk the reference rows in a seeded order (Fisher–Yates, sfc32
 * seeded by (seed, stream 3)); while fewer than target = clamp(round(h·n), 1, n − 1) rows are held out, the
 * next row not yet assigned goes to the held-out part TOGETHER WITH every row of the same exact-text group
 * (same normalised text), so identical texts never straddle the split; every other row is in the pool.
 */
import { Prng, shuffleInPlace } from './prng.ts';
import type { MixModel, MixSettings } from './mixTypes.ts';

/** Default held-out share of the reference rows (why 0.3: docs/mixing.md, "Held-out reference"). */
export const DEFAULT_HOLDOUT = 0.3;
/** PRNG stream of the split (1 = dataset order, 2 = reference order). */
export const HOLDOUT_STREAM = 3;

export interface HeldOutSplit {
  /** The requested held-out share h (0 < h < 1) and the seed. */
  share: number;
  seed: number;
  /** heldOut[r] = 1 when reference row r (global row nDataset + r) is held out. */
  heldOut: Uint8Array;
  /** Global row indexes of the held-out rows / the pool rows, in file order. */
  heldOutRows: Uint32Array;
  poolRows: Uint32Array;
  /** Tokens of the held-out part. */
  tokens: number;
  /** Token counts of the held-out part (H) and of the pool (reference − H), by token id. */
  counts: Float64Array;
  poolCounts: Float64Array;
  /** H as a token → count map (what tailsSizeAdjusted / the analysis work with). */
  countMap: Map<string, number>;
  /** 1 for held-out tail types (1 ≤ H[t] ≤ tailMax); |tail| and Σ H[t] over the tail. */
  tailMask: Uint8Array;
  tailTypes: number;
  tailTokens: number;
}

/** Checks a held-out share; throws RangeError with a readable message. */
export function validateHoldout(h: number): void {
  if (!(h > 0 && h < 1)) throw new RangeError(`held-out share must be between 0 and 1 (exclusive), got ${h}`);
}

const cache = new WeakMap<MixModel, Map<string, HeldOutSplit>>();
const CACHE_ENTRIES = 4;

/** The split a setting uses (its `holdout`, default DEFAULT_HOLDOUT, and its seed, default 1); cached per model. */
export function heldOutFor(model: MixModel, settings: Pick<MixSettings, 'holdout' | 'seed'>): HeldOutSplit {
  return splitReference(model, settings.holdout ?? DEFAULT_HOLDOUT, settings.seed ?? 1);
}

/** Splits the model's reference rows into pool and held-out part (see the module comment); cached per model. */
export function splitReference(model: MixModel, share: number, seed: number): HeldOutSplit {
  validateHoldout(share);
  let perModel = cache.get(model);
  if (!perModel) cache.set(model, (perModel = new Map()));
  const key = `${share}:${seed}`;
  const hit = perModel.get(key);
  if (hit) return hit;
  const split = computeSplit(model, share, seed);
  if (perModel.size >= CACHE_ENTRIES) perModel.delete(perModel.keys().next().value as string);
  perModel.set(key, split);
  return split;
}

/** Number of held-out rows aimed at for n reference rows: round(h·n) half up, at least 1 and at most n − 1 (n ≥ 2). */
export function heldOutTarget(share: number, n: number): number {
  if (n < 2) return 0;
  return Math.min(n - 1, Math.max(1, Math.floor(share * n + 0.5 + 1e-9)));
}

function computeSplit(model: MixModel, share: number, seed: number): HeldOutSplit {
  const nD = model.nDataset;
  const nR = model.nReference;
  const target = heldOutTarget(share, nR);
  const heldOut = new Uint8Array(nR);
  // rows per exact-text group among the reference rows (group −1 = empty text: each row on its own)
  const groupRows = new Map<number, number[]>();
  for (let r = 0; r < nR; r++) {
    const k = model.exactGroup[nD + r];
    if (k < 0) continue;
    const list = groupRows.get(k);
    if (list) list.push(r);
    else groupRows.set(k, [r]);
  }
  const order = new Uint32Array(nR);
  for (let i = 0; i < nR; i++) order[i] = i;
  shuffleInPlace(order, new Prng(seed, HOLDOUT_STREAM));
  let held = 0;
  for (let i = 0; i < nR && held < target; i++) {
    const r = order[i];
    if (heldOut[r]) continue;
    const k = model.exactGroup[nD + r];
    for (const q of k < 0 ? [r] : groupRows.get(k)!) {
      heldOut[q] = 1;
      held++;
    }
  }
  const V = model.vocab.size;
  const counts = new Float64Array(V);
  const heldOutRows = new Uint32Array(held);
  const poolRows = new Uint32Array(nR - held);
  let h = 0;
  let p = 0;
  let tokens = 0;
  for (let r = 0; r < nR; r++) {
    const g = nD + r;
    if (!heldOut[r]) {
      poolRows[p++] = g;
      continue;
    }
    heldOutRows[h++] = g;
    for (let i = model.tokStart[g]; i < model.tokStart[g + 1]; i++) counts[model.tokens[i]]++;
    tokens += model.tokStart[g + 1] - model.tokStart[g];
  }
  const poolCounts = new Float64Array(V);
  const tailMask = new Uint8Array(V);
  const countMap = new Map<string, number>();
  let tailTypes = 0;
  let tailTokens = 0;
  for (let t = 0; t < V; t++) {
    const c = counts[t];
    poolCounts[t] = (model.referenceCounts[t] ?? 0) - c;
    if (c < 1) continue;
    countMap.set(model.vocab.tokenOf(t), c);
    if (c <= model.options.tailMax) {
      tailMask[t] = 1;
      tailTypes++;
      tailTokens += c;
    }
  }
  return {
    share,
    seed,
    heldOut,
    heldOutRows,
    poolRows,
    tokens,
    counts,
    poolCounts,
    countMap,
    tailMask,
    tailTypes,
    tailTokens,
  };
}
