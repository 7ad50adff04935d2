// Runtime validators of the host ⇄ webview contract (src/protocol/panelProtocol.ts) and the host ⇄ analysis worker
// contract (src/protocol/analysisWorkerProtocol.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isHostMessage,
  isWebviewMessage,
  panelProgress,
  progressPercent,
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
