// The Compare view's and the compare worker's message guards: what the view may ask (exact keys, indices in range, a
// permutation for a new order), what the host may send (every figure a finite number or null), and the worker job.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isCompareHostMessage,
  isCompareWebviewMessage,
  type CompareViewState,
} from '../../../src/protocol/comparePanelProtocol.ts';
import { report, state } from '../helpers/compareFixtures.ts';
import { isCompareJob, isCompareWorkerMessage } from '../../../src/protocol/compareWorkerProtocol.ts';

test('webview → host: ready, openDataset and recompare pass with exact shapes', () => {
  assert.ok(isCompareWebviewMessage({ type: 'ready' }));
  assert.ok(isCompareWebviewMessage({ type: 'openDataset', index: 1 }));
  assert.ok(isCompareWebviewMessage({ type: 'recompare', order: [2, 0, 1], baseline: 2 }));
});

test('webview → host: junk, extra keys, paths, commands and out-of-range indices are refused', () => {
  for (const m of [
    null,
    'ready',
    [],
    { type: 'ready', extra: 1 },
    { type: 'openDataset', index: -1 },
    { type: 'openDataset', index: 1.5 },
    { type: 'openDataset', index: 64 },
    { type: 'openDataset', index: '1' },
    { type: 'openDataset', path: '/etc/passwd' },
    { type: 'openDataset', index: 0, command: 'workbench.action.terminal.new' },
    { type: 'recompare', order: [0, 0], baseline: 0 }, // not a permutation
    { type: 'recompare', order: [0, 2], baseline: 0 }, // index past the end
    { type: 'recompare', order: [0], baseline: 0 }, // fewer than 2
    { type: 'recompare', order: [1, 0], baseline: 2 }, // baseline outside the order
    { type: 'recompare', order: [1, 0] },
    { type: 'recompare', order: Array.from({ length: 65 }, (_, i) => i), baseline: 0 },
    { type: 'runCommand', command: 'x' },
  ])
    assert.equal(isCompareWebviewMessage(m), false, JSON.stringify(m));
});

test('host → webview: a state passes; a non-finite figure, a wrong count or a bad verdict does not', () => {
  assert.ok(isCompareHostMessage({ type: 'compareState', state: state() }));
  assert.ok(
    isCompareHostMessage({ type: 'compareState', state: { ...state(), report: null, status: 'running' } }),
  );
  const bad: ((s: CompareViewState) => void)[] = [
    (s) => (s.report!.datasets[0].types = Number.NaN),
    (s) => (s.report!.datasets[1].sizeAdjusted.types = Infinity),
    (s) => ((s.report!.datasets[1].tails as { typeCoverage: unknown }).typeCoverage = '1'),
    (s) => s.report!.datasets.pop(),
    (s) => ((s.report!.trend as { verdict: string }).verdict = 'fine'),
    (s) => (s.baseline = 2),
    (s) => ((s as { status: string }).status = 'weird'),
    (s) => ((s.inputs[0] as unknown as Record<string, unknown>).html = '<b>'),
  ];
  for (const mutate of bad) {
    const s = state();
    mutate(s);
    assert.equal(isCompareHostMessage({ type: 'compareState', state: s }), false, mutate.toString());
  }
});

test('worker job: exact keys, 2+ paths, the baseline among them, options of the options table', () => {
  const job = {
    type: 'compare',
    requestId: 1,
    inputs: ['/a.jsonl', '/b.jsonl'],
    baseline: 1,
    options: { tailMax: 5 },
    cacheDir: '/tmp/store',
    projection: true,
  };
  assert.ok(isCompareJob(job));
  assert.ok(isCompareJob({ ...job, cacheDir: null }));
  for (const bad of [
    { ...job, inputs: ['/a.jsonl'] },
    { ...job, baseline: 2 },
    { ...job, options: { tailMax: -1 } },
    { ...job, inputs: ['/a.jsonl', ''] },
    { ...job, inputs: ['/a.jsonl', 'b\0c'] },
    { ...job, extra: true },
    { ...job, projection: 'yes' },
    { ...job, requestId: 0 },
  ])
    assert.equal(isCompareJob(bad), false, JSON.stringify(bad));
});

test('worker replies: progress, done and failed pass; anything else is dropped', () => {
  const progress = { dataset: 0, path: '/a', phase: 'analyzing', bytesRead: 1, totalBytes: 2 };
  assert.ok(isCompareWorkerMessage({ type: 'progress', requestId: 3, progress }));
  assert.ok(isCompareWorkerMessage({ type: 'done', requestId: 3, report: report(), projection: null }));
  assert.ok(isCompareWorkerMessage({ type: 'failed', requestId: 3, message: 'x', usage: true }));
  assert.equal(
    isCompareWorkerMessage({ type: 'progress', requestId: 3, progress: { ...progress, phase: 'x' } }),
    false,
  );
  assert.equal(
    isCompareWorkerMessage({ type: 'done', requestId: 0, report: report(), projection: null }),
    false,
  );
  assert.equal(isCompareWorkerMessage({ type: 'other', requestId: 3 }), false);
});
