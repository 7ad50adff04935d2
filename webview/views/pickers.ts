/**
 * Overview pickers: text field, view, tokenizer, group-by (any field path, completed from the report's slice
 * candidates) and reference. "Apply" sends the choices to the host, which validates them and re-runs the analysis
 * with these options; the reference is only ever "keep", "none" or "pick" (the host's open dialog). Paths are
 * checked as the user types with the CLI's path parser (fieldPathProblem), so a path that would be refused is
 * never sent. A saved report (Open Report…) shows the options it was made with instead (renderSavedOptions): they
 * cannot be changed without a live analysis.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import {
  fieldPathProblem,
  MAX_PATH_CHARS,
  type PanelChoices,
  type PanelReference,
  type WebviewToHost,
} from '../../src/protocol/panelProtocol.ts';
import { ANALYSIS_OPTIONS, TOKENIZERS, VIEWS, type ViewName } from '../../src/core/pipeline/optionsTable.ts';
import { h, section, type Child } from '../dom.ts';
import { button } from '../widgets/buttons.ts';
import { mixUnavailableNotice } from './mix/notice.ts';

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

/** The "Analysis options" section of the Overview; `ref` is the workspace reference now (PanelState.reference). */
export function renderPickers(
  r: AnalysisReport,
  ref: PanelReference,
  post: (m: WebviewToHost) => void,
): HTMLElement {
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
  const reference = referencePicker(ref);
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
        reference: oneOf(['keep', 'none', 'setting', 'pick'] as const, reference.input.value, 'keep'),
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
    referenceLine(ref),
    problems,
    apply,
  );
}

const baseName = (p: string): string => p.split(/[\\/]/).pop() ?? p;

/**
 * The Reference picker: the workspace reference preselected ("keep", labelled with its file and where it comes
 * from), no reference, back to the setting (when the workspace choice overrides one), or another file. Whatever is
 * chosen is the workspace's: every open panel follows.
 */
function referencePicker(ref: PanelReference): ReturnType<typeof select> {
  const from = ref.source === 'workspace' ? 'workspace reference' : 'from the setting';
  const keep = ref.path
    ? `${baseName(ref.path)} — ${from}`
    : ref.source === 'workspace'
      ? 'No reference (workspace choice)'
      : '(none)';
  const options: [string, string][] = [['keep', keep]];
  if (ref.path) options.push(['none', 'No reference']);
  if (ref.source === 'workspace' && ref.setting)
    options.push(['setting', `Use the setting (${baseName(ref.setting)})`]);
  options.push(['pick', 'Choose a file…']);
  const picker = select('pick-reference', 'Reference', options, 'keep');
  picker.el.title =
    'One reference per workspace: choosing here sets it for every dataset of the workspace (as “Set as Reference Dataset” does); it overrides the setting diversityLens.referencePath.';
  return picker;
}

/** Where the reference comes from, in words (and why a dataset that is the reference has none). */
function referenceLine(ref: PanelReference): HTMLElement {
  const text = ref.note
    ? `Reference: none — ${ref.note}.`
    : ref.path
      ? ref.source === 'workspace'
        ? `Reference: ${baseName(ref.path)} — the workspace reference (Set as Reference Dataset, Compare with Reference…, this picker or the Mix view); it applies to every dataset here and overrides the setting diversityLens.referencePath.`
        : `Reference: ${baseName(ref.path)} — from the setting diversityLens.referencePath.`
      : ref.source === 'workspace'
        ? 'Reference: none (the workspace choice; it overrides the setting diversityLens.referencePath).'
        : 'Reference: none. Set one with “Set as Reference Dataset”, this picker or the setting diversityLens.referencePath.';
  return h(
    'p',
    {
      id: 'reference-source',
      class: 'meta',
      'data-source': ref.source,
      'data-path': ref.path ?? '',
      title: ref.path ?? '',
    },
    text,
  );
}

/**
 * When the report was computed against another reference than the workspace's now: says so, offers a re-run.
 * Shown above the tabs (panel.ts), where a user who just set a reference elsewhere looks first.
 */
export function staleReference(
  r: AnalysisReport,
  ref: PanelReference,
  post: (m: WebviewToHost) => void,
): Child {
  const used = r.options.reference?.path ?? null;
  if (used === ref.path) return null;
  return h(
    'p',
    { id: 'reference-stale', class: 'notice' },
    `This report was computed ${used ? `against ${baseName(used)}` : 'without a reference'}; the reference is now ${ref.path ? baseName(ref.path) : 'none'}. `,
    button('Re-run with it', () => post({ type: 'rerun' }), { id: 'rerun-reference', secondary: true }),
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
      : 'none — e.g. category',
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

/**
 * Why: a saved report cannot be re-run with other options; its Overview lists the ones it was made with (the
 * report's `options`), and how to change them (a live analysis of the dataset).
 */
export function renderSavedOptions(r: AnalysisReport): HTMLElement {
  const o = r.options;
  const items: [string, string][] = [
    ['Text field', o.fields.length ? o.fields.join(', ') : `default for the shape (${r.view})`],
    ['View', VIEW_LABELS[o.view as ViewName] ?? o.view],
    ['Tokenizer', o.tokenizer],
    ['Group by', o.groupBy.length ? o.groupBy.join(', ') : 'none'],
    ['Reference', o.reference ? o.reference.path : 'none'],
    ['Near-duplicate threshold', String(o.nearThreshold)],
  ];
  return section(
    'options',
    'Analysis options',
    h('p', { class: 'meta' }, `Detected shape: ${r.shape} · text view: ${r.view}`),
    h(
      'dl',
      { id: 'saved-options', class: 'counts' },
      ...items.flatMap(([label, value]) => [h('dt', {}, label), h('dd', {}, value)]),
    ),
    h(
      'p',
      { class: 'meta', id: 'saved-options-note' },
      'The options this report was made with. To change them, inspect the dataset (Inspect source dataset, above, when the file is reachable) and re-run from its panel.',
    ),
  );
}

/** Why: Mix & Correct reads the dataset's rows and a live analysis; a saved report's panel says so in its place. */
export function savedMixNotice(): HTMLElement {
  return mixUnavailableNotice(
    'mix-saved-note',
    'Mix & Correct previews and writes a corrected dataset from the rows themselves, so it needs a live analysis: inspect the dataset (Inspect source dataset, above, when the file is reachable) and open Mix & Correct in its panel. A saved report is read-only.',
  );
}
