/**
 * Seeded pseudo-random numbers for the mixing simulator. Every random choice of a mix (row order,
 * sampled rows, simulated generations) comes from here, so one seed reproduces one result exactly,
 * on any machine (pure 32-bit integer arithmetic, no Math.random).
 */

/**
 * sfc32 (Chris Doty-Humphrey's Small Fast Counting generator, 128-bit state, period ≥ 2^32), seeded by
 * running splitmix32 over (seed, stream) so that different streams of one seed are independent.
 */
export class Prng {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number, stream = 0) {
    let s = (Math.floor(seed) ^ Math.imul(stream + 1, 0x9e3779b9)) >>> 0;
    const next = (): number => {
      s = (s + 0x9e3779b9) >>> 0;
      let z = s;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
      return (z ^ (z >>> 16)) >>> 0;
    };
    this.a = next();
    this.b = next();
    this.c = next();
    this.d = 1;
    for (let i = 0; i < 12; i++) this.nextUint32();
  }

  /** Next uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform double in [0, 1) with 53 random bits (two 32-bit draws). */
  nextDouble(): number {
    const hi = this.nextUint32() >>> 5; // 27 bits
    const lo = this.nextUint32() >>> 6; // 26 bits
    return (hi * 67108864 + lo) / 9007199254740992;
  }

  /** Uniform integer in [0, n) (n ≤ 2^32), by rejection so there is no modulo bias. */
  nextInt(n: number): number {
    if (n <= 1) return 0;
    const limit = 4294967296 - (4294967296 % n);
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }
}

/** Fisher–Yates shuffle of `items` in place (uniform over all permutations for a good generator). */
export function shuffleInPlace(items: Uint32Array | number[], rng: Prng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = rng.nextInt(i + 1);
    const t = items[i];
    items[i] = items[j];
    items[j] = t;
  }
}
