/**
 * Small figure widgets shared by the views: a list of labelled counts (<dl class="counts">: Rows, the partial
 * counts while reading, the Tails coverage figures) and a share bar (<meter>, no style attribute: Tails bands,
 * Templates, Slices). Each value keeps its raw number in data-value so tests and tools compare exactly.
 */
import { h } from '../dom.ts';

/** One labelled figure of a count list. */
export interface CountItem {
  label: string;
  /** The formatted value shown. */
  text: string;
  /** The raw value (data-value); omitted when undefined. */
  value?: number | null;
  /** data-count key (row counts). */
  key?: string;
  id?: string;
  /** Definition on hover (label and value). */
  title?: string;
}

/** Why: every list of labelled figures is the same <dl class="counts"> grid. */
export function countList(items: CountItem[], attrs: Record<string, string> = {}): HTMLElement {
  return h(
    'dl',
    { ...attrs, class: 'counts' },
    ...items.flatMap((c) => [
      h('dt', { title: c.title }, c.label),
      h(
        'dd',
        {
          id: c.id,
          title: c.title,
          'data-count': c.key,
          'data-value': c.value === undefined ? undefined : String(c.value),
        },
        c.text,
      ),
    ]),
  );
}

/** Why: one share bar (0…1) for every "share of …" column; `label` names it for screen readers. */
export function shareMeter(value: number | null, label: string): HTMLElement {
  return h('meter', { min: 0, max: 1, value: value ?? 0, 'aria-label': label });
}
