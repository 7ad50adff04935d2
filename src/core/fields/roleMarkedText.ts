/**
 * Splitting role-marked text (`### Human: … ### Assistant: …`, ChatML, `[INST]`, …) into turns, so the text
 * view can measure the assistant's part and never hand the markers to the tokenizer: a wrapper repeated on
 * every row would otherwise be reported as the dataset's top template.
 */
import {
  CONVENTIONS,
  MARKER_HINT,
  PREAMBLES,
  type ConventionSpec,
  type RoleConvention,
  type TurnRole,
} from './roleMarkers.ts';

export type { RoleConvention, TurnRole } from './roleMarkers.ts';

/** One turn of a role-marked string: its speaker and its text without the markers (trimmed, never empty). */
export interface Turn {
  role: TurnRole;
  text: string;
}

/** A role-marked string split by the convention it uses. */
export interface RoleMarkedText {
  convention: RoleConvention;
  turns: Turn[];
}

interface Marker {
  index: number;
  end: number;
  action: ReturnType<ConventionSpec['actionOf']>;
}

/** Every marker of `spec` in `text`, or null unless there is at least one user and one assistant marker. */
function scan(spec: ConventionSpec, text: string): Marker[] | null {
  const re = spec.markers; // global and shared: reset, then read to the end (no caller can interleave)
  re.lastIndex = 0;
  const out: Marker[] = [];
  let user = false;
  let assistant = false;
  for (let m = re.exec(text); m !== null; m = re.exec(text)) {
    const action = spec.actionOf(m);
    if (action === 'user') user = true;
    else if (action === 'assistant') assistant = true;
    out.push({ index: m.index, end: m.index + m[0].length, action });
  }
  return user && assistant ? out : null;
}

/** The turns between the markers: text before the first marker is a system turn unless it is a known preamble. */
function turnsOf(text: string, markers: readonly Marker[]): Turn[] {
  const turns: Turn[] = [];
  let role: TurnRole | null = null; // the open turn's role; null before the first marker or after a close
  let lastRole: TurnRole = 'system';
  let from = 0;
  const emit = (to: number) => {
    const piece = text.slice(from, to).trim();
    if (piece === '') return;
    if (turns.length === 0 && role === null && PREAMBLES.has(piece.replace(/\s+/g, ' '))) return;
    // text outside any turn (after a close) stays with the turn it follows; before every turn it is the system's
    turns.push({ role: role ?? lastRole, text: piece });
  };
  for (const m of markers) {
    emit(m.index);
    if (m.action === 'close') role = null;
    else lastRole = role = m.action;
    from = m.end;
  }
  emit(text.length);
  return turns;
}

/**
 * The turns of `text` when it is role-marked — at least one user and one assistant marker of one convention —
 * else null. When several conventions qualify, the one whose first marker comes first wins (it is the outer
 * wrapper: an Alpaca instruction may quote a `Human:` line); ties go to the order of CONVENTIONS.
 */
export function splitRoleMarked(text: string): RoleMarkedText | null {
  if (!MARKER_HINT.test(text)) return null;
  let best: { spec: ConventionSpec; markers: Marker[] } | null = null;
  for (const spec of CONVENTIONS) {
    const markers = scan(spec, text);
    if (markers && (best === null || markers[0].index < best.markers[0].index)) best = { spec, markers };
  }
  return best && { convention: best.spec.name, turns: turnsOf(text, best.markers) };
}

/** The convention of `text`, or null when it is not role-marked (shape detection asks this of every sampled row). */
export function roleConventionOf(text: string): RoleConvention | null {
  return splitRoleMarked(text)?.convention ?? null;
}

/** The texts of `text`'s turns spoken by `role` (the path filter `text[role=assistant]`); [] when not role-marked. */
export function roleTurnTexts(text: string, role: string): string[] {
  const split = splitRoleMarked(text);
  return split ? split.turns.filter((t) => t.role === role).map((t) => t.text) : [];
}

/** `text` without its markers: every turn's text in order, or `[text]` itself when it is not role-marked. */
export function unmarkedPieces(text: string): string[] {
  const split = splitRoleMarked(text);
  return split ? split.turns.map((t) => t.text) : [text];
}
