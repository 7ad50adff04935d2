/**
 * The Mix view's two charts, drawn with uPlot (canvas): tail coverage and distinct-2 against the real-data
 * share (sweepRealFraction), and the generations projection (types surviving per generation for the three
 * regimes, simulateGenerations). Colours come only from the theme's --vscode-* variables, read with
 * getComputedStyle when a chart is drawn (so a theme change takes effect on the next redraw).
 * uPlot's stylesheet and its theme overrides are installed with the page's (styles/sheets.ts, charts.css);
 * uPlot sets its dynamic styles through the CSSOM — no inline style attributes, no 'unsafe-inline'.
 */
import uPlot from 'uplot';
import type { SweepPoint } from '../../../src/core/mix/projectMix.ts';
import type { GenerationsProjection } from '../../../src/core/mix/generations.ts';

/** A theme colour by variable name (e.g. `--vscode-charts-blue`), with a theme-variable fallback. */
function themeColor(name: string, fallback = '--vscode-foreground'): string {
  const style = getComputedStyle(document.body);
  return style.getPropertyValue(name).trim() || style.getPropertyValue(fallback).trim();
}

function axisStyle(): Partial<uPlot.Axis> {
  const fg = themeColor('--vscode-descriptionForeground');
  const grid = themeColor('--vscode-editorWidget-border', '--vscode-widget-border');
  return { stroke: fg, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid, width: 1 }, font: `11px ${getComputedStyle(document.body).fontFamily}` };
}

const pct = (v: number | null): number | null => (v === null ? null : 100 * v);

/** Replaces `host`'s chart with a new one (uPlot instances are cheap; redraw on every update). */
function draw(host: HTMLElement, opts: uPlot.Options, data: uPlot.AlignedData): void {
  (host as HTMLElement & { chart?: uPlot }).chart?.destroy();
  host.replaceChildren();
  (host as HTMLElement & { chart?: uPlot }).chart = new uPlot(opts, data, host);
}

const WIDTH = 520;
const HEIGHT = 220;

/**
 * Tail type coverage of the held-out real rows (%, raw and at equal size) and distinct-2 against the real share
 * (%); a vertical marker at the chosen share. The equal-size line is the one that cannot rise merely because
 * the mix got bigger.
 */
export function drawSweepChart(host: HTMLElement, sweep: SweepPoint[], chosenPercent: number): void {
  const xs = sweep.map((p) => 100 * p.realFraction);
  const blue = themeColor('--vscode-charts-blue');
  const orange = themeColor('--vscode-charts-orange');
  const green = themeColor('--vscode-charts-green');
  const marker = themeColor('--vscode-charts-purple', '--vscode-focusBorder');
  draw(
    host,
    {
      width: WIDTH,
      height: HEIGHT,
      scales: { x: { time: false, range: [0, 100] }, cov: { range: [0, 100] }, d2: { range: (_u, lo, hi) => [Math.max(0, lo - 0.02), Math.min(1, hi + 0.02)] } },
      axes: [
        { ...axisStyle(), label: 'real-data share (%)' },
        { ...axisStyle(), scale: 'cov', label: 'held-out tail coverage (%)' },
        { ...axisStyle(), scale: 'd2', side: 1, label: 'distinct-2', grid: { show: false } },
      ],
      series: [
        { label: 'real share' },
        { label: 'held-out tail coverage (types, %)', scale: 'cov', stroke: blue, width: 2, points: { show: true, size: 5, fill: blue } },
        { label: 'at equal size (types, %)', scale: 'cov', stroke: green, width: 2, dash: [2, 3], points: { show: true, size: 4, fill: green } },
        { label: 'distinct-2', scale: 'd2', stroke: orange, width: 2, dash: [6, 4], points: { show: true, size: 5, fill: orange } },
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
    },
    [xs, sweep.map((p) => pct(p.typeCoverage)), sweep.map((p) => pct(p.equalSizeTypeCoverage)), sweep.map((p) => p.distinct2)],
  );
  host.dataset.points = String(sweep.length);
}

/**
 * Types surviving (solid, left axis) and tail type coverage (dashed, right axis, %) per generation for
 * replace / accumulate / fresh real share — the two curves the generations projection is about. Draws the
 * unigram or the bigram run alike (same shape); `data-model` says which.
 */
export function drawGenerationsChart(host: HTMLElement, g: GenerationsProjection): void {
  const regimes = (['replace', 'accumulate', 'fresh'] as const).filter((r) => g.regimes[r]);
  const colors = { replace: themeColor('--vscode-charts-red'), accumulate: themeColor('--vscode-charts-green'), fresh: themeColor('--vscode-charts-blue') };
  const names = { replace: 'replace', accumulate: 'accumulate', fresh: `fresh real ${Math.round(100 * g.realShare)}%` };
  const xs = g.regimes[regimes[0]]!.map((p) => p.generation);
  const hasTail = regimes.some((r) => g.regimes[r]!.some((p) => p.tailCoverage !== null));
  const tailSeries = hasTail
    ? regimes.map((r) => ({ label: `${names[r]}: tail coverage (%)`, scale: 'cov', stroke: colors[r], width: 1.5, dash: [6, 4], points: { show: false } }))
    : [];
  draw(
    host,
    {
      width: WIDTH,
      height: HEIGHT,
      scales: { x: { time: false }, cov: { range: [0, 100] } },
      axes: [
        { ...axisStyle(), label: 'generation' },
        { ...axisStyle(), label: 'types surviving', size: 60 },
        ...(hasTail ? [{ ...axisStyle(), scale: 'cov', side: 1, label: 'tail coverage (%)', grid: { show: false } }] : []),
      ],
      series: [
        { label: 'generation' },
        ...regimes.map((r) => ({ label: `${names[r]}: types`, stroke: colors[r], width: 2, points: { show: true, size: 5, fill: colors[r] } })),
        ...tailSeries,
      ],
      legend: { live: false },
      cursor: { drag: { x: false, y: false } },
    },
    [
      xs,
      ...regimes.map((r) => g.regimes[r]!.map((p) => p.types)),
      ...(hasTail ? regimes.map((r) => g.regimes[r]!.map((p) => (p.tailCoverage === null ? null : 100 * p.tailCoverage))) : []),
    ],
  );
  host.dataset.generations = String(g.generations);
  host.dataset.model = g.model ?? 'unigram';
}
