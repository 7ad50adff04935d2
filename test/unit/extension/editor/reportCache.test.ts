// The host's report store policy (src/extension/editor/reportCache.ts): reports and line marks of datasets in use (open
// as a text document or in a panel) are kept whole; a dataset no longer in use loses its line marks and its
// report joins a small LRU of unused reports; older unused reports are dropped, so the store stays bounded.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import type { LineMarks } from '../../../../src/core/lineMarks/lineMarkCollector.ts';
import { ReportCache } from '../../../../src/extension/editor/reportCache.ts';

/** A report with one exact cluster on lines 2 and 5 (all the capped lists hold). */
const report = (): AnalysisReport =>
  ({
    duplicates: {
      exact: { clusters: [{ size: 2, lines: [2, 5], representativeLine: 2, meanSimilarity: 1 }] },
      near: { clusters: [] },
      templates: { openings: [] },
    },
  }) as unknown as AnalysisReport;

/** Per-line marks with the same cluster and 3 more rows (7, 9, 11) of a group ranked past the report's list. */
const marks = (): LineMarks => ({
  exact: {
    lines: Uint32Array.from([2, 5, 7, 9, 11]),
    group: Int32Array.from([0, 0, 1, 1, 1]),
    first: Uint8Array.from([1, 0, 1, 0, 0]),
    groups: {
      rank: Int32Array.from([0, 1500]),
      size: Uint32Array.from([2, 3]),
      firstLine: Uint32Array.from([2, 7]),
    },
  },
  near: {
    lines: new Uint32Array(0),
    cluster: new Int32Array(0),
    clusters: {
      rank: new Int32Array(0),
      size: new Uint32Array(0),
      firstLine: new Uint32Array(0),
      similarity: new Float64Array(0),
    },
  },
  template: { lines: new Uint32Array(0), opening: new Int32Array(0), openings: [] },
  templateShare: 0.15,
  marked: 5,
  limit: 2_000_000,
  truncated: false,
  coveredThroughLine: 11,
});

test('ReportCache: unused reports are bounded by a small LRU (most recently recorded kept)', () => {
  const open = new Set<string>();
  const cache = new ReportCache({ inUse: (k) => open.has(k), keepUnused: 2 });
  for (const k of ['a', 'b', 'c', 'd', 'e']) cache.record(k, report());
  assert.deepEqual(
    ['a', 'b', 'c', 'd', 'e'].map((k) => cache.get(k) !== undefined),
    [false, false, false, true, true],
  );
  // re-analysing an old dataset makes it the most recent
  cache.record('a', report());
  assert.deepEqual(
    ['a', 'd', 'e'].map((k) => cache.get(k) !== undefined),
    [true, false, true],
  );
});

test('ReportCache: reports of datasets in use are never evicted, however many', () => {
  const open = new Set(['p1', 'p2', 'p3', 'p4']);
  const cache = new ReportCache({ inUse: (k) => open.has(k), keepUnused: 1 });
  for (const k of ['p1', 'p2', 'p3', 'p4', 'x', 'y']) cache.record(k, report(), marks());
  for (const k of ['p1', 'p2', 'p3', 'p4']) {
    assert.ok(cache.get(k), k);
    assert.equal(cache.get(k)?.complete, true, `${k} keeps its line marks`);
  }
  assert.equal(cache.get('x'), undefined);
  assert.ok(cache.get('y'));
});

test('ReportCache: a dataset that stops being in use loses its line marks but keeps its report (in the LRU)', () => {
  const open = new Set(['a']);
  const cache = new ReportCache({ inUse: (k) => open.has(k), keepUnused: 1 });
  cache.record('a', report(), marks());
  assert.equal(cache.get('a')?.complete, true);
  assert.equal(cache.get('a')?.lines.markAt(9)?.index, 1500, 'the complete marks cover rows past the report');
  open.delete('a'); // its document and panel closed
  cache.prune();
  const a = cache.get('a');
  assert.ok(a, 'the report is still there');
  assert.equal(a.complete, false, 'the per-line marks are dropped');
  assert.equal(a.lines.markAt(9), undefined, 'only the report’s capped lists remain');
  assert.equal(a.lines.markAt(5)?.kind, 'exact');
  // a second dataset closing pushes it out of the one-entry LRU
  open.add('b');
  cache.record('b', report(), marks());
  open.delete('b');
  cache.prune();
  assert.equal(cache.get('a'), undefined);
  assert.equal(cache.get('b')?.complete, false);
});

test('ReportCache: a report recorded for a dataset not in use keeps no line marks', () => {
  const cache = new ReportCache({ inUse: () => false, keepUnused: 3 });
  assert.equal(cache.record('a', report(), marks()).complete, false);
  assert.equal(cache.get('a')?.complete, false);
});

test('ReportCache: clear() drops everything', () => {
  const cache = new ReportCache({ inUse: () => true, keepUnused: 3 });
  cache.record('a', report(), marks());
  cache.clear();
  assert.equal(cache.get('a'), undefined);
});
