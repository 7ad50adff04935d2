/**
 * Field paths: a tiny, JSONPath-like language to point at values inside a JSONL row.
 *
 *   path     := step ( '.' key | '[' bracket ']' )*      (the first step is a key or a bracket)
 *   key      := one or more characters other than . [ ]
 *   bracket  := index | '*' | quoted | filter
 *   index    := digits                     a[0]    → element 0 of an array
 *   '*'                                     a[*]    → every element of an array (every value of an object)
 *   quoted   := JSON string                 ["a.b"] → key "a.b" (for keys containing . [ ] or quotes)
 *   filter   := name '=' value              messages[role=assistant] → the array elements (objects) whose
 *                                           `role`, converted to a string, equals "assistant"; applied to a
 *                                           single object it keeps or drops that object. name/value may be
 *                                           JSON strings; unquoted ones are trimmed of spaces.
 *                                           On a role-marked string, [role=R] gives the texts of its turns
 *                                           of role R (text[role=assistant]; see roleMarkedText.ts).
 *
 * Paths are compiled once (compilePath) and evaluated per row (evaluatePath) without re-parsing.
 * There is no implicit fan-out: `a.b` on an array matches nothing; write `a[*].b`.
 */
import { roleTurnTexts } from './roleMarkedText.ts';

/** One compiled step of a path. */
export type PathStep =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  | { kind: 'all' }
  | { kind: 'filter'; key: string; value: string };

/** A parsed path: the original text plus its steps. */
export interface CompiledPath {
  readonly source: string;
  readonly steps: readonly PathStep[];
}

/**
 * Thrown for a path that does not parse, so the CLI/UI can point at the offending character.
 * `column` is 1-based in `path`.
 */
export class PathSyntaxError extends Error {
  constructor(
    readonly path: string,
    readonly column: number,
    detail: string,
  ) {
    super(`Invalid field path "${path}" at column ${column}: ${detail}`);
    this.name = 'PathSyntaxError';
  }
}

/** Reads a JSON string literal starting at `start` (a `"`); returns the decoded string and the index after it. */
function readQuoted(path: string, start: number): { text: string; end: number } {
  let i = start + 1;
  while (i < path.length) {
    const ch = path[i];
    if (ch === '\\') i += 2;
    else if (ch === '"') {
      try {
        return { text: JSON.parse(path.slice(start, i + 1)) as string, end: i + 1 };
      } catch {
        throw new PathSyntaxError(path, start + 1, 'bad escape in quoted name');
      }
    } else i++;
  }
  throw new PathSyntaxError(path, start + 1, 'unterminated quoted name');
}

/** Parses the inside of `[...]` starting after the `[`; returns the step and the index after the `]`. */
function readBracket(path: string, open: number): { step: PathStep; end: number } {
  const start = open + 1;
  if (path[start] === '"') {
    const q = readQuoted(path, start);
    if (path[q.end] === ']') return { step: { kind: 'key', key: q.text }, end: q.end + 1 };
    if (path[q.end] === '=') return readFilterValue(path, q.text, q.end + 1);
    throw new PathSyntaxError(path, q.end + 1, 'expected "]" or "=" after quoted name');
  }
  let i = start;
  while (i < path.length && path[i] !== ']' && path[i] !== '=' && path[i] !== '[') i++;
  if (i >= path.length || path[i] === '[') throw new PathSyntaxError(path, open + 1, 'unclosed "["');
  const raw = path.slice(start, i);
  if (path[i] === '=') {
    const key = raw.trim();
    if (key === '') throw new PathSyntaxError(path, start + 1, 'filter needs a key before "="');
    return readFilterValue(path, key, i + 1);
  }
  const body = raw.trim();
  if (body === '*') return { step: { kind: 'all' }, end: i + 1 };
  if (/^\d+$/.test(body)) return { step: { kind: 'index', index: Number(body) }, end: i + 1 };
  if (body === '') throw new PathSyntaxError(path, start + 1, 'empty "[]"');
  throw new PathSyntaxError(
    path,
    start + 1,
    `expected an index, "*", a quoted name or key=value, got "${body}"`,
  );
}

/** Reads the value of a `[key=value]` filter starting at `start`. */
function readFilterValue(path: string, key: string, start: number): { step: PathStep; end: number } {
  let i = start;
  while (path[i] === ' ') i++;
  if (path[i] === '"') {
    const q = readQuoted(path, i);
    let j = q.end;
    while (path[j] === ' ') j++;
    if (path[j] !== ']') throw new PathSyntaxError(path, j + 1, 'expected "]" after filter value');
    return { step: { kind: 'filter', key, value: q.text }, end: j + 1 };
  }
  const close = path.indexOf(']', i);
  if (close < 0) throw new PathSyntaxError(path, start, 'unclosed "[" (filter)');
  return { step: { kind: 'filter', key, value: path.slice(i, close).trim() }, end: close + 1 };
}

/**
 * Parses `path` once into steps so evaluation on millions of rows never re-parses.
 * Throws PathSyntaxError (with a 1-based column) on malformed input.
 */
export function compilePath(path: string): CompiledPath {
  if (path.length === 0) throw new PathSyntaxError(path, 1, 'empty path');
  const steps: PathStep[] = [];
  let i = 0;
  let expectKey = true; // at start or after '.'
  while (i < path.length) {
    const ch = path[i];
    if (ch === '[') {
      const b = readBracket(path, i);
      steps.push(b.step);
      i = b.end;
      expectKey = false;
    } else if (ch === '.') {
      if (expectKey) throw new PathSyntaxError(path, i + 1, 'expected a name before "."');
      if (i + 1 >= path.length) throw new PathSyntaxError(path, i + 2, 'expected a name after "."');
      expectKey = true;
      i++;
      if (path[i] === '.' || path[i] === '[')
        throw new PathSyntaxError(path, i + 1, 'expected a name after "."');
    } else if (ch === ']') {
      throw new PathSyntaxError(path, i + 1, 'unexpected "]"');
    } else {
      if (!expectKey) throw new PathSyntaxError(path, i + 1, 'expected "." or "[" before a name');
      let j = i;
      while (j < path.length && path[j] !== '.' && path[j] !== '[' && path[j] !== ']') j++;
      steps.push({ kind: 'key', key: path.slice(i, j) });
      i = j;
      expectKey = false;
    }
  }
  return { source: path, steps };
}

/** Formats one object key as a path step (plain when safe, JSON-quoted otherwise), without a leading ".". */
export function formatKey(key: string): string {
  return key !== '' && /^[^.[\]"=*]+$/.test(key) && key.trim() === key ? key : `[${JSON.stringify(key)}]`;
}

/** Joins a parent path and a child key the way compilePath reads it back. */
export function joinPath(parent: string, key: string): string {
  const k = formatKey(key);
  if (parent === '') return k;
  return k.startsWith('[') ? parent + k : `${parent}.${k}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A filter compares the element's key converted to a string (strings as-is, numbers/booleans via String()). */
function filterMatches(v: unknown, key: string, value: string): boolean {
  if (!isPlainObject(v) || !Object.prototype.hasOwnProperty.call(v, key)) return false;
  const f = v[key];
  if (typeof f === 'string') return f === value;
  if (typeof f === 'number' || typeof f === 'boolean') return String(f) === value;
  return false;
}

/**
 * All values `path` points at inside `value`, in document order. Absent keys / out-of-range
 * indexes contribute nothing; an explicit JSON null is returned as null.
 */
export function evaluatePath(value: unknown, path: CompiledPath): unknown[] {
  let current: unknown[] = [value];
  for (const step of path.steps) {
    const next: unknown[] = [];
    for (const v of current) {
      switch (step.kind) {
        case 'key':
          if (isPlainObject(v) && Object.prototype.hasOwnProperty.call(v, step.key)) next.push(v[step.key]);
          break;
        case 'index':
          if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]);
          break;
        case 'all':
          if (Array.isArray(v)) for (const e of v) next.push(e);
          else if (isPlainObject(v)) for (const k of Object.keys(v)) next.push(v[k]);
          break;
        case 'filter':
          if (Array.isArray(v)) {
            for (const e of v) if (filterMatches(e, step.key, step.value)) next.push(e);
          } else if (typeof v === 'string') {
            if (step.key === 'role') for (const t of roleTurnTexts(v, step.value)) next.push(t);
          } else if (filterMatches(v, step.key, step.value)) next.push(v);
          break;
      }
    }
    if (next.length === 0) return next;
    current = next;
  }
  return current;
}
