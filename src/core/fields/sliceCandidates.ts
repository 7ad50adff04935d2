/**
 * Suggesting which fields to slice (group) a dataset by, so the user sees e.g. `dataset` or
 * `generator` offered without knowing the schema. The fields come from the file's first rows; their values are
 * counted over the whole file (SliceFieldCounter), so "5 values" means 5 in the file.
 */
import { joinPath } from './path.ts';

/** One suggested slice field, with its value distribution over the rows counted (an analysis: the whole file). */
export interface SliceCandidate {
  /** Path usable with --group-by (compilePath syntax). */
  field: string;
  /** Distinct values in the rows counted. */
  distinct: number;
  /** Fraction of the object rows counted where the field holds a usable value. */
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

/** Fields tracked over the whole file at most (the ones of the first rows, most present first). */
export const MAX_TRACKED_FIELDS = 64;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A categorical value as a string: strings, booleans and integers; anything else is not categorical. */
function categorical(v: unknown): string | undefined {
  if (typeof v === 'string' || typeof v === 'boolean') return String(v);
  if (typeof v === 'number' && Number.isInteger(v)) return String(v);
  return undefined;
}

const newStats = (): FieldStats => ({ counts: new Map(), present: 0, tooLong: false, overflow: false });

/** Counts one value; a disqualified field (a value too long, too many values) keeps no values (bounded memory). */
function record(s: FieldStats, value: string): void {
  s.present++;
  if (s.tooLong || s.overflow) return;
  if (value.length > SLICE_RULES.maxValueLength) {
    s.tooLong = true;
    s.counts.clear();
    return;
  }
  const n = s.counts.get(value);
  if (n === undefined && s.counts.size >= SLICE_RULES.maxDistinct) {
    s.overflow = true;
    s.counts.clear();
    return;
  }
  s.counts.set(value, (n ?? 0) + 1);
}

/** Calls `f` with every categorical field of `row` (top level, or one level inside a top-level object). */
function eachCategorical(row: Record<string, unknown>, f: (field: string, value: string) => void): void {
  for (const k of Object.keys(row)) {
    const v = row[k];
    const c = categorical(v);
    if (c !== undefined) f(joinPath('', k), c);
    else if (isObject(v)) {
      for (const k2 of Object.keys(v)) {
        const c2 = categorical(v[k2]);
        if (c2 !== undefined) f(joinPath(joinPath('', k), k2), c2);
      }
    }
  }
}

/** A slice field counter's state as plain data: it crosses a thread in a chunk partial and merges in any order. */
export interface SliceFieldsPartial {
  /** Object rows counted. */
  rows: number;
  fields: {
    field: string;
    present: number;
    tooLong: boolean;
    overflow: boolean;
    counts: [string, number][];
  }[];
}

/**
 * Counts the values of candidate slice fields over every row of a file, so the suggestions (and the value counts the
 * panel's Group by shows) describe the whole file, not its first rows. Which fields are counted is decided from the
 * first rows ({@link trackedSliceFields}): every categorical field seen there that the rules do not already exclude.
 * Bounded: at most MAX_TRACKED_FIELDS fields, at most maxDistinct values of ≤ 64 characters each per field.
 * Chunks count their rows and merge (same fields: all derive them from the file's first rows); the result does not
 * depend on the order of the merges.
 */
export class SliceFieldCounter {
  private rows = 0;
  private readonly stats = new Map<string, FieldStats>();

  /** `fields`: the paths to count (from trackedSliceFields), or null to count every categorical field met. */
  constructor(private readonly fields: readonly string[] | null) {
    for (const f of fields ?? []) this.stats.set(f, newStats());
  }

  /** Counts one parsed row (non-objects are not counted). */
  add(row: unknown): void {
    if (!isObject(row)) return;
    this.rows++;
    eachCategorical(row, (field, value) => {
      let s = this.stats.get(field);
      if (!s) {
        if (this.fields !== null) return;
        s = newStats();
        this.stats.set(field, s);
      }
      record(s, value);
    });
  }

  /** The counts as plain data (for a chunk partial). */
  snapshot(): SliceFieldsPartial {
    return {
      rows: this.rows,
      fields: [...this.stats].map(([field, s]) => ({
        field,
        present: s.present,
        tooLong: s.tooLong,
        overflow: s.overflow,
        counts: [...s.counts],
      })),
    };
  }

  /** Adds another range's counts (a chunk of the same file: same fields). */
  merge(p: SliceFieldsPartial): void {
    this.rows += p.rows;
    for (const f of p.fields) {
      let s = this.stats.get(f.field);
      if (!s) {
        if (this.fields !== null) continue;
        s = newStats();
        this.stats.set(f.field, s);
      }
      s.present += f.present;
      if (f.tooLong && !s.tooLong) {
        s.tooLong = true;
        s.counts.clear();
      }
      if (f.overflow && !s.overflow) {
        s.overflow = true;
        s.counts.clear();
      }
      if (s.tooLong || s.overflow) continue;
      for (const [value, n] of f.counts) {
        if (!s.counts.has(value) && s.counts.size >= SLICE_RULES.maxDistinct) {
          s.overflow = true;
          s.counts.clear();
          break;
        }
        s.counts.set(value, (s.counts.get(value) ?? 0) + n);
      }
    }
  }

  /**
   * The fields that qualify over the rows counted, best first, at most `max`. A field qualifies when it holds a
   * string / boolean / integer and, over the n object rows: present in ≥ 50% of rows, 2 ≤ distinct ≤ 50,
   * distinct ≤ 0.5·n, and every value ≤ 64 characters. Ranked by coverage descending, then distinct ascending
   * (fewer, larger slices first), then field name.
   */
  candidates(max = 10): SliceCandidate[] {
    const rows = this.rows;
    const out: SliceCandidate[] = [];
    for (const [field, s] of this.stats) {
      const distinct = s.counts.size;
      if (s.tooLong || s.overflow || s.present === 0) continue;
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
}

/**
 * The fields a whole-file count follows, from `sample` (the file's first rows): every categorical field met there
 * that is not already out for good (a value over 64 characters, more than 50 values), most present first, then by
 * name, at most MAX_TRACKED_FIELDS. Deterministic, so every chunk of a file derives the same list.
 */
export function trackedSliceFields(sample: readonly unknown[]): string[] {
  const c = new SliceFieldCounter(null);
  for (const row of sample) c.add(row);
  return c
    .snapshot()
    .fields.filter((f) => !f.tooLong && !f.overflow)
    .sort((a, b) => b.present - a.present || (a.field < b.field ? -1 : a.field > b.field ? 1 : 0))
    .slice(0, MAX_TRACKED_FIELDS)
    .map((f) => f.field);
}

/**
 * Categorical fields of `rows`, best first, at most `max` (default 10), by the rules of
 * {@link SliceFieldCounter.candidates} over exactly these rows. Why: the rules on a row list (tests, callers with
 * the rows in hand); an analysis counts the whole file with a SliceFieldCounter.
 */
export function suggestSliceCandidates(rows: readonly unknown[], max = 10): SliceCandidate[] {
  const c = new SliceFieldCounter(null);
  for (const row of rows) c.add(row);
  return c.candidates(max);
}
