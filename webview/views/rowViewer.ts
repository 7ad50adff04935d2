/**
 * The built-in row viewer: shows one row the host read from a file that cannot be opened as text in
 * the editor (gzip, or over 50 MB). The text is dataset content, capped by the host, set as text.
 * One persistent element, so a re-render of the panel keeps the row on screen.
 */
import type { EditorHostToWebview } from '../../src/protocol/panelProtocol.ts';
import { h } from '../dom.ts';
import { button } from '../widgets/buttons.ts';

const viewer = h('section', { id: 'row-viewer', 'aria-labelledby': 'row-viewer-heading', hidden: true });

/** The viewer element (hidden until a row arrives). */
export function rowViewerElement(): HTMLElement {
  return viewer;
}

/** Shows a row sent by the host. */
export function showRow(m: Extract<EditorHostToWebview, { type: 'rowText' }>): void {
  const close = button(
    'Close',
    () => {
      viewer.hidden = true;
    },
    { secondary: true, id: 'row-viewer-close' },
  );
  viewer.replaceChildren(
    h('h2', { id: 'row-viewer-heading' }, `Row ${m.line}`),
    h('p', { class: 'meta' }, m.note, m.truncated ? ' — cut at 20,000 characters.' : ''),
    h('pre', { class: 'row-text', id: 'row-viewer-text', 'data-line': m.line, tabindex: 0 }, m.text),
    close,
  );
  viewer.hidden = false;
  viewer.scrollIntoView({ block: 'nearest' });
}
