/**
 * Drawing many tokens from a categorical distribution, fast: Walker/Vose alias tables give O(1) per draw
 * after an O(n) build, so a simulated generation of M tokens costs O(M + types).
 */
import type { Prng } from './prng.ts';

/** An alias table over the categories whose weight is > 0 (categories are given back as their original ids). */
export class AliasTable {
  /** Original category ids with weight > 0. */
  private readonly ids: Uint32Array;
  private readonly prob: Float64Array;
  private readonly alias: Uint32Array;

  /** Builds the table from non-negative weights (any scale); throws when every weight is 0. */
  constructor(weights: ArrayLike<number>) {
    let n = 0;
    let total = 0;
    for (let i = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        n++;
        total += weights[i];
      }
    }
    if (n === 0) throw new RangeError('AliasTable needs at least one positive weight');
    this.ids = new Uint32Array(n);
    const scaled = new Float64Array(n);
    for (let i = 0, k = 0; i < weights.length; i++) {
      if (weights[i] > 0) {
        this.ids[k] = i;
        scaled[k++] = (weights[i] * n) / total;
      }
    }
    this.prob = new Float64Array(n);
    this.alias = new Uint32Array(n);
    // Vose: two stacks of indexes, below and above the average weight 1.
    const small = new Uint32Array(n);
    const large = new Uint32Array(n);
    let ns = 0;
    let nl = 0;
    for (let i = 0; i < n; i++) {
      if (scaled[i] < 1) small[ns++] = i;
      else large[nl++] = i;
    }
    while (ns > 0 && nl > 0) {
      const s = small[--ns];
      const l = large[--nl];
      this.prob[s] = scaled[s];
      this.alias[s] = l;
      scaled[l] = scaled[l] + scaled[s] - 1;
      if (scaled[l] < 1) small[ns++] = l;
      else large[nl++] = l;
    }
    while (nl > 0) this.prob[large[--nl]] = 1;
    while (ns > 0) this.prob[small[--ns]] = 1; // numerical leftovers
  }

  /** Number of categories with positive weight. */
  get size(): number {
    return this.ids.length;
  }

  /** Adds `count` independent draws to `counts[id]` (a multinomial sample of size `count`). */
  sampleInto(count: number, rng: Prng, counts: Float64Array): void {
    const n = this.ids.length;
    const prob = this.prob;
    const alias = this.alias;
    const ids = this.ids;
    for (let k = 0; k < count; k++) {
      const col = rng.nextDouble() * n;
      const i = Math.floor(col);
      const j = col - i < prob[i] ? i : alias[i];
      counts[ids[j]]++;
    }
  }
}
