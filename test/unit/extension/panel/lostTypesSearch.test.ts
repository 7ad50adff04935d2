// The host side of the lost-token search (src/extension/panel/lostTypesSearch.ts): answers from the worker's
// index (every lost type), falls back to the report's own list, and abandons a query a newer one superseded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LostTypesSearch } from '../../../../src/extension/panel/lostTypesSearch.ts';
import { buildLostTypesIndex, LOST_QUERY_SLICE } from '../../../../src/core/tails/lostTypes.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { lostQuery } from '../../helpers/lostQuery.ts';

const q = lostQuery;

/** A reference-mode report whose list holds the first `listed` of `lost` (only the fields the search reads). */
const report = (lost: { token: string; referenceCount: number }[], total: number): AnalysisReport =>
  ({ tails: { mode: 'reference', lostTypes: lost, lostTypesTotal: total } }) as unknown as AnalysisReport;

test('answers from the index the worker sent: every lost type', async () => {
  const all = [
    { token: '1', referenceCount: 5 },
    { token: 'kangaroo', referenceCount: 1 },
  ];
  const s = new LostTypesSearch();
  s.setReport(report(all.slice(0, 1), 2), buildLostTypesIndex(all));
  const page = await s.query(q({ query: 'kangaroo' }));
  assert.deepEqual(page?.items, [{ token: 'kangaroo', referenceCount: 1 }]);
  assert.deepEqual([page?.kept, page?.total], [2, 2]);
});

test('without an index: the report list (kept < total says it is cut); without a reference: nothing', async () => {
  const s = new LostTypesSearch();
  s.setReport(report([{ token: 'a', referenceCount: 5 }], 7), undefined);
  const page = await s.query(q());
  assert.deepEqual([page?.matched, page?.kept, page?.total], [1, 1, 7]);
  s.setReport({ tails: { mode: 'self' } } as unknown as AnalysisReport, undefined);
  assert.deepEqual((await s.query(q()))?.items, []);
  s.setReport(null, undefined);
  assert.equal((await s.query(q()))?.matched, 0);
});

test('a newer query abandons an older one still running (the host never answers it)', async () => {
  const lost = Array.from({ length: 3 * LOST_QUERY_SLICE }, (_, i) => ({
    token: `t${String(i).padStart(7, '0')}`,
    referenceCount: 1,
  }));
  const s = new LostTypesSearch();
  s.setReport(report([], lost.length), buildLostTypesIndex(lost));
  const older = s.query(q({ page: 2 }));
  const newer = s.query(q({ query: 't0000001' }));
  assert.equal(await older, undefined);
  assert.equal((await newer)?.matched, 1);
});
