/**
 * The panel's buttons: actions (vscode-button, label set as text), page buttons of a paged list (Duplicates'
 * numbered pages, Tails' Previous / Next) and line-number links that open the dataset at a line (Skipped
 * lines, Duplicates, Templates). Shared here rather than defined by the view that happened to need one first.
 * A saved report (Open Report…) whose dataset is not reachable turns line links off (setRowLinks): they are then
 * plain numbers whose tooltip says why.
 */
import type { WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { h } from '../dom.ts';

type Attrs = Record<string, string | number | boolean | undefined>;

/** Why: one way to make an action button — a vscode-button with `label` as text, `onClick` on click. */
export function button(label: string, onClick: () => void, attrs: Attrs = {}): HTMLElement {
  const b = h('vscode-button', attrs);
  b.textContent = label;
  b.addEventListener('click', onClick);
  return b;
}

/** Why: page buttons look alike in every paged list — the selected page is the primary button, the others secondary. */
export function pageButton(
  label: string,
  onClick: () => void,
  state: { selected?: boolean; disabled?: boolean; page?: number } = {},
): HTMLElement {
  return button(label, onClick, {
    class: 'pager',
    secondary: !state.selected,
    disabled: state.disabled,
    'data-page': state.page,
  });
}

/** Why: the row of page buttons under a paged list. */
export function pagerBar(...buttons: HTMLElement[]): HTMLElement {
  return h('div', { class: 'pagers' }, ...buttons);
}

/** Why line links are off (the panel's current state; main.ts sets it before each render), or null when on. */
let rowLinksOff: string | null = null;

/** Why: turns the line links of the next render off (`why`: their tooltip) or on (null). */
export function setRowLinks(why: string | null): void {
  rowLinksOff = why;
}

/**
 * Why: a keyboard-reachable line number that opens the dataset at that line (the host validates the line) — or,
 * while row links are off, the number as plain text with the reason on hover.
 */
export function lineButton(line: number, post: (m: WebviewToHost) => void): HTMLElement {
  if (rowLinksOff !== null)
    return h(
      'span',
      { class: 'line-link line-link-off', 'data-line': line, 'aria-disabled': 'true', title: rowLinksOff },
      String(line),
    );
  const b = h(
    'button',
    { type: 'button', class: 'line-link', 'data-line': line, title: `Open line ${line}` },
    String(line),
  );
  b.addEventListener('click', () => post({ type: 'revealLine', line }));
  return b;
}
