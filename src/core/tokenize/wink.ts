/**
 * Optional linguistic tokenizer (wink-nlp, English lite model): splits contractions ("can't" → can, not),
 * keeps URLs, e-mails, emoji, hashtags and numbers like 3.5 as single tokens. About 20x slower than `word`.
 */
import type { Tokenizer } from '../types.ts';

type WinkFactory = typeof import('wink-nlp').default;
type WinkMethods = ReturnType<WinkFactory>;

/** wink token types that are not tokens for diversity metrics. */
const DROPPED_TYPES: ReadonlySet<string> = new Set(['punctuation', 'tabCRLF', 'space', 'spaces']);

let nlp: WinkMethods | undefined;

/**
 * Loads wink-nlp and its model on first use only (the model costs ~100 ms and some MB, wasted for `word` runs),
 * with a tokenization-only pipeline (`winkNLP(model, [])`: an empty pipe runs no sbd/pos/ner/… annotation).
 * `require` with literal names so esbuild still bundles both packages.
 */
function loadWink(): WinkMethods {
  if (!nlp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load: word-only runs skip the model
    const wnMod = require('wink-nlp') as WinkFactory | { default: WinkFactory };
    const winkNLP = typeof wnMod === 'function' ? wnMod : wnMod.default;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- lazy load, as above
    const modelMod = require('wink-eng-lite-web-model') as
      Parameters<WinkFactory>[0] | { default: Parameters<WinkFactory>[0] };
    const model =
      'default' in modelMod && modelMod.default ? modelMod.default : (modelMod as Parameters<WinkFactory>[0]);
    nlp = winkNLP(model, []);
  }
  return nlp;
}

/**
 * `wink` tokenizer: wink-nlp tokens in text order, as their lowercased normal forms (`its.normal`,
 * which also expands contractions), dropping tokens whose `its.type` is punctuation or whitespace (tabCRLF).
 */
export const winkTokenizer: Tokenizer = {
  name: 'wink',
  tokenize(text: string): string[] {
    const w = loadWink();
    const tokens = w.readDoc(text).tokens();
    const types = tokens.out(w.its.type) as string[];
    const normals = tokens.out(w.its.normal) as string[];
    const out: string[] = [];
    for (let i = 0; i < normals.length; i++) {
      if (!DROPPED_TYPES.has(types[i])) out.push(normals[i].toLowerCase());
    }
    return out;
  },
};
