/**
 * Maps global vocabulary ids to dense local ids 0,1,2,… in order of first appearance.
 *
 * Why: one LexicalAccumulator runs per slice, and a slice may see only a few types whose global
 * ids are scattered up to the full vocabulary size. Indexing per-type arrays (frequencies,
 * window counts, MTLD stamps) by a dense local id keeps each instance's memory proportional to
 * the types it has seen, not to the corpus vocabulary. Open addressing over typed arrays
 * (Fibonacci hashing, load ≤ 0.5), no JS Map.
 *
 * Ids below `directBelow` (0 unless asked for) are looked up in a plain array indexed by id instead (grown up to
 * that bound as those ids arrive): vocabulary ids are numbered in order of first appearance, so the frequent
 * types have small ids, and most lookups of a slice's tokens then read one hot array rather than probe a table.
 * The local ids are the same either way (one counter, in order of first appearance).
 */
export class LocalIdMap {
  /**
   * Slot i is (key + 1, local id) at [2i, 2i + 1] (key 0 = empty): a lookup reads one cache line, not one of a key
   * array and another of a value array (a slice's accumulator looks up every token of its rows).
   */
  private slots: Uint32Array;
  private bits: number;
  private count = 0;
  private readonly directBelow: number;
  /** direct[id] = local id + 1 of an id below directBelow (0: not seen yet). */
  private direct = new Uint32Array(0);

  constructor(initialBits = 10, directBelow = 0) {
    this.bits = initialBits;
    this.slots = new Uint32Array(2 << initialBits);
    this.directBelow = directBelow;
  }

  /** Number of distinct global ids seen (= the next local id). */
  get size(): number {
    return this.count;
  }

  /** Local id of `globalId`, assigning the next one when it is new. */
  localize(globalId: number): number {
    if (globalId < this.directBelow) {
      if (globalId >= this.direct.length) this.growDirect(globalId);
      const v = this.direct[globalId];
      if (v !== 0) return v - 1;
      const local = this.count++;
      this.direct[globalId] = local + 1;
      return local;
    }
    const key = (globalId + 1) >>> 0;
    const slots = this.slots;
    const mask = (1 << this.bits) - 1;
    let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
    for (;;) {
      const k = slots[2 * i];
      if (k === key) return slots[2 * i + 1];
      if (k === 0) break;
      i = (i + 1) & mask;
    }
    const local = this.count++;
    slots[2 * i] = key;
    slots[2 * i + 1] = local;
    if (this.count * 2 > mask + 1) this.grow();
    return local;
  }

  private growDirect(id: number): void {
    const grown = new Uint32Array(Math.min(this.directBelow, Math.max(1024, 2 * this.direct.length, id + 1)));
    grown.set(this.direct);
    this.direct = grown;
  }

  private grow(): void {
    const old = this.slots;
    this.bits++;
    const mask = (1 << this.bits) - 1;
    const slots = new Uint32Array(2 << this.bits);
    this.slots = slots;
    for (let j = 0; j < old.length; j += 2) {
      const key = old[j];
      if (key === 0) continue;
      let i = Math.imul(key, 0x9e3779b1) >>> (32 - this.bits);
      while (slots[2 * i] !== 0) i = (i + 1) & mask;
      slots[2 * i] = key;
      slots[2 * i + 1] = old[j + 1];
    }
  }
}

/**
 * `out[types[l]] = l` for l < n (an array as long as the largest of those ids + 1). Why: a chunk's backward MTLD pass
 * looks up the local id of each of its tokens; the ids are a chunk vocabulary's, so the array stays small.
 */
export function inverseOf(types: Uint32Array, n: number): Uint32Array {
  let top = 0;
  for (let l = 0; l < n; l++) if (types[l] >= top) top = types[l] + 1;
  const out = new Uint32Array(top);
  for (let l = 0; l < n; l++) out[types[l]] = l;
  return out;
}
