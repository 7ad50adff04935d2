/**
 * The storage of the open-addressing tables keyed by a 64-bit key (two 32-bit halves): Hash64Table (key → value) and
 * SpaceSaving's SlotIndex (key → a sketch's slot). Parallel typed arrays of a power-of-two length, probed linearly
 * from the key's home slot; a negative value marks an empty slot.
 * Why one module: the two tables differ in growth and deletion, but must size and hash the same way; this was written
 * twice.
 */

/** A table's arrays and its index mask (length − 1). */
export interface KeySlots {
  lo: Uint32Array;
  hi: Uint32Array;
  val: Int32Array;
  mask: number;
}

/**
 * Why: a table of at least `minSlots` slots — a power of two, at least 16, so that a probe wraps with `& mask` — with
 * every slot empty (value −1).
 */
export function emptyKeySlots(minSlots: number): KeySlots {
  let size = 16;
  while (size < minSlots) size *= 2;
  return {
    lo: new Uint32Array(size),
    hi: new Uint32Array(size),
    val: new Int32Array(size).fill(-1),
    mask: size - 1,
  };
}

/** Why: the slot where the probe for key (lo, hi) starts: the high half spread by the golden-ratio multiplier. */
export function homeSlot(lo: number, hi: number, mask: number): number {
  return (lo ^ Math.imul(hi, 0x9e3779b1)) & mask;
}
