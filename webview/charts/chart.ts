/**
 * Thin glue over uPlot for the panel's charts: colours come from the VS Code theme (--vscode-*
 * variables read with getComputedStyle, so light, dark and high-contrast themes all apply), sizes
 * from the panel's width. uPlot draws on a canvas and builds its legend with DOM APIs; its stylesheet
 * and the theme's overrides of it (styles/charts.css) are installed with the page's (styles/sheets.ts).
 */
import uPlot from 'uplot';
import { h } from '../dom.ts';

/** Theme colour of a --vscode-* variable (with a fallback variable when a theme leaves it unset). */
export function themeColor(name: string, fallback = '--vscode-foreground'): string {
  const css = getComputedStyle(document.documentElement);
  return css.getPropertyValue(name).trim() || css.getPropertyValue(fallback).trim() || 'gray';
}

/** Series colours, from the theme's chart palette (distinct in every built-in theme). */
const PALETTE = ['--vscode-charts-blue', '--vscode-charts-orange', '--vscode-charts-green', '--vscode-charts-purple'];

/** What one chart shows. `ys` are aligned with `x` (null = no point). */
export interface ChartSpec {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  x: number[];
  ys: (number | null)[][];
  labels: string[];
  /** Log scale on both axes (rank–frequency charts). */
  logLog?: boolean;
  /** Draw the series as bars (histograms). */
  bars?: boolean;
  /**
   * Histogram with unequal bins (e.g. power-of-two): `x` holds bin indices 0…n−1, each bar spans
   * [i, i+1), and `binEdges` (length n+1) labels the ticks at the bin boundaries, so every bin gets the
   * same width (a log axis for doubling bins) instead of thin spikes on a linear axis.
   */
  binEdges?: string[];
  /** Fixed x range (a histogram: first to last edge, so the last bar is drawn whole). */
  xRange?: [number, number];
}

/** Width available to a chart: the panel's content width, within sensible bounds. */
const chartWidth = (): number => Math.max(320, Math.min(900, document.body.clientWidth - 60));

/**
 * A figure element holding a uPlot chart for `spec`, with a visually hidden caption for screen readers
 * (the charts' numbers are also in the views' tables).
 */
export function chart(spec: ChartSpec): HTMLElement {
  const fig = h('figure', { id: spec.id, class: 'chart', 'aria-label': spec.title, 'data-points': spec.x.length });
  fig.append(h('figcaption', {}, spec.title));
  const fg = themeColor('--vscode-foreground');
  const grid = themeColor('--vscode-editorWidget-border', '--vscode-panel-border');
  const font = `11px ${themeColor('--vscode-font-family')}`;
  const axis = (label: string): uPlot.Axis => ({ stroke: fg, label, labelFont: font, font, grid: { stroke: grid, width: 0.5 }, ticks: { stroke: grid, width: 0.5 } });
  const width = chartWidth();
  const edges = spec.binEdges;
  const xAxis = edges ? binAxis(axis(spec.xLabel), edges, width) : axis(spec.xLabel);
  const opts: uPlot.Options = {
    width,
    height: 220,
    scales: spec.logLog ? { x: { time: false, distr: 3 }, y: { distr: 3 } } : edges ? { x: { time: false, range: [0, edges.length - 1] } } : { x: spec.xRange ? { time: false, range: spec.xRange } : { time: false } },
    axes: [xAxis, axis(spec.yLabel)],
    cursor: { drag: { x: false, y: false } },
    legend: { show: spec.labels.length > 1 || !spec.bars },
    series: [
      { label: spec.xLabel },
      ...spec.labels.map((label, i): uPlot.Series => {
        const color = themeColor(PALETTE[i % PALETTE.length]);
        return spec.bars
          ? { label, stroke: color, fill: color, width: 1, paths: uPlot.paths.bars?.(edges ? { size: [0.94, Infinity], align: 1 } : { size: [0.9, 60], align: 1 }), points: { show: false } }
          : { label, stroke: color, width: 2, points: { show: true, size: 4 }, spanGaps: true };
      }),
    ],
  };
  const data = [spec.x, ...spec.ys] as uPlot.AlignedData;
  new uPlot(opts, data, fig);
  return fig;
}

/**
 * The x axis of an unequal-bin histogram: a tick at every bin boundary (index i = edge i), labels thinned
 * so that neighbouring labels keep ≥ 44 px apart on a chart `width` px wide.
 */
function binAxis(base: uPlot.Axis, edges: string[], width: number): uPlot.Axis {
  const n = edges.length - 1;
  const every = Math.max(1, Math.ceil((44 * n) / Math.max(1, width - 80)));
  return {
    ...base,
    splits: () => edges.map((_, i) => i),
    values: (_u, splits) => splits.map((i) => (i % every === 0 || i === n ? edges[i] ?? '' : '')),
  };
}
