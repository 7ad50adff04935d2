/**
 * Lays out a finished (or running) analysis as eight tabs — Overview, Diversity, Duplicates, Tails,
 * Slices, Templates, Instructions, Mix & Correct — with the header above them and the row viewer below. A saved report (Open
 * Report…, `state.opened`) shows the same tabs read-only: the options it was made with instead of the pickers, and
 * why Mix & Correct needs a live analysis instead of the Mix view; a dataset of several files (`report.files`: a
 * folder, a multi-selection) lists its files on the Overview, and its Mix reads those files. The selected tab is kept
 * in the webview state (uiState.ts) so a re-render or a reload returns to it. Also handles the host's
 * editor-feature messages (partial counts while reading, rows for the row viewer, "show cluster", pages of
 * lost tail tokens).
 */
import '@vscode-elements/elements/dist/vscode-tabs/index.js';
import '@vscode-elements/elements/dist/vscode-tab-header/index.js';
import '@vscode-elements/elements/dist/vscode-tab-panel/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import type { AnalysisReport } from '../src/core/report/reportTypes.ts';
import type {
  EditorHostToWebview,
  PanelState,
  PartialReport,
  WebviewToHost,
} from '../src/protocol/panelProtocol.ts';
import { h, section, type Child } from './dom.ts';
import { setUi, ui } from './uiState.ts';
import { partialCounts, renderHeadline, renderRows, renderVerdict } from './views/overview.ts';
import { countList } from './widgets/figures.ts';
import { renderMalformed } from './views/malformed.ts';
import { focusCluster, renderDuplicates } from './views/duplicates.ts';
import { renderPickers, renderSavedOptions, savedMixNotice, staleReference } from './views/pickers.ts';
import { renderDiversity } from './views/diversity.ts';
import { onLostPage, renderTails } from './views/tails.ts';
import { renderSlices } from './views/slices.ts';
import { renderTemplates } from './views/templates.ts';
import { renderInstructions } from './views/instructions.ts';
import { rowViewerElement, showRow } from './views/rowViewer.ts';
import { renderFiles } from './views/datasetFiles.ts';
import { adoptIntoShadow } from './styles/sheets.ts';
import tabsShadowCss from './styles/tabsShadow.css';

/** Tab names in order (index = the saved `tab`). */
export const TABS = [
  'Overview',
  'Diversity',
  'Duplicates',
  'Tails',
  'Slices',
  'Templates',
  'Instructions',
  'Mix & Correct',
] as const;

/**
 * The tabbed views of a report, or the partial counts while an analysis runs without one. `mixElement` is
 * the Mix & Correct view's persistent element (it keeps its controls and worker across re-renders).
 */
export function renderViews(
  state: PanelState,
  post: (m: WebviewToHost) => void,
  mixElement: HTMLElement,
): Child[] {
  const r = state.report;
  const partial = h('div', { id: 'partial' });
  // the counts so far, from the state: a (re)render mid-run shows them at once, not after the next partial
  if (state.status === 'running' && state.partial) showPartial(partial, state.partial);
  return [
    rowViewerElement(),
    partial,
    r && !state.opened ? staleReference(r, state.reference, post) : null,
    r ? tabs(r, state, post, mixElement) : null,
  ];
}

function tabs(
  r: AnalysisReport,
  state: PanelState,
  post: (m: WebviewToHost) => void,
  mixElement: HTMLElement,
): HTMLElement {
  const views: Child[][] = [
    [
      renderRows(r),
      renderVerdict(r),
      renderHeadline(r),
      state.opened ? renderSavedOptions(r) : renderPickers(r, state.reference, post),
      renderMalformed(r, post),
      renderFiles(r),
    ],
    [renderDiversity(r)],
    [renderDuplicates(r, post)],
    [renderTails(r, post)],
    [renderSlices(r)],
    [renderTemplates(r, post)],
    [renderInstructions(r, post)],
    [state.opened ? savedMixNotice() : mixElement],
  ];
  const selected = Math.min(ui().tab, TABS.length - 1);
  const el = h(
    'vscode-tabs',
    { id: 'views', 'selected-index': selected },
    // (vscode-tabs assigns its own ids to headers and panels: ours go in data-name)
    ...TABS.map((name, i) =>
      h('vscode-tab-header', { slot: 'header', 'data-name': tabKey(name), 'data-tab': i }, name),
    ),
    ...views.map((v, i) => h('vscode-tab-panel', { 'data-name': tabKey(TABS[i]) }, ...v)),
  );
  adoptIntoShadow(el, tabsShadowCss); // the header row wraps when the panel is narrow
  el.addEventListener('vsc-tabs-select', (e) =>
    setUi({ tab: (e as CustomEvent<{ selectedIndex: number }>).detail.selectedIndex }),
  );
  return el;
}

/** The `data-name` of a tab: its label lowercased, non-letters dropped ("Mix & Correct" → "mix-correct"). */
const tabKey = (name: string): string => name.toLowerCase().replace(/[^a-z]+/g, '-');

/** Selects tab `index` (and remembers it). */
export function selectTab(root: ParentNode, index: number): void {
  const t = root.querySelector('#views') as (HTMLElement & { selectedIndex: number }) | null;
  if (t) t.selectedIndex = index;
  setUi({ tab: index });
}

/** Applies a host message of the editor features to the rendered panel. */
export function onEditorMessage(root: HTMLElement, state: PanelState | null, m: EditorHostToWebview): void {
  switch (m.type) {
    case 'rowText':
      showRow(m);
      return;
    case 'focusCluster':
      if (m.kind === 'template') {
        selectTab(root, TABS.indexOf('Templates'));
        const row = root.querySelector(
          `#templates-openings tr[data-index="${m.index}"]`,
        ) as HTMLElement | null;
        row?.scrollIntoView({ block: 'center' });
        return;
      }
      selectTab(root, TABS.indexOf('Duplicates'));
      // the tab panel becomes visible on the next frame; focus the cluster then
      requestAnimationFrame(() => focusCluster(root, m.kind as 'exact' | 'near', m.index, m.cluster));
      return;
    case 'selectTab':
      selectTab(
        root,
        TABS.findIndex((name) => tabKey(name) === m.tab),
      );
      return;
    case 'lostPage':
      onLostPage(m);
      return;
    case 'partial': {
      const slot = root.querySelector('#partial');
      if (slot && state?.status === 'running' && m.requestId === state.requestId)
        showPartial(slot, m.partial);
      return;
    }
  }
}

/** Row counts and token totals so far (sent about four times a second while reading, and when reading ends). */
function showPartial(slot: Element, p: PartialReport): void {
  if (!p.rows) return;
  const counts = partialCounts(p);
  slot.replaceChildren(
    section(
      'partial-counts',
      'Counts so far (metrics still computing)',
      countList(counts),
      p.shape ? h('p', { class: 'meta' }, `Shape: ${p.shape} · text view: ${p.view ?? ''}`) : null,
    ),
  );
}
