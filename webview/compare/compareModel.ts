/**
 * The Compare view's view model: what the charts, the table and the projection note show, computed from the view's
 * state (src/protocol/comparePanelProtocol.ts) without any DOM, so unit tests check it exactly
 * (test/unit/webview/compareModel.test.ts) and the DOM code (compareView.ts) only lays it out.
 *
 * Charts run along the order (x = position 0…n−1, labelled with the datasets). Raw and size-adjusted figures are
 * side by side (types, distinct-2, tail type coverage); the others are single charts. With a projection (the first
 * dataset taken as real data, core/compare/projectedChain.ts) and the overlay on, the types chart gets the projected
 * types of every regime at generation g = position g, and the raw tail-coverage chart the projected tail coverage —
 * the latter only when the first dataset is the baseline (the measured coverage is of the baseline's tail, the
 * projected one of the first dataset's).
 */
import type { CompareDataset } from '../../src/core/compare/compareTypes.ts';
import type { GenerationRegime } from '../../src/core/mix/generations.ts';
import type { CompareViewState } from '../../src/protocol/comparePanelProtocol.ts';
import { fmtInt, fmtNum, fmtPct } from '../../src/core/report/format.ts';

/** How a figure is written. */
export type FigureKind = 'count' | 'share' | 'number';

/** One figure of a dataset: its report key (as in `compare --json`), its name and how to read it. */
export interface FigureDef {
  /** The key path in a `datasets[]` entry of `compare --json`, e.g. 'sizeAdjusted.types'. */
  key: string;
  label: string;
  kind: FigureKind;
  get: (d: CompareDataset) => number | null;
}

/**
 * A size-adjusted twin of a raw figure (`sizeAdjusted.<key>`, "<label> at common size").
 * Why one maker: the twins' key, label and getter follow from the raw figure's, so they are written once.
 */
function atCommonSize(key: 'types' | 'distinct2', label: string): FigureDef {
  return {
    key: `sizeAdjusted.${key}`,
    label: `${label} at common size`,
    kind: 'number',
    get: (d) => d.sizeAdjusted[key],
  };
}

/** Every figure the table shows, in its column order. */
export const FIGURES: readonly FigureDef[] = [
  { key: 'rows', label: 'Rows', kind: 'count', get: (d) => d.rows },
  { key: 'tokens', label: 'Tokens', kind: 'count', get: (d) => d.tokens },
  { key: 'types', label: 'Types', kind: 'count', get: (d) => d.types },
  atCommonSize('types', 'Types'),
  { key: 'distinct2', label: 'Distinct-2', kind: 'number', get: (d) => d.distinct2 },
  atCommonSize('distinct2', 'Distinct-2'),
  { key: 'mattr', label: 'MATTR', kind: 'number', get: (d) => d.mattr },
  { key: 'mtld', label: 'MTLD', kind: 'number', get: (d) => d.mtld },
  { key: 'exactShare', label: 'Exact duplicates', kind: 'share', get: (d) => d.exactShare },
  { key: 'nearShare', label: 'Near duplicates', kind: 'share', get: (d) => d.nearShare },
  { key: 'tails.typeCoverage', label: 'Tail type coverage', kind: 'share', get: (d) => d.tails.typeCoverage },
  { key: 'tails.massCoverage', label: 'Tail mass coverage', kind: 'share', get: (d) => d.tails.massCoverage },
  {
    key: 'tails.typeCoverageAtEqualSize',
    label: 'Tail type coverage at common size',
    kind: 'share',
    get: (d) => d.tails.typeCoverageAtEqualSize,
  },
  { key: 'jsDivergence', label: 'JS divergence from baseline', kind: 'number', get: (d) => d.jsDivergence },
  { key: 'topTemplateShare', label: 'Top template share', kind: 'share', get: (d) => d.topTemplateShare },
];

/** Why one formatter: the table's text and the tests' expectations are the same strings. */
export function formatFigure(kind: FigureKind, v: number | null): string {
  if (v === null) return 'n/a';
  return kind === 'count' ? fmtInt(v) : kind === 'share' ? fmtPct(v) : fmtNum(v);
}

/** One line of a chart. */
export interface SeriesModel {
  label: string;
  values: (number | null)[];
  /** A projected (model) line rather than a measured one. */
  projected?: boolean;
}

/** One chart along the order. */
export interface ChartModel {
  id: string;
  title: string;
  yLabel: string;
  series: SeriesModel[];
}

/** A row of the charts grid: one chart, or the raw and size-adjusted charts of one figure side by side. */
export interface ChartRow {
  id: string;
  charts: ChartModel[];
}

const REGIMES: readonly GenerationRegime[] = ['replace', 'accumulate', 'fresh'];
const REGIME_LABEL: Record<GenerationRegime, string> = {
  replace: 'projected: replace',
  accumulate: 'projected: accumulate',
  fresh: 'projected: fresh real share',
};

/** Whether the projection can be overlaid on the tail-coverage chart (its tail is the first dataset's). */
export const tailOverlayApplies = (state: CompareViewState): boolean => state.baseline === 0;

/** The projected series of `pick` for every regime, at positions 0…n−1 (null past the simulated generations). */
function projectedSeries(
  state: CompareViewState,
  n: number,
  pick: (p: { types: number; tailCoverage: number | null }) => number | null,
): SeriesModel[] {
  const proj = state.projection;
  if (!proj) return [];
  return REGIMES.flatMap((r) => {
    const points = proj.regimes[r];
    if (!points) return [];
    const values = Array.from({ length: n }, (_, g) => {
      const p = points.find((q) => q.generation === g);
      return p ? pick(p) : null;
    });
    return [{ label: REGIME_LABEL[r], values, projected: true }];
  });
}

/**
 * Why: every chart of the view from one function. Rows: types (raw | at common size), distinct-2 (raw | at common
 * size), tail coverage (type and mass | type at common size), MATTR, MTLD, duplicate shares, JS divergence, top
 * template share. `overlay`: draw the projection (when the state has one).
 */
export function compareCharts(state: CompareViewState, overlay: boolean): ChartRow[] {
  const ds = state.report?.datasets ?? [];
  const n = ds.length;
  const line = (label: string, get: (d: CompareDataset) => number | null): SeriesModel => ({
    label,
    values: ds.map(get),
  });
  const proj = overlay && state.projection !== null;
  const chart = (id: string, title: string, yLabel: string, series: SeriesModel[]): ChartModel => ({
    id,
    title,
    yLabel,
    series,
  });
  return [
    {
      id: 'row-types',
      charts: [
        chart('chart-types', 'Types (raw)', 'types', [
          line('measured', (d) => d.types),
          ...(proj ? projectedSeries(state, n, (p) => p.types) : []),
        ]),
        chart(
          'chart-types-adjusted',
          `Types at ${fmtInt(state.report?.commonTokens)} tokens`,
          'expected types',
          [line('size-adjusted', (d) => d.sizeAdjusted.types)],
        ),
      ],
    },
    {
      id: 'row-distinct2',
      charts: [
        chart('chart-distinct2', 'Distinct-2 (raw)', 'distinct-2', [line('measured', (d) => d.distinct2)]),
        chart('chart-distinct2-adjusted', 'Distinct-2 at common size', 'expected distinct-2', [
          line('size-adjusted', (d) => d.sizeAdjusted.distinct2),
        ]),
      ],
    },
    {
      id: 'row-tails',
      charts: [
        chart('chart-tails', 'Tail coverage of the baseline (raw)', 'share', [
          line('type coverage', (d) => d.tails.typeCoverage),
          line('mass coverage', (d) => d.tails.massCoverage),
          ...(proj && tailOverlayApplies(state) ? projectedSeries(state, n, (p) => p.tailCoverage) : []),
        ]),
        chart('chart-tails-adjusted', 'Tail type coverage at common size', 'share', [
          line('size-adjusted', (d) => d.tails.typeCoverageAtEqualSize),
        ]),
      ],
    },
    { id: 'row-mattr', charts: [chart('chart-mattr', 'MATTR', 'MATTR', [line('MATTR', (d) => d.mattr)])] },
    { id: 'row-mtld', charts: [chart('chart-mtld', 'MTLD', 'MTLD', [line('MTLD', (d) => d.mtld)])] },
    {
      id: 'row-duplicates',
      charts: [
        chart('chart-duplicates', 'Duplicate shares', 'share of rows', [
          line('exact', (d) => d.exactShare),
          line('near', (d) => d.nearShare),
        ]),
      ],
    },
    {
      id: 'row-jsd',
      charts: [
        chart('chart-jsd', 'Jensen–Shannon divergence from the baseline', 'bits', [
          line('JSD', (d) => d.jsDivergence),
        ]),
      ],
    },
    {
      id: 'row-templates',
      charts: [
        chart('chart-templates', 'Top template share', 'share of rows', [
          line('top template', (d) => d.topTemplateShare),
        ]),
      ],
    },
  ];
}

/** What the view says about the projection: what it is and from what, and measured vs projected per dataset. */
export interface ProjectionNote {
  /** What is projected and from what (one paragraph). */
  what: string;
  /** Why the tail overlay is missing, when it is. */
  tailCaveat: string | null;
  /** One line per dataset after the first: its measured types against the projected range. */
  lines: string[];
  /** The last dataset's position against the projection: the one-line answer. */
  summary: string | null;
}

/**
 * Why: the view must say what is projected and from what, and whether the measured chain collapses faster or
 * slower than the model predicts. Compares each dataset's measured types with the projected types of the same
 * generation: below every regime = faster than projected; above every regime = slower; else within the range.
 */
export function projectionNote(state: CompareViewState): ProjectionNote | null {
  const proj = state.projection;
  const ds = state.report?.datasets;
  if (!proj || !ds) return null;
  const first = state.inputs[0]?.label ?? proj.from;
  const what =
    `Projected from ${first}, taken as real data: the Mix tab's generations model — a unigram model fitted on ` +
    `${first} (${fmtInt(proj.fromTokens)} tokens) emits ${fmtInt(proj.tokensPerGeneration)} tokens per ` +
    `generation and the next generation is fitted on them. replace: only the previous output; accumulate: ` +
    `${first} plus every output so far; fresh real share: ${fmtPct(proj.realShare, 0)} of each generation's ` +
    `tokens drawn from ${first}. Generation g is drawn at position g of the order; projected tail coverage is of ` +
    `${first}'s tail (types seen 1…${proj.tailMax} times). Raw types depend on size: the measured datasets have ` +
    `their own token counts (see the table).`;
  const tailCaveat = tailOverlayApplies(state)
    ? null
    : `The tail-coverage chart shows no projection: the baseline is not ${first}, so the measured coverage is of another dataset's tail.`;
  const lines: string[] = [];
  let summary: string | null = null;
  for (let g = 1; g < ds.length; g++) {
    const projected = REGIMES.map((r) => proj.regimes[r]?.find((p) => p.generation === g)?.types).filter(
      (v): v is number => v !== undefined,
    );
    if (!projected.length) continue;
    const lo = Math.min(...projected);
    const hi = Math.max(...projected);
    const measured = ds[g].types;
    const label = state.inputs[g]?.label ?? ds[g].path;
    const verdict =
      measured < lo
        ? 'collapses faster than projected'
        : measured > hi
          ? 'collapses slower than projected'
          : 'within the projected range';
    lines.push(
      `${label} (generation ${g}): ${fmtInt(measured)} types measured, ${fmtInt(lo)}–${fmtInt(hi)} projected — ${verdict}.`,
    );
    if (g === ds.length - 1) summary = `${label}: ${verdict} (types, generation ${g}).`;
  }
  return { what, tailCaveat, lines, summary };
}

/** A table cell: the figure's key, its exact value (as in `compare --json`) and its text. */
export interface CellModel {
  key: string;
  value: number | null;
  text: string;
}

/** Why: the table's cells, one row per dataset in order, every figure of FIGURES. */
export function tableRows(
  state: CompareViewState,
): { label: string; baseline: boolean; cells: CellModel[] }[] {
  const ds = state.report?.datasets ?? [];
  return ds.map((d, i) => ({
    label: state.inputs[i]?.label ?? d.path,
    baseline: i === state.report?.baseline,
    cells: FIGURES.map((f) => {
      const value = f.get(d);
      return { key: f.key, value, text: formatFigure(f.kind, value) };
    }),
  }));
}

/** Why: moving one dataset up or down in the pending order (the view's reorder buttons); out of range: unchanged. */
export function moveInOrder(order: readonly number[], at: number, by: -1 | 1): number[] {
  const to = at + by;
  if (at < 0 || at >= order.length || to < 0 || to >= order.length) return [...order];
  const next = [...order];
  [next[at], next[to]] = [next[to], next[at]];
  return next;
}
