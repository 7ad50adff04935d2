/**
 * The Mix view's form: real-data share (slider + number), target size (all / rows / tokens), dedup
 * (none / exact / near at a threshold), a cap per slice value (field, max as % of rows or a row count),
 * drop flagged templates, seed, the held-out share of the reference, and the generations toggle. Plain inputs built through dom.ts; every
 * change calls `onChange` with the new control values (the view debounces and previews).
 */
import type { MixModelInfo } from '../../../src/protocol/mixWorkerProtocol.ts';
import { fmtInt } from '../../../src/core/report/format.ts';
import { h } from '../../dom.ts';
import { templateLabel, type MixControls } from './model.ts';

type Field = HTMLInputElement | HTMLSelectElement;

function labelled(id: string, label: string, control: HTMLElement, ...extra: HTMLElement[]): HTMLElement {
  return h('div', { class: 'mix-control' }, h('label', { for: id }, label), control, ...extra);
}

function input(
  id: string,
  type: string,
  value: string | number,
  attrs: Record<string, string | number> = {},
): HTMLInputElement {
  return h('input', { id, type, value: String(value), ...attrs }) as HTMLInputElement;
}

function select(id: string, value: string, options: [string, string][]): HTMLSelectElement {
  const s = h(
    'select',
    { id },
    ...options.map(([v, text]) => h('option', { value: v }, text)),
  ) as HTMLSelectElement;
  s.value = value;
  return s;
}

/** Builds the form for `info` with initial values `c`; `onChange` gets a fresh copy after every edit. */
export function buildMixControls(
  info: MixModelInfo,
  c: MixControls,
  onChange: (c: MixControls) => void,
): HTMLElement {
  const real = input('mix-real', 'range', c.realPercent, {
    min: 0,
    max: 100,
    step: 1,
    'aria-label': 'Real-data share (%)',
  });
  const realNum = input('mix-real-number', 'number', c.realPercent, { min: 0, max: 100, step: 1 });
  const sizeKind = select('mix-size-kind', c.sizeKind, [
    ['all', 'as many as the controls allow'],
    ['rows', 'rows'],
    ['tokens', 'tokens'],
  ]);
  const size = input('mix-size', 'number', c.size, { min: 1, step: 1, 'aria-label': 'Target size' });
  const dedup = select('mix-dedup', c.dedup, [
    ['none', 'none'],
    ['exact', 'exact'],
    ['near', 'near'],
  ]);
  const near = input('mix-near-threshold', 'number', c.nearThreshold, {
    min: info.nearFloor,
    max: 1,
    step: 0.05,
    'aria-label': 'Near-duplicate Jaccard threshold',
  });
  const capField = select('mix-cap-field', c.capField, [
    ['', 'no cap'],
    ...info.slicePaths.map((p): [string, string] => [p, p]),
  ]);
  const capMax = input('mix-cap-max', 'number', c.capMax, { min: 1, step: 1, 'aria-label': 'Cap per value' });
  const capKind = select('mix-cap-kind', c.capKind, [
    ['share', '% of rows'],
    ['rows', 'rows'],
  ]);
  const templates = input('mix-drop-templates', 'checkbox', '');
  templates.checked = c.dropTemplates;
  const seed = input('mix-seed', 'number', c.seed, { min: 0, step: 1 });
  const holdout = input('mix-holdout', 'number', c.holdoutPercent, {
    min: 5,
    max: 90,
    step: 5,
    'aria-label': 'Held-out share of the reference rows (%)',
  });
  const gens = input('mix-generations', 'checkbox', '');
  gens.checked = c.generations;

  const sync = (): void => {
    size.disabled = sizeKind.value === 'all';
    near.disabled = dedup.value !== 'near';
    capMax.disabled = capKind.disabled = capField.value === '';
  };
  const read = (): MixControls => ({
    realPercent: Number(realNum.value),
    sizeKind: sizeKind.value as MixControls['sizeKind'],
    size: Number(size.value),
    dedup: dedup.value as MixControls['dedup'],
    nearThreshold: Number(near.value),
    capField: capField.value,
    capKind: capKind.value as MixControls['capKind'],
    capMax: Number(capMax.value),
    dropTemplates: templates.checked,
    seed: Number(seed.value),
    holdoutPercent: Number(holdout.value),
    generations: gens.checked,
  });
  const changed = (): void => {
    sync();
    onChange(read());
  };
  real.addEventListener('input', () => {
    realNum.value = real.value;
    changed();
  });
  realNum.addEventListener('input', () => {
    if (realNum.value !== '') real.value = realNum.value;
    changed();
  });
  const fields: Field[] = [
    sizeKind,
    size,
    dedup,
    near,
    capField,
    capMax,
    capKind,
    templates,
    seed,
    holdout,
    gens,
  ];
  for (const f of fields)
    f.addEventListener(f instanceof HTMLSelectElement || f.type === 'checkbox' ? 'change' : 'input', changed);
  sync();

  return h(
    'div',
    { id: 'mix-controls', class: 'mix-controls' },
    labelled('mix-real', 'Real-data share (% of rows)', real, realNum),
    labelled('mix-size-kind', 'Target size', sizeKind, size),
    labelled('mix-dedup', 'Deduplicate (keep the first of each cluster)', dedup, near),
    info.slicePaths.length
      ? labelled('mix-cap-field', 'Cap per slice value', capField, capMax, capKind)
      : h(
          'div',
          { class: 'mix-control meta' },
          'No slice field to cap (the analysis found no categorical field).',
        ),
    labelled('mix-drop-templates', templateLabel(info), templates),
    labelled('mix-seed', 'Seed', seed),
    labelled(
      'mix-holdout',
      `Held out of the reference (% of its ${fmtInt(info.referenceRows)} rows; never mixed in, tail figures are measured against them)`,
      holdout,
    ),
    labelled('mix-generations', 'Project generations (unigram and bigram simulations)', gens),
  );
}
