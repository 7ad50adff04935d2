/**
 * Webview entry (dist/webview.js): pulls the panel state from the host (`ready` → `state`), renders
 * it, and patches progress in place (the worker's progress, which the host forwards unchanged). Every host
 * message passes isHostMessage (src/protocol/panelProtocol.ts) first. All DOM is built through dom.ts (text nodes
 * only), all styles are installed by styles/sheets.ts. The page runs under a nonce CSP; any CSP violation is counted
 * on <html data-csp-violations> so tests can assert
 * that nothing was blocked (and nothing tried to run).
 */
import '@vscode-elements/elements/dist/vscode-badge/index.js';
import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-progress-bar/index.js';
import {
  isEditorHostMessage,
  isHostMessage,
  isMixHostMessage,
  panelProgress,
  withRunUpdate,
  type PanelState,
  type WebviewToHost,
} from '../src/protocol/panelProtocol.ts';
import { append, h } from './dom.ts';
import { setRowLinks } from './widgets/buttons.ts';
import { vscode } from './vscodeApi.ts';
import { applyProgress, renderHeader } from './views/status.ts';
import { onEditorMessage, renderViews } from './panel.ts';
import { MixView } from './views/mix/view.ts';
import { installPageStyles } from './styles/sheets.ts';
import { countCspViolations } from './cspViolations.ts';

installPageStyles();

countCspViolations();

const app = document.getElementById('app') as HTMLElement;
let current: PanelState | null = null;
/** Analyses started while this page lives (`data-runs`): lets a caller tell the re-run's report from the last one. */
let runs = 0;
const post = (m: WebviewToHost): void => vscode.postMessage(m);
/** The Mix & Correct view: one persistent element (keeps its controls across re-renders). */
const mixView = new MixView(post);

/** Re-renders the whole panel for a new state (cheap: the report is aggregate-sized). */
function render(state: PanelState): void {
  if (state.status === 'running' && current?.status !== 'running') runs++;
  current = state;
  // keep the view state (uiState.ts); a saved report's panel is restored from its file (panelSerializer.ts)
  vscode.setState({ ...vscode.getState(), uri: state.uri, report: state.opened ? state.uri : undefined });
  app.replaceChildren();
  app.dataset.status = state.status;
  app.dataset.runs = String(runs);
  app.dataset.opened = String(Boolean(state.opened));
  // a saved report whose dataset is not reachable: line numbers as plain text, the reason on hover
  setRowLinks(
    state.opened && !state.opened.source.reachable ? (state.opened.source.why ?? 'not reachable') : null,
  );
  try {
    append(app, [
      renderHeader(state, post),
      ...renderViews(state, post, mixView.element), // tabs: Overview … Templates, Mix & Correct (panel.ts)
    ]);
  } catch (err) {
    // never a half-drawn panel: say what failed (the host checked the report, so this is a bug to report)
    app.replaceChildren(
      h(
        'p',
        { id: 'error', role: 'alert', class: 'error' },
        `The panel could not show this report: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  const m = e.data;
  if (!isHostMessage(m)) return;
  if (isMixHostMessage(m)) return mixView.onMessage(m);
  // the run's progress and partial counts are kept in the state too, so a re-render shows the latest ones
  if (current && (m.type === 'progress' || m.type === 'partial')) current = withRunUpdate(current, m);
  if (isEditorHostMessage(m)) return onEditorMessage(app, current, m);
  if (m.type === 'state') render(m.state);
  // the analysis worker's progress, forwarded by the host as it is: shown if it belongs to the run on screen
  else if (current && current.status === 'running' && m.requestId === current.requestId)
    applyProgress(app, panelProgress(m.progress));
});

post({ type: 'ready' });
