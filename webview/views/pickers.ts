/**
 * Overview pickers: text field, view, tokenizer, group-by (from the report's slice candidates) and
 * reference. "Apply" sends the choices to the host, which validates them and re-runs the analysis
 * with these options; the reference is only ever "keep", "none" or "pick" (the host's open dialog).
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { PanelChoices, WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { ANALYSIS_OPTIONS, TOKENIZERS, VIEWS, type ViewName } from '../../src/core/pipeline/optionsTable.ts';
import { h, section } from '../dom.ts';
import { button } from '../widgets/buttons.ts';

const VIEW_LABELS: Record<ViewName, string> = { default: 'Shape default', full: 'Full row' };

/** `v` when it is one of `values` (the options table's names), else `fallback`. */
const oneOf = <T extends string>(values: readonly T[], v: string, fallback: T): T =>
  (values as readonly string[]).includes(v) ? (v as T) : fallback;

type Select = HTMLElement & { value: string };

function select(
  id: string,
  label: string,
  options: [string, string][],
  value: string,
): { el: HTMLElement; input: Select } {
  const input = h('vscode-single-select', { id, 'aria-label': label }) as Select;
  for (const [v, text] of options)
    input.append(h('vscode-option', { value: v, selected: v === value, description: undefined }, text));
  input.value = value;
  return { el: h('label', { class: 'picker' }, h('span', { class: 'picker-label' }, label), input), input };
}

/** The "Analysis options" section of the Overview. */
export function renderPickers(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement {
  const field = h('vscode-textfield', {
    id: 'pick-field',
    'aria-label': 'Text field',
    placeholder: 'default for the shape',
  }) as HTMLElement & { value: string };
  field.value = r.options.fields.join(',');
  const view = select(
    'pick-view',
    'View',
    VIEWS.map((v): [string, string] => [v, VIEW_LABELS[v]]),
    r.options.view,
  );
  const tokenizer = select(
    'pick-tokenizer',
    'Tokenizer',
    TOKENIZERS.map((t): [string, string] => [t, t]),
    r.options.tokenizer,
  );
  // slice candidates are suggested from the first rows only (the report does not say how many): say so
  const groups: [string, string][] = [
    ['', '(none)'],
    ...r.sliceCandidates.map((c): [string, string] => [
      c.field,
      `${c.field} (${c.distinct} value${c.distinct === 1 ? '' : 's'} in the first rows)`,
    ]),
  ];
  const current = r.options.groupBy[0] ?? '';
  if (current && !groups.some(([v]) => v === current)) groups.push([current, current]);
  const groupBy = select('pick-group-by', 'Group by', groups, current);
  groupBy.el.title =
    'Fields suggested from the first rows of the file (value counts are from those rows); the analysis groups every row.';
  const refName = r.options.reference ? (r.options.reference.path.split(/[\\/]/).pop() ?? '') : '';
  const reference = select(
    'pick-reference',
    'Reference',
    [
      ['keep', refName ? `${refName} (current)` : '(none)'],
      ['none', 'No reference'],
      ['pick', 'Choose a file…'],
    ],
    'keep',
  );
  const apply = button(
    'Apply and re-run',
    () => {
      const f = field.value.trim();
      const choices: PanelChoices = {
        field: f === '' ? null : f.slice(0, 512),
        view: oneOf(VIEWS, view.input.value, ANALYSIS_OPTIONS.view.default),
        tokenizer: oneOf(TOKENIZERS, tokenizer.input.value, ANALYSIS_OPTIONS.tokenizer.default),
        groupBy: groupBy.input.value === '' ? null : groupBy.input.value,
        reference:
          reference.input.value === 'none' ? 'none' : reference.input.value === 'pick' ? 'pick' : 'keep',
      };
      post({ type: 'setOptions', choices });
    },
    { id: 'apply-options' },
  );
  return section(
    'options',
    'Analysis options',
    h('p', { class: 'meta' }, `Detected shape: ${r.shape} · text view: ${r.view}`),
    h(
      'div',
      { class: 'pickers' },
      h('label', { class: 'picker' }, h('span', { class: 'picker-label' }, 'Text field'), field),
      view.el,
      tokenizer.el,
      groupBy.el,
      reference.el,
    ),
    apply,
  );
}
