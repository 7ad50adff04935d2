// The lost-tail-types messages of the panel contract (src/protocol/panelProtocol.ts): lostQuery from the webview is
// checked strictly (exact keys, query length cap, no control characters, page bounds, order enum), lostPage from
// the host by shape; and the worker's lostTypes part (src/protocol/analysisWorkerProtocol.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  isHostMessage,
  isWebviewMessage,
  LOST_PAGE_SIZE,
  MAX_LOST_PAGE,
  MAX_LOST_QUERY_CHARS,
} from '../../../src/protocol/panelProtocol.ts';
import { isAnalysisJob, isAnalysisWorkerMessage } from '../../../src/protocol/analysisWorkerProtocol.ts';
import { buildLostTypesIndex } from '../../../src/core/tails/lostTypes.ts';

const query = {
  type: 'lostQuery',
  requestId: 3,
  query: 'kangaroo',
  hideNumbers: true,
  order: 'count',
  page: 0,
};

test('lostQuery: a valid query is accepted, in both orders, up to the bounds', () => {
  assert.equal(isWebviewMessage(query), true);
  assert.equal(isWebviewMessage({ ...query, order: 'token', hideNumbers: false, query: '' }), true);
  assert.equal(isWebviewMessage({ ...query, query: 'x'.repeat(MAX_LOST_QUERY_CHARS) }), true);
  assert.equal(isWebviewMessage({ ...query, page: MAX_LOST_PAGE }), true);
  assert.equal(isWebviewMessage({ ...query, query: 'Straße ½ 日本' }), true);
});

test('lostQuery: refuses long or control-character queries, bad pages, orders, ids and extra or missing keys', () => {
  const bad: unknown[] = [
    { ...query, query: 'x'.repeat(MAX_LOST_QUERY_CHARS + 1) },
    { ...query, query: 'a\nb' },
    { ...query, query: 'a\u0000' },
    { ...query, query: 'a\u007f' },
    { ...query, query: 42 },
    { ...query, page: -1 },
    { ...query, page: 1.5 },
    { ...query, page: MAX_LOST_PAGE + 1 },
    { ...query, page: '2' },
    { ...query, page: Number.NaN },
    { ...query, order: 'random' },
    { ...query, hideNumbers: 'yes' },
    { ...query, requestId: 0 },
    { ...query, requestId: 'a' },
    { ...query, pageSize: 10_000 },
    { type: 'lostQuery', requestId: 3, query: 'x', hideNumbers: false, order: 'count' },
  ];
  for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
});

test('lostPage: the host answer is checked by shape and size', () => {
  const result = {
    items: [{ token: 'kangaroo', referenceCount: 1 }],
    matched: 1,
    page: 0,
    pages: 1,
    kept: 1503,
    numeric: 1500,
    total: 1503,
  };
  assert.equal(isHostMessage({ type: 'lostPage', requestId: 3, result }), true);
  const items = Array.from({ length: LOST_PAGE_SIZE + 1 }, () => result.items[0]);
  for (const r of [
    { ...result, items },
    { ...result, items: [{ token: 1, referenceCount: 1 }] },
    { ...result, pages: 0 },
    { ...result, matched: -1 },
    null,
  ])
    assert.equal(isHostMessage({ type: 'lostPage', requestId: 3, result: r }), false, JSON.stringify(r));
  assert.equal(isHostMessage({ type: 'lostPage', result }), false);
});

test('the worker part lostTypes carries a LostTypesIndex; the job asks for it with lostTypes: true', () => {
  const index = buildLostTypesIndex([
    { token: 'Kangaroo', referenceCount: 2 },
    { token: '12', referenceCount: 1 },
  ]);
  assert.equal(isAnalysisWorkerMessage({ type: 'lostTypes', requestId: 1, index }), true);
  assert.equal(
    isAnalysisWorkerMessage({
      type: 'lostTypes',
      requestId: 1,
      index: { ...index, counts: new Uint32Array(5) },
    }),
    false,
    'arrays of another length',
  );
  assert.equal(
    isAnalysisWorkerMessage({ type: 'lostTypes', requestId: 1, index: { ...index, text: 3 } }),
    false,
  );
  const job = { type: 'analyze', requestId: 1, path: '/x.jsonl', options: {} };
  assert.equal(isAnalysisJob({ ...job, lostTypes: true }), true);
  assert.equal(isAnalysisJob({ ...job, lostTypes: 'yes' }), false);
});
