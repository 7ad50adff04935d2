/**
 * The one-line verdict (healthy / watch / collapse-prone) and its reasons, from documented thresholds
 * (docs/metrics.md, "Verdict"). Each rule compares one reported figure with a watch and a collapse
 * threshold; the verdict is the worst level reached, and the reasons are ordered strongest first.
 */
import type { AnalysisReport, Verdict, VerdictReason } from './reportTypes.ts';

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
const unreadableShare = (r: AnalysisReport) => (r.rows.total > 0 ? (r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8) / r.rows.total : 0);
/** Share of parsed rows whose text view is empty; 1 when nothing parsed at all (nothing to measure). */
const emptyTextShare = (r: AnalysisReport) => (r.rows.parsed > 0 ? r.rows.emptyText / r.rows.parsed : 1);

/** The rules in force; thresholds chosen on the bundled sample and ../shared/data (see docs/metrics.md). */
export const VERDICT_RULES: VerdictRule[] = [
  {
    measure: 'duplicates.near.rateRemovable',
    watch: 0.05,
    collapse: 0.2,
    higherIsWorse: true,
    read: (r) => (r.rows.parsed > 0 ? r.duplicates.near.rateRemovable : undefined),
    describe: (v, t) => {
      const [a, b] = pcts(v, t);
      return `${a} of rows are removable near duplicates (Jaccard ≥ ${'{threshold}'}), above ${b}`;
    },
  },
  {
    measure: 'duplicates.exact.rate',
    watch: 0.05,
    collapse: 0.2,
    higherIsWorse: true,
    read: (r) => (r.rows.parsed > 0 ? r.duplicates.exact.rate : undefined),
    describe: (v, t) => {
      const [a, b] = pcts(v, t);
      return `${a} of rows repeat an earlier row exactly, above ${b}`;
    },
  },
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
    measure: 'tails.typeCoverage',
    watch: 0.6,
    collapse: 0.4,
    higherIsWorse: false,
    read: (r) => (r.tails.mode === 'reference' ? tailCoverageForVerdict(r) : undefined),
    measureOf: (r) => (r.tails.mode === 'reference' && usesSizeAdjusted(r) ? 'tails.sizeAdjusted.typeCoverage' : 'tails.typeCoverage'),
    describe: (v, t, r) => {
      const [a, b] = pcts(v, t);
      const adj = r.tails.mode === 'reference' && usesSizeAdjusted(r) ? r.tails.sizeAdjusted : null;
      return `only ${a} of the reference's rare (tail) word types appear${adj ? ` at equal size (${adj.subsampled} subsampled to ${adj.toTokens.toLocaleString('en-US')} tokens; ${pct(r.tails.mode === 'reference' ? (r.tails.typeCoverage ?? 0) : 0)} as measured)` : ''}, below ${b}`;
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
    describe: (v, _t, r) => `collapse-prone slices hold ${pct(v)} of rows (${flaggedSlices(r).names.join(', ')})`,
  },
  {
    // Not a collapse signal, but figures computed on part of a file must not read as "healthy" unqualified.
    measure: 'rows.unreadableShare',
    watch: 0.01,
    collapse: Infinity,
    higherIsWorse: true,
    read: (r) => unreadableShare(r),
    describe: (v, t, r) => {
      const [a, b] = pcts(v, t);
      return `${a} of lines could not be read (${(r.rows.malformed + r.rows.tooLong + r.rows.invalidUtf8).toLocaleString('en-US')} of ${r.rows.total.toLocaleString('en-US')}), above ${b}: the figures describe only the rest`;
    },
  },
  {
    // Nothing to measure (empty file, or a text view that finds no text) is never "healthy".
    measure: 'rows.emptyTextShare',
    watch: 0.05,
    collapse: Infinity,
    higherIsWorse: true,
    read: (r) => emptyTextShare(r),
    describe: (v, t, r) => {
      if (r.rows.parsed === 0) return 'no rows to measure: the file has no parsed JSON object';
      if (r.tokens.total === 0) return `no text to measure: all ${r.rows.parsed.toLocaleString('en-US')} rows have an empty text view "${r.view}" (choose the text with --field or --view full)`;
      const [a, b] = pcts(v, t);
      return `${a} of rows have no text in the view "${r.view}", above ${b}`;
    },
  },
];

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

/** Size-adjusted coverage when the report has it (like with like), else the raw figure. */
function tailCoverageForVerdict(r: AnalysisReport): number | undefined {
  if (r.tails.mode !== 'reference') return undefined;
  return usesSizeAdjusted(r) ? (r.tails.sizeAdjusted?.typeCoverage ?? undefined) : (r.tails.typeCoverage ?? undefined);
}

function usesSizeAdjusted(r: AnalysisReport): boolean {
  const adj = r.tails.mode === 'reference' ? r.tails.sizeAdjusted?.typeCoverage : undefined;
  return typeof adj === 'number' && Number.isFinite(adj);
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
    const text = rule.describe(value, threshold, report).replace('{threshold}', String(report.options.nearThreshold));
    reasons.push({ severity, measure: rule.measureOf?.(report) ?? rule.measure, value, threshold, text });
  }
  // strongest first: severity, then how far past its threshold (relative)
  reasons.sort((a, b) => b.severity - a.severity || distance(b) - distance(a));
  const level = reasons.some((x) => x.severity === 2) ? 'collapse-prone' : reasons.length ? 'watch' : 'healthy';
  return { level, reasons };
}

function distance(r: VerdictReason): number {
  return Math.abs(r.value - r.threshold) / Math.max(Math.abs(r.threshold), 1e-9);
}
