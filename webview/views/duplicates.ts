/**
 * Duplicate clusters (exact and near): size, mean similarity, the first line numbers, and the
 * representative row's text, paged (the host sends at most 20 clusters of each kind). Line numbers
 * open the row (editor, or the built-in row viewer for gzip / very large files). Row text is dataset
 * content: rendered as text in a <pre>, never parsed as markup.
 */
import type { AnalysisReport, ReportCluster } from '../../src/core/report/reportTypes.ts';
import type { WebviewToHost } from '../../src/protocol/protocol.ts';
import { fmtInt, fmtNum, fmtPct } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { lineButton } from './malformed.ts';

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
    clusterList('exact', `Exact duplicates: ${fmtInt(exact.rows)} repeated rows (${fmtPct(exact.rate)}) in ${fmtInt(exact.clusterCount)} clusters`, exact.clusters, post),
    clusterList('near', `Near duplicates: ${fmtInt(near.rowsRemovable)} removable rows (${fmtPct(near.rateRemovable)}) in ${fmtInt(near.clusterCount)} clusters, Jaccard ≥ ${near.threshold}`, near.clusters, post),
  );
}

function clusterList(kind: 'exact' | 'near', title: string, clusters: ReportCluster[], post: (m: WebviewToHost) => void): HTMLElement {
  const list = h('ol', {});
  const wrap = h('div', { id: `${kind}-clusters`, class: 'clusters' }, h('h3', {}, title));
  if (clusters.length === 0) {
    wrap.append(h('p', { class: 'meta' }, 'None.'));
    return wrap;
  }
  const pager = h('div', { class: 'pagers' });
  const draw = (page: number): void => {
    const start = page * PAGE;
    list.setAttribute('start', String(start + 1));
    list.replaceChildren(
      ...clusters.slice(start, start + PAGE).map((c, i) =>
        h(
          'li',
          { id: `cluster-${kind}-${start + i}`, class: 'cluster', tabindex: -1, 'data-index': start + i, 'data-size': c.size, 'data-representative-line': c.representativeLine },
          ...clusterBody(kind, c, post),
        ),
      ),
    );
    const pages = Math.ceil(clusters.length / PAGE);
    pager.replaceChildren();
    if (pages > 1) {
      for (let p = 0; p < pages; p++) {
        const b = h('vscode-button', { secondary: p !== page, class: 'pager', 'data-page': p });
        b.textContent = `${p * PAGE + 1}–${Math.min(clusters.length, (p + 1) * PAGE)}`;
        b.addEventListener('click', () => draw(p));
        pager.append(b);
      }
    }
  };
  draw(0);
  wrap.append(list, pager);
  (wrap as HTMLElement & { showCluster?: (i: number) => HTMLElement | null }).showCluster = (i: number) => {
    draw(Math.floor(i / PAGE));
    return wrap.querySelector(`#cluster-${kind}-${i}`);
  };
  return wrap;
}

function clusterBody(kind: 'exact' | 'near', c: ReportCluster, post: (m: WebviewToHost) => void): HTMLElement[] {
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

/** Shows cluster `index` of `kind` (switching page), focuses and highlights it; false when absent. */
export function focusCluster(root: ParentNode, kind: 'exact' | 'near', index: number): boolean {
  const wrap = root.querySelector(`#${kind}-clusters`) as (HTMLElement & { showCluster?: (i: number) => HTMLElement | null }) | null;
  const el = wrap?.showCluster?.(index);
  if (!el) return false;
  root.querySelectorAll('.cluster.focused').forEach((e) => e.classList.remove('focused'));
  el.classList.add('focused');
  el.scrollIntoView({ block: 'center' });
  el.focus();
  return true;
}
