/**
 * Overview pickers: text field, view, tokenizer, group-by (any field path, completed from the report's slice
 * candidates) and reference. "Apply" sends the choices to the host, which validates them and re-runs the analysis
 * with these options; the reference is only ever "keep", "none" or "pick" (the host's open dialog). Paths are
 * checked as the user types with the CLI's path parser (fieldPathProblem), so a path that would be refused is
 * never sent.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import {
  fieldPathProblem,
  MAX_PATH_CHARS,
  type PanelChoices,
  type WebviewToHost,
} from '../../src/protocol/panelProtocol.ts';
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
  const groupBy = groupByInput(r);
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
  const problems = h('p', { id: 'pick-problem', role: 'alert', class: 'error', hidden: true });
  /** The first path problem of the two path inputs (shown), or null. */
  const check = (): string | null => {
    const bad = [
      ['Text field', field.value.trim()],
      ['Group by', groupBy.input.value.trim()],
    ].find(([, v]) => v !== '' && fieldPathProblem(v) !== null);
    const problem = bad ? `${bad[0]}: ${fieldPathProblem(bad[1])}` : null;
    problems.textContent = problem ?? '';
    problems.hidden = problem === null;
    apply.toggleAttribute('disabled', problem !== null);
    return problem;
  };
  field.addEventListener('input', check);
  groupBy.input.addEventListener('input', check);
  const apply = button(
    'Apply and re-run',
    () => {
      if (check() !== null) return;
      const f = field.value.trim();
      const g = groupBy.input.value.trim();
      const choices: PanelChoices = {
        field: f === '' ? null : f,
        view: oneOf(VIEWS, view.input.value, ANALYSIS_OPTIONS.view.default),
        tokenizer: oneOf(TOKENIZERS, tokenizer.input.value, ANALYSIS_OPTIONS.tokenizer.default),
        groupBy: g === '' ? null : g,
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
    problems,
    apply,
  );
}

/**
 * The Group by input: any field path (as `--group-by` takes it), completed from the report's suggestions — the
 * categorical fields of the first rows, each with its number of values counted over the whole file.
 */
function groupByInput(r: AnalysisReport): { el: HTMLElement; input: HTMLInputElement } {
  const list = h(
    'datalist',
    { id: 'group-by-fields' },
    ...r.sliceCandidates.map((c) =>
      h(
        'option',
        { value: c.field, 'data-distinct': c.distinct },
        `${c.field} (${c.distinct} value${c.distinct === 1 ? '' : 's'} in the file)`,
      ),
    ),
  );
  const input = h('input', {
    id: 'pick-group-by',
    type: 'text',
    list: 'group-by-fields',
    'aria-label': 'Group by (field path)',
    placeholder: r.sliceCandidates.length
      ? `none — e.g. ${r.sliceCandidates[0].field}`
      : 'none — any field path, e.g. category',
    spellcheck: 'false',
    autocomplete: 'off',
    maxlength: MAX_PATH_CHARS,
  }) as HTMLInputElement;
  input.value = r.options.groupBy[0] ?? '';
  const el = h(
    'label',
    {
      class: 'picker',
      title:
        'Any field path, as --group-by takes it (meta.source, turns[0], messages[role=user].content). Suggestions: the categorical fields of the first rows, with their number of values counted over every row of the file.',
    },
    h('span', { class: 'picker-label' }, 'Group by'),
    input,
    list,
  );
  return { el, input };
}
