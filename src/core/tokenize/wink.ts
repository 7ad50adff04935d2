/**
 * Optional linguistic tokenizer (wink-nlp, English lite model): splits contractions ("can't" → can, not),
 * keeps URLs, e-mails, emoji, hashtags and numbers like 3.5 as single tokens. About 20x slower than `word`.
 */
import type { Tokenizer } from '../types.ts';
import { loadWinkModel, type WinkMethods } from './winkModel.ts';

/** wink token types that are not tokens for diversity metrics. */
const DROPPED_TYPES: ReadonlySet<string> = new Set(['punctuation', 'tabCRLF', 'space', 'spaces']);

let nlp: WinkMethods | undefined;

/**
 * The tokenizer's wink-nlp, loaded on first use only (winkModel.ts), with a tokenization-only pipeline (`[]`: no
 * sbd/pos/ner/… annotation, which tokens do not need).
 */
function loadWink(): WinkMethods {
  nlp ??= loadWinkModel([]);
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
