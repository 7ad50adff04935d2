/**
 * Seeded pseudo-random numbers for the sample and benchmark generators.
 * Why: both generators must be byte-identical on every run and every machine, so they never touch
 * Math.random(); everything random flows from one 32-bit seed through mulberry32, whose state update
 * uses only 32-bit integer arithmetic (Math.imul, shifts), which is exact on every JavaScript engine.
 */

/**
 * Creates a mulberry32 generator (Tommy Ettinger's 32-bit PRNG).
 * Returns a function yielding floats in [0, 1): each is a 32-bit unsigned integer divided by 2^32,
 * so every value is exactly representable and identical across platforms.
 * @param {number} seed any integer; only its low 32 bits are used
 * @returns {() => number}
 */
export function mulberry32(seed) {
  let state = seed >>> 0;
  return function next() {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Small convenience wrapper over a uniform [0,1) source, so generator code reads as intent
 * ("pick one of these", "an integer between a and b") instead of arithmetic.
 */
export class Rng {
  /** @param {number} seed */
  constructor(seed) {
    /** @type {() => number} */
    this.next = mulberry32(seed);
  }

  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo, hi) {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  /** Uniformly chosen element of a non-empty array. */
  pick(items) {
    return items[Math.floor(this.next() * items.length)];
  }

  /** True with probability p. */
  chance(p) {
    return this.next() < p;
  }

  /** Fisher–Yates shuffle of a copy of `items` (the input is left untouched). */
  shuffled(items) {
    const out = items.slice();
    for (let i = out.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = out[i];
      out[i] = out[j];
      out[j] = tmp;
    }
    return out;
  }
}
