/**
 * Tails: the log–log rank–frequency (Zipf) chart of the dataset and, with a reference, of the
 * reference; coverage of the reference's rare types by band; and the searchable, paged list of lost
 * tail tokens with their reference counts. The list covers every lost type the host keeps (not only the
 * report's first 1,000): each search, filter, order or page change asks the host (`lostQuery`) and draws its
 * answer (`lostPage`). Tokens are dataset text: shown as text only.
 */
import '@vscode-elements/elements/dist/vscode-checkbox/index.js';
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { LostOrder, LostPage } from '../../src/core/tails/lostTypes.ts';
import {
  MAX_LOST_PAGE,
  MAX_LOST_QUERY_CHARS,
  type LostPageMessage,
  type WebviewToHost,
} from '../../src/protocol/panelProtocol.ts';
import { alignSeries, zipfSeries } from '../../src/core/report/viewModels.ts';
import { fmtInt, fmtNum, fmtPct } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { chart } from '../charts/chart.ts';
import { setUi, ui } from '../uiState.ts';
import { pageButton, pagerBar } from '../widgets/buttons.ts';
import { countList, shareMeter, type CountItem } from '../widgets/figures.ts';
import { dataTable } from '../widgets/table.ts';

/** Pause after a keystroke in the search box before asking the host (a burst of typing sends one query). */
const SEARCH_DELAY_MS = 120;

/** Hover definitions of the coverage figures (docs/metrics.md, Tails). */
const DEF = {
  type: 'Share of the reference’s tail types (seen 1…tailMax times in the reference) that occur at least once in the dataset.',
  mass: 'Reference token mass of the covered tail types ÷ reference token mass of the whole tail (weights the more frequent tail types more than hapaxes).',
  all: 'Share of all reference types that occur at least once in the dataset.',
  adjusted:
    'At equal size: the exact expectation had the larger corpus been randomly subsampled (without replacement) to the smaller one’s token count, so a dataset is not penalised for merely being smaller.',
  baseline:
    'Tail type coverage by the dataset ÷ by another half of the reference itself (seeded split-halves, both at one common size). 1 = as good as more of the reference; below 0.92 the verdict notes a vocabulary shift (other topics or register), which never sets the level.',
  spectrum:
    'Hapax retention: share of word types seen once at the full size ÷ at half the size (exact expectation). Natural text keeps 0.87–0.93; resampled or self-trained text much less.',
  js: 'Jensen–Shannon divergence (base 2) between the dataset’s and the reference’s token distributions: 0 = identical, 1 = disjoint.',
} as const;

/** One coverage figure (a share), its definition on hover. */
function figure(id: string, label: string, definition: string, value: number | null): CountItem {
  return { id, label, title: definition, value, text: fmtPct(value) };
}

/** Which corpus the equal-size figures subsampled, and to how many tokens. */
function sizeAdjustedCaption(a: { subsampled: 'dataset' | 'reference'; toTokens: number }): string {
  const other = a.subsampled === 'dataset' ? 'reference' : 'dataset';
  return `“At equal size”: the ${a.subsampled} subsampled to ${fmtInt(a.toTokens)} tokens (the ${other}’s size), exact expectation. The raw figures grow with the dataset’s size; the verdict judges coverage against the same-distribution baseline below, as a vocabulary-shift note only.`;
}

/** The Tails view; `post` asks the host for pages of the lost tail tokens. */
export function renderTails(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement {
  const series = zipfSeries(r);
  const aligned = alignSeries(series);
  const zipf = chart({
    id: 'zipf-chart',
    title: 'Rank–frequency (log–log)',
    xLabel: 'rank',
    yLabel: 'frequency',
    x: aligned.x,
    ys: aligned.ys,
    labels: series.map((s) => s.label),
    logLog: true,
  });
  const t = r.tails;
  if (t.mode === 'self') {
    return section(
      'tails',
      'Tails',
      h(
        'p',
        { class: 'meta' },
        'No reference dataset: the dataset’s own tail profile. Use “Compare with Reference…” or the Reference picker for coverage.',
      ),
      countList(
        [
          { label: 'Hapax types', value: t.hapaxTypeShare, text: fmtPct(t.hapaxTypeShare) },
          { label: 'Hapax tokens', text: fmtPct(t.hapaxTokenShare) },
          { label: `Tokens in types seen ≤ ${t.lowFrequencyMax}×`, text: fmtPct(t.lowFrequencyTokenShare) },
          { label: 'Zipf exponent', text: fmtNum(t.zipf.exponent) },
          {
            id: 'tail-retention',
            label: 'Hapax retention',
            title: DEF.spectrum,
            value: t.spectrum.hapaxRetention,
            text: fmtNum(t.spectrum.hapaxRetention),
          },
        ],
        { id: 'self-tails' },
      ),
      zipf,
    );
  }
  return section(
    'tails',
    'Tails',
    h(
      'p',
      { class: 'meta' },
      `Reference: ${t.referenceFile.split(/[\\/]/).pop()} · ${fmtInt(t.referenceRows)} rows · ${fmtInt(t.referenceTokens)} tokens · tail = types seen 1…${t.tailMax}× in the reference`,
    ),
    countList(
      [
        figure('tail-type-coverage', 'Tail type coverage', DEF.type, t.typeCoverage),
        figure('tail-mass-coverage', 'Tail mass coverage', DEF.mass, t.massCoverage),
        figure('all-types-coverage', 'All-types coverage', DEF.all, t.allTypesCoverage),
        ...(t.sizeAdjusted
          ? [
              figure(
                'tail-type-coverage-adjusted',
                'Tail type coverage at equal size',
                `${DEF.type} ${DEF.adjusted}`,
                t.sizeAdjusted.typeCoverage,
              ),
              figure(
                'tail-mass-coverage-adjusted',
                'Tail mass coverage at equal size',
                `${DEF.mass} ${DEF.adjusted}`,
                t.sizeAdjusted.massCoverage,
              ),
              figure(
                'all-types-coverage-adjusted',
                'All-types coverage at equal size',
                `${DEF.all} ${DEF.adjusted}`,
                t.sizeAdjusted.allTypesCoverage,
              ),
            ]
          : []),
        { label: 'Jensen–Shannon divergence', title: DEF.js, text: fmtNum(t.jsDivergence) },
        ...(t.baseline
          ? [
              {
                id: 'tail-baseline-same',
                label: 'Same-distribution coverage (reference halves)',
                title: DEF.baseline,
                value: t.baseline.sameDistributionCoverage,
                text: `${fmtPct(t.baseline.sameDistributionCoverage)} (${fmtPct(t.baseline.sameDistributionRange[0])}–${fmtPct(t.baseline.sameDistributionRange[1])})`,
              },
              {
                id: 'tail-baseline-ratio',
                label: 'Dataset ÷ same distribution',
                title: DEF.baseline,
                value: t.baseline.ratio,
                text: `${fmtPct(t.baseline.datasetCoverage)} ÷ ${fmtPct(t.baseline.sameDistributionCoverage)} = ${fmtNum(t.baseline.ratio)}× at ${fmtInt(t.baseline.atTokens)} tokens`,
              },
            ]
          : []),
        {
          id: 'tail-retention',
          label: 'Hapax retention (dataset / reference)',
          title: DEF.spectrum,
          value: t.equalSize?.retention.ratio ?? null,
          text: `${fmtNum(t.spectrum.hapaxRetention)} / ${fmtNum(t.equalSize?.retention.reference ?? null)}`,
        },
      ],
      { id: 'tail-coverage' },
    ),
    t.sizeAdjusted
      ? h('p', { class: 'meta', id: 'size-adjusted-caption' }, sizeAdjustedCaption(t.sizeAdjusted))
      : null,
    zipf,
    h('h3', {}, 'Coverage by band'),
    dataTable({
      attrs: { id: 'bands-table' },
      rows: t.bands,
      rowAttrs: (b) => ({ 'data-count': b.count }),
      columns: [
        { head: 'Reference count', num: true, cell: (b) => `${b.count}×` },
        { head: 'Types', num: true, cell: (b) => fmtInt(b.types) },
        { head: 'Covered', num: true, cell: (b) => fmtInt(b.covered) },
        {
          head: 'Coverage',
          num: true,
          cell: (b) => fmtPct(b.typeCoverage),
          attrs: (b) => ({ 'data-value': String(b.typeCoverage) }),
        },
        { head: '', cell: (b) => shareMeter(b.typeCoverage, `coverage of band ${b.count}`) },
      ],
    }),
    lostList(t.lostTypesTotal, post),
  );
}

/** Request id of the latest lost-types query (the webview's own counter; only its answer is drawn). */
let latestQuery = 0;
/** Draws an answer into the lost list on screen (replaced by every render of the view). */
let drawLost: ((p: LostPage) => void) | null = null;

/** Why: the host answered a lost-types query; drawn only when it answers the latest one. */
export function onLostPage(m: LostPageMessage): void {
  if (m.requestId === latestQuery) drawLost?.(m.result);
}

/** What the list says of its order. */
const ORDER_TEXT: Record<LostOrder, string> = {
  count: 'most frequent in the reference first (ties A→Z)',
  token: 'A→Z',
};

function lostList(total: number, post: (m: WebviewToHost) => void): HTMLElement {
  const state = ui();
  const search = h('vscode-textfield', {
    id: 'lost-search',
    placeholder: 'Search all lost tokens',
    'aria-label': 'Search lost tokens',
    maxlength: MAX_LOST_QUERY_CHARS,
  }) as HTMLElement & { value: string };
  search.value = state.lostQuery;
  const hideNumbers = h(
    'vscode-checkbox',
    { id: 'lost-hide-numbers', checked: state.lostHideNumbers },
    'Hide numbers',
  ) as HTMLElement & { checked: boolean };
  hideNumbers.checked = state.lostHideNumbers;
  const order = h('vscode-single-select', {
    id: 'lost-order',
    'aria-label': 'Order of the lost tokens',
  }) as HTMLElement & {
    value: string;
  };
  order.append(
    h(
      'vscode-option',
      { value: 'count', selected: state.lostOrder === 'count' },
      'Most frequent in the reference first',
    ),
    h('vscode-option', { value: 'token', selected: state.lostOrder === 'token' }, 'Token A→Z'),
  );
  order.value = state.lostOrder;
  const body = h('div', { id: 'lost-body' }, h('p', { class: 'meta', id: 'lost-count' }, 'Searching…'));

  const ask = (page: number): void => {
    const s = ui();
    latestQuery++;
    // within the host's bounds (panelProtocol.isLostQueryMessage), whatever an old saved state holds
    post({
      type: 'lostQuery',
      requestId: latestQuery,
      query: String(s.lostQuery).slice(0, MAX_LOST_QUERY_CHARS),
      hideNumbers: s.lostHideNumbers === true,
      order: s.lostOrder === 'token' ? 'token' : 'count',
      page: Number.isSafeInteger(page) ? Math.max(0, Math.min(page, MAX_LOST_PAGE)) : 0,
    });
  };
  drawLost = (p: LostPage): void => {
    setUi({ lostPage: p.page });
    const s = ui();
    const nav = (label: string, to: number, disabled: boolean): HTMLElement =>
      pageButton(label, () => ask(to), { disabled });
    const scope =
      p.kept < p.total
        ? `${fmtInt(p.kept)} most frequent of ${fmtInt(p.total)} lost tokens searched`
        : `${fmtInt(p.kept)} lost tokens`;
    const hidden = s.lostHideNumbers && p.numeric > 0 ? ` · ${fmtInt(p.numeric)} numbers hidden` : '';
    body.replaceChildren(
      h(
        'p',
        {
          class: 'meta',
          id: 'lost-count',
          'data-matched': p.matched,
          'data-kept': p.kept,
          'data-total': p.total,
        },
        `${fmtInt(p.matched)} ${s.lostQuery.trim() ? 'matching' : 'listed'} of ${scope}${hidden} · ${ORDER_TEXT[s.lostOrder]} · page ${p.page + 1} of ${fmtInt(p.pages)}`,
      ),
      dataTable({
        attrs: { id: 'lost-table' },
        scroll: true,
        rows: p.items,
        empty: p.matched === 0 ? 'No lost token matches.' : undefined,
        columns: [
          { head: 'Token', cell: (x) => x.token, attrs: () => ({ class: 'token' }) },
          { head: 'Reference count', num: true, cell: (x) => fmtInt(x.referenceCount) },
        ],
      }),
      pagerBar(nav('Previous', p.page - 1, p.page <= 0), nav('Next', p.page + 1, p.page + 1 >= p.pages)),
    );
  };

  let timer: ReturnType<typeof setTimeout> | undefined;
  search.addEventListener('input', () => {
    // the host accepts MAX_LOST_QUERY_CHARS printable characters (panelProtocol.isLostQueryMessage)
    setUi({
      lostQuery: search.value.replace(/[\u0000-\u001f\u007f]/g, ' ').slice(0, MAX_LOST_QUERY_CHARS),
      lostPage: 0,
    });
    clearTimeout(timer);
    timer = setTimeout(() => ask(0), SEARCH_DELAY_MS);
  });
  hideNumbers.addEventListener('change', () => {
    setUi({ lostHideNumbers: hideNumbers.checked, lostPage: 0 });
    ask(0);
  });
  order.addEventListener('change', () => {
    setUi({ lostOrder: order.value === 'token' ? 'token' : 'count', lostPage: 0 });
    ask(0);
  });
  ask(state.lostPage);
  return h(
    'div',
    { id: 'lost-types' },
    h('h3', {}, 'Lost tail tokens'),
    h(
      'p',
      { class: 'meta', id: 'lost-about' },
      `Tail types of the reference that never occur in the dataset: ${fmtInt(total)} in all. Listed ${ORDER_TEXT.count} unless you choose A→Z; search and the number filter cover every one the host keeps.`,
    ),
    h('div', { class: 'lost-controls' }, search, order, hideNumbers),
    body,
  );
}
