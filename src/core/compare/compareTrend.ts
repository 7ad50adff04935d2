/**
 * The trend verdict of a comparison: along the given order, is diversity falling (collapsing), holding (stable) or
 * rising again (recovering)? Why slopes of size-adjusted figures: raw counts fall with size alone, and one pair of
 * datasets differs by chance; a least-squares slope over the whole order, relative to where the series starts, is
 * compared with thresholds set beyond what random equal splits of one file reach (docs/metrics.md, "Compare").
 */
import type { CompareDataset, TrendReason, TrendVerdict } from './compareTypes.ts';

/** A figure the trend reads, its key in CompareDataset and whether the baseline's own point is left out. */
export interface TrendFigure {
  figure: 'sizeAdjusted.types' | 'sizeAdjusted.distinct2' | 'tails.typeCoverageAtEqualSize';
  label: string;
  /** The baseline covers its own tail by construction: its point would make any order after it look like a fall. */
  skipBaseline: boolean;
  value: (d: CompareDataset) => number | null;
}

export const TREND_FIGURES: readonly TrendFigure[] = [
  {
    figure: 'sizeAdjusted.types',
    label: 'types at the common size',
    skipBaseline: false,
    value: (d) => d.sizeAdjusted.types,
  },
  {
    figure: 'sizeAdjusted.distinct2',
    label: 'distinct-2 at the common size',
    skipBaseline: false,
    value: (d) => d.sizeAdjusted.distinct2,
  },
  {
    figure: 'tails.typeCoverageAtEqualSize',
    label: "coverage of the baseline's tail at the common size",
    skipBaseline: true,
    value: (d) => d.tails.typeCoverageAtEqualSize,
  },
];

/**
 * Base thresholds on |relative slope per step| (fraction of the series' first value per position along the order),
 * per figure, for the calibration's reference design: 5 datasets (Sxx = Σ(x − x̄)² = 10) of at least
 * TREND_REFERENCE_TOKENS tokens at the common size. Derivation (docs/metrics.md, "Compare"; `npm run calibrate`):
 * TREND_MARGIN × the widest |slope| over 200 seeded random splits into 5 equal parts of each control file, rounded
 * up to 0.5%. trendThreshold scales them to other designs.
 */
export const TREND_THRESHOLDS: Readonly<Record<TrendFigure['figure'], number>> = {
  'sizeAdjusted.types': 0.07,
  'sizeAdjusted.distinct2': 0.035,
  'tails.typeCoverageAtEqualSize': 0.065,
};

/** The safety factor between the widest random-split slope and the base threshold. */
export const TREND_MARGIN = 2;

/** Common size (tokens) of the calibration's reference design; smaller comparisons get wider thresholds. */
export const TREND_REFERENCE_TOKENS = 25_000;

/** Sxx of the reference design (5 datasets at positions 0…4). */
const REFERENCE_SXX = 10;

/** How many figures must cross their threshold the same way (and none the other way) for a non-stable verdict. */
export const TREND_MIN_FIGURES = 2;

/**
 * The threshold for a series with spread Sxx = Σ(x − x̄)² of its positions, at `commonTokens`: the base threshold
 * × √(10 / Sxx) × max(1, √(TREND_REFERENCE_TOKENS / commonTokens)). Why: under exchangeable datasets (random
 * splits) a least-squares slope's standard deviation is σ/√Sxx, so 2 datasets (Sxx = 0.5) are 4.5× noisier than 5
 * (Sxx = 10); and a figure's relative noise σ grows like 1/√tokens below the calibrated size (never shrunk above it).
 */
export function trendThreshold(base: number, sxx: number, commonTokens: number): number {
  const sizeFactor =
    commonTokens > 0 ? Math.max(1, Math.sqrt(TREND_REFERENCE_TOKENS / commonTokens)) : Infinity;
  return base * Math.sqrt(REFERENCE_SXX / sxx) * sizeFactor;
}

/** Σ(x − x̄)² of the positions. */
export function sxxOf(xs: readonly number[]): number {
  const mx = xs.reduce((a, b) => a + b, 0) / xs.length;
  return xs.reduce((a, x) => a + (x - mx) ** 2, 0);
}

/**
 * Least-squares slope of ys over xs, divided by ys[0]: the relative change per step. null with fewer than 2
 * points or a first value ≤ 0.
 */
export function relativeSlope(xs: readonly number[], ys: readonly number[]): number | null {
  const m = xs.length;
  if (m < 2 || !(ys[0] > 0)) return null;
  let sx = 0;
  let sy = 0;
  for (let i = 0; i < m; i++) {
    sx += xs[i];
    sy += ys[i];
  }
  const mx = sx / m;
  const my = sy / m;
  let num = 0;
  let den = 0;
  for (let i = 0; i < m; i++) {
    num += (xs[i] - mx) * (ys[i] - my);
    den += (xs[i] - mx) ** 2;
  }
  return den > 0 ? num / den / ys[0] : null;
}

/** One figure's series along the order: positions, values and names. */
export interface FigureSeries {
  figure: TrendFigure;
  xs: number[];
  ys: number[];
  names: string[];
  slope: number | null;
}

/** Every trend figure's series and slope (the baseline's point left out where the figure says so). */
export function trendSeries(datasets: readonly CompareDataset[], baseline: number): FigureSeries[] {
  return TREND_FIGURES.map((figure) => {
    const xs: number[] = [];
    const ys: number[] = [];
    const names: string[] = [];
    datasets.forEach((d, i) => {
      const v = figure.value(d);
      if (v === null || (figure.skipBaseline && i === baseline)) return;
      xs.push(i);
      ys.push(v);
      names.push(d.path);
    });
    return { figure, xs, ys, names, slope: relativeSlope(xs, ys) };
  });
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
const num = (x: number) => (Math.abs(x) >= 100 ? Math.round(x).toLocaleString('en-US') : x.toFixed(3));

/**
 * The verdict: `collapsing` when at least TREND_MIN_FIGURES figures fall faster than their threshold (trendThreshold:
 * the base threshold scaled to the series' length and the common size) and none rises
 * faster than its threshold; `recovering` the other way round; otherwise `stable`. Reasons: the figures that set the
 * verdict (for `stable`, every figure that has a slope), each naming the datasets and values.
 */
export function trendVerdict(
  datasets: readonly CompareDataset[],
  baseline: number,
  commonTokens: number,
  thresholds: Readonly<Record<TrendFigure['figure'], number>> = TREND_THRESHOLDS,
): { verdict: TrendVerdict; reasons: TrendReason[] } {
  const series = trendSeries(datasets, baseline).filter((s) => s.slope !== null);
  const limit = (s: FigureSeries) => trendThreshold(thresholds[s.figure.figure], sxxOf(s.xs), commonTokens);
  const reason = (s: FigureSeries, how: string): TrendReason => {
    const threshold = limit(s);
    const path = s.names.map((n, i) => `${n} ${num(s.ys[i])}`).join(' → ');
    return {
      figure: s.figure.figure,
      slopePerStep: s.slope!,
      threshold,
      message: `${s.figure.label} ${how} ${pct(Math.abs(s.slope!))} of its first value per step (threshold ${pct(threshold)}): ${path}`,
    };
  };
  const falling = series.filter((s) => s.slope! < -limit(s));
  const rising = series.filter((s) => s.slope! > limit(s));
  if (falling.length >= TREND_MIN_FIGURES && rising.length === 0)
    return { verdict: 'collapsing', reasons: falling.map((s) => reason(s, 'falls')) };
  if (rising.length >= TREND_MIN_FIGURES && falling.length === 0)
    return { verdict: 'recovering', reasons: rising.map((s) => reason(s, 'rises')) };
  return {
    verdict: 'stable',
    reasons: series.map((s) =>
      reason(
        s,
        s.slope! < -limit(s)
          ? 'falls'
          : s.slope! > limit(s)
            ? 'rises'
            : s.slope! < 0
              ? 'falls (within the threshold)'
              : 'rises (within the threshold)',
      ),
    ),
  };
}
