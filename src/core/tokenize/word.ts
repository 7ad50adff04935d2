/**
 * The default tokenizer: fast, dependency-free, and reproducible from Python.
 */
import type { Tokenizer } from '../types.ts';

/**
 * One token = one maximal run of letters (\p{L}), numbers (\p{N}) or "_".
 * Together with String.prototype.toLowerCase this agrees with Python's `re.findall(r"\w+", text.lower())`
 * for every character assigned in Python's Unicode database (checked code point by code point against
 * Python 3.11 / Unicode 14; see docs/fields.md).
 */
export const WORD_TOKEN_RE = /[\p{L}\p{N}_]+/gu;

/**
 * `word` tokenizer: lowercases with String.prototype.toLowerCase (locale-independent, final-sigma aware,
 * like Python's str.lower) and returns every maximal [\p{L}\p{N}_] run, in text order.
 */
export const wordTokenizer: Tokenizer = {
  name: 'word',
  tokenize(text: string): string[] {
    return text.toLowerCase().match(WORD_TOKEN_RE) ?? [];
  },
};
