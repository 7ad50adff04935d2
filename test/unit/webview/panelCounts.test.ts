// What the panel shows beside figures it does not hold yet (session 20, found by a new user's pass in code-server):
// the running counts of a chunked run, whose types are only known once a chunk is merged, and the cluster lists,
// which hold the largest 20 clusters of each kind. Pure functions of webview/views, run in node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { partialCounts } from '../../../webview/views/overview.ts';
import { clusterListNote } from '../../../webview/views/duplicates.ts';

const rows = { total: 2961, parsed: 2961, malformed: 0, blank: 0 };

test('running counts: types not merged yet beside tokens read "counted as chunks finish", never 0', () => {
  const counts = partialCounts({ rows, tokens: { total: 434_917, types: 0 } });
  assert.deepEqual(
    counts.map((c) => [c.key, c.text]),
    [
      ['total', '2,961'],
      ['parsed', '2,961'],
      ['malformed', '0'],
      ['blank', '0'],
      ['tokens', '434,917'],
      ['types', 'counted as chunks finish'],
    ],
  );
  // no raw value: a tool reading data-value must not take it for a count of zero
  assert.equal(counts[5].value, null);
});

test('running counts: merged types, and an empty start, are shown as counts', () => {
  const merged = partialCounts({ rows, tokens: { total: 9_144_004, types: 41_207 } });
  assert.deepEqual(merged.at(-1), { key: 'types', label: 'Types', value: 41_207, text: '41,207' });
  // no token read yet: 0 types is the true count so far
  const none = partialCounts({
    rows: { total: 0, parsed: 0, malformed: 0, blank: 0 },
    tokens: { total: 0, types: 0 },
  });
  assert.deepEqual(none.at(-1), { key: 'types', label: 'Types', value: 0, text: '0' });
  // rows without tokens (the first partial has the view only): the four row counts
  assert.equal(partialCounts({ rows }).length, 4);
  assert.deepEqual(partialCounts({}), []);
});

test('cluster lists say when they hold only the largest clusters', () => {
  assert.equal(clusterListNote(20, 20), null);
  assert.equal(clusterListNote(3, 3), null);
  assert.equal(clusterListNote(0, 0), null);
  assert.equal(
    clusterListNote(20, 37),
    'Listed here: the 20 largest of the 37 clusters. Export Report writes the full report, whose list keeps up to 1,000 clusters with their line numbers.',
  );
  assert.match(clusterListNote(20, 12_345)!, /the 20 largest of the 12,345 clusters/);
});
