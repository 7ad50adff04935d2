/**
 * wink-nlp reading each row as a freshly built instance would: a row's wink tokens depend on that row alone, so one
 * pass, any number of workers, any chunk or byte-range cut and merged partials all give the same tokens.
 *
 * Why this is needed: wink learns as it reads. Every text it adds as a token and does not know yet becomes a new
 * lexeme of its lexicon (with the token category it had then), and its tokenizer looks a text up in that lexicon
 * before splitting it. So after reading "the client's." (a word and one final punctuation mark: cut into the word
 * and the mark, the word added whole) wink kept "client's" whole in every later row instead of splitting it into
 * client + 's; "&nbsp" learnt whole stayed whole instead of & + nbsp; a number first met inside a hyphenated word
 * stayed a word. A row's tokens thus depended on the rows the same instance had read before, which differ between
 * one pass and each worker's chunks (e50: 1,445 of 48,309 rows; `tokens.total` 6,979,672 with 1 worker, 6,979,706
 * with 2).
 *
 * The rule: while wink reads a row, its lexicon answers as a fresh instance's would — the model's own lexemes, and
 * the texts learnt earlier in the SAME row. A text learnt in an earlier row is hidden from `lookup`; when wink then
 * adds it again (`add`), its earlier lexeme is reused if wink gives it the same category now (a lexeme is its text,
 * its lowercase form and its category: exactly what a fresh instance would create), else the text is dropped from
 * the lexicon's table and added anew. So lexemes are shared across rows (memory as before: e50 learns
 * ~54 k of them, not one per unknown token) without their tokens depending on the order of the rows. A lexeme id
 * never changes meaning within one instance (winkIds.ts relies on it); the instance is rebuilt, from a fresh copy of
 * the model, once REBUILD_AFTER_LEARNED ids have been learnt, which bounds the lexicon's memory.
 */
import { loadWinkInstance, type WinkLexemes, type WinkLexicon, type WinkMethods } from './winkModel.ts';
import { withRoom } from '../typedArrays.ts';

/** A document wink has read. */
export type WinkDoc = ReturnType<WinkMethods['readDoc']>;

/** Learnt lexeme ids (≈ 100 bytes each) after which the instance is rebuilt (≈ 0.3 s): ≈ 100 MB. */
export const REBUILD_AFTER_LEARNED = 1 << 20;

/** Not a wink token category (there are 20): a lexeme whose category is not known is never reused. */
const UNKNOWN_CATEGORY = 255;

export class WinkRows {
  private nlp!: WinkMethods;
  private lexemes!: WinkLexemes;
  /** The row being read (counts up from 1); a lexeme learnt before the row and not reused in it is hidden. */
  private row = 0;
  /** The first id learnt in the current row: ids from it on were added by this row. */
  private rowStart = 0;
  /** Per learnt id: the last row that added or reused it. */
  private usedIn = new Int32Array(1 << 12);
  /**
   * The text of the last `lookup` and its lexeme id (undefined: unknown), valid until the next `add`: wink adds a
   * text it just looked up, and a second probe of wink's large table with a fresh string costs ~5 % of a row's time.
   */
  private lastText: string | null = null;
  private lastId: unknown;
  /** Per learnt id: the token category wink added it with. */
  private category = new Uint8Array(1 << 12);
  /**
   * How many instances were built (1 after the constructor). Why public: an id of the model's own lexemes (below
   * intrinsicSize) means the same in every instance; a learnt id means nothing after a rebuild (winkIds.ts).
   */
  builds = 0;

  constructor(private readonly rebuildAfter: number = REBUILD_AFTER_LEARNED) {
    this.build();
  }

  /** wink's `its` readers (the same for every instance). */
  get its(): WinkMethods['its'] {
    return this.nlp.its;
  }

  /** Ids below this are the model's own lexemes, the same in every instance. */
  get intrinsicSize(): number {
    return this.lexemes.intrinsicSize;
  }

  /** Reads one row with no trace of the rows read before (see the file comment). */
  read(text: string): WinkDoc {
    if (this.lexemes.list.length - this.lexemes.intrinsicSize > this.rebuildAfter) this.build();
    this.row++;
    this.rowStart = this.lexemes.list.length;
    return this.nlp.readDoc(text);
  }

  /** Whether lexeme `id` was learnt in an earlier row and not used again in this one (a fresh instance lacks it). */
  private hidden(id: number): boolean {
    return id >= this.lexemes.intrinsicSize && id < this.rowStart && this.usedIn[id] !== this.row;
  }

  /** Before wink adds `text` with `category`: reuse its lexeme from an earlier row, or forget it (file comment). */
  private reuseOrForget(text: string, category: number): void {
    const hash = this.lexemes.hash;
    const id = text === this.lastText ? this.lastId : hash[text];
    // (`hash` is a plain object: `constructor` and the like read as functions, and wink treats them as known)
    if (typeof id !== 'number' || !this.hidden(id)) return;
    if (this.category[id] === category) this.usedIn[id] = this.row;
    else delete hash[text];
  }

  private build(): void {
    const { nlp, lexemes, lexicon } = loadWinkInstance([], true);
    this.nlp = nlp;
    this.lexemes = lexemes;
    this.usedIn.fill(0);
    this.lastText = null;
    this.row = 0;
    this.rowStart = lexemes.list.length;
    this.hook(lexicon!);
    this.builds++;
  }

  /** Wraps the lexicon methods wink's tokenizer calls (winkModel.ts, WinkLexicon) with the rule above. */
  private hook(lexicon: WinkLexicon): void {
    const lookup = lexicon.lookup;
    const add = lexicon.add;
    const list = this.lexemes.list;
    // the texts learnt before the hook (winkModel.ts reads one) have no known category: never reused
    this.category = withRoom(this.category, list.length);
    this.category.fill(0, 0, this.lexemes.intrinsicSize);
    this.category.fill(UNKNOWN_CATEGORY, this.lexemes.intrinsicSize, list.length);
    lexicon.lookup = (text) => {
      const ids = lookup(text);
      this.lastText = text;
      this.lastId = ids === null ? undefined : ids[0];
      return ids !== null && ids.length === 1 && this.hidden(ids[0]) ? null : ids;
    };
    lexicon.add = (text, category) => {
      this.reuseOrForget(text, category);
      const lower = text.toLowerCase();
      if (lower !== text) this.reuseOrForget(lower, category);
      const before = list.length;
      const id = add(text, category);
      this.lastText = null;
      if (list.length > before) {
        // new lexemes (the text, its lowercase form): both carry this category
        this.usedIn = withRoom(this.usedIn, list.length);
        this.category = withRoom(this.category, list.length);
        this.usedIn.fill(this.row, before, list.length);
        this.category.fill(category, before, list.length);
      }
      return id;
    };
  }
}
