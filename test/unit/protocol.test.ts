// Runtime validators of the host ⇄ worker ⇄ webview protocol (src/protocol/protocol.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isHostMessage, isWebviewMessage, isWorkerJob, isWorkerMessage } from '../../src/protocol/protocol.ts';

test('isWebviewMessage accepts exactly the four webview messages', () => {
  for (const m of [{ type: 'ready' }, { type: 'rerun' }, { type: 'cancel' }, { type: 'revealLine', line: 1 }, { type: 'revealLine', line: 2 ** 31 }]) {
    assert.equal(isWebviewMessage(m), true, JSON.stringify(m));
  }
});

test('isWebviewMessage rejects unknown types, extra keys and bad line numbers', () => {
  const bad: unknown[] = [
    null, undefined, 'ready', 42, [], ['ready'], {},
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

test('isWorkerMessage checks the tag, analysisId and payload', () => {
  const progress = { phase: 'reading', bytesRead: 10, totalBytes: 20, rows: 1 };
  assert.equal(isWorkerMessage({ type: 'progress', analysisId: 1, progress }), true);
  assert.equal(isWorkerMessage({ type: 'done', analysisId: 1, report: {} }), true);
  assert.equal(isWorkerMessage({ type: 'failed', analysisId: 1, message: 'x' }), true);
  assert.equal(isWorkerMessage({ type: 'done', analysisId: '1', report: {} }), false);
  assert.equal(isWorkerMessage({ type: 'done', analysisId: 1 }), false);
  assert.equal(isWorkerMessage({ type: 'failed', analysisId: 1 }), false);
  assert.equal(isWorkerMessage({ type: 'progress', analysisId: 1, progress: {} }), false);
  assert.equal(isWorkerMessage({ type: 'other', analysisId: 1 }), false);
});

test('isWorkerJob and isHostMessage', () => {
  assert.equal(isWorkerJob({ type: 'analyze', analysisId: 3, path: '/a.jsonl', options: {} }), true);
  assert.equal(isWorkerJob({ type: 'analyze', analysisId: 3, path: '/a.jsonl' }), false);
  assert.equal(isWorkerJob({ type: 'analyse', analysisId: 3, path: '/a.jsonl', options: {} }), false);
  assert.equal(isHostMessage({ type: 'state', state: { uri: 'file:///a', status: 'idle' } }), true);
  assert.equal(isHostMessage({ type: 'state', state: {} }), false);
  assert.equal(isHostMessage({ type: 'progress', analysisId: 2, progress: { phase: 'reading', percent: 5, rows: 1 } }), true);
  assert.equal(isHostMessage({ type: 'progress', progress: {} }), false);
});
