/**
 * The Mix & Correct view's model, free of DOM so it is unit-tested under Node: the controls' values →
 * the MixSettings sent to the host (the same shape isMixSettings accepts), the figure rows shown before /
 * projected / measured side by side, and the honesty check of a written mix (rows exactly, every tail coverage
 * — held-out and equal-size — within 0.02 absolute, distinct-2, MATTR and expected types within 2 % relative —
 * docs/mixing.md), whether a write is in progress (which locks the inputs), the schema choice sent to the host
 * and the texts of the view that are computed (the templates label, the schema summary, the coinciding-lines hint).
 */
import type { MixFigures } from '../../../src/core/mix/mixFigures.ts';
import type { MixSettings } from '../../../src/core/mix/mixTypes.ts';
import {
  MIX_MAX_HOLDOUT,
  MIX_MIN_HOLDOUT,
  MIX_NEAR_FLOOR,
  type MixModelInfo,
  type MixSchemaChoice,
} from '../../../src/protocol/mixWorkerProtocol.ts';
import type { GenerationPoint, GenerationsProjection } from '../../../src/core/mix/generations.ts';
import type { MixPanelState } from '../../../src/protocol/panelProtocol.ts';
import { fmtInt, fmtNum, fmtPct } from '../../../src/core/report/format.ts';

/** The raw values of the controls (as the form holds them). */
export interface MixControls {
  /** Real-data share of the result's rows, 0–100 (%). */
  realPercent: number;
  sizeKind: 'all' | 'rows' | 'tokens';
  size: number;
  dedup: 'none' | 'exact' | 'near';
  nearThreshold: number;
  /** Capped field ('' = no cap). */
  capField: string;
  capKind: 'share' | 'rows';
  /** Percent of the result's rows (share) or a row count (rows). */
  capMax: number;
  dropTemplates: boolean;
  seed: number;
  /** Share of the reference rows held out (never mixed in; tail figures are measured against them), % of rows. */
  holdoutPercent: number;
  generations: boolean;
}

export const DEFAULT_CONTROLS: MixControls = {
  realPercent: 20,
  sizeKind: 'all',
  size: 1000,
  dedup: 'none',
  nearThreshold: 0.8,
  capField: '',
  capKind: 'share',
  capMax: 30,
  dropTemplates: false,
  seed: 1,
  holdoutPercent: 30,
  generations: false,
};

const clamp = (x: number, lo: number, hi: number): number => Math.min(hi, Math.max(lo, x));
const finite = (x: number, dflt: number): number => (Number.isFinite(x) ? x : dflt);

/**
 * Settings for the controls, clamped into the accepted ranges: realFraction = realPercent / 100 in [0, 1];
 * a size target (integer ≥ 1) only when sizeKind is rows / tokens; near threshold in [MIX_NEAR_FLOOR, 1];
 * a cap only when a field is chosen — share caps as a fraction in (0, 1) (100 % or more = no cap), row caps
 * as an integer ≥ 1; seed an integer in [0, 2^32); held-out share in [MIX_MIN_HOLDOUT, MIX_MAX_HOLDOUT].
 */
export function settingsFromControls(c: MixControls): MixSettings {
  const s: MixSettings = { realFraction: clamp(finite(c.realPercent, 0), 0, 100) / 100 };
  if (c.sizeKind !== 'all') {
    const n = Math.max(1, Math.floor(finite(c.size, 1)));
    if (c.sizeKind === 'rows') s.rows = n;
    else s.tokens = n;
  }
  s.dedup =
    c.dedup === 'near'
      ? { kind: 'near', threshold: clamp(finite(c.nearThreshold, 0.8), MIX_NEAR_FLOOR, 1) }
      : { kind: c.dedup };
  if (c.capField) {
    if (c.capKind === 'share') {
      const share = finite(c.capMax, 100) / 100;
      if (share > 0 && share < 1) s.caps = [{ field: c.capField, max: share }];
    } else {
      s.caps = [{ field: c.capField, max: Math.max(1, Math.floor(finite(c.capMax, 1))) }];
    }
  }
  s.dropTemplates = c.dropTemplates;
  s.seed = clamp(Math.floor(finite(c.seed, 1)), 0, 2 ** 32 - 1);
  s.holdout = clamp(finite(c.holdoutPercent, 30) / 100, MIX_MIN_HOLDOUT, MIX_MAX_HOLDOUT);
  return s;
}

/** One compared figure: report key, label, value getter, formatter. */
export interface FigureRow {
  key: string;
  label: string;
  get: (f: MixFigures) => number | null;
  fmt: (v: number | null) => string;
}

const ratio = (v: number | null): string => fmtNum(v, 3);
const pct = (v: number | null): string => fmtPct(v, 1);
const int = (v: number | null): string => (v === null ? 'n/a' : fmtInt(v));

const rounded = (v: number | null): string => int(v === null ? null : Math.round(v));

/** One figure row: the report key it mirrors, its label, how to read it from the figures and how to show it. */
const row = (key: string, label: string, get: FigureRow['get'], fmt: FigureRow['fmt']): FigureRow => ({
  key,
  label,
  get,
  fmt,
});

/** The tails blocks a figures set may lack (no held-out part to compare with), by name. */
type OptionalTails = { [B in 'sizeAdjusted' | 'expectedTypes']: NonNullable<MixFigures['tails'][B]> };
/** The numeric fields of one of them. */
type NumericField<T> = { [K in keyof T]: T[K] extends number | null ? K : never }[keyof T] & string;

/** The row of `tails.<block>.<field>`: null when the figures lack the block. */
function optionalTailsRow<B extends keyof OptionalTails>(
  block: B,
  field: NumericField<OptionalTails[B]>,
  label: string,
  fmt: FigureRow['fmt'],
): FigureRow {
  const get = (f: MixFigures): number | null =>
    ((f.tails[block] as OptionalTails[B] | null)?.[field] as number | null | undefined) ?? null;
  return row(`tails.${block}.${field}`, label, get, fmt);
}

/** The figures the view compares, under the analysis report's keys. */
export const FIGURE_ROWS: FigureRow[] = [
  row('rows.parsed', 'Rows', (f) => f.rows.parsed, int),
  row('tokens.total', 'Tokens', (f) => f.tokens.total, int),
  row('tokens.types', 'Token types', (f) => f.tokens.types, int),
  row('lexical.distinct.1', 'Distinct-1', (f) => f.lexical.distinct[1], ratio),
  row('lexical.distinct.2', 'Distinct-2', (f) => f.lexical.distinct[2], ratio),
  row('lexical.mattr', 'MATTR', (f) => f.lexical.mattr, ratio),
  row('duplicates.exact.rate', 'Exact duplicate rows', (f) => f.duplicates.exact.rate, pct),
  row(
    'duplicates.near.rateRemovable',
    'Near duplicates removable',
    (f) => f.duplicates.near.rateRemovable,
    pct,
  ),
  row('tails.typeCoverage', 'Tail coverage of held-out real rows (types)', (f) => f.tails.typeCoverage, pct),
  row('tails.massCoverage', 'Tail coverage of held-out real rows (mass)', (f) => f.tails.massCoverage, pct),
  optionalTailsRow('sizeAdjusted', 'typeCoverage', 'Tail coverage at equal size (types)', pct),
  optionalTailsRow('sizeAdjusted', 'massCoverage', 'Tail coverage at equal size (mass)', pct),
  optionalTailsRow('expectedTypes', 'atTokens', 'Common size (tokens)', int),
  optionalTailsRow('expectedTypes', 'mix', 'Expected types at the common size', rounded),
  optionalTailsRow('expectedTypes', 'heldOut', 'Held-out expected types at the common size', rounded),
];

/** Result of comparing one figure of a written mix with its projection. */
export interface HonestyCheck {
  key: string;
  projected: number | null;
  measured: number | null;
  ok: boolean;
  /** The tolerance rule applied, in words. */
  rule: string;
}

const absolute = { rule: '±0.02', ok: (p: number, m: number) => Math.abs(m - p) <= 0.02 + 1e-12 };
const relative = {
  rule: '±2 %',
  ok: (p: number, m: number) => Math.abs(m - p) <= 0.02 * Math.abs(p) + 1e-12,
};

/**
 * The honesty contract of docs/mixing.md: rows.parsed exactly; every tail coverage (held-out types and mass,
 * equal-size types and mass) within 0.02 absolute; lexical.distinct.2, lexical.mattr and the expected types at
 * the common size within 2 % relative (|m − p| ≤ 0.02·|p|). Both null counts as equal.
 */
export function honestyChecks(projected: MixFigures, measured: MixFigures): HonestyCheck[] {
  const rules: { key: string; rule: string; ok: (p: number, m: number) => boolean }[] = [
    { key: 'rows.parsed', rule: 'exactly', ok: (p, m) => p === m },
    { key: 'tails.typeCoverage', ...absolute },
    { key: 'tails.massCoverage', ...absolute },
    { key: 'tails.sizeAdjusted.typeCoverage', ...absolute },
    { key: 'tails.sizeAdjusted.massCoverage', ...absolute },
    { key: 'tails.expectedTypes.mix', ...relative },
    { key: 'tails.expectedTypes.heldOut', ...relative },
    { key: 'lexical.distinct.2', ...relative },
    { key: 'lexical.mattr', ...relative },
  ];
  return rules.map(({ key, rule, ok }) => {
    const row = FIGURE_ROWS.find((r) => r.key === key)!;
    const p = row.get(projected);
    const m = row.get(measured);
    return { key, projected: p, measured: m, rule, ok: p === null || m === null ? p === m : ok(p, m) };
  });
}

/**
 * True while a corrected dataset is being written or measured: the view then disables "Choose reference…",
 * "Analyse again" and Write, since rebuilding the model would end the write (the host refuses them too).
 */
export function writeInProgress(w: MixPanelState['write']): boolean {
  return w.status === 'writing' || w.status === 'measuring';
}

/**
 * The label of "drop templates" (issue #12: it said "3 in the dataset" — the flagged openings — while 167 rows
 * open with them): the ROWS each input has that open with a flagged 3-gram, and how many openings are flagged.
 */
export function templateLabel(info: Pick<MixModelInfo, 'flaggedTemplates' | 'flaggedTemplateRows'>): string {
  const side = (rows: number, openings: number, whose: string): string =>
    openings === 0
      ? `no ${whose} row (no flagged opening)`
      : `${fmtInt(rows)} ${whose} row${rows === 1 ? '' : 's'} (${fmtInt(openings)} flagged opening${openings === 1 ? '' : 's'})`;
  return `Drop rows that start with a flagged template: ${side(info.flaggedTemplateRows.dataset, info.flaggedTemplates.dataset, 'dataset')}, ${side(info.flaggedTemplateRows.reference, info.flaggedTemplates.reference, 'reference')}`;
}

/**
 * The schema choice the Mix view sends (`mixSchema`, checked by isMixSchemaChoice): `keep`, or `dataset` with the
 * mapping field's entries — `SRC=DEST` separated by commas or new lines, trimmed, empty ones skipped.
 */
export function schemaChoiceFromControls(mode: string, mapText: string): MixSchemaChoice {
  if (mode === 'keep') return { mode: 'keep', map: [] };
  const map = mapText
    .split(/[,\n]/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  return { mode: 'dataset', map };
}

/** What the view says about how reference rows are written (from the built model's info). */
export function schemaSummary(info: Pick<MixModelInfo, 'referenceSchema'>): string[] {
  const s = info.referenceSchema;
  if (s.mode === 'keep')
    return ['Reference rows are copied as they are: the written file holds both schemas.'];
  return [
    `Reference rows are written in the dataset's schema (${s.shape}): ${fmtInt(s.kept)} already in it, ${fmtInt(s.converted)} converted, ${fmtInt(s.refused)} cannot be converted and are left out.`,
    ...s.mapping,
  ];
}

/**
 * A hint for lines of the generations chart drawn on top of each other (issue #12: six lines at 0 looked like
 * none): the groups of series (types per regime, tail coverage per regime) with equal values at every
 * generation, e.g. "Drawn on top of each other: tail coverage of replace, accumulate and fresh real 20% (0 % at
 * every generation)". null when no two lines coincide.
 */
export function coincidingLinesHint(g: GenerationsProjection): string | null {
  const regimes = (['replace', 'accumulate', 'fresh'] as const).filter((r) => g.regimes[r]);
  const name = (r: (typeof regimes)[number]): string =>
    r === 'fresh' ? `fresh real ${Math.round(100 * g.realShare)}%` : r;
  const groups: string[] = [];
  const series: [string, (p: GenerationPoint) => number | null][] = [
    ['types', (p) => p.types],
    ['tail coverage', (p) => p.tailCoverage],
  ];
  for (const [what, get] of series) {
    const valuesOf = (r: (typeof regimes)[number]): (number | null)[] => g.regimes[r]!.map(get);
    const done = new Set<string>();
    for (const r of regimes) {
      const values = valuesOf(r);
      const key = JSON.stringify(values);
      if (done.has(key) || values.every((v) => v === null)) continue;
      done.add(key);
      const names = regimes.filter((o) => JSON.stringify(valuesOf(o)) === key).map(name);
      if (names.length < 2) continue;
      const list =
        names.length === 2 ? names.join(' and ') : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
      const v0 = values[0];
      const at =
        v0 !== null && values.every((v) => v === v0)
          ? ` (${what === 'types' ? fmtInt(v0) : fmtPct(v0, 0)} at every generation)`
          : '';
      groups.push(`${what} of ${list}${at}`);
    }
  }
  return groups.length === 0
    ? null
    : `Drawn on top of each other (equal at every generation): ${groups.join('; ')}.`;
}
