/**
 * Maps global vocabulary ids to dense local ids 0,1,2,… in order of first appearance.
 *
 * Why: one LexicalAccumulator runs per slice, and a slice may see only a few types whose global
 * ids are scattered up to the full vocabulary size. Indexing per-type arrays (frequencies,
 * window counts, MTLD stamps) by a dense local id keeps each instance's memory proportional to
 * the types it has seen, not to the corpus vocabulary. Open addressing over typed arrays
 * (Fibonacci hashing, load ≤ 0.5), no JS Map.
 */
export class LocalIdMap {
  /** key + 1 (0 = empty slot). */
  private keys: Uint32Array;
  private vals: Uint32Array;
  private bits: number;
  private count = 0;

  constructor(initialBits = 10) {
    this.bits = initialBits;
    this.keys = new Uint32Array(1 << initialBits);
    this.vals = new Uint32Array(1 << initialBits);
  }

  /** Number of distinct global ids seen (= the next local id). */
  get size(): number {
    return this.count;
  }

  /** Local id of `globalId`, assigning the next one when it is new. */
  localize(globalId: number): number {
    const key = (globalId + 1) >>> 0;
    const keys = this.keys;
    const mask = keys.length - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const k = keys[i];
      if (k === key) return this.vals[i];
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    const local = this.count++;
    keys[i] = key;
    this.vals[i] = local;
    if (this.count * 2 > keys.length) this.grow();
    return local;
  }

  private grow(): void {
    const oldKeys = this.keys;
    const oldVals = this.vals;
    this.bits++;
    const cap = 1 << this.bits;
    const mask = cap - 1;
    this.keys = new Uint32Array(cap);
    this.vals = new Uint32Array(cap);
    for (let j = 0; j < oldKeys.length; j++) {
      const key = oldKeys[j];
      if (key === 0) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
      while (this.keys[i] !== 0) i = (i + 1) & mask;
      this.keys[i] = key;
      this.vals[i] = oldVals[j];
    }
  }
}
