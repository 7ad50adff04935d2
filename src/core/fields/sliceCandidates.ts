/**
 * Suggesting which fields to slice (group) a dataset by, so the user sees e.g. `dataset` or
 * `generator` offered without knowing the schema.
 */
import { joinPath } from './path.ts';

/** One suggested slice field, with its value distribution in the sample. */
export interface SliceCandidate {
  /** Path usable with --group-by (compilePath syntax). */
  field: string;
  /** Distinct values seen in the sample. */
  distinct: number;
  /** Fraction of the sample's object rows where the field holds a usable value. */
  coverage: number;
  /** Most frequent values (at most 10), by rows descending then value ascending. */
  top: { value: string; rows: number }[];
}

/** Rule constants (see suggestSliceCandidates). */
export const SLICE_RULES = {
  minDistinct: 2,
  maxDistinct: 50,
  maxDistinctFraction: 0.5,
  maxValueLength: 64,
  minCoverage: 0.5,
  topValues: 10,
} as const;

interface FieldStats {
  counts: Map<string, number>;
  present: number;
  tooLong: boolean;
  /** More than maxDistinct values seen: disqualified, new values no longer stored (keeps memory bounded). */
  overflow: boolean;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A categorical value as a string: strings, booleans and integers; anything else is not categorical. */
function categorical(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return undefined;
}

function record(stats: Map<string, FieldStats>, field: string, value: string): void {
  let s = stats.get(field);
  if (!s) {
    s = { counts: new Map(), present: 0, tooLong: false, overflow: false };
    stats.set(field, s);
  }
  s.present++;
  if (value.length > SLICE_RULES.maxValueLength) s.tooLong = true;
  if (s.overflow) return;
  const n = s.counts.get(value);
  if (n === undefined && s.counts.size >= SLICE_RULES.maxDistinct) {
    s.overflow = true;
    return;
  }
  s.counts.set(value, (n ?? 0) + 1);
}

/**
 * Categorical fields of `sample` (the first rows), best first, at most `max` (default 10).
 * A field qualifies when it is top-level or one level inside a top-level object (`meta.source`), holds a
 * string / boolean / integer, and over the n object rows of the sample:
 *   present in ≥ 50% of rows, 2 ≤ distinct ≤ 50, distinct ≤ 0.5·n, and every value ≤ 64 characters.
 * Ranked by coverage descending, then distinct ascending (fewer, larger slices first), then field name.
 */
export function suggestSliceCandidates(sample: readonly unknown[], max = 10): SliceCandidate[] {
  const stats = new Map<string, FieldStats>();
  let rows = 0;
  for (const row of sample) {
    if (!isObject(row)) continue;
    rows++;
    for (const k of Object.keys(row)) {
      const v = row[k];
      const c = categorical(v);
      if (c !== undefined) record(stats, joinPath('', k), c);
      else if (isObject(v)) {
        for (const k2 of Object.keys(v)) {
          const c2 = categorical(v[k2]);
          if (c2 !== undefined) record(stats, joinPath(joinPath('', k), k2), c2);
        }
      }
    }
  }
  const out: SliceCandidate[] = [];
  for (const [field, s] of stats) {
    const distinct = s.counts.size;
    if (s.tooLong || s.overflow) continue;
    if (s.present < SLICE_RULES.minCoverage * rows) continue;
    if (distinct < SLICE_RULES.minDistinct || distinct > SLICE_RULES.maxDistinct) continue;
    if (distinct > SLICE_RULES.maxDistinctFraction * rows) continue;
    const top = [...s.counts]
      .map(([value, n]) => ({ value, rows: n }))
      .sort((a, b) => b.rows - a.rows || (a.value < b.value ? -1 : a.value > b.value ? 1 : 0))
      .slice(0, SLICE_RULES.topValues);
    out.push({ field, distinct, coverage: s.present / rows, top });
  }
  out.sort(
    (a, b) =>
      b.coverage - a.coverage ||
      a.distinct - b.distinct ||
      (a.field < b.field ? -1 : a.field > b.field ? 1 : 0),
  );
  return out.slice(0, max);
}
