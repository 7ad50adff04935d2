/**
 * Duplicate clusters (exact and near): size, the first line numbers, and the representative row's
 * text. Row text is dataset content: rendered as text in a <pre>, never parsed as markup.
 */
import type { AnalysisReport, ReportCluster } from '../../src/core/report/reportTypes.ts';
import type { WebviewToHost } from '../../src/protocol.ts';
import { fmtInt, fmtPct } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { lineButton } from './malformed.ts';

/** Line numbers listed per cluster before "…". */
const SHOWN_LINES = 12;

/** Exact and near duplicate clusters. */
export function renderDuplicates(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement {
  const { exact, near } = r.duplicates;
  return section(
    'duplicates',
    'Duplicates',
    clusterList('exact-clusters', `Exact duplicates: ${fmtInt(exact.rows)} repeated rows (${fmtPct(exact.rate)})`, exact.clusters, post),
    clusterList('near-clusters', `Near duplicates: ${fmtInt(near.rowsRemovable)} removable rows (${fmtPct(near.rateRemovable)})`, near.clusters, post),
  );
}

function clusterList(id: string, title: string, clusters: ReportCluster[], post: (m: WebviewToHost) => void): HTMLElement {
  return h(
    'div',
    { id, class: 'clusters' },
    h('h3', {}, title),
    clusters.length === 0
      ? h('p', { class: 'meta' }, 'None.')
      : h('ol', {}, ...clusters.map((c) => h('li', { class: 'cluster', 'data-size': c.size, 'data-representative-line': c.representativeLine }, ...clusterBody(c, post)))),
  );
}

function clusterBody(c: ReportCluster, post: (m: WebviewToHost) => void): HTMLElement[] {
  const lines = c.lines.slice(0, SHOWN_LINES);
  const more = c.size - lines.length;
  return [
    h(
      'div',
      { class: 'cluster-meta' },
      h('vscode-badge', { variant: 'counter' }, `${fmtInt(c.size)} rows`),
      ' lines ',
      ...lines.flatMap((l, i) => [i ? ', ' : '', lineButton(l, post)]),
      more > 0 ? ` … and ${fmtInt(more)} more` : '',
    ),
    h('pre', { class: 'row-text' }, c.representativeText ?? '(text not available)'),
  ];
}
