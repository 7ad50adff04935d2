/**
 * Turning matched JSON values into text. Kept apart from path evaluation so every view
 * (default, custom --field, full) applies the same rules.
 */

/** Keys whose string values are labels, not content; the full view skips them. */
export const FULL_VIEW_SKIPPED_KEYS: ReadonlySet<string> = new Set(['role', 'from', 'type', 'id']);

/** A chat content part `{ "type": "text", "text": "…" }`; other part types are not text. */
function contentPartText(v: unknown): string | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const part = v as Record<string, unknown>;
  return part.type === 'text' && typeof part.text === 'string' ? part.text : undefined;
}

/**
 * Appends the text pieces of one matched value to `out`:
 * a string as it is; an array → its string elements and the text of its `{type:"text",text}` parts, in order;
 * a lone text content part → its text. Numbers, booleans, null and other objects are not text.
 * Empty strings are skipped.
 */
export function pushTextPieces(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value !== '') out.push(value);
    return;
  }
  if (Array.isArray(value)) {
    for (const e of value) {
      const t = typeof e === 'string' ? e : contentPartText(e);
      if (t !== undefined && t !== '') out.push(t);
    }
    return;
  }
  const t = contentPartText(value);
  if (t !== undefined && t !== '') out.push(t);
}

/**
 * The full view's text pieces: every string leaf of `value`, depth-first in field order
 * (object keys in insertion order, arrays in index order), except values stored under the keys
 * in FULL_VIEW_SKIPPED_KEYS (`role`, `from`, `type`, `id`). Empty strings are skipped.
 */
export function pushAllStringLeaves(value: unknown, out: string[]): void {
  if (typeof value === 'string') {
    if (value !== '') out.push(value);
  } else if (Array.isArray(value)) {
    for (const e of value) pushAllStringLeaves(e, out);
  } else if (typeof value === 'object' && value !== null) {
    const obj = value as Record<string, unknown>;
    for (const k of Object.keys(obj)) {
      if (FULL_VIEW_SKIPPED_KEYS.has(k)) continue;
      pushAllStringLeaves(obj[k], out);
    }
  }
}
