/**
 * wink-nlp reading each row as if it were the first row it ever read: a row's wink tokens depend on that row alone,
 * so one pass, any number of workers, any chunk or byte-range cut and merged partials all give the same tokens.
 *
 * Why this is needed: wink learns as it reads. Every text it adds as a token and does not know yet becomes a new
 * lexeme of its lexicon (winkModel.ts, WinkLexemes), with the token type it had then; later, its tokenizer looks a
 * text up in that lexicon before splitting it. So after reading "the client's." (where "client's" is cut from the
 * final period whole) wink keeps "client's" whole in any later row instead of splitting it into client + 's; after
 * "&nbsp;" it keeps "&nbsp" whole instead of & + nbsp; and a number first met inside a word ("1618" of "…-1618")
 * stays a word instead of a number. The tokens of a row thus depended on the rows the same instance had read
 * before, which differ between one pass and each worker's chunks.
 *
 * The rule: before each row, the texts wink learnt while reading the previous row are removed from the lookup
 * table (`hash`), leaving exactly the table of a freshly built instance (the model's own lexemes). Their ids stay
 * in `list` (wink's packed per-lexeme data is indexed by id and cannot be cut), so a text met again is learnt again
 * under a new id, and an id never changes meaning within one instance; the instance is rebuilt, from a fresh copy
 * of the model, once REBUILD_AFTER_LEARNED such ids have piled up, which bounds their memory.
 */
import { loadWinkInstance, type WinkLexemes, type WinkMethods } from './winkModel.ts';

/** A document wink has read. */
export type WinkDoc = ReturnType<WinkMethods['readDoc']>;

/** Learnt lexeme ids (about 100 bytes each) after which the instance is rebuilt: ~50 MB, ~0.3 s per rebuild. */
export const REBUILD_AFTER_LEARNED = 1 << 19;

export class WinkRows {
  private nlp!: WinkMethods;
  private lexemes!: WinkLexemes;
  /** The first id learnt since the last forget. */
  private learntFrom = 0;
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
    const { hash, list } = this.lexemes;
    if (list.length - this.lexemes.intrinsicSize > this.rebuildAfter) this.build();
    else {
      for (let id = this.learntFrom; id < list.length; id++) {
        const t = list[id];
        if (hash[t] === id) delete hash[t];
      }
      this.learntFrom = list.length;
    }
    return this.nlp.readDoc(text);
  }

  private build(): void {
    const { nlp, lexemes } = loadWinkInstance([]);
    this.nlp = nlp;
    this.lexemes = lexemes;
    this.learntFrom = lexemes.list.length;
    this.builds++;
  }
}
