// The tests' one seeded PRNG (mulberry32, the same generator as scripts/lib/prng.mjs, which .ts tests cannot
// import without allowJs), so generated corpora are identical on every run.

/** mulberry32: uniform numbers in [0, 1) from a 32-bit seed. */
export function rng(seed: number): () => number {
  const next = rngUint32(seed);
  return () => next() / 4294967296;
}

/** mulberry32's raw unsigned 32-bit outputs; why: tests that need whole 32-bit keys (hashes, packed pairs) draw them here. */
export function rngUint32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  };
}
