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
}

const pct = (x: number) => `${(100 * x).toFixed(1)}%`;

/** The rules in force; thresholds chosen on the bundled sample and ../shared/data (see docs/metrics.md). */
export const VERDICT_RULES: VerdictRule[] = [
  {
    measure: 'duplicates.near.rateRemovable',
    watch: 0.05,
    collapse: 0.2,
    higherIsWorse: true,
    read: (r) => (r.rows.parsed > 0 ? r.duplicates.near.rateRemovable : undefined),
    describe: (v, t) => `${pct(v)} of rows are removable near duplicates (Jaccard ≥ ${'{threshold}'}), above ${pct(t)}`,
  },
  {
    measure: 'duplicates.exact.rate',
    watch: 0.05,
    collapse: 0.2,
    higherIsWorse: true,
    read: (r) => (r.rows.parsed > 0 ? r.duplicates.exact.rate : undefined),
    describe: (v, t) => `${pct(v)} of rows repeat an earlier row exactly, above ${pct(t)}`,
  },
  {
    measure: 'duplicates.templates.openings[0].share',
    watch: 0.15,
    collapse: 0.35,
    higherIsWorse: true,
    read: (r) => r.duplicates.templates.openings[0]?.share,
    describe: (v, t) => `${pct(v)} of rows open with the same words, above ${pct(t)}`,
  },
  {
    measure: 'tails.typeCoverage',
    watch: 0.6,
    collapse: 0.4,
    higherIsWorse: false,
    read: (r) => (r.tails.mode === 'reference' ? tailCoverageForVerdict(r) : undefined),
    describe: (v, t, r) =>
      `only ${pct(v)} of the reference's rare (tail) word types appear${r.tails.mode === 'reference' && r.tails.sizeAdjusted ? ` (expected at equal size, ${r.tails.sizeAdjusted.subsampled} subsampled)` : ''}, below ${pct(t)}`,
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
  const adj = r.tails.sizeAdjusted?.typeCoverage;
  return typeof adj === 'number' && Number.isFinite(adj) ? adj : (r.tails.typeCoverage ?? undefined);
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
    reasons.push({ severity, measure: rule.measure, value, threshold, text });
  }
  // strongest first: severity, then how far past its threshold (relative)
  reasons.sort((a, b) => b.severity - a.severity || distance(b) - distance(a));
  const level = reasons.some((x) => x.severity === 2) ? 'collapse-prone' : reasons.length ? 'watch' : 'healthy';
  return { level, reasons };
}

function distance(r: VerdictReason): number {
  return Math.abs(r.value - r.threshold) / Math.max(Math.abs(r.threshold), 1e-9);
}
