/**
 * Webview entry of the Compare view (dist/compareWebview.js, its own page through webviewPage.ts: nonce CSP, only
 * dist/ loadable): asks the host for the state (`ready` → `compareState`), renders it (compareView.ts) and keeps the
 * page's own choices — the pending order and baseline, the projection overlay — across re-renders. Every host
 * message passes isCompareHostMessage first; CSP violations are counted on <html data-csp-violations> as in the panel.
 */
import '@vscode-elements/elements/dist/vscode-button/index.js';
import {
  isCompareHostMessage,
  type CompareViewState,
  type CompareWebviewMessage,
} from '../../src/protocol/comparePanelProtocol.ts';
import { h } from '../dom.ts';
import { installComparePageStyles } from '../styles/sheets.ts';
import { renderCompare, type PendingOrder } from './compareView.ts';
import { countCspViolations } from '../cspViolations.ts';

interface CompareApi {
  postMessage(m: CompareWebviewMessage): void;
}
declare function acquireVsCodeApi(): CompareApi;
const api = acquireVsCodeApi();

installComparePageStyles();
countCspViolations();

const app = document.getElementById('app') as HTMLElement;
const post = (m: CompareWebviewMessage): void => api.postMessage(m);
let state: CompareViewState | null = null;
let pending: PendingOrder = { order: [], baseline: 0 };
let overlay = true;

function render(): void {
  if (!state) return;
  const s = state;
  app.dataset.status = s.status;
  app.dataset.verdict = s.report?.trend.verdict ?? '';
  try {
    app.replaceChildren(
      ...renderCompare(s, pending, overlay, post, (p, o) => {
        pending = p;
        overlay = o;
        render();
      }),
    );
  } catch (err) {
    app.replaceChildren(
      h(
        'p',
        { id: 'error', role: 'alert', class: 'error' },
        `The Compare view could not show this comparison: ${err instanceof Error ? err.message : String(err)}`,
      ),
    );
  }
}

window.addEventListener('message', (e: MessageEvent<unknown>) => {
  if (!isCompareHostMessage(e.data)) return;
  state = e.data.state;
  // a new state is a new order on the host: the pending choices start from it
  pending = { order: state.inputs.map((_, i) => i), baseline: state.baseline };
  render();
});

post({ type: 'ready' });
