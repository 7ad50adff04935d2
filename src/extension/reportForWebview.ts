/**
 * Bounds what crosses into the webview: the report is already aggregate-only, but cluster lists and
 * their line lists grow with the data, so the panel gets the top clusters with a capped list of line
 * numbers each (the cluster `size` keeps the true count). Row text is already capped by the core.
 */
import type { AnalysisReport } from '../core/report/reportTypes.ts';

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
