/**
 * Fixed-bin histograms with exact mean and reservoir-based median / p90.
 *
 * Why: per-row figures (tokens per row, a row's own distinct-1/-2) must be summarised for
 * millions of rows in bounded memory, and the report needs both a plot (bins) and headline
 * numbers (mean, median, p90).
 *
 * Bins: bin i counts edges[i] ≤ x < edges[i+1]; the last bin is closed on the right
 * (edges[last−1] ≤ x ≤ edges[last]). Values below edges[0] go to `underflow`, above the last
 * edge to `overflow`. mean/min/max are exact over every value added.
 * median/p90: linear-interpolation quantiles (numpy's default, "type 7": position q·(n−1) in the
 * sorted values) of a uniform reservoir sample (Algorithm R, deterministic xorshift32 seed) of at
 * most `reservoirCap` values — EXACT while at most `reservoirCap` values were added
 * (`quantileMethod: 'exact'`), a sample estimate beyond (`'reservoir'`).
 */
export interface Histogram {
  /** Bin edges, ascending; counts.length === edges.length − 1. */
  edges: number[];
  counts: number[];
  underflow: number;
  overflow: number;
  /** Number of values added (including under/overflow). */
  count: number;
  mean: number | null;
  min: number | null;
  max: number | null;
  median: number | null;
  p90: number | null;
  quantileMethod: 'exact' | 'reservoir';
  /** Number of values the quantiles were computed from. */
  reservoirSize: number;
}

/** Default cap of the quantile reservoir (values). */
export const DEFAULT_RESERVOIR_CAP = 16384;

/** Accumulates values into a `Histogram`. Memory: the bins plus a lazily grown reservoir (≤ 8·cap bytes). */
/** A HistogramBuilder's state as plain data. */
export interface HistogramPartial {
  counts: Float64Array;
  underflow: number;
  overflow: number;
  n: number;
  sum: number;
  lo: number;
  hi: number;
  reservoir: Float64Array;
}

export class HistogramBuilder {
  private readonly edges: number[];
  private readonly counts: Float64Array;
  private underflow = 0;
  private overflow = 0;
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;
  private reservoir = new Float64Array(16);
  private kept = 0;
  private rng = 0x2f6b8a1d;

  constructor(
    edges: number[],
    private readonly reservoirCap = DEFAULT_RESERVOIR_CAP,
  ) {
    if (edges.length < 2) throw new RangeError('a histogram needs at least two edges');
    for (let i = 1; i < edges.length; i++)
      if (!(edges[i] > edges[i - 1])) throw new RangeError('histogram edges must be strictly ascending');
    if (!(reservoirCap >= 1)) throw new RangeError('reservoirCap must be ≥ 1');
    this.edges = edges.slice();
    this.counts = new Float64Array(edges.length - 1);
  }

  /** Adds one value. */
  add(x: number): void {
    this.n++;
    this.sum += x;
    if (x < this.lo) this.lo = x;
    if (x > this.hi) this.hi = x;
    const e = this.edges;
    const last = e.length - 1;
    if (x < e[0]) this.underflow++;
    else if (x > e[last]) this.overflow++;
    else {
      // largest i with e[i] <= x, clamped to the last bin
      let a = 0;
      let b = last;
      while (b - a > 1) {
        const mid = (a + b) >>> 1;
        if (e[mid] <= x) a = mid;
        else b = mid;
      }
      this.counts[a]++;
    }
    this.sample(x);
  }

  /** The builder's state as plain data (for merging chunk results). */
  snapshot(): HistogramPartial {
    return {
      counts: this.counts.slice(),
      underflow: this.underflow,
      overflow: this.overflow,
      n: this.n,
      sum: this.sum,
      lo: this.lo,
      hi: this.hi,
      reservoir: this.reservoir.slice(0, this.kept),
    };
  }

  /**
   * Adds a later chunk's values (same edges). Counts, mean, min and max are exactly those of one pass. While the
   * two together hold at most reservoirCap values the reservoir is their concatenation (exact quantiles, equal
   * to one pass); past it, each slot of the merged reservoir is drawn from one side with probability
   * proportional to that side's count (a uniform sample again, deterministic for a given chunking).
   */
  merge(p: HistogramPartial): void {
    if (p.counts.length !== this.counts.length) throw new RangeError('histogram merge: different edges');
    for (let i = 0; i < this.counts.length; i++) this.counts[i] += p.counts[i];
    this.underflow += p.underflow;
    this.overflow += p.overflow;
    const nA = this.n;
    this.n += p.n;
    this.sum += p.sum;
    if (p.lo < this.lo) this.lo = p.lo;
    if (p.hi > this.hi) this.hi = p.hi;
    if (this.kept + p.reservoir.length <= this.reservoirCap && nA + p.n <= this.reservoirCap) {
      for (let i = 0; i < p.reservoir.length; i++) this.sample1(p.reservoir[i]);
      return;
    }
    const a = this.reservoir.slice(0, this.kept);
    const b = p.reservoir;
    const size = Math.min(this.reservoirCap, a.length + b.length);
    const out = new Float64Array(size);
    let ia = 0;
    let ib = 0;
    for (let i = 0; i < size; i++) {
      const takeA = ib >= b.length || (ia < a.length && this.nextRandom() * (nA + p.n) < nA);
      out[i] = takeA ? a[ia++] : b[ib++];
    }
    this.reservoir = out;
    this.kept = size;
  }

  /** Appends one value to a reservoir that is not full (exact mode). */
  private sample1(x: number): void {
    if (this.kept === this.reservoir.length) {
      const grown = new Float64Array(Math.min(this.reservoirCap, Math.max(16, this.reservoir.length * 2)));
      grown.set(this.reservoir);
      this.reservoir = grown;
    }
    this.reservoir[this.kept++] = x;
  }

  /** The histogram of everything added so far. */
  toHistogram(): Histogram {
    const values = this.reservoir.slice(0, this.kept).sort();
    return {
      edges: this.edges.slice(),
      counts: Array.from(this.counts),
      underflow: this.underflow,
      overflow: this.overflow,
      count: this.n,
      mean: this.n > 0 ? this.sum / this.n : null,
      min: this.n > 0 ? this.lo : null,
      max: this.n > 0 ? this.hi : null,
      median: quantileSorted(values, 0.5),
      p90: quantileSorted(values, 0.9),
      quantileMethod: this.n <= this.reservoirCap ? 'exact' : 'reservoir',
      reservoirSize: this.kept,
    };
  }

  private sample(x: number): void {
    if (this.kept < this.reservoirCap) {
      if (this.kept === this.reservoir.length) {
        const grown = new Float64Array(Math.min(this.reservoirCap, this.reservoir.length * 2));
        grown.set(this.reservoir);
        this.reservoir = grown;
      }
      this.reservoir[this.kept++] = x;
      return;
    }
    // Algorithm R: keep the n-th value with probability cap/n, replacing a uniform slot.
    const j = Math.floor(this.nextRandom() * this.n);
    if (j < this.reservoirCap) this.reservoir[j] = x;
  }

  /** xorshift32 in [0, 1). */
  private nextRandom(): number {
    let s = this.rng;
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    this.rng = s | 0;
    return (s >>> 0) / 4294967296;
  }
}

/**
 * Quantile q ∈ [0,1] of ascending `sorted` by linear interpolation at position q·(n−1)
 * (numpy.quantile's default). null when empty.
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number | null {
  const n = sorted.length;
  if (n === 0) return null;
  const pos = q * (n - 1);
  const i = Math.floor(pos);
  const frac = pos - i;
  if (i + 1 >= n) return sorted[n - 1];
  return sorted[i] + frac * (sorted[i + 1] - sorted[i]);
}

/** Edges [0, 1, 2, 4, …, 2^maxExp]: log2 bins for counts (bin [0,1) holds zeros, [1,2) holds ones). */
export function powerOfTwoEdges(maxExp: number): number[] {
  const edges = [0];
  for (let e = 0; e <= maxExp; e++) edges.push(2 ** e);
  return edges;
}

/** `bins` equal-width bins over [lo, hi]; edges computed as lo + (hi − lo)·i/bins. */
export function uniformEdges(lo: number, hi: number, bins: number): number[] {
  const edges: number[] = [];
  for (let i = 0; i <= bins; i++) edges.push(lo + ((hi - lo) * i) / bins);
  return edges;
}
