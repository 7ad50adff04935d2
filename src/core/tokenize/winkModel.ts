/**
 * Builds a wink-nlp instance over the English lite model. Why a file of its own: the `wink` tokenizer (winkRows.ts)
 * and the instruction tagger (instructions/verbNoun.ts) each keep their own instance, with different pipelines, but
 * load the two packages the same way — lazily, through `require` with literal names so esbuild still bundles both,
 * and accepting either module shape (a CommonJS export or an ES `default`).
 */

type WinkFactory = typeof import('wink-nlp').default;
type WinkModel = Parameters<WinkFactory>[0];

/** One wink-nlp instance (the factory's return type). */
export type WinkMethods = ReturnType<WinkFactory>;

/** The annotations a wink pipeline can run (the factory's pipe argument). */
export type WinkPipe = NonNullable<Parameters<WinkFactory>[1]>;

/**
 * The lexeme table of one instance's core model: `hash` maps a lexeme's text to its id, `list` its id to its text.
 * The model's own lexemes are the ids below `intrinsicSize`; wink appends every text it meets that is not in `hash`
 * (and never removes one), and its tokenizer consults `hash` to decide how to split a text (winkRows.ts).
 */
export interface WinkLexemes {
  hash: Record<string, number>;
  list: string[];
  intrinsicSize: number;
}

/**
 * The lexicon methods of one instance (wink-nlp's internal `cache`) that its tokenizer calls, through this object,
 * for every text: `lookup` (the lexeme ids of a known text, null for an unknown one) and `add` (a text's lexeme id,
 * adding the text, and its lowercase form, with token category `category` when unknown).
 */
export interface WinkLexicon {
  lookup(text: string): number[] | null;
  add(text: string, category: number): number;
}

interface LoadedModel {
  model: WinkModel;
  /** The model's `metaCER()` result of the first call, served to every later instance. */
  metaCER: unknown;
}

let loaded: LoadedModel | undefined;

function loadModel(): LoadedModel {
  if (loaded) return loaded;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load: runs that need no wink skip it
  const modelMod = require('wink-eng-lite-web-model') as WinkModel | { default: WinkModel };
  const model = 'default' in modelMod && modelMod.default ? modelMod.default : (modelMod as WinkModel);
  // the model's metaCER() re-serialises its own previous result on every call (`machines = JSON.stringify(machines)`):
  // the string grows with each instance built until V8 throws "Invalid string length" (~20 instances); the first
  // call's result is the right one
  const metaCER = (model.metaCER as () => unknown)();
  loaded = { model, metaCER };
  return loaded;
}

/**
 * Why: loads wink-nlp and its model only when a caller first needs them (the model costs ~100 ms and some MB, wasted
 * on runs that never tokenize with wink nor tag instructions) and returns an instance running `pipe` (`[]`: tokens
 * only, no sbd/pos/ner/… annotation), with its lexeme table and, if `withLexicon`, its lexicon methods. Callers cache
 * what it returns.
 *
 * How the lexicon methods are reached (wink-nlp 2.4.0, pinned in package-lock): wink passes them as the third
 * argument of the model's feature functions, which it calls when it adds a text it does not know; one such text
 * is read once here, through wrapped feature functions that are then put back.
 */
export function loadWinkInstance(
  pipe: WinkPipe,
  withLexicon = false,
): { nlp: WinkMethods; lexemes: WinkLexemes; lexicon: WinkLexicon | null } {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, as above
  const wnMod = require('wink-nlp') as WinkFactory | { default: WinkFactory };
  const winkNLP = typeof wnMod === 'function' ? wnMod : wnMod.default;
  const { model, metaCER } = loadModel();
  let core: { features: { lexeme: WinkLexemes } } | undefined;
  let features: Record<string, (text: string, category: number, lexicon: WinkLexicon) => unknown> | undefined;
  // `core()` builds a fresh copy of the core model for each instance (the instance's lexicon lives in it): kept
  // to hand its lexeme table to the caller
  const readCore = model.core as unknown as () => typeof core;
  const featureFn = model.featureFn as unknown as (config: unknown) => typeof features;
  const wrapped = {
    ...model,
    core: () => (core = readCore()),
    metaCER: () => metaCER,
    featureFn: (config: unknown) => (features = featureFn(config)),
  } as unknown as WinkModel;
  const nlp = winkNLP(wrapped, pipe);
  if (!core || !features) throw new Error('wink-nlp did not read its core model');
  const got: { lexicon: WinkLexicon | null } = { lexicon: null };
  if (withLexicon) {
    const own = { ...features };
    for (const [name, f] of Object.entries(own)) {
      features[name] = (text, category, methods) => {
        got.lexicon ??= methods;
        return f(text, category, methods);
      };
    }
    nlp.readDoc('zqxjvkw');
    Object.assign(features, own);
    if (!got.lexicon) throw new Error('wink-nlp did not hand its lexicon to the model features');
  }
  return { nlp, lexemes: core.features.lexeme, lexicon: got.lexicon };
}

/** Why: the instruction tagger needs an instance only (see loadWinkInstance). */
export function loadWinkModel(pipe: WinkPipe): WinkMethods {
  return loadWinkInstance(pipe).nlp;
}
