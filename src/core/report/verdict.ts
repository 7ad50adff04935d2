/**
 * The one-line verdict (healthy / watch / collapse-prone), its reasons and its notes, from thresholds
 * calibrated on controls (docs/metrics.md, "Verdict" and "Verdict calibration"). Two questions are kept
 * apart: homogeneity (thin tails, duplicates, templates — each rule compares one reported figure with a
 * watch and a collapse threshold; the verdict is the worst level reached, reasons strongest first) and
 * vocabulary shift from the reference (a note with its own wording that never sets the level).
 */
import type { AnalysisReport, Verdict, VerdictNote, VerdictReason } from './reportTypes.ts';
import { emptyFileText, isEmptyFile } from './headline.ts';

/** Thresholds of the verdict rules; `higherIsWorse` says which side of the threshold is bad. */
export interface VerdictRule {
  measure: string;
  watch: number;
  collapse: number;
  higherIsWorse: boolean;
  /** Reads the figure from the report; undefined when it does not apply. */
  read(r: AnalysisReport): number | undefined;
  describe(value: number, threshold: number, r: AnalysisReport): string;
  /** The report key the value was read from, when it is not `measure` (e.g. a size-adjusted figure). */
  measureOf?(r: AnalysisReport): string;
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;
/** A value and its threshold as percentages, with enough decimals that they never print alike. */
const pcts = (v: number, t: number): [string, string] => {
  for (let d = 1; d <= 4; d++) {
    const a = `${(100 * v).toFixed(d)}%`;
    const b = `${(100 * t).toFixed(d)}%`;
    if (a !== b) return [a, b];
  }
  return [`${(100 * v).toFixed(4)}%`, `${(100 * t).toFixed(4)}%`];
};
/** Share of lines that could not be read as rows (malformed, too long, invalid UTF-8). */
const unreadableShare = (r: AnalysisReport) =>
  r.rows.total > 0 ? (r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8) / r.rows.total : 0;
/** Share of the bytes read that belong to lines not read as rows. */
const skippedByteShare = (r: AnalysisReport) =>
  r.rows.readBytes > 0 ? r.rows.skippedBytes / r.rows.readBytes : 0;
/** Share of parsed rows whose text view is empty; 1 when nothing parsed at all (nothing to measure). */
const emptyTextShare = (r: AnalysisReport) => (r.rows.parsed > 0 ? r.rows.emptyText / r.rows.parsed : 1);
const fmtInt = (x: number) => Math.round(x).toLocaleString('en-US');

/**
 * Below this many tokens the spectrum rules are not applied: a hapax share over a few thousand tokens
 * is too noisy to judge (docs/metrics.md, "Verdict calibration").
 */
export const SPECTRUM_MIN_TOKENS = 20_000;
/** Below this common size the equal-size comparison with the reference is not judged. */
export const EQUAL_SIZE_MIN_TOKENS = 5_000;

/** Equal-size comparison with the reference, when there is one and it is large enough to judge. */
const equalSize = (r: AnalysisReport) =>
  r.tails.mode === 'reference' && r.tails.equalSize && r.tails.equalSize.atTokens >= EQUAL_SIZE_MIN_TOKENS
    ? r.tails.equalSize
    : undefined;

/**
 * A rule on a share of duplicate rows (watch above 5%, collapse above 20%; not judged without parsed rows).
 * `says(value, threshold)` gets both as percentages.
 */
function duplicateRule(
  measure: string,
  rate: (r: AnalysisReport) => number,
  says: (value: string, threshold: string) => string,
): VerdictRule {
  return {
    measure,
    watch: 0.05,
    collapse: 0.2,
    higherIsWorse: true,
    read: (r) => (r.rows.parsed > 0 ? rate(r) : undefined),
    describe: (v, t) => says(...pcts(v, t)),
  };
}

/**
 * A rule on the part of the file the figures do not describe (unreadable, skipped or empty): it can raise
 * "watch" above `watch`, never "collapse" — figures taken on part of a file must not read as "healthy"
 * unqualified, yet they are not a collapse signal.
 */
function coverageRule(
  measure: string,
  watch: number,
  read: (r: AnalysisReport) => number,
  describe: VerdictRule['describe'],
): VerdictRule {
  return { measure, watch, collapse: Infinity, higherIsWorse: true, read, describe };
}

/**
 * The rules in force. Homogeneity (collapse) rules look only at the dataset's own spectrum, duplicates
 * and templates, and — with a reference — at the two corpora taken at one common size; none of them asks
 * whether the dataset uses the reference's words (that is the vocabulary-shift note, never a reason).
 * Thresholds chosen on the calibration set (scripts/lib/calibrationCases.mjs, docs/metrics.md).
 */
export const VERDICT_RULES: VerdictRule[] = [
  duplicateRule(
    'duplicates.near.rateRemovable',
    (r) => r.duplicates.near.rateRemovable,
    (a, b) => `${a} of rows are removable near duplicates (Jaccard ≥ ${'{threshold}'}), above ${b}`,
  ),
  duplicateRule(
    'duplicates.exact.rate',
    (r) => r.duplicates.exact.rate,
    (a, b) => `${a} of rows repeat an earlier row exactly, above ${b}`,
  ),
  {
    measure: 'duplicates.templates.openings[0].share',
    watch: 0.15,
    collapse: 0.35,
    higherIsWorse: true,
    read: (r) => r.duplicates.templates.openings[0]?.share,
    describe: (v, t, r) => {
      const [a, b] = pcts(v, t);
      return `${a} of rows open with "${r.duplicates.templates.openings[0]?.text ?? ''}", above ${b}`;
    },
  },
  {
    // Own spectrum without a reference: does the vocabulary still grow like natural text's?
    measure: 'tails.spectrum.hapaxRetention',
    watch: 0.8,
    collapse: 0.6,
    higherIsWorse: false,
    read: (r) =>
      r.tails.mode === 'self' && r.tokens.total >= SPECTRUM_MIN_TOKENS
        ? (r.tails.spectrum.hapaxRetention ?? undefined)
        : undefined,
    describe: (v, t, r) =>
      `the vocabulary stopped growing like natural text's: over its last doubling (${fmtInt(r.tokens.total / 2)} → ${fmtInt(r.tokens.total)} tokens) the share of words seen once fell to ${v.toFixed(2)}× (to ${pct(r.tails.spectrum.hapaxTypeShare ?? 0)}); natural text keeps 0.87–0.93×, below ${t} is ${t === 0.6 ? 'a resampled or self-trained signature' : 'thin'}`,
  },
  {
    // With a reference, the reference says how fast this kind of text (prose, code, chat) keeps growing.
    measure: 'tails.equalSize.retention.ratio',
    watch: 0.85,
    collapse: 0.65,
    higherIsWorse: false,
    read: (r) =>
      r.tokens.total >= SPECTRUM_MIN_TOKENS ? (equalSize(r)?.retention.ratio ?? undefined) : undefined,
    describe: (v, t, r) => {
      const e = equalSize(r);
      return `the vocabulary stopped growing like the reference's: over its last doubling the share of words seen once fell to ${(e?.retention.dataset ?? 0).toFixed(2)}× against the reference's ${(e?.retention.reference ?? 0).toFixed(2)}× (${v.toFixed(2)}×, below ${t}×)`;
    },
  },
  {
    measure: 'tails.equalSize.hapaxShareRatio',
    watch: 0.8,
    collapse: 0.5,
    higherIsWorse: false,
    read: (r) => equalSize(r)?.hapaxShareRatio ?? undefined,
    describe: (v, t, r) => {
      const e = equalSize(r);
      return `thinner tail than the reference at equal size (${fmtInt(e?.atTokens ?? 0)} tokens each): ${pct(e?.dataset.hapaxTypeShare ?? 0)} of word types seen once against ${pct(e?.reference.hapaxTypeShare ?? 0)} (${v.toFixed(2)}×, below ${t}×)`;
    },
  },
  {
    // A narrow topic or register also has fewer types: a watch signal only, never collapse on its own.
    measure: 'tails.equalSize.typesRatio',
    watch: 0.8,
    collapse: -Infinity,
    higherIsWorse: false,
    read: (r) => equalSize(r)?.typesRatio ?? undefined,
    describe: (v, t, r) => {
      const e = equalSize(r);
      return `${pct(1 - v)} fewer word types than the reference at equal size (${fmtInt(e?.dataset.types ?? 0)} against ${fmtInt(e?.reference.types ?? 0)} in ${fmtInt(e?.atTokens ?? 0)} tokens; ${v.toFixed(2)}×, below ${t}×)`;
    },
  },
  {
    measure: 'tails.equalSize.mtld.ratio',
    watch: 0.7,
    collapse: -Infinity,
    higherIsWorse: false,
    read: (r) => equalSize(r)?.mtld.ratio ?? undefined,
    describe: (v, t, r) => {
      const e = equalSize(r);
      return `MTLD is ${(e?.mtld.dataset ?? 0).toFixed(1)} against the reference's ${(e?.mtld.reference ?? 0).toFixed(1)} (${v.toFixed(2)}×, below ${t}×): shorter runs of new words`;
    },
  },
  {
    measure: 'lexical.mattr',
    watch: 0.6,
    collapse: 0.45,
    higherIsWorse: false,
    read: (r) => r.lexical.mattr ?? undefined,
    describe: (v, t) => `moving-average type/token ratio is ${v.toFixed(3)}, below ${t}`,
  },
  {
    measure: 'slices.flaggedShare',
    watch: 0.000001,
    collapse: 0.25,
    higherIsWorse: true,
    read: (r) => flaggedShare(r),
    describe: (v, _t, r) =>
      `collapse-prone slices hold ${pct(v)} of rows (${flaggedSlices(r).names.join(', ')})`,
  },
  coverageRule('rows.unreadableShare', 0.01, unreadableShare, (v, t, r) => {
    const [a, b] = pcts(v, t);
    return `${a} of lines could not be read (${(r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8).toLocaleString('en-US')} of ${r.rows.total.toLocaleString('en-US')}), above ${b}: the figures describe only the rest`;
  }),
  // A few skipped lines can hold most of a file (one 30 MB line): judge the bytes, not only the lines.
  coverageRule('rows.skippedByteShare', 0.01, skippedByteShare, (v, t, r) => {
    const [a, b] = pcts(v, t);
    const lines = r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8;
    return `${a} of the file's bytes are in ${lines.toLocaleString('en-US')} skipped line${lines === 1 ? '' : 's'} (${r.rows.tooLong ? `${r.rows.tooLong.toLocaleString('en-US')} too long, ` : ''}${(r.rows.malformed + r.rows.invalidUtf8).toLocaleString('en-US')} unreadable), above ${b}: the figures describe only the rest`;
  }),
  // Nothing to measure (empty file, or a text view that finds no text) is never "healthy".
  coverageRule('rows.emptyTextShare', 0.05, emptyTextShare, (v, t, r) => {
    if (isEmptyFile(r)) return emptyFileText(r);
    if (r.rows.parsed === 0) return 'no rows to measure: the file has no parsed JSON object';
    if (r.tokens.total === 0)
      return `no text to measure: all ${r.rows.parsed.toLocaleString('en-US')} rows have an empty text view "${r.view}" (choose the text with --field or --view full)`;
    const [a, b] = pcts(v, t);
    return `${a} of rows have no text in the view "${r.view}", above ${b}`;
  }),
];

/**
 * Vocabulary shift: the dataset's coverage of the reference's tail against what same-distribution halves
 * of the reference reach (tails.baseline.ratio). Below SHIFT_NOTE the dataset uses other words than the
 * reference — a different topic or register, or lost tail words; it is reported as a note and never
 * raises the level on its own (the homogeneity rules above decide collapse).
 */
export const SHIFT_NOTE = 0.92;
export const STRONG_SHIFT_NOTE = 0.7;

/** The vocabulary-shift note, or none. */
export function vocabularyShiftNote(r: AnalysisReport): VerdictNote | null {
  if (r.tails.mode !== 'reference' || !r.tails.baseline) return null;
  const b = r.tails.baseline;
  if (!(b.ratio < SHIFT_NOTE)) return null;
  const strong = b.ratio < STRONG_SHIFT_NOTE;
  const jsd = r.tails.jsDivergence;
  return {
    measure: 'tails.baseline.ratio',
    value: b.ratio,
    threshold: strong ? STRONG_SHIFT_NOTE : SHIFT_NOTE,
    text:
      `${strong ? 'strong ' : ''}vocabulary shift from the reference: the dataset covers ${pct(b.datasetCoverage)} of the reference's rare (tail) word types ` +
      `where another sample of the reference itself covers ${pct(b.sameDistributionCoverage)} at the same size (${fmtInt(b.atTokens)} tokens; ${b.ratio.toFixed(2)}×)` +
      `${jsd !== null ? `, Jensen–Shannon divergence ${jsd.toFixed(3)}` : ''} — other topics or register, not by itself a sign of collapse`,
  };
}

/** Share of rows in flagged slices, taking the group-by whose flagged values hold the most rows. */
function flaggedShare(r: AnalysisReport): number | undefined {
  if (!r.slices || r.rows.parsed === 0) return undefined;
  return flaggedSlices(r).share;
}

function flaggedSlices(r: AnalysisReport): { share: number; names: string[] } {
  let best = { share: 0, names: [] as string[] };
  for (const g of r.slices?.groups ?? []) {
    const flagged = g.values.filter((v) => v.flagged);
    const share = flagged.reduce((s, v) => s + v.rows, 0) / Math.max(r.rows.parsed, 1);
    if (share > best.share) best = { share, names: flagged.map((v) => `${g.field}=${v.value}`) };
  }
  return best;
}

/** Applies every rule to the report; the level is the worst severity reached. */
export function decideVerdict(report: AnalysisReport): Verdict {
  const reasons: VerdictReason[] = [];
  for (const rule of VERDICT_RULES) {
    const value = rule.read(report);
    if (value === undefined || !Number.isFinite(value)) continue;
    const worse = (t: number) => (rule.higherIsWorse ? value > t : value < t);
    const severity: 0 | 1 | 2 = worse(rule.collapse) ? 2 : worse(rule.watch) ? 1 : 0;
    if (severity === 0) continue;
    const threshold = severity === 2 ? rule.collapse : rule.watch;
    const text = rule
      .describe(value, threshold, report)
      .replace('{threshold}', String(report.options.nearThreshold));
    reasons.push({ severity, measure: rule.measureOf?.(report) ?? rule.measure, value, threshold, text });
  }
  // strongest first: severity, then how far past its threshold (relative)
  reasons.sort((a, b) => b.severity - a.severity || distance(b) - distance(a));
  const level = reasons.some((x) => x.severity === 2)
    ? 'collapse-prone'
    : reasons.length
      ? 'watch'
      : 'healthy';
  const shift = vocabularyShiftNote(report);
  return { level, reasons, notes: shift ? [shift] : [] };
}

function distance(r: VerdictReason): number {
  return Math.abs(r.value - r.threshold) / Math.max(Math.abs(r.threshold), 1e-9);
}
