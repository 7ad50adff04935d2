/**
 * Recognising the common instruction/chat dataset layouts, so a user gets a sensible text view
 * (usually "what the model wrote") without typing any --field.
 */
import { roleConventionOf, type RoleConvention } from './roleMarkedText.ts';
import { CONVENTIONS } from './roleMarkers.ts';

/** Names of the dataset shapes the text view knows ('custom' is reserved for callers). */
export type ShapeName =
  | 'openai-chat'
  | 'sharegpt'
  | 'alpaca'
  | 'dolly'
  | 'prompt-completion'
  | 'text'
  | 'self-instruct'
  | 'turns'
  | 'role-marked-text'
  | 'longest-string'
  | 'custom';

/** Shapes in the order a row is tested against them; the first match wins, and ties in detection go to the earlier one. */
export const SHAPE_PRIORITY: readonly ShapeName[] = [
  'openai-chat',
  'sharegpt',
  'self-instruct',
  'alpaca',
  'dolly',
  'prompt-completion',
  'turns',
  'role-marked-text',
  'text',
  'longest-string',
];

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function has(row: Record<string, unknown>, key: string): boolean {
  const v = row[key];
  return v !== undefined && v !== null;
}

/** True when `v` is an array holding at least one object that has one of `keys`. */
function arrayOfObjectsWith(v: unknown, keys: readonly string[]): boolean {
  return Array.isArray(v) && v.some((e) => isObject(e) && keys.some((k) => typeof e[k] === 'string'));
}

/**
 * The shape of one row, or null when it is not a JSON object. Rules, tested in this order:
 * openai-chat: `messages` is an array of objects with a string `role`;
 * sharegpt: `conversations` is an array of objects with a string `from` or `role`;
 * self-instruct: `instruction` present and `instances` an array;
 * alpaca: `instruction` and `output` present (`input` optional);
 * dolly: `instruction` and `response` present (`context` or `input` optional);
 * prompt-completion: `prompt` and `completion` present;
 * turns: `turns` is an array with at least one string;
 * role-marked-text: `text` is a string with user and assistant markers of one convention (roleMarkedText.ts);
 * text: `text` is a string;
 * otherwise longest-string.
 */
export function classifyRow(row: unknown): ShapeName | null {
  if (!isObject(row)) return null;
  if (arrayOfObjectsWith(row.messages, ['role'])) return 'openai-chat';
  if (arrayOfObjectsWith(row.conversations, ['from', 'role'])) return 'sharegpt';
  if (has(row, 'instruction') && Array.isArray(row.instances)) return 'self-instruct';
  if (has(row, 'instruction') && has(row, 'output')) return 'alpaca';
  if (has(row, 'instruction') && has(row, 'response')) return 'dolly';
  if (has(row, 'prompt') && has(row, 'completion')) return 'prompt-completion';
  if (Array.isArray(row.turns) && row.turns.some((t) => typeof t === 'string')) return 'turns';
  if (typeof row.text === 'string') return roleConventionOf(row.text) === null ? 'text' : 'role-marked-text';
  return 'longest-string';
}

/** Result of shape detection over a sample of rows. */
export interface ShapeDetection {
  shape: ShapeName;
  /** Fraction of the sample's object rows that have the winning shape (0 when the sample has none). */
  confidence: number;
  /** Rows per shape (object rows only). */
  counts: Record<string, number>;
  /** With shape 'role-marked-text': the convention of most of its sampled rows (ties: CONVENTIONS order). */
  roleMarkers?: RoleConvention;
}

/**
 * Majority shape of `sample` (callers pass the first N rows, N = 200 by default).
 * confidence = rows of the winning shape / object rows in the sample; ties go to the earlier shape in SHAPE_PRIORITY.
 * An empty sample (or one without objects) gives 'longest-string' with confidence 0.
 */
export function detectShape(sample: readonly unknown[]): ShapeDetection {
  const counts: Record<string, number> = {};
  let objects = 0;
  for (const row of sample) {
    const s = classifyRow(row);
    if (s === null) continue;
    objects++;
    counts[s] = (counts[s] ?? 0) + 1;
  }
  let best: ShapeName = 'longest-string';
  let bestCount = 0;
  for (const s of SHAPE_PRIORITY) {
    const c = counts[s] ?? 0;
    if (c > bestCount) {
      best = s;
      bestCount = c;
    }
  }
  const detection: ShapeDetection = {
    shape: best,
    confidence: objects === 0 ? 0 : bestCount / objects,
    counts,
  };
  if (best === 'role-marked-text') detection.roleMarkers = majorityConvention(sample);
  return detection;
}

/** The convention most of the sample's role-marked `text` fields use (ties go to the earlier in CONVENTIONS). */
function majorityConvention(sample: readonly unknown[]): RoleConvention {
  const counts = new Map<RoleConvention, number>();
  for (const row of sample) {
    if (!isObject(row) || typeof row.text !== 'string') continue;
    const c = roleConventionOf(row.text);
    if (c !== null) counts.set(c, (counts.get(c) ?? 0) + 1);
  }
  let best = CONVENTIONS[0].name;
  for (const { name } of CONVENTIONS) if ((counts.get(name) ?? 0) > (counts.get(best) ?? 0)) best = name;
  return best;
}

/**
 * The top-level string field with the largest mean length over the sample's object rows
 * (mean = total UTF-16 length of that field's string values / number of object rows, so a missing
 * field counts as length 0). Ties go to the field seen first. null when no row has a string field.
 */
export function longestStringField(sample: readonly unknown[]): string | null {
  const totals = new Map<string, number>();
  for (const row of sample) {
    if (!isObject(row)) continue;
    for (const k of Object.keys(row)) {
      const v = row[k];
      if (typeof v === 'string') totals.set(k, (totals.get(k) ?? 0) + v.length);
    }
  }
  let best: string | null = null;
  let bestTotal = -1;
  for (const [k, t] of totals) {
    if (t > bestTotal) {
      best = k;
      bestTotal = t;
    }
  }
  return best;
}

/** Speaker labels whose turns count as the assistant's in ShareGPT data. */
const SHAREGPT_ASSISTANT = ['gpt', 'assistant'];

/**
 * The ShareGPT default paths, pruned to the conventions the sample actually uses: of the eight paths
 * `conversations[{from|role}={gpt|assistant}].{value|content}`, those that match at least one string in the
 * sample, in that order. When none match, `conversations[from=gpt].value` and `conversations[role=assistant].content`.
 */
export function sharegptPaths(sample: readonly unknown[]): string[] {
  const seen = new Set<string>();
  for (const row of sample) {
    if (!isObject(row) || !Array.isArray(row.conversations)) continue;
    for (const turn of row.conversations) {
      if (!isObject(turn)) continue;
      for (const speakerKey of ['from', 'role']) {
        const who = turn[speakerKey];
        if (typeof who !== 'string' || !SHAREGPT_ASSISTANT.includes(who)) continue;
        for (const textKey of ['value', 'content']) {
          if (turn[textKey] !== undefined && turn[textKey] !== null)
            seen.add(`${speakerKey}=${who}].${textKey}`);
        }
      }
    }
  }
  const out: string[] = [];
  for (const speakerKey of ['from', 'role'])
    for (const who of SHAREGPT_ASSISTANT)
      for (const textKey of ['value', 'content'])
        if (seen.has(`${speakerKey}=${who}].${textKey}`))
          out.push(`conversations[${speakerKey}=${who}].${textKey}`);
  return out.length > 0 ? out : ['conversations[from=gpt].value', 'conversations[role=assistant].content'];
}

/** Default text paths of each fixed shape (longest-string and sharegpt depend on the sample; see textView). */
export const DEFAULT_PATHS: Readonly<Record<string, readonly string[]>> = {
  'openai-chat': ['messages[role=assistant].content'],
  'self-instruct': ['instances[*].output'],
  alpaca: ['output'],
  dolly: ['response'],
  'prompt-completion': ['completion'],
  turns: ['turns'],
  'role-marked-text': ['text[role=assistant]'],
  text: ['text'],
};
