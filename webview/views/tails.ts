/**
 * Tails: the log–log rank–frequency (Zipf) chart of the dataset and, with a reference, of the
 * reference; coverage of the reference's rare types by band; and the searchable, paged list of lost
 * tail tokens (up to 1,000 in the report) with their reference counts. Tokens are dataset text: shown
 * as text only.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import { alignSeries, filterLostTypes, zipfSeries } from '../../src/core/report/viewModels.ts';
import { fmtInt, fmtNum, fmtPct } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { chart } from '../charts/chart.ts';
import { setUi, ui } from '../uiState.ts';
import { pageButton, pagerBar } from '../widgets/buttons.ts';
import { countList, shareMeter, type CountItem } from '../widgets/figures.ts';
import { dataTable } from '../widgets/table.ts';

/** Lost tokens listed per page. */
const PAGE = 50;

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

/** The Tails view. */
export function renderTails(r: AnalysisReport): HTMLElement {
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
    lostList(t.lostTypes, t.lostTypesTotal),
  );
}

function lostList(lost: { token: string; referenceCount: number }[], total: number): HTMLElement {
  const state = ui();
  const search = h('vscode-textfield', {
    id: 'lost-search',
    placeholder: 'Search lost tokens',
    'aria-label': 'Search lost tokens',
  }) as HTMLElement & { value: string };
  search.value = state.lostQuery;
  const body = h('div', { id: 'lost-body' });
  const draw = (query: string, page: number): void => {
    const { items, total: matched } = filterLostTypes(lost, query, page * PAGE, PAGE);
    const pages = Math.max(1, Math.ceil(matched / PAGE));
    const nav = (label: string, to: number, disabled: boolean): HTMLElement =>
      pageButton(
        label,
        () => {
          setUi({ lostPage: to });
          draw(query, to);
        },
        { disabled },
      );
    body.replaceChildren(
      h(
        'p',
        { class: 'meta', id: 'lost-count', 'data-matched': matched },
        `${fmtInt(matched)} of ${fmtInt(lost.length)} listed tokens${total > lost.length ? ` (${fmtInt(total)} lost in all)` : ''} · page ${page + 1} of ${pages}`,
      ),
      dataTable({
        attrs: { id: 'lost-table' },
        scroll: true,
        rows: items,
        columns: [
          { head: 'Token', cell: (x) => x.token, attrs: () => ({ class: 'token' }) },
          { head: 'Reference count', num: true, cell: (x) => fmtInt(x.referenceCount) },
        ],
      }),
      pagerBar(nav('Previous', page - 1, page <= 0), nav('Next', page + 1, page + 1 >= pages)),
    );
  };
  search.addEventListener('input', () => {
    setUi({ lostQuery: search.value, lostPage: 0 });
    draw(search.value, 0);
  });
  draw(state.lostQuery, state.lostPage);
  return h('div', { id: 'lost-types' }, h('h3', {}, 'Lost tail tokens'), search, body);
}
