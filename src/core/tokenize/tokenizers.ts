/**
 * Tokenizer registry: one place that maps the `--tokenizer` / `diversityLens.tokenizer` name to an implementation.
 */
import type { Tokenizer } from '../types.ts';
import { winkTokenizer } from './wink.ts';
import { wordTokenizer } from './word.ts';
import type { TokenizerName } from '../pipeline/optionsTable.ts';

/** The tokenizer called `name` ('word' is the default; 'wink' loads its model lazily on first tokenize). */
export function getTokenizer(name: TokenizerName): Tokenizer {
  if (name === 'word') return wordTokenizer;
  if (name === 'wink') return winkTokenizer;
  throw new Error(`Unknown tokenizer "${String(name)}" (expected "word" or "wink")`);
}
