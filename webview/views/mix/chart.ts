/**
 * The Mix view's two charts, drawn with uPlot (canvas): tail coverage and distinct-2 against the real-data
 * share (sweepRealFraction), and the generations projection (types surviving per generation for the three
 * regimes, simulateGenerations). What they plot is defined here; how (uPlot, theme colours read when a chart is
 * drawn, axes, redraw in place) is the panel's one chart module, webview/charts/chart.ts.
 */
import type { SweepPoint } from '../../../src/core/mix/projectMix.ts';
import type { GenerationsProjection } from '../../../src/core/mix/generations.ts';
import type uPlot from 'uplot';
import { axis, plot, themeColor } from '../../charts/chart.ts';

const pct = (v: number | null): number | null => (v === null ? null : 100 * v);

const WIDTH = 520;
const HEIGHT = 220;

/** A 2 px line in `color` with filled round points of `size` px: every measured curve of the Mix charts. */
function pointedLine(label: string, color: string, size: number): uPlot.Series {
  return { label, stroke: color, width: 2, points: { show: true, size, fill: color } };
}

/**
 * Tail type coverage of the held-out real rows (%, raw and at equal size) and distinct-2 against the real share
 * (%); a vertical marker at the chosen share. The equal-size line is the one that cannot rise merely because
 * the mix got bigger.
 */
export function drawSweepChart(host: HTMLElement, sweep: SweepPoint[], chosenPercent: number): void {
  const xs = sweep.map((p) => 100 * p.realFraction);
  plot(host, () => {
    const blue = themeColor('--vscode-charts-blue');
    const orange = themeColor('--vscode-charts-orange');
    const green = themeColor('--vscode-charts-green');
    const marker = themeColor('--vscode-charts-purple', '--vscode-focusBorder');
    return {
      width: WIDTH,
      height: HEIGHT,
      scales: {
        x: { time: false, range: [0, 100] },
        cov: { range: [0, 100] },
        d2: { range: (_u, lo, hi) => [Math.max(0, lo - 0.02), Math.min(1, hi + 0.02)] },
      },
      axes: [
        axis('real-data share (%)', 'muted'),
        { ...axis('held-out tail coverage (%)', 'muted'), scale: 'cov' },
        { ...axis('distinct-2', 'muted'), scale: 'd2', side: 1, grid: { show: false } },
      ],
      series: [
        { label: 'real share' },
        { ...pointedLine('held-out tail coverage (types, %)', blue, 5), scale: 'cov' },
        { ...pointedLine('at equal size (types, %)', green, 4), scale: 'cov', dash: [2, 3] },
        { ...pointedLine('distinct-2', orange, 5), scale: 'd2', dash: [6, 4] },
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
      hooks: {
        draw: [
          (u) => {
            const x = u.valToPos(chosenPercent, 'x', true);
            const ctx = u.ctx;
            ctx.save();
            ctx.strokeStyle = marker;
            ctx.lineWidth = 1.5;
            ctx.setLineDash([3, 3]);
            ctx.beginPath();
            ctx.moveTo(x, u.bbox.top);
            ctx.lineTo(x, u.bbox.top + u.bbox.height);
            ctx.stroke();
            ctx.restore();
          },
        ],
      },
    };
  }, [
    xs,
    sweep.map((p) => pct(p.typeCoverage)),
    sweep.map((p) => pct(p.equalSizeTypeCoverage)),
    sweep.map((p) => p.distinct2),
  ]);
  host.dataset.points = String(sweep.length);
}

/**
 * Types surviving (solid, left axis) and tail type coverage (dashed, right axis, %) per generation for
 * replace / accumulate / fresh real share — the two curves the generations projection is about. Draws the
 * unigram or the bigram run alike (same shape); `data-model` says which.
 */
export function drawGenerationsChart(host: HTMLElement, g: GenerationsProjection): void {
  const regimes = (['replace', 'accumulate', 'fresh'] as const).filter((r) => g.regimes[r]);
  const colors = () => ({
    replace: themeColor('--vscode-charts-red'),
    accumulate: themeColor('--vscode-charts-green'),
    fresh: themeColor('--vscode-charts-blue'),
  });
  const names = {
    replace: 'replace',
    accumulate: 'accumulate',
    fresh: `fresh real ${Math.round(100 * g.realShare)}%`,
  };
  const xs = g.regimes[regimes[0]]!.map((p) => p.generation);
  const hasTail = regimes.some((r) => g.regimes[r]!.some((p) => p.tailCoverage !== null));
  plot(host, () => {
    const c = colors();
    const tailSeries: uPlot.Series[] = hasTail
      ? regimes.map((r) => ({
          label: `${names[r]}: tail coverage (%)`,
          scale: 'cov',
          stroke: c[r],
          width: 1.5,
          dash: [6, 4],
          points: { show: false },
        }))
      : [];
    return {
      width: WIDTH,
      height: HEIGHT,
      scales: { x: { time: false }, cov: { range: [0, 100] } },
      axes: [
        axis('generation', 'muted'),
        { ...axis('types surviving', 'muted'), size: 60 },
        ...(hasTail
          ? [{ ...axis('tail coverage (%)', 'muted'), scale: 'cov', side: 1, grid: { show: false } }]
          : []),
      ],
      series: [
        { label: 'generation' },
        ...regimes.map((r) => pointedLine(`${names[r]}: types`, c[r], 5)),
        ...tailSeries,
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    };
  }, [
    xs,
    ...regimes.map((r) => g.regimes[r]!.map((p) => p.types)),
    ...(hasTail
      ? regimes.map((r) => g.regimes[r]!.map((p) => (p.tailCoverage === null ? null : 100 * p.tailCoverage)))
      : []),
  ]);
  host.dataset.generations = String(g.generations);
  host.dataset.model = g.model ?? 'unigram';
}
