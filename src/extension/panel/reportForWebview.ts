/**
 * Bounds what crosses into the webview: the report is already aggregate-only, but cluster lists and
 * their line lists grow with the data, so the panel gets the top clusters with a capped list of line
 * numbers each (the cluster `size` keeps the true count). Row text is already capped by the core.
 * Also builds the "show cluster" message an editor hover's link sends to the panel.
 */
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import type { HomogeneousMark } from '../../core/lineMarks/homogeneousLineMarks.ts';
import type { EditorHostToWebview } from '../../protocol/panelProtocol.ts';

/** Clusters of each kind (exact, near) sent to the panel, largest first as the core orders them. */
export const PANEL_CLUSTERS = 20;
/** Line numbers listed per cluster in the panel. */
export const PANEL_CLUSTER_LINES = 50;

type Cluster = AnalysisReport['duplicates']['exact']['clusters'][number];

const capCluster = <C extends Cluster>(c: C): C => ({ ...c, lines: c.lines.slice(0, PANEL_CLUSTER_LINES) });

/** A copy of `report` with duplicate clusters capped to what the panel shows. */
export function reportForWebview(report: AnalysisReport): AnalysisReport {
  const { exact, near } = report.duplicates;
  return {
    ...report,
    duplicates: {
      ...report.duplicates,
      exact: { ...exact, clusters: exact.clusters.slice(0, PANEL_CLUSTERS).map(capCluster) },
      near: { ...near, clusters: near.clusters.slice(0, PANEL_CLUSTERS).map(capCluster) },
    },
  };
}

/**
 * The message that shows cluster `index` of `kind` in the panel (the editor hover's "Show cluster in panel";
 * `report` is the stored one). The panel lists only the top PANEL_CLUSTERS clusters, so for a cluster ranked
 * lower the message carries it (capped like the listed ones): from the report while it lists the cluster
 * (its top 1,000), else described by `mark`, the mark of the hovered line `line`, when it is that cluster's
 * (size, similarity, first line; no text).
 */
export function focusClusterMessage(
  report: AnalysisReport,
  kind: HomogeneousMark['kind'],
  index: number,
  mark?: HomogeneousMark,
  line?: number,
): EditorHostToWebview {
  if (kind === 'template' || index < PANEL_CLUSTERS) return { type: 'focusCluster', kind, index };
  const listed = report.duplicates[kind].clusters[index];
  if (listed) return { type: 'focusCluster', kind, index, cluster: capCluster(listed) };
  if (mark && mark.kind === kind && mark.index === index) {
    const lines =
      line !== undefined && line !== mark.firstLine
        ? [mark.firstLine, line].sort((a, b) => a - b)
        : [mark.firstLine];
    return {
      type: 'focusCluster',
      kind,
      index,
      cluster: {
        size: mark.size,
        lines,
        representativeLine: mark.firstLine,
        meanSimilarity: mark.similarity,
      },
    };
  }
  return { type: 'focusCluster', kind, index };
}
