/**
 * The one chart module of the panel: every chart (Diversity's histograms, Tails' rank–frequency chart, the Mix
 * view's sweep and generations charts) is drawn through it, so uPlot is imported (as a value) here only.
 * Colours come from the VS Code theme (--vscode-* variables read with getComputedStyle when a chart is drawn,
 * so light, dark and high-contrast themes all apply), sizes from the panel's width or the caller. uPlot draws
 * on a canvas, builds its legend with DOM APIs and sets sizes through the CSSOM; its stylesheet and the
 * theme's overrides of it (styles/charts.css) are installed with the page's (styles/sheets.ts).
 */
import uPlot from 'uplot';
import { h } from '../dom.ts';

/** Why: one way to read a theme colour (a --vscode-* variable, with a fallback variable when a theme leaves it unset). */
export function themeColor(name: string, fallback = '--vscode-foreground'): string {
  const css = getComputedStyle(document.documentElement);
  return css.getPropertyValue(name).trim() || css.getPropertyValue(fallback).trim() || 'gray';
}

/**
 * How an axis looks. `plain`: foreground ticks, hairline grid, 11 px labels in the theme font (the report
 * charts). `muted`: description-coloured ticks, 1 px grid, uPlot's bold axis titles (the Mix view's charts,
 * which sit among form controls).
 */
export type AxisTone = 'plain' | 'muted';

/** Why: every chart's axes are styled here, from the theme, so a look is changed in one place. */
export function axis(label: string, tone: AxisTone = 'plain'): uPlot.Axis {
  const grid = themeColor('--vscode-editorWidget-border', '--vscode-panel-border');
  const font = `11px ${themeColor('--vscode-font-family')}`;
  return tone === 'plain'
    ? {
        stroke: themeColor('--vscode-foreground'),
        label,
        labelFont: font,
        font,
        grid: { stroke: grid, width: 0.5 },
        ticks: { stroke: grid, width: 0.5 },
      }
    : {
        stroke: themeColor('--vscode-descriptionForeground'),
        label,
        font,
        grid: { stroke: grid, width: 1 },
        ticks: { stroke: grid, width: 1 },
      };
}

/**
 * Why: the one place a uPlot instance is made. Draws `data` with the options `build` returns into `host`, replacing
 * the chart an earlier call drew there (uPlot instances are cheap: the Mix view redraws on every preview). `build`
 * reads the theme's colours (themeColor, axis), and runs again when the colour theme changes, so every chart is
 * drawn again in the new theme's colours (watchTheme); `data-axis-color` records the foreground it was drawn with.
 */
export function plot(host: HTMLElement, build: () => uPlot.Options, data: uPlot.AlignedData): uPlot {
  const holder = host as ThemedChart;
  holder.chart?.destroy();
  holder.chart = new uPlot(build(), data, host);
  holder.redrawForTheme = () => plot(host, build, data);
  host.setAttribute('data-axis-color', themeColor('--vscode-foreground'));
  watchTheme();
  return holder.chart;
}

/** Series colours, from the theme's chart palette (distinct in every built-in theme). */
const PALETTE = [
  '--vscode-charts-blue',
  '--vscode-charts-orange',
  '--vscode-charts-green',
  '--vscode-charts-purple',
];

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
  /** Width in px (default: the panel's content width); the Compare view sets half of it for side-by-side charts. */
  width?: number;
}

/** Width available to a chart: the panel's content width, within sensible bounds. */
const chartWidth = (): number => Math.max(320, Math.min(900, document.body.clientWidth - 60));

/**
 * Why: the report views' charts are all one kind (a captioned figure of series over x). A figure element
 * holding a chart for `spec`, with a caption (the charts' numbers are also in the views' tables).
 */
export function chart(spec: ChartSpec): HTMLElement {
  const fig = h('figure', {
    id: spec.id,
    class: 'chart',
    'aria-label': spec.title,
    'data-points': spec.x.length,
  });
  fig.append(h('figcaption', {}, spec.title));
  const width = spec.width ?? chartWidth();
  plot(fig, () => chartOptions(spec, width), [spec.x, ...spec.ys] as uPlot.AlignedData);
  return fig;
}

/** An element a chart was drawn into (plot): its uPlot, and how to draw it again in the current theme's colours. */
type ThemedChart = HTMLElement & { chart?: uPlot; redrawForTheme?: () => void };

let watchingTheme = false;

/**
 * Redraws every chart (each element plot drew into) when the theme changes. Why: uPlot paints on a canvas with the
 * colours read when it drew; VS Code changes the theme by swapping the body's class and the --vscode-* variables, so
 * a chart drawn in a dark theme kept its light-grey labels on a light background (a new user's pass, session 20).
 */
function watchTheme(): void {
  if (watchingTheme || typeof MutationObserver === 'undefined') return;
  watchingTheme = true;
  // (two themes of one kind share the body's class: the theme's id tells them apart; the variables are set in the
  // same task as both, before this observer runs)
  const themeOf = (): string =>
    `${document.body.className}|${document.body.getAttribute('data-vscode-theme-id')}`;
  let theme = themeOf();
  new MutationObserver(() => {
    if (themeOf() === theme) return;
    theme = themeOf();
    document.querySelectorAll('[data-axis-color]').forEach((el) => (el as ThemedChart).redrawForTheme?.());
  }).observe(document.body, { attributes: true, attributeFilter: ['class', 'data-vscode-theme-id'] });
}

/** uPlot options of a report chart `width` px wide, in the theme's current colours. */
function chartOptions(spec: ChartSpec, width: number): uPlot.Options {
  const edges = spec.binEdges;
  const xAxis = edges ? binAxis(axis(spec.xLabel), edges, width) : axis(spec.xLabel);
  return {
    width,
    height: 220,
    scales: spec.logLog
      ? { x: { time: false, distr: 3 }, y: { distr: 3 } }
      : edges
        ? { x: { time: false, range: [0, edges.length - 1] } }
        : { x: spec.xRange ? { time: false, range: spec.xRange } : { time: false } },
    axes: [xAxis, axis(spec.yLabel)],
    cursor: { drag: { x: false, y: false } },
    legend: { show: spec.labels.length > 1 || !spec.bars },
    series: [
      { label: spec.xLabel },
      ...spec.labels.map((label, i): uPlot.Series => {
        const color = themeColor(PALETTE[i % PALETTE.length]);
        return spec.bars
          ? {
              label,
              stroke: color,
              fill: color,
              width: 1,
              paths: uPlot.paths.bars?.(
                edges ? { size: [0.94, Infinity], align: 1 } : { size: [0.9, 60], align: 1 },
              ),
              points: { show: false },
            }
          : { label, stroke: color, width: 2, points: { show: true, size: 4 }, spanGaps: true };
      }),
    ],
  };
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
    values: (_u, splits) => splits.map((i) => (i % every === 0 || i === n ? (edges[i] ?? '') : '')),
  };
}
