/**
 * Duplicate clusters (exact and near): size, mean similarity, the first line numbers, and the
 * representative row's text, paged (the host sends at most 20 clusters of each kind, and a line under the heading
 * says so when there are more; a lower-ranked cluster arrives with the editor's "show cluster" message and is shown
 * alone, outside the pages). Line numbers
 * open the row (editor, or the built-in row viewer for gzip / very large files). Row text is dataset
 * content: rendered as text in a <pre>, never parsed as markup.
 */
import type { AnalysisReport, ReportCluster } from '../../src/core/report/reportTypes.ts';
import type { WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { fmtInt, fmtNum, fmtRowShare } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { lineButton, pageButton, pagerBar } from '../widgets/buttons.ts';

/** Line numbers listed per cluster before "…". */
const SHOWN_LINES = 12;
/** Clusters per page. */
const PAGE = 10;

/** Exact and near duplicate clusters. */
export function renderDuplicates(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement {
  const { exact, near } = r.duplicates;
  return section(
    'duplicates',
    'Duplicates',
    clusterList(
      'exact',
      `Exact duplicates: ${fmtInt(exact.rows)} repeated rows (${fmtRowShare(exact.rate, r.rows.parsed)}) in ${fmtInt(exact.clusterCount)} clusters`,
      exact.clusters,
      exact.clusterCount,
      post,
    ),
    clusterList(
      'near',
      `Near duplicates: ${fmtInt(near.rowsRemovable)} removable rows (${fmtRowShare(near.rateRemovable, r.rows.parsed)}) in ${fmtInt(near.clusterCount)} clusters, Jaccard ≥ ${near.threshold}`,
      near.clusters,
      near.clusterCount,
      post,
    ),
  );
}

/**
 * The line under a cluster list's heading when the list holds fewer clusters than the analysis found (null when it
 * holds them all). Why: the panel is sent the largest clusters only, and pages that stop at "11–20" under a heading
 * of 37 clusters read as if the rest were lost.
 */
export function clusterListNote(listed: number, found: number): string | null {
  if (listed >= found) return null;
  return `Listed here: the ${fmtInt(listed)} largest of the ${fmtInt(found)} clusters. Export Report writes the full report, whose list keeps up to 1,000 clusters with their line numbers.`;
}

function clusterList(
  kind: 'exact' | 'near',
  title: string,
  clusters: ReportCluster[],
  found: number,
  post: (m: WebviewToHost) => void,
): HTMLElement {
  const list = h('ol', {});
  const listed = clusterListNote(clusters.length, found);
  const wrap = h(
    'div',
    { id: `${kind}-clusters`, class: 'clusters' },
    h('h3', {}, title),
    listed ? h('p', { class: 'meta listed-clusters' }, listed) : null,
  );
  const note = h('p', { class: 'meta extra-cluster-note', hidden: true });
  const item = (i: number, c: ReportCluster): HTMLElement =>
    h(
      'li',
      {
        id: `cluster-${kind}-${i}`,
        class: 'cluster',
        tabindex: -1,
        'data-index': i,
        'data-size': c.size,
        'data-representative-line': c.representativeLine,
      },
      ...clusterBody(kind, c, post),
    );
  const pager = pagerBar();
  /** Page buttons; `page` is the selected one (−1: none, a cluster the list does not hold is shown). */
  const drawPager = (page: number): void => {
    const pages = Math.ceil(clusters.length / PAGE);
    pager.replaceChildren();
    if (pages > 1) {
      for (let p = 0; p < pages; p++)
        pager.append(
          pageButton(`${p * PAGE + 1}–${Math.min(clusters.length, (p + 1) * PAGE)}`, () => draw(p), {
            selected: p === page,
            page: p,
          }),
        );
    }
  };
  const draw = (page: number): void => {
    const start = page * PAGE;
    note.hidden = true;
    list.setAttribute('start', String(start + 1));
    list.replaceChildren(...clusters.slice(start, start + PAGE).map((c, i) => item(start + i, c)));
    drawPager(page);
  };
  /** Shows cluster `i`, which the list does not hold (ranked below it), as sent by the host with "show cluster". */
  const drawExtra = (i: number, c: ReportCluster): void => {
    note.textContent = `Cluster ranked ${fmtInt(i + 1)}, shown from the editor (this list holds the ${fmtInt(clusters.length)} largest).`;
    note.hidden = false;
    list.setAttribute('start', String(i + 1));
    list.replaceChildren(item(i, c));
    drawPager(-1);
  };
  if (clusters.length === 0) wrap.append(h('p', { class: 'meta' }, 'None.'));
  else draw(0);
  wrap.append(note, list, pager);
  (wrap as ClusterListElement).showCluster = (i, extra) => {
    if (i < clusters.length) draw(Math.floor(i / PAGE));
    else if (extra) drawExtra(i, extra);
    else return null;
    return wrap.querySelector(`#cluster-${kind}-${i}`);
  };
  return wrap;
}

/** A cluster list element: `showCluster` draws cluster `i` (its page, or `extra` when the list does not hold it). */
type ClusterListElement = HTMLElement & {
  showCluster?: (i: number, extra?: ReportCluster) => HTMLElement | null;
};

function clusterBody(
  kind: 'exact' | 'near',
  c: ReportCluster,
  post: (m: WebviewToHost) => void,
): HTMLElement[] {
  const lines = c.lines.slice(0, SHOWN_LINES);
  const more = c.size - lines.length;
  return [
    h(
      'div',
      { class: 'cluster-meta' },
      h('vscode-badge', { variant: 'counter' }, `${fmtInt(c.size)} rows`),
      kind === 'near' ? ` similarity ${fmtNum(c.meanSimilarity, 2)} ·` : '',
      ' lines ',
      ...lines.flatMap((l, i) => [i ? ', ' : '', lineButton(l, post)]),
      more > 0 ? ` … and ${fmtInt(more)} more` : '',
    ),
    h('pre', { class: 'row-text' }, c.representativeText ?? '(text not available)'),
  ];
}

/**
 * Shows cluster `index` of `kind` (switching page; `extra` = the cluster itself when the list does not hold it,
 * sent by the host), focuses and highlights it; false when absent.
 */
export function focusCluster(
  root: ParentNode,
  kind: 'exact' | 'near',
  index: number,
  extra?: ReportCluster,
): boolean {
  const wrap = root.querySelector(`#${kind}-clusters`) as ClusterListElement | null;
  const el = wrap?.showCluster?.(index, extra);
  if (!el) return false;
  root.querySelectorAll('.cluster.focused').forEach((e) => e.classList.remove('focused'));
  el.classList.add('focused');
  el.scrollIntoView({ block: 'center' });
  el.focus();
  return true;
}
