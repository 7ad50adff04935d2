/**
 * Slices: one sortable table per group-by field (value, rows, tokens, MATTR, MTLD, distinct-2,
 * exact and near duplicate rates, flags), each flag with its one-sentence reason, and a bar (meter)
 * of each value's share of rows. Slice values are dataset text: shown as text only.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { SliceGroupReport, SliceValueReport } from '../../src/core/slices/sliceReportTypes.ts';
import { sortSlices, type SliceSortKey } from '../../src/core/report/viewModels.ts';
import { fmtInt, fmtNum, fmtPct } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { setUi, ui } from '../uiState.ts';
import { shareMeter } from '../widgets/figures.ts';
import { dataTable, type Column } from '../widgets/table.ts';

type Cell = Pick<Column<SliceValueReport>, 'cell' | 'num' | 'rowHeader' | 'attrs'>;

/** The sortable columns: sort key, header, cell. */
const COLUMNS: [SliceSortKey, string, Cell][] = [
  ['value', 'Value', { rowHeader: true, cell: (v) => v.value }],
  ['rows', 'Rows', { num: true, cell: (v) => fmtInt(v.rows) }],
  ['tokens', 'Tokens', { num: true, cell: (v) => fmtInt(v.tokens) }],
  ['mattr', 'MATTR', { num: true, cell: (v) => fmtNum(v.mattr) }],
  ['mtld', 'MTLD', { num: true, cell: (v) => fmtNum(v.mtld, 1) }],
  ['distinct2', 'Distinct-2', { num: true, cell: (v) => fmtNum(v.distinct?.[2] ?? null) }],
  ['exactDuplicateRate', 'Exact dup.', { num: true, cell: (v) => fmtPct(v.exactDuplicateRate) }],
  ['nearDuplicateRate', 'Near dup.', { num: true, cell: (v) => fmtPct(v.nearDuplicateRate) }],
  [
    'flags',
    'Flags',
    {
      cell: (v) =>
        v.flags.length
          ? h('ul', {}, ...v.flags.map((f) => h('li', { 'data-measure': f.measure }, f.reason)))
          : '—',
      // only a flag's sentence needs the column's reading width (panel.css): a column of dashes stays narrow
      attrs: (v) => ({ class: v.flags.length ? 'flags' : 'no-flags' }),
    },
  ],
];

/** The Slices view (an explanation when the analysis had no group-by field). */
export function renderSlices(r: AnalysisReport): HTMLElement {
  if (!r.slices || r.slices.groups.length === 0) {
    const hint = r.sliceCandidates.length
      ? ` Suggested fields: ${r.sliceCandidates.map((c) => c.field).join(', ')}.`
      : '';
    return section(
      'slices',
      'Slices',
      h(
        'p',
        { class: 'meta', id: 'slices-empty' },
        `No group-by field: pick one under Overview → Analysis options.${hint}`,
      ),
    );
  }
  const minRows = r.slices.minRows;
  return section('slices', 'Slices', ...r.slices.groups.map((g, i) => groupTable(g, i, minRows)));
}

/**
 * The one-line hint shown when no value of `g` reached the minimum slice size, so the table holds only
 * the pooled "(other)" row with no figures; null when at least one value is compared.
 */
export function noSliceHint(g: SliceGroupReport, minRows: number): string | null {
  return g.values.some((v) => !v.pooled)
    ? null
    : `No value of ${g.field} has ${fmtInt(minRows)} rows or more; lower the minimum slice size (setting diversityLens.minSliceRows) to compare them.`;
}

function groupTable(g: SliceGroupReport, gi: number, minRows: number): HTMLElement {
  const wrap = h('div', { class: 'slice-group', 'data-field': g.field });
  const totalRows = g.values.reduce((s, v) => s + v.rows, 0);
  const hint = noSliceHint(g, minRows);
  const draw = (): void => {
    const { sliceSort, sliceDir } = ui();
    const sortable = COLUMNS.map(([key, label, c]): Column<SliceValueReport> => {
      const active = key === sliceSort;
      const b = h(
        'button',
        { type: 'button', class: 'sort', 'data-sort': key, title: `Sort by ${label}` },
        label,
        active ? (sliceDir === 1 ? ' ▲' : ' ▼') : '',
      );
      b.addEventListener('click', () => {
        setUi({ sliceSort: key, sliceDir: active ? (sliceDir === 1 ? -1 : 1) : key === 'value' ? 1 : -1 });
        draw();
      });
      return {
        ...c,
        head: b,
        headAttrs: { 'aria-sort': active ? (sliceDir === 1 ? 'ascending' : 'descending') : 'none' },
      };
    });
    wrap.replaceChildren(
      h('h3', {}, `By ${g.field}`),
      h(
        'p',
        { class: 'meta slice-summary' },
        `${hint ? 'No value compared' : `${g.values.filter((v) => v.flagged).length} flagged of ${g.values.length} values · comparisons at ${fmtInt(g.budgetTokens)} tokens each`} · minimum ${fmtInt(minRows)} rows per value (smaller ones pooled into “(other)”)`,
      ),
      ...(hint ? [h('p', { class: 'meta slice-hint', role: 'note' }, hint)] : []),
      dataTable({
        attrs: { id: `slices-table-${gi}`, class: 'slices' },
        rows: sortSlices(g.values, sliceSort, sliceDir),
        rowAttrs: (v) => ({ class: v.flagged ? 'flagged' : undefined, 'data-value': v.value }),
        columns: [
          ...sortable,
          {
            head: 'Share of rows',
            cell: (v) => shareMeter(totalRows ? v.rows / totalRows : 0, `share of rows of ${v.value}`),
          },
        ],
      }),
    );
  };
  draw();
  return wrap;
}
