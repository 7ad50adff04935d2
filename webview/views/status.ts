/**
 * The panel header: dataset name, analysis status (idle / running with progress / done / cancelled /
 * failed with the error) and the Run / Cancel actions. Progress updates patch only this part. For a saved report
 * (Open Report…) it says so instead: the report file, when it was written and by which version, whether it was
 * merged from partials, and whether its dataset is reachable (row links) — with "Inspect source dataset" (a live
 * analysis in the dataset's own panel) in place of "Analyze again".
 */
import type {
  OpenedReport,
  PanelProgress,
  PanelState,
  WebviewToHost,
} from '../../src/protocol/panelProtocol.ts';
import { h } from '../dom.ts';
import { button } from '../widgets/buttons.ts';
import { filesLine } from './datasetFiles.ts';

const PHASE: Record<PanelProgress['phase'], string> = {
  reading: 'Reading',
  reference: 'Reading the reference',
  finishing: 'Computing metrics',
};

/** Header with file name, status line and actions; `post` sends the button's message to the host. */
export function renderHeader(state: PanelState, post: (m: WebviewToHost) => void): HTMLElement {
  if (state.opened) return openedHeader(state, state.opened, post);
  const running = state.status === 'running';
  const action = running
    ? button('Cancel analysis', () => post({ type: 'cancel' }), { id: 'cancel-button', secondary: true })
    : button(state.report ? 'Analyze again' : 'Run analysis', () => post({ type: 'rerun' }), {
        id: 'rerun-button',
      });
  return h(
    'header',
    { id: 'header' },
    h('h1', { id: 'file-name', title: state.uri }, state.fileName),
    state.report ? filesLine(state.report) : null,
    h(
      'div',
      { class: 'status-line' },
      h('span', { id: 'status', 'data-status': state.status }, statusText(state)),
      action,
    ),
    running
      ? h('vscode-progress-bar', {
          id: 'progress-bar',
          'aria-label': 'Analysis progress',
          max: 100,
          value: state.progress?.percent ?? 0,
        })
      : null,
    state.status === 'failed'
      ? h('p', { id: 'error', role: 'alert', class: 'error' }, state.error ?? 'Analysis failed.')
      : null,
  );
}

/** Updates the running header in place for a progress message. */
export function applyProgress(root: ParentNode, p: PanelProgress): void {
  const status = root.querySelector('#status');
  if (status) status.textContent = progressText(p);
  const bar = root.querySelector('#progress-bar');
  if (bar) bar.setAttribute('value', String(p.percent));
}

function statusText(s: PanelState): string {
  switch (s.status) {
    case 'idle':
      return 'Not analysed yet.';
    case 'running':
      return progressText(s.progress ?? { phase: 'reading', percent: 0, rows: 0 });
    case 'done':
      return 'Analysis complete.';
    case 'cancelled':
      return s.report ? 'Analysis cancelled; showing the previous result.' : 'Analysis cancelled.';
    case 'failed':
      return 'Analysis failed.';
  }
}

const progressText = (p: PanelProgress): string =>
  `${PHASE[p.phase]}… ${p.percent}% · ${p.rows.toLocaleString('en-US')} rows`;

/** A saved report's header: what it is and where it came from; row links on or off, and why. */
function openedHeader(state: PanelState, o: OpenedReport, post: (m: WebviewToHost) => void): HTMLElement {
  const written = o.written ? new Date(o.written) : null;
  const facts = [
    `diversity-lens ${o.toolVersion}`,
    written && !Number.isNaN(written.getTime()) ? `written ${formatWhen(written)}` : null,
    o.partials !== null ? `merged from ${o.partials} partial result${o.partials === 1 ? '' : 's'}` : null,
  ].filter((x): x is string => x !== null);
  return h(
    'header',
    { id: 'header', 'data-opened': 'true' },
    h('h1', { id: 'file-name', title: o.source.path }, state.fileName),
    state.report ? filesLine(state.report) : null,
    h(
      'div',
      { class: 'status-line' },
      h(
        'span',
        { id: 'status', 'data-status': state.status },
        'Saved report — read-only, nothing re-analysed.',
      ),
      o.source.reachable
        ? button('Inspect source dataset', () => post({ type: 'rerun' }), {
            id: 'inspect-source',
            secondary: true,
            title: `Analyse ${o.source.path} again in its own panel (this saved report stays as it is)`,
          })
        : null,
    ),
    h(
      'p',
      { id: 'opened-report', class: 'meta', 'data-path': o.path, 'data-written': o.written ?? '' },
      `Report: ${o.path} · ${facts.join(' · ')}`,
    ),
    h(
      'p',
      {
        id: 'opened-source',
        class: o.source.reachable ? 'meta' : 'notice',
        'data-reachable': String(o.source.reachable),
        'data-path': o.source.path,
      },
      o.source.reachable
        ? `Dataset: ${o.source.path} — line numbers open its rows.`
        : `${o.source.why ?? 'The source file is not reachable.'} Re-running options, Mix & Correct and analysing again need the dataset.`,
    ),
  );
}

/** A date as "2025-11-30 20:39" in local time (unambiguous across locales). */
function formatWhen(d: Date): string {
  const p = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}
