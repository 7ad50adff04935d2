/**
 * Instructions (issue #16): how many kinds of ask a dataset's prompts hold — the coverage figures of the verb–noun
 * pairs, the two-level chart of the top verbs and their top nouns (charts/verbNounChart.ts), the top pairs (a click
 * lists the pair's example rows and reveals the first in the editor, through the line links every tab uses:
 * `revealLine`, checked by the host), lemma vs token diversity, rates per 1,000 tokens and the nearest-instruction
 * ROUGE-L overlap (within the sample, and against the reference's prompts when the report has them). A report without
 * the `instructions` key, or with null, says why and what to do. Numbers and sentences come from the pure view model
 * (src/core/report/instructionsView.ts); verbs and nouns are dataset text, set as text only.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { InstructionReport } from '../../src/core/instructions/instructionStats.ts';
import type { WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import {
  coverageFigures,
  formRows,
  instructionsState,
  overlapSections,
  overlapSeries,
  pairLabel,
  pairSelection,
  rateRows,
  verbNounBars,
  type InstructionFigure,
  type InstructionsState,
  type PairSelection,
} from '../../src/core/report/instructionsView.ts';
import { fmtInt, fmtPct } from '../../src/core/report/format.ts';
import { h, section, type Child } from '../dom.ts';
import { chart } from '../charts/chart.ts';
import { verbNounChart } from '../charts/verbNounChart.ts';
import { lineButton } from '../widgets/buttons.ts';
import { countList, shareMeter } from '../widgets/figures.ts';
import { dataTable } from '../widgets/table.ts';
import { setUi, ui } from '../uiState.ts';

type Post = (m: WebviewToHost) => void;

/** A sentence of the view model with its `code` spans as <code> elements (field names, flags), the rest as text. */
const withCode = (text: string): Child[] =>
  text.split('`').map((part, i) => (i % 2 === 1 ? h('code', {}, part) : part));

/** The Instructions view. */
export function renderInstructions(r: AnalysisReport, post: Post): HTMLElement {
  const s = instructionsState(r);
  if (s.kind === 'present') return present(s.report, post);
  return section('instructions', 'Instructions', notice(s));
}

/**
 * Why one builder: the report without the key and the report with null say why there are no figures the same way
 * (`#instructions-absent` / `#instructions-none`, a title and a sentence); null also lists the fields tried.
 */
function notice(s: Exclude<InstructionsState, { kind: 'present' }>): HTMLElement {
  return h(
    'div',
    { id: `instructions-${s.kind}`, class: 'notice', 'data-state': s.kind },
    h('h3', {}, s.title),
    h('p', {}, ...withCode(s.message)),
    s.kind === 'none' ? h('ol', {}, ...s.fields.map((f) => h('li', {}, ...withCode(f)))) : null,
  );
}

/** Why: a table cell's raw figure (`data-value`, compared to the JSON by the e2e), `null` spelled out. */
const rawValue = (x: number | null): Record<string, string> => ({
  'data-value': x === null ? 'null' : String(x),
});

/** A <dl class="counts"> of figures, each with its report path (data-count) and raw value (data-value). */
const figures = (id: string, list: InstructionFigure[]): HTMLElement =>
  countList(
    list.map((f) => ({ label: f.label, text: f.text, value: f.value, key: f.key, title: f.definition })),
    { id },
  );

function present(ins: InstructionReport, post: Post): HTMLElement {
  const detail = h('div', { id: 'instruction-pair-rows', 'aria-live': 'polite', hidden: true });
  const pairs = ins.topPairs;

  /**
   * Lists the selected pair's example rows, marks its table row, remembers it (uiState: a hidden panel is rebuilt when
   * it comes back) and, on a click, reveals the first row in the editor.
   */
  const select = (sel: PairSelection, index: number | null, reveal: boolean): void => {
    for (const tr of pairsTable.querySelectorAll('tr[data-index]')) {
      const on = tr.getAttribute('data-index') === String(index);
      tr.classList.toggle('selected', on);
      tr.querySelector('button.pair-button')?.setAttribute('aria-pressed', String(on));
    }
    detail.replaceChildren(
      h('h4', { id: 'instruction-pair-label' }, sel.label),
      h(
        'p',
        { class: 'meta' },
        sel.note,
        ' ',
        ...sel.lines.flatMap((l, i) => [i ? ', ' : '', lineButton(l, post)]),
      ),
    );
    detail.dataset.lines = sel.lines.join(',');
    detail.hidden = false;
    // reveal: the first example row, exactly as a click on its line link does (nothing when links are off)
    if (reveal) (detail.querySelector('button.line-link') as HTMLElement | null)?.click();
  };
  const selectPair = (i: number, reveal = true): void => {
    const p = pairs[i];
    setUi({ instructionPair: { verb: p.verb, noun: p.noun, other: false } });
    select(pairSelection(ins, p.verb, p.noun), i, reveal);
  };

  const pairsTable = dataTable({
    attrs: { id: 'instruction-pairs', 'aria-label': 'Top verb–noun pairs' },
    rows: pairs,
    empty: 'No sampled row has a verb.',
    rowAttrs: (p, i) => ({ 'data-index': i, 'data-verb': p.verb, 'data-noun': p.noun ?? '' }),
    columns: [
      { head: '#', num: true, cell: (_p, i) => String(i + 1) },
      {
        head: 'Pair',
        rowHeader: true,
        cell: (p, i) => {
          const b = h(
            'button',
            {
              type: 'button',
              class: 'pair-button',
              'aria-pressed': 'false',
              title: 'List its example rows and reveal the first',
            },
            pairLabel(p),
          );
          b.addEventListener('click', () => selectPair(i));
          return b;
        },
      },
      { head: 'Rows', num: true, cell: (p) => fmtInt(p.rows), attrs: (p) => ({ 'data-value': p.rows }) },
      {
        head: 'Share',
        cell: (p) => [shareMeter(p.share, 'share of the sampled rows'), ' ', fmtPct(p.share)],
        attrs: (p) => ({ 'data-value': p.share }),
      },
      {
        head: 'Example rows',
        cell: (p) => p.lines.flatMap((l, i) => [i ? ', ' : '', lineButton(l, post)]),
      },
    ],
  });

  const pairIndex = (verb: string, noun: string | null): number =>
    pairs.findIndex((p) => p.verb === verb && p.noun === noun);
  const bars = verbNounBars(ins);
  const onSegment = (verb: string, noun: string | null, reveal = true): void => {
    // a verb's rest that is all "no object" is the (verb, no object) pair of the table
    const noObject = noun === null && bars.some((b) => b.verb === verb && b.segments.some((x) => x.noObject));
    const i = noun === null && !noObject ? -1 : pairIndex(verb, noun);
    if (i >= 0) return selectPair(i, reveal);
    setUi({ instructionPair: { verb, noun, other: noun === null } });
    select(pairSelection(ins, verb, noun, noun === null), null, reveal);
  };
  // the pair selected before this render (the panel was hidden by the editor it revealed a row in): listed again
  const saved = ui().instructionPair;
  if (saved && !saved.other && pairIndex(saved.verb, saved.noun) >= 0)
    selectPair(pairIndex(saved.verb, saved.noun), false);
  else if (saved && ins.topVerbs.some((v) => v.verb === saved.verb))
    onSegment(saved.verb, saved.other ? null : saved.noun, false);

  const over = overlapSeries(ins.overlap, ins.referenceOverlap);
  return section(
    'instructions',
    'Instructions',
    h(
      'p',
      { class: 'meta', id: 'instructions-sample' },
      `Measured on a seeded uniform sample of ${fmtInt(ins.sampledRows)} of the ${fmtInt(ins.promptRows)} rows with a prompt side ` +
        `(at most ${fmtInt(ins.sampleSize)}, seed ${ins.seed}; the first ${fmtInt(ins.maxPromptChars)} characters of each prompt).`,
    ),
    h('h3', {}, 'Coverage'),
    figures('instructions-coverage', coverageFigures(ins)),
    verbNounChart(bars, onSegment),
    h('h3', {}, 'Top verb–noun pairs'),
    h('p', { class: 'meta' }, 'Click a pair to list its example rows and reveal the first in the editor.'),
    pairsTable,
    detail,
    h('h3', {}, 'Lemmas vs tokens'),
    dataTable({
      attrs: { id: 'instruction-forms' },
      rows: formRows(ins),
      rowAttrs: (f) => ({ 'data-key': f.key, title: f.definition }),
      columns: [
        { head: 'Figure', rowHeader: true, cell: (f) => f.label },
        { head: 'Lemmas', num: true, cell: (f) => f.lemmaText, attrs: (f) => rawValue(f.lemma) },
        { head: 'Tokens', num: true, cell: (f) => f.tokenText, attrs: (f) => rawValue(f.token) },
        { head: 'Definition', cell: (f) => f.definition, attrs: () => ({ class: 'definition' }) },
      ],
    }),
    h('h3', {}, `Per 1,000 tokens (${fmtInt(ins.ratesPer1000.tokens)} tokens)`),
    dataTable({
      attrs: { id: 'instruction-rates' },
      rows: rateRows(ins),
      rowAttrs: (x) => ({ 'data-key': x.key }),
      columns: [
        { head: 'Kind', rowHeader: true, cell: (x) => x.label },
        {
          head: 'Per 1,000 tokens',
          num: true,
          cell: (x) => x.text,
          attrs: (x) => ({ 'data-value': String(x.value) }),
        },
      ],
    }),
    h('h3', {}, 'Nearest-instruction overlap (ROUGE-L)'),
    over
      ? chart({
          id: 'overlap-histogram',
          title: 'Prompts by ROUGE-L F with their most similar other prompt',
          xLabel: 'ROUGE-L F (bins of 0.05)',
          yLabel: 'prompts',
          x: over.x,
          ys: over.ys,
          labels: over.labels,
          // two series (within and vs the reference) as lines: overlapping bars would hide one another
          bars: over.labels.length === 1,
          xRange: [0, 1],
        })
      : h(
          'p',
          { class: 'meta', id: 'overlap-none' },
          'Fewer than two sampled prompts: no overlap to measure.',
        ),
    ...overlapSections(ins).map((o) => h('div', {}, h('h4', {}, o.title), figures(o.id, o.figures))),
  );
}
