/**
 * The `wink` tokenizer's hot path: a row's wink tokens straight to vocabulary ids, without building a string per
 * token nor hashing one.
 *
 * Why it is exact: a wink token's type (`its.type`) is a property of its lexeme alone, and so is its normal form
 * (`its.normal`) unless the token comes from a contraction (`its.contractionFlag`), whose normal is the expansion's.
 * A lexeme's id (`its.uniqueId`) never changes meaning in one wink instance (its lexicon only grows; winkRows.ts
 * makes wink forget a row's new texts by dropping them from its lookup table, not by reusing their ids), so once
 * this class has seen a lexeme it knows, for every later non-contraction token of that lexeme, whether the token is
 * dropped and which vocabulary id it has. When WinkRows rebuilds its instance, the ids of the model's own lexemes
 * keep their meaning and the learnt ones are forgotten. Contraction tokens, and tokens of a lexeme not seen yet,
 * take wink's type and normal exactly as winkTokenizer.tokenize does (keepsWinkType, winkTokenOf). Only wink's
 * public `its.*` readers are used, and only to read.
 */
import { keepsWinkType, winkRows, winkTokenOf } from './wink.ts';
import type { WinkRows } from './winkRows.ts';
import type { Vocabulary } from './vocabulary.ts';
import { withRoom } from '../typedArrays.ts';

/** memo value of a lexeme whose tokens are dropped (punctuation, whitespace). */
const DROPPED = -1;

export class WinkIds {
  /** Per wink lexeme id: 0 not seen yet, DROPPED, or (vocabulary id + 1) of its lowercased normal. */
  private memo = new Int32Array(1 << 16);
  private ids = new Uint32Array(256);
  /** The reader's `builds` the memo was filled under. */
  private builds = 0;

  /** `reader`: the tokenizer's shared one unless given (tests); resolved on first use, so wink loads lazily. */
  constructor(
    private readonly vocab: Vocabulary,
    private reader?: WinkRows,
  ) {}

  /**
   * Tokenizes `text` with wink, interns and counts its tokens; returns the row's ids in order (the same tokens as
   * vocab.addTokens(winkTokenizer.tokenize(text))). Why a view: RowFeed uses a row's ids only while it feeds that
   * row; the ids are valid until the next call.
   */
  addText(text: string): Uint32Array {
    const w = (this.reader ??= winkRows());
    const doc = w.read(text);
    // a rebuilt instance: its learnt ids are not the memo's (the model's own lexemes' are)
    if (w.builds !== this.builds) {
      this.memo.fill(0, w.intrinsicSize);
      this.builds = w.builds;
    }
    const its = w.its;
    const tokens = doc.tokens();
    const lexemes = tokens.out(its.uniqueId) as number[];
    const contracted = tokens.out(its.contractionFlag) as boolean[];
    const n = lexemes.length;
    this.ids = withRoom(this.ids, n);
    let maxLexeme = 0;
    for (let i = 0; i < n; i++) if (lexemes[i] > maxLexeme) maxLexeme = lexemes[i];
    this.memo = withRoom(this.memo, maxLexeme + 1);
    const memo = this.memo;
    const ids = this.ids;
    let k = 0;
    for (let i = 0; i < n; i++) {
      const lexeme = lexemes[i];
      let m = memo[lexeme];
      if (m === 0 || contracted[i]) {
        // a lexeme not seen yet (a few % of the tokens) or a contraction: wink's own type and normal of token i
        const token = tokens.itemAt(i);
        if (!keepsWinkType(token.out(its.type) as string)) m = DROPPED;
        else {
          const id = this.vocab.intern(winkTokenOf(token.out(its.normal) as string));
          // a contraction's normal is not its lexeme's: never memoised
          if (contracted[i]) {
            ids[k++] = id;
            continue;
          }
          m = id + 1;
        }
        // (a lexeme is dropped or kept by its type alone, so a contraction's lexeme may be memoised as dropped)
        memo[lexeme] = m;
      }
      if (m !== DROPPED) ids[k++] = m - 1;
    }
    const out = ids.subarray(0, k);
    this.vocab.countIds(out);
    return out;
  }
}
