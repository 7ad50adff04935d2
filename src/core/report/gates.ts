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
  message: string;
}

/** Prefixes users may leave out: `near.x` means `duplicates.near.x`. */
const ALIASES: Record<string, string> = { near: 'duplicates.near', exact: 'duplicates.exact', templates: 'duplicates.templates' };
/** Keys that count rows: with a threshold below 1 they are compared as a share of parsed rows. */
const ROW_COUNT_KEYS = new Set(['duplicates.near.rowsRemovable', 'duplicates.exact.rows', 'rows.malformed', 'rows.invalidUtf8', 'rows.tooLong', 'rows.blank']);

/** Parses one `path<op>number` rule; throws with a readable message on bad syntax. */
export function parseGate(source: string): GateRule {
  const m = /^\s*([A-Za-z0-9_.[\]]+)\s*(>=|<=|>|<)\s*(-?\d+(?:\.\d+)?(?:e-?\d+)?)\s*$/.exec(source);
  if (!m) throw new Error(`bad --fail-on rule "${source}": expected PATH>NUMBER, PATH<NUMBER, >= or <= (e.g. near.rowsRemovable>0.05)`);
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
  if (ROW_COUNT_KEYS.has(rule.path) && rule.threshold < 1) return report.rows.parsed ? cur / report.rows.parsed : 0;
  return cur;
}

/** Evaluates every rule; a rule whose figure is missing is broken (a gate must never pass silently). */
export function evaluateGates(report: AnalysisReport, rules: GateRule[]): GateResult[] {
  return rules.map((rule) => {
    const value = resolveGateValue(report, rule);
    if (value === null) return { rule, value, broken: true, message: `${rule.source}: the report has no number at ${rule.path}` };
    const t = rule.threshold;
    const broken = rule.op === '>' ? value > t : rule.op === '>=' ? value >= t : rule.op === '<' ? value < t : value <= t;
    return { rule, value, broken, message: `${rule.source}: value ${round(value)} ${broken ? 'breaks' : 'passes'} the gate` };
  });
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
