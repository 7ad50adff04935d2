/**
 * Builds a wink-nlp instance over the English lite model. Why a file of its own: the `wink` tokenizer (wink.ts) and
 * the instruction tagger (instructions/verbNoun.ts) each keep their own instance, with different pipelines, but load
 * the two packages the same way — lazily, through `require` with literal names so esbuild still bundles both, and
 * accepting either module shape (a CommonJS export or an ES `default`).
 */

type WinkFactory = typeof import('wink-nlp').default;
type WinkModel = Parameters<WinkFactory>[0];

/** One wink-nlp instance (the factory's return type). */
export type WinkMethods = ReturnType<WinkFactory>;

/** The annotations a wink pipeline can run (the factory's pipe argument). */
export type WinkPipe = NonNullable<Parameters<WinkFactory>[1]>;

/**
 * Why: loads wink-nlp and its model only when a caller first needs them (the model costs ~100 ms and some MB, wasted
 * on runs that never tokenize with wink nor tag instructions) and returns an instance running `pipe` (`[]`: tokens
 * only, no sbd/pos/ner/… annotation). Callers cache what it returns.
 */
export function loadWinkModel(pipe: WinkPipe): WinkMethods {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load: runs that need no wink skip it
  const wnMod = require('wink-nlp') as WinkFactory | { default: WinkFactory };
  const winkNLP = typeof wnMod === 'function' ? wnMod : wnMod.default;
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, as above
  const modelMod = require('wink-eng-lite-web-model') as WinkModel | { default: WinkModel };
  const model = 'default' in modelMod && modelMod.default ? modelMod.default : (modelMod as WinkModel);
  return winkNLP(model, pipe);
}
