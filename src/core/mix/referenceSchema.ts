/**
 * Writing reference rows in the dataset's schema (issue #12): a mix of Alpaca rows and Dolly rows holds two
 * schemas, and a training loader breaks on the second. So by default every reference row is converted to the
 * layout of the dataset — its shape (Alpaca, Dolly, prompt/completion, OpenAI chat, ShareGPT, plain text) and its
 * top-level fields — through the roles both layouts share (prompt, context, response, system, chat turns, plain
 * text); `--map SRC=DEST` overrides where a reference field goes. Rows already in the dataset's schema are copied
 * byte for byte; a row that cannot be converted is refused with a reason (the mix leaves it out). The exact rules
 * are in docs/mixing.md, "Reference rows in the dataset's schema". Pure: no I/O.
 */
import { classifyRow, detectShape, type ShapeName } from '../fields/shapes.ts';

/** The roles a row's content is mapped through; `--map` names them with an `@` (`@context`). */
export type Role = 'prompt' | 'context' | 'response' | 'system' | 'text';
export const ROLES: readonly Role[] = ['prompt', 'context', 'response', 'system', 'text'];

/** Dataset shapes reference rows can be converted to. */
export type TargetShape = 'alpaca' | 'dolly' | 'prompt-completion' | 'openai-chat' | 'sharegpt' | 'text';
const TARGET_SHAPES: readonly string[] = [
  'alpaca',
  'dolly',
  'prompt-completion',
  'openai-chat',
  'sharegpt',
  'text',
];
const FLAT: readonly string[] = ['alpaca', 'dolly', 'prompt-completion'];

/** How a chat dataset spells its turns: `messages[{role, content}]` or ShareGPT's `conversations[{from, value}]`. */
export interface ChatConvention {
  container: 'messages' | 'conversations';
  speakerKey: string;
  textKey: string;
  labels: { system: string; user: string; assistant: string };
  /** Every speaker label the dataset's sampled rows use (a ShareGPT row with only these is already in schema). */
  seenLabels: string[];
}

/** The dataset's schema, from its first rows (the sample the text view is detected from). */
export interface TargetSchema {
  /** The dataset's detected shape (may be one rows cannot be converted to: then only rows already in it are kept). */
  shape: ShapeName;
  /** Top-level fields of the sampled rows of that shape, first-seen order. */
  keys: string[];
  /** The fields every one of those rows has (a converted row gets null for those it has no value for). */
  required: string[];
  /** The top-level field of each role the shape stores in a field (flat shapes, text, a top-level `system`). */
  roleFields: Partial<Record<Role, string>>;
  chat?: ChatConvention;
}

/** One `--map SRC=DEST`: SRC a reference field or `@role`; DEST a dataset field, `@role`, or `-` (drop). */
export interface MapEntry {
  from: string;
  to: string;
}

/** Where one source field of a row went (recorded in the recipe, shown in the panel and by the CLI). */
export interface Move {
  from: string;
  to: string;
}

/** The conversion of reference rows: what `--keep-schemas` turns off. Serializable (the recipe holds it). */
export interface ReferenceSchemaPlan {
  mode: 'dataset';
  target: TargetSchema;
  /** The explicit `--map` entries, in the order given. */
  map: MapEntry[];
}

/** How the reference rows are written: converted to the dataset's schema (default), or kept as they are. */
export type ReferenceSchema = { mode: 'keep' } | ReferenceSchemaPlan;

/** The result of converting one row. */
export type Conversion =
  | { kind: 'keep' }
  | { kind: 'convert'; value: Record<string, unknown>; moves: Move[] }
  | { kind: 'refuse'; reason: string };

/** Thrown for a `--map` that cannot apply to this dataset (a usage error). */
export class SchemaMapError extends Error {
  override name = 'SchemaMapError';
}

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const USER_LABELS = ['human', 'user'];
const ASSISTANT_LABELS = ['gpt', 'assistant'];

/** The dataset's schema from a sample of its rows (why: the target every reference row is written in). */
export function targetSchemaOf(sample: readonly unknown[]): TargetSchema {
  const shape = detectShape(sample).shape;
  const rows = sample.filter((r): r is Obj => isObj(r) && classifyRow(r) === shape);
  const keys: string[] = [];
  for (const r of rows) for (const k of Object.keys(r)) if (!keys.includes(k)) keys.push(k);
  const required = keys.filter((k) => rows.every((r) => Object.prototype.hasOwnProperty.call(r, k)));
  const has = (k: string): boolean => keys.includes(k);
  const roleFields: Partial<Record<Role, string>> = {};
  if (has('system') && shape !== 'text') roleFields.system = 'system';
  switch (shape) {
    case 'alpaca':
      Object.assign(roleFields, { prompt: 'instruction', response: 'output' });
      if (has('input')) roleFields.context = 'input';
      break;
    case 'dolly':
      Object.assign(roleFields, { prompt: 'instruction', response: 'response' });
      if (has('context')) roleFields.context = 'context';
      else if (has('input')) roleFields.context = 'input';
      break;
    case 'prompt-completion':
      Object.assign(roleFields, { prompt: 'prompt', response: 'completion' });
      break;
    case 'text':
      roleFields.text = 'text';
      break;
  }
  const schema: TargetSchema = { shape, keys, required, roleFields };
  if (shape === 'openai-chat' || shape === 'sharegpt') schema.chat = chatConventionOf(shape, rows);
  return schema;
}

/** The chat convention of the dataset's rows (ShareGPT: the majority speaker/text keys and labels). */
function chatConventionOf(shape: 'openai-chat' | 'sharegpt', rows: readonly Obj[]): ChatConvention {
  const container = shape === 'openai-chat' ? 'messages' : 'conversations';
  const count = new Map<string, number>();
  const bump = (k: string): void => void count.set(k, (count.get(k) ?? 0) + 1);
  const seen: string[] = [];
  for (const r of rows) {
    const turns = r[container];
    if (!Array.isArray(turns)) continue;
    for (const t of turns) {
      if (!isObj(t)) continue;
      for (const k of ['from', 'role', 'value', 'content']) if (k in t) bump(`key:${k}`);
      const who = shape === 'openai-chat' ? t.role : (t.from ?? t.role);
      if (typeof who === 'string') {
        bump(`label:${who}`);
        if (!seen.includes(who)) seen.push(who);
      }
    }
  }
  const n = (k: string): number => count.get(k) ?? 0;
  const pick = (options: string[]): string =>
    options.reduce((a, b) => (n(`label:${b}`) > n(`label:${a}`) ? b : a));
  if (shape === 'openai-chat')
    return {
      container,
      speakerKey: 'role',
      textKey: 'content',
      labels: { system: 'system', user: 'user', assistant: 'assistant' },
      seenLabels: seen,
    };
  return {
    container,
    speakerKey: n('key:role') > n('key:from') ? 'role' : 'from',
    textKey: n('key:content') > n('key:value') ? 'content' : 'value',
    labels: { system: 'system', user: pick(USER_LABELS), assistant: pick(ASSISTANT_LABELS) },
    seenLabels: seen,
  };
}

/** The roles a target shape can receive, as `@role` destinations. */
function targetRoles(t: TargetSchema): Role[] {
  if (t.shape === 'text') return ['text'];
  if (FLAT.includes(t.shape))
    return ['prompt', 'context', 'response', ...(t.roleFields.system ? ['system' as const] : [])];
  if (t.chat) return ['prompt', 'context', 'response', 'system'];
  return [];
}

/**
 * Parses and checks `--map SRC=DEST` entries against the dataset's schema (why: refuse a mapping that cannot
 * apply before anything is read twice). SRC: a reference field (top-level) or `@role`; DEST: a field of the
 * dataset, an `@role` the dataset's shape has, or `-` (drop). Each SRC once; each DEST (but `-`) once.
 */
export function parseMapEntries(specs: readonly string[], target: TargetSchema): MapEntry[] {
  const out: MapEntry[] = [];
  for (const spec of specs) {
    const i = spec.indexOf('=');
    const from = i < 0 ? '' : spec.slice(0, i).trim();
    const to = i < 0 ? '' : spec.slice(i + 1).trim();
    if (from === '' || to === '')
      throw new SchemaMapError(
        `--map must look like REFERENCE_FIELD=DATASET_FIELD (or =- to drop it), got "${spec}"`,
      );
    if (from.startsWith('@') && !ROLES.includes(from.slice(1) as Role))
      throw new SchemaMapError(
        `--map "${spec}": unknown role ${from} (roles: ${ROLES.map((r) => `@${r}`).join(', ')})`,
      );
    if (to !== '-') {
      if (to.startsWith('@')) {
        const role = to.slice(1) as Role;
        if (!ROLES.includes(role))
          throw new SchemaMapError(
            `--map "${spec}": unknown role ${to} (roles: ${ROLES.map((r) => `@${r}`).join(', ')})`,
          );
        if (!targetRoles(target).includes(role))
          throw new SchemaMapError(
            `--map "${spec}": the dataset's shape (${target.shape}) has no ${to}; its fields: ${target.keys.join(', ') || 'none'}`,
          );
      } else if (!target.keys.includes(to))
        throw new SchemaMapError(
          `--map "${spec}": the dataset has no field "${to}" (its fields: ${target.keys.join(', ') || 'none'})`,
        );
    }
    if (out.some((e) => e.from === from)) throw new SchemaMapError(`--map: ${from} is mapped twice`);
    // a role's own field in the dataset names that role: `--map category=input` on Alpaca = `@context`
    const role = (Object.keys(target.roleFields) as Role[]).find((r) => target.roleFields[r] === to);
    const dest = role ? `@${role}` : to;
    if (dest !== '-' && out.some((e) => e.to === dest))
      throw new SchemaMapError(`--map: two reference fields are mapped to ${to}`);
    out.push({ from, to: dest });
  }
  return out;
}

/** A chat turn of a source row: user / assistant / system, or another speaker kept by its label. */
interface SrcTurn {
  role: 'user' | 'assistant' | 'system' | 'other';
  label: string;
  text: string;
}

/** What a source row holds: its roles (with the field each came from), chat turns, and its other fields. */
interface Source {
  shape: ShapeName;
  roles: Map<Role, { value: string; field: string }>;
  turns: SrcTurn[] | null;
  /** Top-level fields the roles consumed (not copied as plain fields). */
  consumed: Set<string>;
}

/** Text of a role value: a string, null/absent = none; else (a number, an object) it is not text. */
function roleText(row: Obj, key: string): string | null | undefined {
  const v = row[key];
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : null;
}

/** Text of a chat turn's content: a string, or an array of `{type:"text", text}` parts joined with "\n". */
function contentText(v: unknown): string | null {
  if (typeof v === 'string') return v;
  if (v === undefined || v === null) return '';
  if (!Array.isArray(v)) return null;
  const parts: string[] = [];
  for (const p of v) {
    if (typeof p === 'string') parts.push(p);
    else if (isObj(p) && p.type === 'text' && typeof p.text === 'string') parts.push(p.text);
    else return null;
  }
  return parts.join('\n');
}

/** Reads a row's roles and turns; a string reason when a role holds something that is not text. */
function sourceOf(row: Obj, shape: ShapeName): Source | string {
  const roles = new Map<Role, { value: string; field: string }>();
  const consumed = new Set<string>();
  const take = (role: Role, key: string): string | null => {
    const t = roleText(row, key);
    if (t === undefined) return null;
    if (t === null) return `its field "${key}" is not text`;
    roles.set(role, { value: t, field: key });
    consumed.add(key);
    return null;
  };
  const fields: [Role, string][] = [];
  switch (shape) {
    case 'alpaca':
      fields.push(
        ['prompt', 'instruction'],
        ['context', 'input'],
        ['response', 'output'],
        ['system', 'system'],
      );
      break;
    case 'dolly':
      fields.push(['prompt', 'instruction'], ['context', row.context !== undefined ? 'context' : 'input']);
      fields.push(['response', 'response'], ['system', 'system']);
      break;
    case 'prompt-completion':
      fields.push(['prompt', 'prompt'], ['response', 'completion'], ['system', 'system']);
      break;
    case 'openai-chat':
    case 'sharegpt':
      fields.push(['system', 'system']);
      break;
    case 'text':
      fields.push(['text', 'text']);
      break;
  }
  for (const [role, key] of fields) {
    const problem = take(role, key);
    if (problem) return problem;
  }
  let turns: SrcTurn[] | null = null;
  if (shape === 'openai-chat' || shape === 'sharegpt') {
    const container = shape === 'openai-chat' ? 'messages' : 'conversations';
    consumed.add(container);
    turns = [];
    for (const t of row[container] as unknown[]) {
      if (!isObj(t)) return `a turn of "${container}" is not an object`;
      const who = shape === 'openai-chat' ? t.role : (t.from ?? t.role);
      const text = contentText(shape === 'openai-chat' ? t.content : (t.value ?? t.content));
      if (typeof who !== 'string') return `a turn of "${container}" has no speaker`;
      if (text === null) return `a turn of "${container}" holds content that is not text`;
      const role =
        who === 'system'
          ? 'system'
          : USER_LABELS.includes(who)
            ? 'user'
            : ASSISTANT_LABELS.includes(who)
              ? 'assistant'
              : 'other';
      turns.push({ role, label: who, text });
    }
    const sys = turns.filter((t) => t.role === 'system');
    if (sys.length > 0) {
      const own = roles.get('system');
      const texts = [...(own ? [own.value] : []), ...sys.map((t) => t.text)];
      roles.set('system', { value: texts.join('\n\n'), field: own ? 'system' : `${container}[system]` });
    }
    turns = turns.filter((t) => t.role !== 'system');
    if (turns.length === 2 && turns[0].role === 'user' && turns[1].role === 'assistant') {
      roles.set('prompt', { value: turns[0].text, field: `${container}[user]` });
      roles.set('response', { value: turns[1].text, field: `${container}[assistant]` });
    }
  }
  return { shape, roles, turns, consumed };
}

/** True when a row of the dataset's own shape already has the dataset's fields (and, for chat, its turn spelling). */
function alreadyInSchema(row: Obj, shape: ShapeName, t: TargetSchema): boolean {
  if (shape !== t.shape) return false;
  const keys = Object.keys(row);
  if (!keys.every((k) => t.keys.includes(k)) || !t.required.every((k) => keys.includes(k))) return false;
  if (shape !== 'sharegpt' || !t.chat) return true;
  const c = t.chat;
  return (row.conversations as unknown[]).every(
    (turn) =>
      isObj(turn) &&
      typeof turn[c.speakerKey] === 'string' &&
      c.seenLabels.includes(turn[c.speakerKey] as string) &&
      Object.keys(turn).every((k) => k === c.speakerKey || k === c.textKey),
  );
}

const joinNonEmpty = (parts: (string | undefined)[]): string =>
  parts.filter((p) => p !== undefined && p !== '').join('\n\n');

/**
 * Converts one reference row to the dataset's schema (why: one schema in the written file). `keep` when it is
 * already in it (its bytes are copied as they are) and no `--map` source is in it; else the converted object
 * (fields in the dataset's order) and where each source field went; or the reason it cannot be converted.
 * Rules (docs/mixing.md): roles go to the same roles; a context with no field of its own in the target is
 * appended to the prompt after a blank line; chat → flat needs exactly one user turn then one assistant turn;
 * flat → chat is one user turn (prompt, then context) and one assistant turn; → text joins the texts with blank
 * lines; other fields go to the dataset's field of the same name, else are dropped; `--map` overrides.
 */
export function convertRow(value: unknown, plan: ReferenceSchemaPlan): Conversion {
  if (!isObj(value)) return { kind: 'refuse', reason: 'it is not a JSON object' };
  const t = plan.target;
  const shape = classifyRow(value)!;
  const mapped = new Map(plan.map.map((e) => [e.from, e.to]));
  const src = sourceOf(value, shape);
  if (typeof src === 'string') return { kind: 'refuse', reason: src };
  // an explicit source named by a consumed field means its role (`--map context=…` on a Dolly row = @context)
  const explicitFor = (role: Role): string | undefined => {
    const r = src.roles.get(role);
    return mapped.get(`@${role}`) ?? (r ? mapped.get(r.field) : undefined);
  };
  const mapSourcePresent = plan.map.some((e) =>
    e.from.startsWith('@')
      ? src.roles.has(e.from.slice(1) as Role)
      : Object.prototype.hasOwnProperty.call(value, e.from),
  );
  if (!mapSourcePresent && alreadyInSchema(value, shape, t)) return { kind: 'keep' };
  if (!TARGET_SHAPES.includes(t.shape))
    return {
      kind: 'refuse',
      reason: `the dataset's shape (${t.shape}) has no conversion; only rows already in its schema can be mixed in (or keep both schemas)`,
    };

  const moves: Move[] = [];
  /** Values per destination: `@role` or a field. */
  const dest = new Map<string, unknown>();
  const put = (to: string, v: unknown, from: string): string | null => {
    if (to === '-') {
      moves.push({ from, to: '(dropped)' });
      return null;
    }
    if (dest.has(to)) return `both ${from} and another field go to ${to}`;
    dest.set(to, v);
    moves.push({ from, to });
    return null;
  };
  for (const [role, r] of src.roles) {
    const to = explicitFor(role) ?? `@${role}`;
    const problem = put(to, r.value, r.field);
    if (problem) return { kind: 'refuse', reason: problem };
  }
  const taken = new Set([...plan.map.map((e) => e.to), ...Object.values(t.roleFields)]);
  if (t.chat) taken.add(t.chat.container);
  for (const k of Object.keys(value)) {
    if (src.consumed.has(k)) continue;
    const to = mapped.get(k) ?? (t.keys.includes(k) && !taken.has(k) ? k : '-');
    const problem = put(to, value[k], k);
    if (problem) return { kind: 'refuse', reason: problem };
  }

  const str = (to: string): string | undefined => {
    const v = dest.get(to);
    return v === undefined ? undefined : typeof v === 'string' ? v : JSON.stringify(v);
  };
  const out: Obj = {};
  const roleField = t.roleFields;
  const prompt = str('@prompt');
  const context = str('@context');
  const response = str('@response');
  const system = str('@system');
  const text = str('@text');
  const chatTurns = src.turns;

  if (t.shape === 'text') {
    if (text !== undefined) out.text = text;
    else if (chatTurns && chatTurns.length > 0)
      out.text = joinNonEmpty([system, ...chatTurns.map((x) => x.text)]);
    else if (prompt !== undefined || response !== undefined)
      out.text = joinNonEmpty([system, prompt, context, response]);
    else
      return {
        kind: 'refuse',
        reason: `a ${shape} row has no text to write (map a field with --map FIELD=@text)`,
      };
    relabel(moves, '@text', 'text');
    for (const r of ['@prompt', '@context', '@response', '@system']) relabel(moves, r, 'text (joined)');
  } else if (FLAT.includes(t.shape)) {
    if (text !== undefined && prompt === undefined)
      return {
        kind: 'refuse',
        reason: `a plain-text row has no prompt and response (map them with --map FIELD=@prompt, --map FIELD=@response)`,
      };
    if (chatTurns && !(src.roles.has('prompt') && src.roles.has('response')))
      return {
        kind: 'refuse',
        reason: `it has ${chatTurns.length} chat turns (${chatTurns.map((x) => x.label).join(', ')}); a ${t.shape} row holds one user turn and one answer`,
      };
    if (prompt === undefined)
      return { kind: 'refuse', reason: `a ${shape} row has no prompt (map one with --map FIELD=@prompt)` };
    if (response === undefined)
      return {
        kind: 'refuse',
        reason: `a ${shape} row has no response (map one with --map FIELD=@response)`,
      };
    if (system !== undefined && system !== '' && !roleField.system)
      return {
        kind: 'refuse',
        reason: `it has a system message and the dataset has no field for it (--map @system=FIELD, or --map @system=- to drop it)`,
      };
    out[roleField.prompt!] = roleField.context || !context ? prompt : `${prompt}\n\n${context}`;
    if (roleField.context) out[roleField.context] = context ?? '';
    out[roleField.response!] = response;
    if (roleField.system && system !== undefined) out[roleField.system] = system;
    relabel(moves, '@prompt', roleField.prompt!);
    relabel(
      moves,
      '@context',
      roleField.context ?? `${roleField.prompt!} (after a blank line, when not empty)`,
    );
    relabel(moves, '@response', roleField.response!);
    if (roleField.system) relabel(moves, '@system', roleField.system);
  } else {
    const c = t.chat!;
    const turns: Obj[] = [];
    const turn = (label: string, body: string): Obj => ({ [c.speakerKey]: label, [c.textKey]: body });
    if (system !== undefined && system !== '' && !roleField.system) turns.push(turn(c.labels.system, system));
    if (chatTurns) {
      for (const x of chatTurns) {
        if (x.role === 'other' && (t.shape !== 'sharegpt' || !c.seenLabels.includes(x.label)))
          return {
            kind: 'refuse',
            reason: `its speaker "${x.label}" has no counterpart in the dataset's chat turns`,
          };
        turns.push(turn(x.role === 'other' ? x.label : c.labels[x.role], x.text));
      }
    } else {
      if (text !== undefined && prompt === undefined)
        return {
          kind: 'refuse',
          reason: `a plain-text row has no prompt and response (map them with --map FIELD=@prompt, --map FIELD=@response)`,
        };
      if (prompt === undefined || response === undefined)
        return {
          kind: 'refuse',
          reason: `a ${shape} row has no ${prompt === undefined ? 'prompt' : 'response'} (map one with --map FIELD=@${prompt === undefined ? 'prompt' : 'response'})`,
        };
      turns.push(
        turn(c.labels.user, context ? `${prompt}\n\n${context}` : prompt),
        turn(c.labels.assistant, response),
      );
    }
    if (chatTurns) {
      // the turns move as a whole: one entry for the container instead of the single exchange's two
      const from = shape === 'openai-chat' ? 'messages' : 'conversations';
      for (let i = moves.length - 1; i >= 0; i--)
        if (moves[i].from.startsWith(`${from}[`) && moves[i].to !== '@system') moves.splice(i, 1);
      moves.unshift({ from, to: c.container });
    }
    out[c.container] = turns;
    if (roleField.system && system !== undefined) out[roleField.system] = system;
    relabel(moves, '@prompt', `${c.container}[${c.labels.user}]`);
    relabel(moves, '@context', `${c.container}[${c.labels.user}] (after a blank line, when not empty)`);
    relabel(moves, '@response', `${c.container}[${c.labels.assistant}]`);
    relabel(moves, '@system', roleField.system ?? `${c.container}[${c.labels.system}]`);
  }
  for (const [to, v] of dest) if (!to.startsWith('@')) out[to] = v;
  // the dataset's field order; fields every dataset row has get null when the reference has no value for them
  const ordered: Obj = {};
  for (const k of t.keys) {
    if (k in out) ordered[k] = out[k];
    else if (t.required.includes(k)) ordered[k] = null;
  }
  return { kind: 'convert', value: ordered, moves };
}

/** Renames a move's `@role` destination to the field it landed in (for the recorded mapping). */
function relabel(moves: Move[], from: string, to: string): void {
  for (const m of moves) if (m.to === from) m.to = to;
}

/**
 * Where each field of the reference goes, per reference shape (the first sampled row of each shape that is
 * converted) — the mapping the recipe records and the panel and the CLI show.
 */
export function describeMapping(
  sample: readonly unknown[],
  plan: ReferenceSchemaPlan,
): Record<string, Move[]> {
  const out: Record<string, Move[]> = {};
  for (const row of sample) {
    const shape = classifyRow(row);
    if (shape === null || shape in out) continue;
    const c = convertRow(row, plan);
    if (c.kind === 'convert') out[shape] = c.moves;
    else if (c.kind === 'keep') out[shape] = [];
  }
  return out;
}

/** One line per reference shape: "dolly → alpaca: instruction → instruction, context → input, category dropped". */
export function mappingSummary(plan: ReferenceSchemaPlan, mapping: Record<string, Move[]>): string[] {
  return Object.entries(mapping).map(([shape, moves]) =>
    moves.length === 0
      ? `${shape} rows already in the dataset's schema: copied as they are`
      : `${shape} → ${plan.target.shape}: ${moves.map((m) => (m.to === '(dropped)' ? `${m.from} dropped` : `${m.from} → ${m.to}`)).join(', ')}`,
  );
}

/**
 * The writer's transform of reference lines under `plan` (why: the written file and a recipe's reproduction apply
 * the same rule): a row already in the schema keeps its bytes; a converted row is its JSON (compact, the dataset's
 * field order). `counts` tallies both. A row that cannot be converted throws (the model never chooses one).
 */
export function referenceLineTransform(
  plan: ReferenceSchemaPlan,
  counts: { kept: number; converted: number } = { kept: 0, converted: 0 },
): (bytes: Buffer) => Buffer {
  return (bytes) => {
    let text = bytes.toString('utf8');
    if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
    const c = convertRow(JSON.parse(text), plan);
    if (c.kind === 'refuse')
      throw new Error(`a reference row cannot be written in the dataset's schema: ${c.reason}`);
    if (c.kind === 'keep') {
      counts.kept++;
      return bytes;
    }
    counts.converted++;
    return Buffer.from(JSON.stringify(c.value), 'utf8');
  };
}
