/**
 * The panel header: dataset name, analysis status (idle / running with progress / done / cancelled /
 * failed with the error) and the Run / Cancel actions. Progress updates patch only this part.
 */
import type { PanelProgress, PanelState, WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { h } from '../dom.ts';
import { button } from '../widgets/buttons.ts';

const PHASE: Record<PanelProgress['phase'], string> = {
  reading: 'Reading',
  reference: 'Reading the reference',
  finishing: 'Computing metrics',
};

/** Header with file name, status line and actions; `post` sends the button's message to the host. */
export function renderHeader(state: PanelState, post: (m: WebviewToHost) => void): HTMLElement {
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
