/**
 * The Compare view's DOM: the order (with reorder and baseline controls), the trend verdict and its reasons, the
 * projection note and overlay switch, the charts (compareModel.ts's rows: raw and size-adjusted side by side) and
 * the table of every figure, whose dataset names open each dataset's own analysis panel. All DOM through dom.ts
 * (text nodes only: paths and reasons stay text); charts through charts/chart.ts; tables through widgets/table.ts.
 * Table cells carry the exact value of the figure (data-key / data-value, the `compare --json` number) beside its text.
 */
import type { CompareViewState, CompareWebviewMessage } from '../../src/protocol/comparePanelProtocol.ts';
import { h, section } from '../dom.ts';
import { chart } from '../charts/chart.ts';
import { button } from '../widgets/buttons.ts';
import { dataTable, type Column } from '../widgets/table.ts';
import {
  compareCharts,
  FIGURES,
  moveInOrder,
  projectionNote,
  tableRows,
  type CellModel,
} from './compareModel.ts';

type Post = (m: CompareWebviewMessage) => void;

/** What the user changed on this page and has not applied: the order (indices of the state's inputs) and baseline. */
export interface PendingOrder {
  order: number[];
  /** The baseline as an index of the state's inputs. */
  baseline: number;
}

/** Chart labels along x: the datasets' short names, shortened. */
const tick = (s: string): string => (s.length > 14 ? `${s.slice(0, 13)}…` : s);

/** Why: one render of the whole view for `state` (cheap: aggregates only). */
export function renderCompare(
  state: CompareViewState,
  pending: PendingOrder,
  overlay: boolean,
  post: Post,
  rerender: (p: PendingOrder, overlay: boolean) => void,
): HTMLElement[] {
  return [
    h('h1', {}, 'Compare datasets'),
    orderSection(state, pending, post, rerender, overlay),
    state.status === 'running'
      ? h(
          'p',
          { id: 'compare-status', class: 'meta', role: 'status' },
          'Comparing… (progress in the notification)',
        )
      : null,
    state.status === 'failed'
      ? h(
          'p',
          { id: 'compare-error', class: 'error', role: 'alert' },
          state.error === 'cancelled'
            ? 'The comparison was cancelled; "Compare in this order" runs it again.'
            : `The comparison failed: ${state.error ?? ''}`,
        )
      : null,
    ...(state.report ? resultSections(state, overlay, post, (o) => rerender(pending, o)) : []),
  ].filter((x): x is HTMLElement => x !== null);
}

function orderSection(
  state: CompareViewState,
  pending: PendingOrder,
  post: Post,
  rerender: (p: PendingOrder, overlay: boolean) => void,
  overlay: boolean,
): HTMLElement {
  const n = pending.order.length;
  const changed = pending.baseline !== state.baseline || pending.order.some((v, i) => v !== i);
  const items = pending.order.map((idx, at) => {
    const input = state.inputs[idx];
    const radio = h('input', {
      type: 'radio',
      name: 'baseline',
      checked: pending.baseline === idx,
      'aria-label': `Baseline: ${input.label}`,
    }) as HTMLInputElement;
    radio.addEventListener('change', () => rerender({ ...pending, baseline: idx }, overlay));
    return h(
      'li',
      { 'data-index': idx },
      h('span', { class: 'meta' }, `${at + 1}.`),
      h('span', { class: 'order-label', title: input.path }, input.label),
      button('↑', () => rerender({ ...pending, order: moveInOrder(pending.order, at, -1) }, overlay), {
        secondary: true,
        disabled: at === 0,
        'aria-label': `Move ${input.label} up`,
      }),
      button('↓', () => rerender({ ...pending, order: moveInOrder(pending.order, at, 1) }, overlay), {
        secondary: true,
        disabled: at === n - 1,
        'aria-label': `Move ${input.label} down`,
      }),
      h('label', {}, radio, 'baseline'),
    );
  });
  return section(
    'compare-order',
    'Order and baseline',
    h(
      'p',
      { class: 'meta' },
      'Datasets in the order compared (as picked, sorted by path; generation g at position g). The baseline is the dataset whose tail and unigram distribution the others are measured against.',
    ),
    h('ol', { class: 'order-list', 'aria-label': 'Datasets in order' }, ...items),
    button(
      'Compare in this order',
      () =>
        post({
          type: 'recompare',
          order: pending.order,
          baseline: pending.order.indexOf(pending.baseline),
        }),
      {
        id: 'compare-apply',
        disabled: state.status === 'running' || (!changed && state.status !== 'failed'),
      },
    ),
  );
}

function resultSections(
  state: CompareViewState,
  overlay: boolean,
  post: Post,
  setOverlay: (o: boolean) => void,
): HTMLElement[] {
  const report = state.report!;
  const note = projectionNote(state);
  const baseLabel = state.inputs[report.baseline]?.label ?? '';
  const verdict = section(
    'compare-trend',
    'Trend',
    h(
      'p',
      {},
      'Verdict along the order: ',
      h(
        'span',
        { id: 'compare-verdict', class: `compare-verdict ${report.trend.verdict}` },
        report.trend.verdict,
      ),
    ),
    report.trend.reasons.length
      ? h(
          'ul',
          { id: 'compare-reasons' },
          ...report.trend.reasons.map((r) => h('li', { 'data-figure': r.figure }, r.message)),
        )
      : h('p', { class: 'meta', id: 'compare-reasons' }, 'No figure moved beyond its threshold.'),
    h(
      'p',
      { class: 'meta' },
      `Baseline: ${baseLabel}. Size-adjusted figures at ${report.commonTokens.toLocaleString('en-US')} tokens (the smallest dataset) and ${report.commonBigrams.toLocaleString('en-US')} bigrams.`,
    ),
  );
  let projection: HTMLElement | null = null;
  if (note) {
    const box = h('input', {
      type: 'checkbox',
      id: 'projection-overlay',
      checked: overlay,
    }) as HTMLInputElement;
    box.addEventListener('change', () => setOverlay(box.checked));
    projection = section(
      'compare-projection',
      'Measured against projected',
      h('label', {}, box, ' Overlay the projection (the first dataset is real data)'),
      h('p', { class: 'projection-note', id: 'projection-what' }, note.what),
      note.tailCaveat ? h('p', { class: 'meta' }, note.tailCaveat) : null,
      note.summary ? h('p', { id: 'projection-summary' }, note.summary) : null,
      note.lines.length
        ? h('ul', { id: 'projection-lines' }, ...note.lines.map((l) => h('li', {}, l)))
        : null,
    );
  }
  const ticks = state.inputs.map((i) => tick(i.label));
  const half = Math.max(320, Math.min(620, Math.floor((document.body.clientWidth - 90) / 2)));
  const charts = section(
    'compare-charts',
    'Along the order',
    ...compareCharts(state, overlay).map((row) =>
      h(
        'div',
        { class: 'chart-row', id: row.id },
        ...row.charts.map((c) =>
          chart({
            id: c.id,
            title: c.title,
            xLabel: 'dataset',
            yLabel: c.yLabel,
            x: ticks.map((_, i) => i),
            ys: c.series.map((s) => s.values),
            labels: c.series.map((s) => s.label),
            binEdges: ticks,
            width: row.charts.length > 1 ? half : undefined,
          }),
        ),
      ),
    ),
  );
  return [verdict, ...(projection ? [projection] : []), charts, tableSection(state, post)];
}

function tableSection(state: CompareViewState, post: Post): HTMLElement {
  const rows = tableRows(state);
  type Row = (typeof rows)[number];
  const columns: Column<Row>[] = [
    { head: '#', num: true, cell: (_r, i) => String(i + 1) },
    {
      head: 'Dataset',
      rowHeader: true,
      cell: (r, i) => {
        const input = state.inputs[i];
        const link = h(
          'button',
          {
            class: 'dataset-link',
            type: 'button',
            title: `Open the analysis panel of ${input.path}`,
            'aria-label': `Open the analysis panel of ${r.label}`,
            'data-index': i,
          },
          r.label,
        );
        link.addEventListener('click', () => post({ type: 'openDataset', index: i }));
        return [link, r.baseline ? h('span', { class: 'meta' }, ' (baseline)') : null];
      },
    },
    ...FIGURES.map((f, k): Column<Row> => ({
      head: f.label,
      num: true,
      cell: (r) => r.cells[k].text,
      attrs: (r) => cellAttrs(r.cells[k]),
    })),
  ];
  return section(
    'compare-table',
    'Every figure',
    dataTable({
      columns,
      rows,
      attrs: { id: 'compare-figures', 'aria-label': 'Every figure of every dataset' },
      rowAttrs: (r, i) => ({ class: r.baseline ? 'baseline' : undefined, 'data-index': i }),
    }),
  );
}

const cellAttrs = (c: CellModel): Record<string, string> => ({
  'data-key': c.key,
  'data-value': c.value === null ? 'null' : String(c.value),
});
