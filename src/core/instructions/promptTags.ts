/**
 * What the instruction figures need from wink's tags of a run of sampled prompts, in a compact form that can cross
 * a thread: each prompt's verb–noun pair, its lemma and normal-form streams as ids into one string table of the
 * run, and the token-type and entity counts of the run.
 * Why: tagging is the expensive part of the instruction figures (a few milliseconds per prompt); the sample is cut
 * into consecutive runs tagged by any thread (tagPool.ts) and the runs are read back in sample order
 * (instructionStats.ts, `finishTagged`), so the figures cannot depend on who tagged what. Strings cross once per
 * run (its table), ids as transferable typed arrays.
 */
import { tagText, verbNounOfTagged } from './verbNoun.ts';

/** The tags of consecutive sampled prompts (a run), as plain data. */
export interface PromptTags {
  /** Prompts in the run. */
  prompts: number;
  /** Per prompt: its verb (null: no verb) and its noun object (null: none or no verb). */
  verbs: (string | null)[];
  nouns: (string | null)[];
  /** The run's distinct lemmas and normal forms, in first-seen order. */
  forms: string[];
  /** Per prompt: its tokens that are not punctuation. */
  lengths: Int32Array;
  /** Per such token, in prompt order: its lemma's and its normal form's index in `forms`. */
  lemmas: Int32Array;
  normals: Int32Array;
  /** The run's tokens that are not punctuation, per wink token type. */
  types: Record<string, number>;
  /** The run's entities per wink entity type. */
  entities: Record<string, number>;
}

/** The message of a tagging run ended by its thread's stop. */
export const TAGGING_STOPPED = 'tagging stopped: its thread is being stopped';

/**
 * Why: the one place a run of prompts is tagged, in the analysing thread or in a tagging thread alike. `stopped`,
 * asked before each prompt, ends the run early with TAGGING_STOPPED (a tagging thread whose tree is being stopped:
 * tagging 20,000 prompts takes seconds, and the thread could not read its stop request until it ends).
 */
export function tagPrompts(texts: readonly string[], stopped?: () => boolean): PromptTags {
  const formIds = new Map<string, number>();
  const forms: string[] = [];
  const idOf = (s: string): number => {
    let id = formIds.get(s);
    if (id === undefined) {
      id = forms.length;
      formIds.set(s, id);
      forms.push(s);
    }
    return id;
  };
  const lengths = new Int32Array(texts.length);
  let lemmas = new Int32Array(1024);
  let normals = new Int32Array(1024);
  let used = 0;
  const verbs: (string | null)[] = [];
  const nouns: (string | null)[] = [];
  const types: Record<string, number> = {};
  const entities: Record<string, number> = {};
  texts.forEach((text, p) => {
    if (stopped?.()) throw new Error(TAGGING_STOPPED);
    const t = tagText(text);
    const vn = verbNounOfTagged(t);
    verbs.push(vn === null ? null : vn.verb);
    nouns.push(vn === null ? null : vn.noun);
    if (used + t.type.length > lemmas.length) {
      const cap = Math.max(2 * lemmas.length, used + t.type.length);
      const l = new Int32Array(cap);
      l.set(lemmas.subarray(0, used));
      lemmas = l;
      const n = new Int32Array(cap);
      n.set(normals.subarray(0, used));
      normals = n;
    }
    const first = used;
    for (let i = 0; i < t.type.length; i++) {
      const type = t.type[i];
      if (type === 'punctuation') continue;
      const lemma = t.lemma[i];
      const normal = t.normal[i];
      const id = idOf(lemma);
      lemmas[used] = id;
      normals[used] = normal === lemma ? id : idOf(normal);
      used++;
      types[type] = (types[type] ?? 0) + 1;
    }
    lengths[p] = used - first;
    for (const e of t.entities) entities[e] = (entities[e] ?? 0) + 1;
  });
  return {
    prompts: texts.length,
    verbs,
    nouns,
    forms,
    lengths,
    lemmas: lemmas.slice(0, used),
    normals: normals.slice(0, used),
    types,
    entities,
  };
}

/** The buffers a run's tags can move with (a transfer list): its three id arrays. */
export function tagBuffers(t: PromptTags): ArrayBuffer[] {
  return [t.lengths.buffer, t.lemmas.buffer, t.normals.buffer] as ArrayBuffer[];
}
