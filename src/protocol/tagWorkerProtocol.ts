/**
 * The message contract between an analysis (CLI process or the extension's analysis worker) and the thread that
 * tags its instruction samples (src/core/instructions/tagThread.ts). The tagging thread runs the chunk worker's entry
 * (src/worker/chunkWorker.ts), which already bundles wink-nlp and its model, so no second bundle carries them.
 *
 * One `tag` message per job (the prompts, in the order wink must read them); the thread answers each with exactly one
 * `tagged` (the job's tags, their id arrays transferred) or `tagFailed`, in the order of the jobs. Both sides
 * validate what they receive with the guards below.
 */
import type { PromptTags } from '../core/instructions/promptTags.ts';
import { isCount, isObject, isString, isStringArray } from './guards.ts';

/** Analysis → tagging thread. */
export type ToTagWorker = { type: 'tag'; job: number; texts: string[] };

/** Tagging thread → analysis. */
export type FromTagWorker =
  { type: 'tagged'; job: number; tags: PromptTags } | { type: 'tagFailed'; job: number; message: string };

/** Runtime check of a job received by a tagging thread. */
export function isTagJob(x: unknown): x is ToTagWorker {
  return isObject(x) && x.type === 'tag' && isCount(x.job) && isStringArray(x.texts);
}

const isNullableStrings = (x: unknown): x is (string | null)[] =>
  Array.isArray(x) && x.every((v) => v === null || isString(v));
const isCounts = (x: unknown): x is Record<string, number> =>
  isObject(x) && Object.values(x).every((v) => isCount(v));

/** Runtime check of a message received from a tagging thread (the tags' shape, not their ids' range). */
export function isTagWorkerMessage(x: unknown): x is FromTagWorker {
  if (!isObject(x) || !isCount(x.job)) return false;
  if (x.type === 'tagFailed') return isString(x.message);
  if (x.type !== 'tagged' || !isObject(x.tags)) return false;
  const t = x.tags;
  return (
    isCount(t.prompts) &&
    isNullableStrings(t.verbs) &&
    isNullableStrings(t.nouns) &&
    t.verbs.length === t.prompts &&
    t.nouns.length === t.prompts &&
    isStringArray(t.forms) &&
    t.lengths instanceof Int32Array &&
    t.lengths.length === t.prompts &&
    t.lemmas instanceof Int32Array &&
    t.normals instanceof Int32Array &&
    t.lemmas.length === t.normals.length &&
    isCounts(t.types) &&
    isCounts(t.entities)
  );
}
