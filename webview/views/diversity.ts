/**
 * Diversity: every lexical metric of the report with its definition on hover (title), and histograms
 * of per-row token count, distinct-1 and distinct-2 (the report's perRow histograms).
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { Histogram } from '../../src/core/sketches/histogram.ts';
import { histogramSeries, lexicalMetricRows } from '../../src/core/report/viewModels.ts';
import { fmtInt, fmtNum } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { chart } from '../charts/chart.ts';
import { dataTable } from '../widgets/table.ts';

/** True when consecutive histogram edges are equally spaced (within rounding), so a linear x axis is honest. */
function equalWidth(edges: readonly number[]): boolean {
  const w = edges[1] - edges[0];
  return edges.every((e, i) => i === 0 || Math.abs(e - edges[i - 1] - w) <= 1e-9 * Math.max(1, Math.abs(w)));
}

/** The Diversity view. */
export function renderDiversity(r: AnalysisReport): HTMLElement {
  const rows = lexicalMetricRows(r);
  // digits: of the median and p90 under each chart (tokens per row 1, distinct-n shares 2), the same for both
  const hist = (id: string, title: string, x: string, hg: Histogram, digits: number): HTMLElement => {
    const s = histogramSeries(hg);
    // unequal bins (tokens per row doubles: 0, 1, 2, 4, …): equal-width bars per bin, edges as tick labels
    const binEdges = equalWidth(hg.edges)
      ? undefined
      : hg.edges.slice(0, s.x.length + 1).map((e) => fmtInt(e));
    const spec = binEdges
      ? {
          id,
          title,
          xLabel: `${x} (bins double in width)`,
          yLabel: 'rows',
          x: s.x.map((_, i) => i),
          ys: [s.y],
          labels: ['rows'],
          bars: true,
          binEdges,
        }
      : {
          id,
          title,
          xLabel: x,
          yLabel: 'rows',
          x: s.x,
          ys: [s.y],
          labels: ['rows'],
          bars: true,
          xRange: [hg.edges[0], hg.edges[s.x.length]] as [number, number],
        };
    return h(
      'div',
      { class: 'histogram' },
      chart(spec),
      h(
        'p',
        { class: 'meta' },
        `median ${fmtNum(hg.median, digits)} · p90 ${fmtNum(hg.p90, digits)} · ${fmtInt(hg.count)} rows${hg.overflow ? ` · ${fmtInt(hg.overflow)} above the last bin` : ''}`,
      ),
    );
  };
  return section(
    'diversity',
    'Lexical diversity',
    dataTable({
      attrs: { id: 'metrics-table' },
      rows,
      rowAttrs: (m) => ({ 'data-key': m.key, title: m.definition, tabindex: 0 }),
      columns: [
        { head: 'Metric', rowHeader: true, cell: (m) => m.label },
        {
          head: 'Value',
          num: true,
          cell: (m) => m.text,
          attrs: (m) => ({ 'data-value': m.value === null ? 'null' : String(m.value) }),
        },
        { head: 'Definition', cell: (m) => m.definition, attrs: () => ({ class: 'definition' }) },
      ],
    }),
    h('h3', {}, 'Per-row distributions'),
    hist('hist-tokens', 'Tokens per row', 'tokens', r.lexical.perRow.tokens, 1),
    hist('hist-distinct1', 'Distinct-1 per row', 'distinct-1', r.lexical.perRow.distinct1, 2),
    hist('hist-distinct2', 'Distinct-2 per row', 'distinct-2', r.lexical.perRow.distinct2, 2),
  );
}
