/**
 * A word-bigram language model that can be fitted on text and sampled from.
 * Why: the `self-trained` slice of the sample is a toy reproduction of model collapse (Shumailov et al.,
 * Nature 2024): a model is fitted on text, a finite sample is drawn from it, the next model is fitted on
 * that sample only, and so on. A bigram model can never emit a word or word pair it did not see, and a
 * finite sample misses rare pairs, so each generation loses part of the tail and repeats itself more.
 */

/** Sentence start marker (never emitted). */
const START = '\u0002';
/** Tokens that end a sentence. */
const SENTENCE_END = new Set(['.', '!', '?']);

/**
 * Splits text into model tokens: word runs (letters, digits, apostrophes) and the punctuation marks
 * . , ! ? ; : as tokens of their own; every other character is dropped.
 * @param {string} text
 * @returns {string[]}
 */
export function modelTokens(text) {
  return text.match(/[A-Za-z0-9\u00c0-\u00ff]+(?:'[A-Za-z]+)?|[.,!?;:]/g) ?? [];
}

/**
 * Joins model tokens back into text: a space between words, none before punctuation.
 * @param {string[]} tokens
 */
export function detokenize(tokens) {
  let out = '';
  for (const token of tokens) {
    if (out === '' || /^[.,!?;:]$/.test(token)) out += token;
    else out += ` ${token}`;
  }
  return out;
}

/**
 * Bigram model: P(next | previous) = count(previous, next) / count(previous, ·), maximum likelihood,
 * no smoothing (smoothing would reinvent lost words and hide the very effect this demonstrates).
 */
export class BigramModel {
  constructor() {
    /** previous token → { next tokens in first-seen order, running totals of their counts } */
    this.table = new Map();
  }

  /**
   * Fits a model on texts: each text is split into sentences at . ! ? and every sentence is a chain
   * START → w1 → … → end mark. A trailing fragment without an end mark is closed with ".".
   * @param {string[]} texts
   */
  static fit(texts) {
    const counts = new Map();
    const add = (previous, next) => {
      let row = counts.get(previous);
      if (row === undefined) counts.set(previous, (row = new Map()));
      row.set(next, (row.get(next) ?? 0) + 1);
    };
    for (const text of texts) {
      let previous = START;
      for (const token of modelTokens(text)) {
        add(previous, token);
        previous = SENTENCE_END.has(token) ? START : token;
      }
      if (previous !== START) add(previous, '.');
    }
    const model = new BigramModel();
    for (const [previous, row] of counts) {
      const next = [...row.keys()];
      const cumulative = new Float64Array(next.length);
      let total = 0;
      next.forEach((token, i) => {
        total += row.get(token);
        cumulative[i] = total;
      });
      model.table.set(previous, { next, cumulative, total });
    }
    return model;
  }

  /** Number of distinct word types the model can still emit (punctuation excluded). */
  get vocabularySize() {
    let n = 0;
    for (const key of this.table.keys()) if (key !== START && /\w/.test(key)) n++;
    return n;
  }

  /** Draws the token after `previous` in proportion to the bigram counts. */
  sampleNext(previous, rng) {
    const row = this.table.get(previous);
    if (row === undefined) return '.';
    const target = rng.next() * row.total;
    let lo = 0;
    let hi = row.cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (row.cumulative[mid] > target) hi = mid;
      else lo = mid + 1;
    }
    return row.next[lo];
  }

  /**
   * Samples one sentence by ancestral sampling from START until an end mark, cut at maxTokens
   * (a cut sentence is closed with ".").
   * @param {{ next(): number }} rng
   * @param {number} maxTokens
   * @returns {string[]}
   */
  sampleSentence(rng, maxTokens) {
    const tokens = [];
    let previous = START;
    while (tokens.length < maxTokens) {
      const token = this.sampleNext(previous, rng);
      tokens.push(token);
      if (SENTENCE_END.has(token)) return tokens;
      previous = token;
    }
    tokens.push('.');
    return tokens;
  }
}
