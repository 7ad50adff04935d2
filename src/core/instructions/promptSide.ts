/**
 * The prompt side of a row: the instruction a user gave, as opposed to the answer the text view usually looks at.
 * Why a module of its own: instruction diversity (verb–noun pairs, nearest-instruction overlap) is measured on
 * what was asked, and the rules that find it in the common dataset layouts must be the same for every front end
 * and every worker.
 *
 * Default rules, tried on each row in this order (the first that gives a non-blank text wins; a row none of them
 * fits has no prompt side):
 *   1. `messages`: an array of `{role, content}` (OpenAI chat) → the first turn whose role is `user`;
 *   2. `conversations`: an array of `{from|role, value|content}` (ShareGPT) → the first turn from `human` or `user`;
 *   3. `instruction` (Alpaca, Dolly, Self-Instruct) → that field (Alpaca's `input` is context, not the ask);
 *   4. `prompt` → that field; when it is itself a chat array (TRL's conversational format), its first user turn;
 *   5. `question` → that field;
 *   6. `turns`: an array with strings (MT-Bench: the user's turns) → its first string;
 *   7. `text` holding a role-marked conversation (roleMarkedText.ts) → its first user turn, without the markers.
 * A turn's content may be a string or an array of `{type:"text", text}` parts (textValue.ts: parts joined by "\n").
 * An explicit field path (`--instruction-field P`, path.ts syntax) replaces the rules: the text pieces P matches,
 * joined by "\n", as in the text view.
 */
import { compilePath, evaluatePath } from '../fields/path.ts';
import { roleTurnTexts } from '../fields/roleMarkedText.ts';
import { MARKER_HINT } from '../fields/roleMarkers.ts';
import { pushTextPieces } from '../fields/textValue.ts';

/** Which default rule found a row's prompt (the labels the report shows). */
export type PromptRule =
  | 'messages[role=user] (first)'
  | 'conversations[from=human|user] (first)'
  | 'instruction'
  | 'prompt'
  | 'prompt[role=user] (first)'
  | 'question'
  | 'turns[0]'
  | 'text[role=user] (first)';

/** A row's prompt text and the rule that found it. */
export interface FoundPrompt {
  rule: PromptRule;
  text: string;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** The text pieces of one value joined by "\n", or null when it holds no non-blank text. */
function textOf(v: unknown): string | null {
  const pieces: string[] = [];
  pushTextPieces(v, pieces);
  const t = pieces.join('\n');
  return t.trim() === '' ? null : t;
}

/** The first turn of `turns` whose speaker (under one of `speakerKeys`) is one of `speakers`, as text. */
function firstTurn(
  turns: unknown,
  speakerKeys: readonly string[],
  speakers: readonly string[],
  textKeys: readonly string[],
): string | null {
  if (!Array.isArray(turns)) return null;
  for (const t of turns) {
    if (!isObject(t)) continue;
    if (!speakerKeys.some((k) => typeof t[k] === 'string' && speakers.includes(t[k]))) continue;
    for (const k of textKeys) {
      const text = textOf(t[k]);
      if (text !== null) return text;
    }
    return null; // the first user turn is blank: the row's ask is blank
  }
  return null;
}

/** The prompt side of one row by the default rules (see the header), or null when it has none. */
export function findPrompt(row: unknown): FoundPrompt | null {
  if (!isObject(row)) return null;
  let t: string | null;
  if ((t = firstTurn(row.messages, ['role'], ['user'], ['content'])) !== null)
    return { rule: 'messages[role=user] (first)', text: t };
  if ((t = firstTurn(row.conversations, ['from', 'role'], ['human', 'user'], ['value', 'content'])) !== null)
    return { rule: 'conversations[from=human|user] (first)', text: t };
  if ((t = textOf(row.instruction)) !== null) return { rule: 'instruction', text: t };
  if (Array.isArray(row.prompt) && row.prompt.some((e) => isObject(e) && typeof e.role === 'string')) {
    if ((t = firstTurn(row.prompt, ['role'], ['user'], ['content'])) !== null)
      return { rule: 'prompt[role=user] (first)', text: t };
  } else if ((t = textOf(row.prompt)) !== null) return { rule: 'prompt', text: t };
  if ((t = textOf(row.question)) !== null) return { rule: 'question', text: t };
  if (Array.isArray(row.turns)) {
    const first = row.turns.find((x) => typeof x === 'string');
    if (typeof first === 'string' && first.trim() !== '') return { rule: 'turns[0]', text: first };
  }
  if (typeof row.text === 'string' && MARKER_HINT.test(row.text)) {
    const user = roleTurnTexts(row.text, 'user')[0];
    if (user !== undefined && user.trim() !== '') return { rule: 'text[role=user] (first)', text: user };
  }
  return null;
}

/** How a run finds prompts: the default rules or the user's field path. */
export interface PromptSide {
  source: 'default' | 'field';
  /** For the report: the field path, or the rules the sample's rows used, most used first, joined by ", ". */
  description: string;
  /** The row's prompt text, or null when the row has none. */
  extract(value: unknown): string | null;
}

/**
 * The prompt side of a run from a sample of its first rows (callers pass the first 200). With `field`, that path
 * (PathSyntaxError on a bad one); otherwise the default rules — or null when no row of the sample has a prompt side,
 * which is how the analysis knows to leave the instruction figures out (on by default whenever rows have one).
 */
export function createPromptSide(sample: readonly unknown[], field?: string): PromptSide | null {
  if (field !== undefined) {
    const path = compilePath(field);
    return {
      source: 'field',
      description: field,
      extract: (value) => {
        const pieces: string[] = [];
        for (const v of evaluatePath(value, path)) pushTextPieces(v, pieces);
        const t = pieces.join('\n');
        return t.trim() === '' ? null : t;
      },
    };
  }
  const counts = new Map<PromptRule, number>();
  for (const row of sample) {
    const f = findPrompt(row);
    if (f) counts.set(f.rule, (counts.get(f.rule) ?? 0) + 1);
  }
  if (counts.size === 0) return null;
  const rules = [...counts].sort((a, b) => b[1] - a[1]).map(([r]) => r);
  return {
    source: 'default',
    description: rules.join(', '),
    extract: (value) => findPrompt(value)?.text ?? null,
  };
}
