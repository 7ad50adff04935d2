/**
 * `--fail-on` quality gates for CI: rules like `near.rowsRemovable>0.05` or `tails.typeCoverage<0.4`
 * evaluated against the report, so a pipeline can refuse a dataset that drifted.
 */
import type { AnalysisReport } from './reportTypes.ts';

export interface GateRule {
  source: string;
  path: string;
  op: '>' | '>=' | '<' | '<=';
  threshold: number;
}

export interface GateResult {
  rule: GateRule;
  /** The compared value (a share of parsed rows for row counts, see resolveGateValue). */
  value: number | null;
  broken: boolean;
  /** The report has no number at the rule's path (a typo, or a figure this run did not compute). */
  missing: boolean;
  message: string;
}

/** Prefixes users may leave out: `near.x` means `duplicates.near.x`. */
const ALIASES: Record<string, string> = {
  near: 'duplicates.near',
  exact: 'duplicates.exact',
  templates: 'duplicates.templates',
};
/** Keys that count rows: with a threshold below 1 they are compared as a share of parsed rows. */
const ROW_COUNT_KEYS = new Set([
  'duplicates.near.rowsRemovable',
  'duplicates.exact.rows',
  'rows.malformed',
  'rows.invalidUtf8',
  'rows.tooLong',
  'rows.blank',
]);

/** Parses one `path<op>number` rule; throws with a readable message on bad syntax. */
export function parseGate(source: string): GateRule {
  const m = /^\s*([A-Za-z0-9_.[\]]+)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(source);
  if (!m)
    throw new Error(
      `bad --fail-on rule "${source}": expected PATH>NUMBER, PATH<NUMBER, >= or <= (e.g. near.rowsRemovable>0.05)`,
    );
  const [first, ...rest] = m[1].split('.');
  const path = [ALIASES[first] ?? first, ...rest].join('.');
  return { source, path, op: m[2] as GateRule['op'], threshold: Number(m[3]) };
}

/** Reads the rule's value from the report (null when the report has no such figure). */
export function resolveGateValue(report: AnalysisReport, rule: GateRule): number | null {
  let cur: unknown = report;
  for (const key of rule.path.split('.')) {
    if (cur === null || typeof cur !== 'object') return null;
    cur = (cur as Record<string, unknown>)[key];
  }
  if (typeof cur !== 'number' || !Number.isFinite(cur)) return null;
  if (ROW_COUNT_KEYS.has(rule.path) && rule.threshold < 1)
    return report.rows.parsed ? cur / report.rows.parsed : 0;
  return cur;
}

/**
 * Evaluates every rule. A rule whose figure is missing is broken and marked `missing` (a gate must never
 * pass silently; the CLI reports it as a usage error, not as a data failure).
 */
export function evaluateGates(report: AnalysisReport, rules: GateRule[]): GateResult[] {
  return rules.map((rule) => {
    const value = resolveGateValue(report, rule);
    if (value === null) {
      const hint =
        rule.path.startsWith('tails.') && report.tails.mode !== 'reference'
          ? ' (tail coverage needs --reference)'
          : rule.path.startsWith('slices.') && !report.slices
            ? ' (slices need --group-by)'
            : ' (see docs/report.md for the keys)';
      return {
        rule,
        value,
        broken: true,
        missing: true,
        message: `${rule.source}: the report has no number at ${rule.path}${hint}`,
      };
    }
    const t = rule.threshold;
    const broken =
      rule.op === '>' ? value > t : rule.op === '>=' ? value >= t : rule.op === '<' ? value < t : value <= t;
    return {
      rule,
      value,
      broken,
      missing: false,
      message: `${rule.source}: value ${round(value)} ${broken ? 'breaks' : 'passes'} the gate`,
    };
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
