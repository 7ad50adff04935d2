/**
 * Optional linguistic tokenizer (wink-nlp, English lite model): splits contractions ("can't" → can, not),
 * keeps URLs, e-mails, emoji, hashtags and numbers like 3.5 as single tokens. About 20x slower than `word`.
 */
import type { Tokenizer } from '../types.ts';
import { WinkRows } from './winkRows.ts';

/** wink token types that are not tokens for diversity metrics. */
const DROPPED_TYPES: ReadonlySet<string> = new Set(['punctuation', 'tabCRLF', 'space', 'spaces']);

let rows: WinkRows | undefined;

/**
 * The tokenizer's wink-nlp, loaded on first use only, with a tokenization-only pipeline (no sbd/pos/ner/…
 * annotation, which tokens do not need), reading every row as if it were its first (winkRows.ts: wink learns as it
 * reads, and a row's tokens must not depend on the rows read before). Why exported: the chunk hot path
 * (winkIds.ts) reads through the same reader.
 */
export function winkRows(): WinkRows {
  rows ??= new WinkRows();
  return rows;
}

/** Why a function: both paths (tokenize, winkIds.ts) must apply the same rule to a wink token type. */
export function keepsWinkType(type: string): boolean {
  return !DROPPED_TYPES.has(type);
}

/** The diversity token of a kept wink token: its normal form (`its.normal`), lowercased. Shared rule, as above. */
export function winkTokenOf(normal: string): string {
  return normal.toLowerCase();
}

/**
 * `wink` tokenizer: wink-nlp tokens in text order, as their lowercased normal forms (`its.normal`,
 * which also expands contractions), dropping tokens whose `its.type` is punctuation or whitespace (tabCRLF). A row's
 * tokens depend on that row only (winkRows.ts).
 */
export const winkTokenizer: Tokenizer = {
  name: 'wink',
  tokenize(text: string): string[] {
    const w = winkRows();
    const tokens = w.read(text).tokens();
    const types = tokens.out(w.its.type) as string[];
    const normals = tokens.out(w.its.normal) as string[];
    const out: string[] = [];
    for (let i = 0; i < normals.length; i++) {
      if (keepsWinkType(types[i])) out.push(winkTokenOf(normals[i]));
    }
    return out;
  },
};
