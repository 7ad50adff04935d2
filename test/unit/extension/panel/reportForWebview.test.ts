// "Show cluster in panel" from an editor hover (src/extension/panel/reportForWebview.ts, panelProtocol.ts): the panel
// receives only the top PANEL_CLUSTERS clusters of each kind, so the message for a cluster ranked lower
// carries that cluster (capped like the others) — from the stored report, or, past the report's own top
// clusters, from the hovered line's mark — and the webview's validator accepts it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import type { HomogeneousMark } from '../../../../src/core/lineMarks/homogeneousLineMarks.ts';
import {
  focusClusterMessage,
  PANEL_CLUSTER_LINES,
  PANEL_CLUSTERS,
  reportForWebview,
} from '../../../../src/extension/panel/reportForWebview.ts';
import { isEditorHostMessage } from '../../../../src/protocol/panelProtocol.ts';

/** 30 exact and 30 near clusters; cluster i has 60 + i rows on lines 1000·(i+1) + k. */
function report(): AnalysisReport {
  const clusters = (sim: number) =>
    Array.from({ length: 30 }, (_, i) => {
      const lines = Array.from({ length: 60 + i }, (_, k) => 1000 * (i + 1) + k);
      return {
        size: lines.length,
        lines,
        representativeLine: lines[0],
        meanSimilarity: sim,
        representativeText: `row ${i}`,
      };
    });
  return {
    duplicates: {
      exact: { clusters: clusters(1) },
      near: { clusters: clusters(0.9) },
      templates: { openings: [] },
    },
  } as unknown as AnalysisReport;
}

test('focusCluster for a cluster the panel lists: no extra payload', () => {
  const m = focusClusterMessage(report(), 'exact', 3);
  assert.deepEqual(m, { type: 'focusCluster', kind: 'exact', index: 3 });
  assert.equal(reportForWebview(report()).duplicates.exact.clusters.length, PANEL_CLUSTERS);
});

test("focusCluster for a cluster ranked below the panel's top 20 carries that cluster, capped", () => {
  const r = report();
  for (const kind of ['exact', 'near'] as const) {
    const index = PANEL_CLUSTERS + 4; // ranked 25th: not among the clusters the panel received
    const m = focusClusterMessage(r, kind, index);
    assert.equal(m.type, 'focusCluster');
    assert.ok(m.type === 'focusCluster' && m.cluster, `${kind}: the message carries the cluster`);
    const c = r.duplicates[kind].clusters[index];
    assert.deepEqual(m.cluster, { ...c, lines: c.lines.slice(0, PANEL_CLUSTER_LINES) });
    assert.equal(m.cluster.size, c.size, 'the true size is kept');
    assert.equal(isEditorHostMessage(m), true, 'the webview accepts it');
  }
});

test("focusCluster past the report's clusters (rank ≥ 1,000): the cluster is described from the hovered line's mark", () => {
  const mark: HomogeneousMark = {
    kind: 'near',
    index: 1500,
    size: 7,
    similarity: 0.83,
    firstLine: 40,
    firstOccurrence: false,
  };
  const m = focusClusterMessage(report(), 'near', 1500, mark, 52);
  assert.ok(m.type === 'focusCluster' && m.cluster);
  assert.deepEqual(m.cluster, { size: 7, lines: [40, 52], representativeLine: 40, meanSimilarity: 0.83 });
  assert.equal(isEditorHostMessage(m), true);
  // a mark of another cluster is not used
  const other = focusClusterMessage(report(), 'near', 1501, mark, 52);
  assert.ok(other.type === 'focusCluster' && other.cluster === undefined);
});

test("isEditorHostMessage: focusCluster's cluster must be a cluster", () => {
  const base = { type: 'focusCluster', kind: 'near', index: 25 };
  const good = { size: 3, lines: [1, 2, 3], representativeLine: 1, meanSimilarity: 0.9 };
  assert.equal(isEditorHostMessage({ ...base, cluster: good }), true);
  assert.equal(isEditorHostMessage({ ...base, cluster: { ...good, representativeText: 'x' } }), true);
  for (const bad of [
    null,
    'x',
    { ...good, size: -1 },
    { ...good, lines: [1, 'a'] },
    { ...good, lines: 'x' },
    { ...good, meanSimilarity: 'x' },
    { ...good, representativeText: 3 },
  ]) {
    assert.equal(isEditorHostMessage({ ...base, cluster: bad }), false, JSON.stringify(bad));
  }
});
