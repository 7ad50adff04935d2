/**
 * The one row-choosing rule of a mix (docs/mixing.md, "How rows are chosen"), shared by the preview and
 * the writer so the two can never disagree:
 *  1. dedup within each input (keep the first row of each cluster, in file order);
 *  2. drop templated rows (opening 3-gram flagged in their own input), if asked;
 *  3. order each input's rows by a seeded permutation (Fisher–Yates, seed S, stream 1 = dataset, 2 = reference),
 *     keeping the rows that survived 1–2;
 *  4. walk the two orders in step k = 0, 1, 2, …: take the next reference row when the reference rows taken so far
 *     are fewer than round(f·(k+1)), else the next dataset row — so after n rows exactly round(f·n) are real and
 *     the real rows are spread evenly; a row whose slice value has reached its cap is passed over for good;
 *  5. stop at the target (rows, or the first row at which the tokens reach the target) or when the input that
 *     is due runs out (no target: "as many rows as the controls allow").
 * Held-out reference rows (heldOut.ts; seeded by the same seed) are never in the reference's order of step 3.
 * Output order = the order of step 4. A share cap c < 1 allows floor(c·N) rows per value for a planned size N,
 * iterated to a fixed point N = rows actually chosen.
 */
import { dedupKeep, dropTemplated } from './eligibility.ts';
import { Prng, shuffleInPlace } from './prng.ts';
import { heldOutFor, validateHoldout } from './heldOut.ts';
import type { MixModel, MixSettings, Selection } from './mixTypes.ts';

const MAX_CAP_ITERATIONS = 60;

/** Number of real rows among the first n rows of a mix with real share f. */
export function realRowsFor(f: number, n: number): number {
  return Math.floor(f * n + 0.5 + 1e-9);
}

/** Checks settings against the model; throws RangeError with a readable message. */
export function validateSettings(model: MixModel, s: MixSettings): void {
  if (!(s.realFraction >= 0 && s.realFraction <= 1))
    throw new RangeError(`real fraction must be in [0, 1], got ${s.realFraction}`);
  if (s.rows !== undefined && s.tokens !== undefined)
    throw new RangeError('give a target in rows or in tokens, not both');
  if (s.rows !== undefined && !(Number.isInteger(s.rows) && s.rows >= 0))
    throw new RangeError(`rows must be a non-negative integer, got ${s.rows}`);
  if (s.tokens !== undefined && !(Number.isInteger(s.tokens) && s.tokens >= 0))
    throw new RangeError(`tokens must be a non-negative integer, got ${s.tokens}`);
  if (s.holdout !== undefined) validateHoldout(s.holdout);
  for (const c of s.caps ?? []) {
    if (!model.options.slicePaths.includes(c.field))
      throw new RangeError(
        `cap field "${c.field}" was not indexed (model slice paths: ${model.options.slicePaths.join(', ') || 'none'})`,
      );
    if (!(c.max > 0)) throw new RangeError(`cap for "${c.field}" must be > 0, got ${c.max}`);
  }
}

/** Seeded permutation of 0…n−1 (stream 1 for the dataset, 2 for the reference). */
export function seededOrder(n: number, seed: number, stream: number): Uint32Array {
  const order = new Uint32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  shuffleInPlace(order, new Prng(seed, stream));
  return order;
}

/** Chooses the rows of a mix; see the module comment for the exact rule. */
export function chooseRows(model: MixModel, settings: MixSettings): Selection {
  validateSettings(model, settings);
  const seed = settings.seed ?? 1;
  const nD = model.nDataset;
  const nR = model.nReference;
  const keep = new Uint8Array(nD + nR);
  // Dedup sees the whole reference (so a pool row near-duplicating an earlier held-out row is dropped, never
  // the held-out row); its count and the template count are of pool rows only. Held-out rows are never mixed in.
  const split = heldOutFor(model, settings);
  const removedByDedup = { dataset: dedupKeep(model, 0, nD, settings.dedup, keep), reference: 0 };
  dedupKeep(model, nD, nD + nR, settings.dedup, keep);
  for (let r = 0; r < nR; r++) {
    if (split.heldOut[r]) keep[nD + r] = 0;
    else if (!keep[nD + r]) removedByDedup.reference++;
  }
  const removedByTemplates = { dataset: 0, reference: 0 };
  if (settings.dropTemplates) {
    removedByTemplates.dataset = dropTemplated(model, 0, nD, model.dataset.flaggedOpenings, keep);
    removedByTemplates.reference = dropTemplated(model, nD, nD + nR, model.reference.flaggedOpenings, keep);
  }
  const pool = (n: number, base: number, stream: number): Uint32Array => {
    const order = seededOrder(n, seed, stream);
    let w = 0;
    for (let i = 0; i < n; i++) if (keep[base + order[i]]) order[w++] = base + order[i];
    return order.subarray(0, w);
  };
  const poolD = pool(nD, 0, 1);
  const poolR = pool(nR, nD, 2);
  const walk = (limits: number[] | null): WalkResult => interleave(model, settings, poolD, poolR, limits);

  const caps = settings.caps ?? [];
  let result: WalkResult;
  if (caps.length === 0) result = walk(null);
  else {
    const limitsFor = (plan: number): number[] =>
      caps.map((c) => (c.max < 1 ? Math.floor(c.max * plan) : Math.floor(c.max)));
    let plan = settings.rows ?? walk(null).rows.length;
    result = walk(limitsFor(plan));
    const shareCaps = caps.some((c) => c.max < 1);
    for (let i = 0; shareCaps && i < MAX_CAP_ITERATIONS && result.rows.length < plan; i++) {
      plan = result.rows.length;
      result = walk(limitsFor(plan));
    }
  }
  const notes: string[] = [];
  if (!result.targetMet) {
    notes.push(
      `target not reached: the ${result.ranOut} ran out after ${result.rows.length} rows at a real share of ${(100 * settings.realFraction).toFixed(1)}%`,
    );
  }
  return {
    rows: result.rows,
    datasetRows: result.takenD,
    referenceRows: result.takenR,
    tokens: result.tokens,
    heldOut: { rows: split.heldOutRows.length, poolRows: split.poolRows.length },
    eligible: { dataset: poolD.length, reference: poolR.length },
    removedByDedup,
    removedByTemplates,
    skippedByCaps: result.skipped,
    targetMet: result.targetMet,
    notes,
  };
}

interface WalkResult {
  rows: Uint32Array;
  takenD: number;
  takenR: number;
  tokens: number;
  skipped: number;
  targetMet: boolean;
  ranOut: 'dataset' | 'reference' | null;
}

/** Step 4–5 of the rule for fixed per-value limits (null = no caps). */
function interleave(
  model: MixModel,
  s: MixSettings,
  poolD: Uint32Array,
  poolR: Uint32Array,
  limits: number[] | null,
): WalkResult {
  const f = s.realFraction;
  const caps = s.caps ?? [];
  const capIds = limits ? caps.map((c) => model.sliceIds[model.options.slicePaths.indexOf(c.field)]) : [];
  const counts = limits
    ? caps.map((c) => new Uint32Array(model.sliceValues[model.options.slicePaths.indexOf(c.field)].length))
    : [];
  const capped = (g: number): boolean => {
    for (let k = 0; k < capIds.length; k++) {
      const v = capIds[k][g];
      if (v >= 0 && counts[k][v] >= limits![k]) return true;
    }
    return false;
  };
  const maxRows = s.rows ?? poolD.length + poolR.length;
  const out = new Uint32Array(Math.min(maxRows, poolD.length + poolR.length));
  // each pool is walked once, in its order, by its own cursor
  const pools = { dataset: { rows: poolD, next: 0 }, reference: { rows: poolR, next: 0 } };
  let n = 0;
  let takenR = 0;
  let tokens = 0;
  let skipped = 0;
  let ranOut: WalkResult['ranOut'] = null;
  for (;;) {
    if (n >= maxRows || (s.tokens !== undefined && tokens >= s.tokens)) break;
    const wantReal = takenR < realRowsFor(f, n + 1);
    const side = wantReal ? 'reference' : 'dataset';
    const pool = pools[side];
    while (pool.next < pool.rows.length && capped(pool.rows[pool.next])) {
      pool.next++;
      skipped++;
    }
    if (pool.next >= pool.rows.length) {
      ranOut = side;
      break;
    }
    const g = pool.rows[pool.next++];
    if (wantReal) takenR++;
    for (let k = 0; k < capIds.length; k++) if (capIds[k][g] >= 0) counts[k][capIds[k][g]]++;
    out[n++] = g;
    tokens += model.tokStart[g + 1] - model.tokStart[g];
  }
  const hasTarget = s.rows !== undefined || s.tokens !== undefined;
  return {
    rows: out.slice(0, n),
    takenD: n - takenR,
    takenR,
    tokens,
    skipped,
    targetMet: !hasTarget || ranOut === null,
    ranOut,
  };
}
