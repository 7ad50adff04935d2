/**
 * The text view: which text of a row the metrics look at. Either the user's --field paths, the
 * default view of the detected dataset shape, or the `full` view (every string leaf). On role-marked
 * data every view drops the role markers, so a wrapper never reaches the tokenizer.
 */
import { compilePath, evaluatePath, formatKey, type CompiledPath } from './path.ts';
import {
  DEFAULT_PATHS,
  detectShape,
  longestStringField,
  sharegptPaths,
  type ShapeDetection,
  type ShapeName,
} from './shapes.ts';
import { pushAllStringLeaves, pushTextPieces } from './textValue.ts';
import { isUnsafeInteger, parseKeepingDigits } from './exactIntegers.ts';
import { unmarkedPieces, type RoleConvention } from './roleMarkedText.ts';
import type { ViewName } from '../pipeline/optionsTable.ts';

export { detectShape, type ShapeName, type ShapeDetection } from './shapes.ts';

/** What the user asked for: explicit --field paths (win over `view`), or the default / full view. */
export interface ViewSpec {
  fields?: string[];
  view?: ViewName;
}

/** A ready-to-use text extractor plus a description of itself for the report. */
export interface TextView {
  /** The detected shape of the data (also when explicit fields or the full view are used). */
  shape: ShapeName;
  /** Human description: the paths joined with ", ", or "full". */
  view: string;
  /** The effective paths ([] for the full view). */
  fields: string[];
  /** How the view was chosen. */
  source: 'fields' | 'default' | 'full';
  /** The shape detection it is based on. */
  detection: ShapeDetection;
  /** With shape 'role-marked-text': the convention of most sampled rows (every view strips the markers). */
  roleMarkers?: RoleConvention;
  /** The row's text: the pieces of every path in order, joined with "\n" (see textValue.ts for what counts as text). */
  extract(value: unknown): string;
}

/** Joins the pieces with "\n"; on role-marked data each role-marked piece first becomes its turns' texts. */
function joiner(roleMarked: boolean): (pieces: string[]) => string {
  return roleMarked ? (pieces) => pieces.flatMap(unmarkedPieces).join('\n') : (pieces) => pieces.join('\n');
}

/** Extractor joining the text pieces of `paths` in order. */
function pathsExtractor(
  paths: readonly CompiledPath[],
  join: (pieces: string[]) => string,
): (value: unknown) => string {
  return (value) => {
    const pieces: string[] = [];
    for (const p of paths) for (const v of evaluatePath(value, p)) pushTextPieces(v, pieces);
    return join(pieces);
  };
}

/** The default paths of `shape` for this sample ([] when a longest-string sample has no string field). */
function defaultPaths(shape: ShapeName, sample: readonly unknown[]): string[] {
  if (shape === 'sharegpt') return sharegptPaths(sample);
  const fixed = DEFAULT_PATHS[shape];
  if (fixed) return [...fixed];
  const longest = longestStringField(sample);
  return longest === null ? [] : [formatKey(longest)];
}

/**
 * Builds the text view for a run from a sample of its first rows (callers pass the first 200).
 * Explicit `spec.fields` are compiled (PathSyntaxError on a bad one) and used as given; otherwise
 * `view: 'full'` takes every string leaf; otherwise the detected shape's default paths.
 * The shape is detected in every case, so the report can say what the data looked like; when it is
 * 'role-marked-text', every view replaces a role-marked piece by its turns' texts (no markers).
 */
export function createTextView(sample: readonly unknown[], spec: ViewSpec = {}): TextView {
  const detection = detectShape(sample);
  const shape = detection.shape;
  const marks = detection.roleMarkers ? { roleMarkers: detection.roleMarkers } : {};
  const join = joiner(shape === 'role-marked-text');
  if (spec.fields && spec.fields.length > 0) {
    const compiled = spec.fields.map(compilePath);
    return {
      shape,
      view: spec.fields.join(', '),
      fields: [...spec.fields],
      source: 'fields',
      detection,
      ...marks,
      extract: pathsExtractor(compiled, join),
    };
  }
  if (spec.view === 'full') {
    const extract = (value: unknown): string => {
      const pieces: string[] = [];
      pushAllStringLeaves(value, pieces);
      return join(pieces);
    };
    return { shape, view: 'full', fields: [], source: 'full', detection, ...marks, extract };
  }
  const fields = defaultPaths(shape, sample);
  const view = fields.length > 0 ? fields.join(', ') : '(no string field)';
  return {
    shape,
    view,
    fields,
    source: 'default',
    detection,
    ...marks,
    extract: pathsExtractor(fields.map(compilePath), join),
  };
}

/**
 * The slice (group-by) value of a row: the first value `path` matches that is a string (as-is),
 * a number or a boolean (via String()). null when the path matches nothing or only null/objects/arrays.
 * An integer above 2^53 written as digits keeps every digit when the row's JSON text `source` is given (the
 * record's `source`, read with `keepSource`): JSON.parse rounded it, and two different ids must not become one
 * slice (exactIntegers.ts). Without `source` it is String() of the double, as before.
 */
export function groupValue(value: unknown, path: CompiledPath, source?: string): string | null {
  for (const v of evaluatePath(value, path)) {
    if (typeof v === 'string') return v;
    if (typeof v === 'number') {
      if (source !== undefined && isUnsafeInteger(v)) return exactGroupValue(source, path) ?? String(v);
      return String(v);
    }
    if (typeof v === 'boolean') return String(v);
  }
  return null;
}

/** groupValue on the row re-read from its text with long integers kept as their digits (the rare slow path). */
function exactGroupValue(source: string, path: CompiledPath): string | null {
  const exact = parseKeepingDigits(source);
  return exact === undefined ? null : groupValue(exact, path);
}
