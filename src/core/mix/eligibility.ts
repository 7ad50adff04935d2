/**
 * Which rows of each input may enter a mix: deduplication (keep the first row of each cluster, in file
 * order, within each input) and the template filter. Pure functions of the model and the settings.
 */
import { UnionFind } from '../sketches/unionFind.ts';
import type { MixModel, MixSettings } from './mixTypes.ts';

const EPS = 1e-12;

/** Keep-mask over global rows [start, end) after deduplication within that range (one input). */
export function dedupKeep(
  model: MixModel,
  start: number,
  end: number,
  dedup: MixSettings['dedup'],
  keep: Uint8Array,
): number {
  let removed = 0;
  const kind = dedup?.kind ?? 'none';
  if (kind === 'none') {
    keep.fill(1, start, end);
    return 0;
  }
  const seenGroup = new Uint8Array(model.exactGroups);
  const exactKeep = (g: number): boolean => {
    const k = model.exactGroup[g];
    if (k < 0) return true; // empty text: not a duplicate of anything
    if (seenGroup[k]) return false;
    seenGroup[k] = 1;
    return true;
  };
  if (kind === 'exact') {
    for (let g = start; g < end; g++) {
      keep[g] = exactKeep(g) ? 1 : 0;
      removed += 1 - keep[g];
    }
    return removed;
  }
  const threshold = (dedup as { threshold: number }).threshold;
  if (!(threshold >= model.options.nearFloor - EPS && threshold <= 1)) {
    throw new RangeError(
      `near-dedup threshold ${threshold} is outside [${model.options.nearFloor}, 1] (rebuild the model with a lower nearFloor)`,
    );
  }
  const uf = nearComponents(model, start, end, threshold);
  const seenRoot = new Uint8Array(model.nearReps);
  for (let g = start; g < end; g++) {
    const rep = model.nearRep[g];
    let k: boolean;
    if (rep < 0) k = exactKeep(g);
    else {
      const root = uf.find(rep);
      k = !seenRoot[root];
      seenRoot[root] = 1;
    }
    keep[g] = k ? 1 : 0;
    removed += k ? 0 : 1;
  }
  return removed;
}

/**
 * Union-find over near-duplicate reps linked by a verified pair with Jaccard ≥ threshold, restricted to
 * reps that have a row in [start, end) (so clusters never chain through rows outside that range).
 */
export function nearComponents(
  model: MixModel,
  start: number,
  end: number,
  threshold: number,
  present?: Uint8Array,
): UnionFind {
  let here = present;
  if (!here) {
    here = new Uint8Array(model.nearReps);
    for (let g = start; g < end; g++) if (model.nearRep[g] >= 0) here[model.nearRep[g]] = 1;
  }
  const uf = new UnionFind(model.nearReps);
  const { edgeA, edgeB, edgeSim } = model;
  for (let i = 0; i < edgeA.length; i++) {
    if (edgeSim[i] >= threshold - EPS && here[edgeA[i]] && here[edgeB[i]]) uf.union(edgeA[i], edgeB[i]);
  }
  return uf;
}

/** Clears keep[g] for rows in [start, end) whose opening 3-gram is flagged in that input; returns how many. */
export function dropTemplated(
  model: MixModel,
  start: number,
  end: number,
  flagged: readonly number[],
  keep: Uint8Array,
): number {
  if (flagged.length === 0) return 0;
  const set = new Set(flagged);
  let removed = 0;
  for (let g = start; g < end; g++) {
    if (keep[g] && model.opening[g] >= 0 && set.has(model.opening[g])) {
      keep[g] = 0;
      removed++;
    }
  }
  return removed;
}
