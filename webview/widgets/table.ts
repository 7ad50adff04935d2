/**
 * The one way the panel builds a data table (every view's tables: metrics, coverage bands, lost tokens, slices,
 * templates, skipped lines, the Mix figures and slice shares): a <table class="data"> with a header row of
 * <th scope="col">, body cells built from column definitions, numeric columns right-aligned with tabular
 * numerals (class "num" on header and cells), row-header cells as <th scope="row">, an optional empty state.
 * Every table sits in a box (div.table-box) as wide as its column that scrolls sideways when the table is wider
 * (a narrow panel never clips a column out of reach); long tables also get a bounded height under a sticky header.
 * Cell contents are dom.ts children, so dataset text stays text.
 */
import { h, type Child } from '../dom.ts';

type Attrs = Record<string, string | number | boolean | undefined>;

/** One column of a data table. */
export interface Column<T> {
  /** Header content: text, or a node (a sort button). */
  head: Child;
  /** Numbers: right-aligned, tabular numerals. */
  num?: boolean;
  /** The row's header cell (<th scope="row">) rather than a data cell. */
  rowHeader?: boolean;
  /** Extra attributes of the header cell (aria-sort, …). */
  headAttrs?: Attrs;
  /** The cell's content for `row`. */
  cell: (row: T, index: number) => Child | Child[];
  /** Extra attributes of the cell (data-value, class, title, …); a `class` is added to "num". */
  attrs?: (row: T, index: number) => Attrs;
}

/** What a data table shows. */
export interface TableSpec<T> {
  columns: Column<T>[];
  rows: readonly T[];
  /** Attributes of the <table> (id, aria-label, data-*); a `class` is added to "data". */
  attrs?: Attrs;
  /** Attributes of each body row (data-key, class "flagged", tabindex, …). */
  rowAttrs?: (row: T, index: number) => Attrs;
  /** Shown as a note instead of the table when there are no rows (without it, an empty table is shown). */
  empty?: string;
  /** Long tables: the box also has a bounded height and scrolls under a sticky header row. */
  scroll?: boolean;
}

/** `base` and `extra` class lists joined (undefined when both are empty). */
const classes = (...list: (string | number | boolean | undefined)[]): string | undefined =>
  list.filter((c) => typeof c === 'string' && c !== '').join(' ') || undefined;

/**
 * Why: every data table of the panel is built here, so headers, numeric alignment, the empty state and the
 * sideways scroll box (no table ever overflows its column out of reach) are alike. Returns the box.
 */
export function dataTable<T>(spec: TableSpec<T>): HTMLElement {
  if (spec.rows.length === 0 && spec.empty !== undefined) return h('p', { class: 'meta' }, spec.empty);
  const cols = spec.columns;
  const table = h(
    'table',
    { ...spec.attrs, class: classes('data', spec.attrs?.class) },
    h(
      'thead',
      {},
      h(
        'tr',
        {},
        ...cols.map((c) =>
          h(
            'th',
            { scope: 'col', ...c.headAttrs, class: classes(c.num && 'num', c.headAttrs?.class) },
            c.head,
          ),
        ),
      ),
    ),
    h(
      'tbody',
      {},
      ...spec.rows.map((row, i) =>
        h(
          'tr',
          spec.rowAttrs?.(row, i) ?? {},
          ...cols.map((c) => {
            const attrs = c.attrs?.(row, i) ?? {};
            const content = c.cell(row, i);
            return h(
              c.rowHeader ? 'th' : 'td',
              {
                ...(c.rowHeader ? { scope: 'row' } : {}),
                ...attrs,
                class: classes(c.num && 'num', attrs.class),
              },
              ...(Array.isArray(content) ? content : [content]),
            );
          }),
        ),
      ),
    ),
  );
  return h('div', { class: classes('table-box', spec.scroll && 'table-scroll') }, table);
}
