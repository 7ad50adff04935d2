// Runtime validators of the host ⇄ webview contract (src/protocol/panelProtocol.ts) and the host ⇄ analysis worker
// contract (src/protocol/analysisWorkerProtocol.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isHostMessage,
  isWebviewMessage,
  panelProgress,
  progressPercent,
  withRunUpdate,
  type PanelState,
} from '../../../src/protocol/panelProtocol.ts';
import { isAnalysisJob, isAnalysisWorkerMessage } from '../../../src/protocol/analysisWorkerProtocol.ts';

test('isWebviewMessage accepts exactly the four webview messages', () => {
  for (const m of [
    { type: 'ready' },
    { type: 'rerun' },
    { type: 'cancel' },
    { type: 'revealLine', line: 1 },
    { type: 'revealLine', line: 2 ** 31 },
  ]) {
    assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  }
});

test('isWebviewMessage rejects unknown types, extra keys and bad line numbers', () => {
  const bad: unknown[] = [
    null,
    undefined,
    'ready',
    42,
    [],
    ['ready'],
    {},
    { type: 'eval', code: 'x' },
    { type: 'ready', extra: 1 },
    { type: 'revealLine' },
    { type: 'revealLine', line: 0 },
    { type: 'revealLine', line: -3 },
    { type: 'revealLine', line: 1.5 },
    { type: 'revealLine', line: '7' },
    { type: 'revealLine', line: 2 ** 31 + 1 },
    { type: 'revealLine', line: 3, path: '/etc/passwd' },
    { type: 'revealLine', line: Number.NaN },
  ];
  for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m) ?? String(m));
});

test('isAnalysisWorkerMessage checks the tag, requestId and payload', () => {
  const progress = { phase: 'reading', bytesRead: 10, totalBytes: 20, rows: 1 };
  assert.equal(isAnalysisWorkerMessage({ type: 'progress', requestId: 1, progress }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'done', requestId: 1, report: {} }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'failed', requestId: 1, message: 'x' }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'done', requestId: '1', report: {} }), false);
  assert.equal(isAnalysisWorkerMessage({ type: 'done', requestId: 1 }), false);
  assert.equal(isAnalysisWorkerMessage({ type: 'failed', requestId: 1 }), false);
  assert.equal(isAnalysisWorkerMessage({ type: 'progress', requestId: 1, progress: {} }), false);
  assert.equal(isAnalysisWorkerMessage({ type: 'other', requestId: 1 }), false);
});

test('isAnalysisJob and isHostMessage', () => {
  assert.equal(isAnalysisJob({ type: 'analyze', requestId: 3, path: '/a.jsonl', options: {} }), true);
  assert.equal(isAnalysisJob({ type: 'analyze', requestId: 3, path: '/a.jsonl' }), false);
  assert.equal(isAnalysisJob({ type: 'analyse', requestId: 3, path: '/a.jsonl', options: {} }), false);
  assert.equal(isHostMessage({ type: 'state', state: { uri: 'file:///a', status: 'idle' } }), true);
  assert.equal(isHostMessage({ type: 'state', state: {} }), false);
  // the analysis worker's progress message, forwarded as it is (the webview computes the percentage)
  assert.equal(
    isHostMessage({
      type: 'progress',
      requestId: 2,
      progress: { phase: 'reading', bytesRead: 5, totalBytes: 100, rows: 1 },
    }),
    true,
  );
  assert.equal(
    isHostMessage({ type: 'progress', requestId: 2, progress: { phase: 'reading', percent: 5, rows: 1 } }),
    false,
  );
  assert.equal(isHostMessage({ type: 'progress', progress: {} }), false);
});

test('panelProgress: percent of the bytes read in the phase, 100 while finishing, 0 for an unknown size', () => {
  assert.deepEqual(panelProgress({ phase: 'reading', bytesRead: 50, totalBytes: 200, rows: 7 }), {
    phase: 'reading',
    percent: 25,
    rows: 7,
  });
  assert.equal(progressPercent({ phase: 'finishing', bytesRead: 0, totalBytes: 200, rows: 0 }), 100);
  assert.equal(progressPercent({ phase: 'reference', bytesRead: 10, totalBytes: 0, rows: 0 }), 0);
  assert.equal(progressPercent({ phase: 'reading', bytesRead: 300, totalBytes: 200, rows: 0 }), 100);
});

test('withRunUpdate: the latest progress and partial counts of the run shown are kept in the state', () => {
  // the host's state when a run starts (inspectorPanel.ts `started`)
  const running: PanelState = {
    uri: 'file:///d.jsonl',
    fileName: 'd.jsonl',
    status: 'running',
    requestId: 7,
    progress: { phase: 'reading', percent: 0, rows: 0 },
    partial: null,
    report: null,
    error: null,
    reference: { path: null, source: 'unset', setting: null, note: null },
  };
  const rows = { total: 1200, parsed: 1200, malformed: 0, blank: 0 };
  // the first partial comes before the webview has loaded and asked (`ready`): the state it then gets carries it,
  // so the panel shows the counts at once instead of staying blank until the next partial
  let state = withRunUpdate(running, { type: 'partial', requestId: 7, partial: { rows } as never });
  state = withRunUpdate(state, {
    type: 'progress',
    requestId: 7,
    progress: { phase: 'reading', bytesRead: 96, totalBytes: 100, rows: 1200 },
  });
  assert.deepEqual(state.partial, { rows });
  assert.deepEqual(state.progress, { phase: 'reading', percent: 96, rows: 1200 });
  assert.equal(isHostMessage({ type: 'state', state }), true);
  // another run's messages, or any when nothing runs, change nothing
  assert.equal(withRunUpdate(state, { type: 'partial', requestId: 6, partial: {} }), state);
  const done = { ...state, status: 'done' as const };
  assert.equal(withRunUpdate(done, { type: 'partial', requestId: 7, partial: {} }), done);
});
