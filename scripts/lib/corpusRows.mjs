/**
 * Produces the JSONL lines of the synthetic benchmark corpus, one at a time (see bench/generate-corpus.mjs).
 * Why: the analyzer must be benchmarked on hundreds of megabytes with realistic properties — a Zipf long
 * tail, rows of very different lengths, exact and near duplicates spread through the file, and one slice
 * that is far less diverse than the others — without ever holding the corpus in memory.
 */
import { Rng } from './prng.mjs';
import { ZipfSampler, buildVocabulary, syllableWord } from './zipfVocabulary.mjs';

const VOCABULARY_SIZE = 200000;
/**
 * Share of body and prompt words (outside `templated`) that are brand-new words never used before (names,
 * typos, numbers in real text): they keep the vocabulary growing with corpus size and supply hapaxes, which a
 * closed 200k-word Zipf vocabulary stops doing after a few million tokens.
 */
const NOVEL_WORD_RATE = 0.002;
/** Counter of the first novel word: past every 3-syllable spelling, so novel words never hit the vocabulary. */
const FIRST_NOVEL_WORD = 140 + 140 ** 2 + 140 ** 3;
/** Rows kept (reservoir sample over everything emitted so far) as originals for duplicates. */
const RESERVOIR_SIZE = 4096;
const EXACT_DUPLICATE_RATE = 0.05;
const NEAR_DUPLICATE_RATE = 0.05;

/**
 * The four `source` values: share of rows, Zipf exponent and how many top ranks the slice draws from.
 * `templated` draws its slot fillers from the top ranks only.
 */
const SOURCES = [
  { name: 'web', share: 0.4, exponent: 1.05, ranks: VOCABULARY_SIZE },
  { name: 'books', share: 0.25, exponent: 1.0, ranks: VOCABULARY_SIZE },
  { name: 'synthetic', share: 0.25, exponent: 1.25, ranks: 20000 },
  { name: 'templated', share: 0.1, exponent: 1.1, ranks: 2000 },
];

/** Templates of the `templated` source: `_` is a slot for one drawn word. */
const TEMPLATES = [
  'sure here is a _ _ for you the _ is _ and the _ is _ let me know if you need anything else',
  'as an ai language model i cannot _ _ however i can help you with _ and _ is there anything else',
  'great question here are three tips for _ first _ _ second _ _ third _ _ i hope this helps',
  'certainly _ is a fascinating topic in summary _ is _ important and worth learning about overall _ plays a significant role',
].map((t) => t.split(' '));

/** Row shapes: how a prompt and a body become one JSON object. Words are [a-z]+, so no JSON escaping is needed. */
const SHAPES = {
  chat: (prompt, body, source) =>
    `{"messages":[{"role":"user","content":"${prompt}"},{"role":"assistant","content":"${body}"}],"source":"${source}"}`,
  text: (prompt, body, source) => `{"text":"${prompt}\\n\\n${body}","source":"${source}"}`,
  alpaca: (prompt, body, source) =>
    `{"instruction":"${prompt}","input":"","output":"${body}","source":"${source}"}`,
};

/** Names of the supported row shapes. */
export const SHAPE_NAMES = Object.keys(SHAPES);

/**
 * Deterministic stream of corpus lines (without the trailing newline) for one seed and shape.
 * Rows: a 5–20 word prompt and a 20–400 word body (length skewed to short: 20 + ⌊380·u²⌋), sentences of
 * 6–24 words ended by "." with an occasional ","; 0.2% of words outside `templated` are new words. About 5%
 * of rows are exact copies of an earlier row and 5% near copies (1–3 body words redrawn), both picked from a
 * uniform reservoir sample of earlier rows.
 */
export class CorpusRowGenerator {
  /**
   * @param {number} seed
   * @param {'chat' | 'text' | 'alpaca'} shape
   */
  constructor(seed, shape) {
    if (!(shape in SHAPES)) throw new Error(`unknown shape ${shape}; use one of ${SHAPE_NAMES.join(', ')}`);
    this.rng = new Rng(seed);
    this.render = SHAPES[shape];
    this.words = buildVocabulary(VOCABULARY_SIZE, this.rng);
    this.samplers = SOURCES.map((s) => new ZipfSampler(s.ranks, s.exponent));
    /** @type {{ source: string, prompt: string, body: string[] }[]} */
    this.reservoir = [];
    this.rowsEmitted = 0;
    this.novelWords = FIRST_NOVEL_WORD;
    this.novelRate = SOURCES.map((s) => (s.name === 'templated' ? 0 : NOVEL_WORD_RATE));
  }

  /** One drawn word of source `index`: a novel word with probability novelRate[index], else a Zipf draw. */
  word(index) {
    const u = this.rng.next();
    const novel = this.novelRate[index];
    if (u < novel) return syllableWord(this.novelWords++);
    return this.words[this.samplers[index].rank((u - novel) / (1 - novel))];
  }

  /** Index of a source drawn with the SOURCES shares. */
  pickSource() {
    let u = this.rng.next();
    for (let i = 0; i < SOURCES.length - 1; i++) {
      if (u < SOURCES[i].share) return i;
      u -= SOURCES[i].share;
    }
    return SOURCES.length - 1;
  }

  /** Body words of a fresh row of source `index` (punctuation attached to the word before it). */
  freshBody(index) {
    const rng = this.rng;
    const body = [];
    if (SOURCES[index].name === 'templated') {
      const template = rng.pick(TEMPLATES);
      for (const part of template) body.push(part === '_' ? this.word(index) : part);
      body[body.length - 1] += '.';
      return body;
    }
    const u = rng.next();
    const length = 20 + Math.floor(380 * u * u);
    let untilStop = rng.int(6, 24);
    for (let i = 0; i < length; i++) {
      let w = this.word(index);
      if (--untilStop === 0 || i === length - 1) {
        w += '.';
        untilStop = rng.int(6, 24);
      } else if (rng.chance(0.06)) {
        w += ',';
      }
      body.push(w);
    }
    return body;
  }

  /** A copy of `body` with 1–3 words redrawn from source `index` (trailing punctuation kept). */
  nearCopy(body, index) {
    const copy = body.slice();
    const changes = this.rng.int(1, 3);
    for (let c = 0; c < changes; c++) {
      const at = Math.floor(this.rng.next() * copy.length);
      const punctuation = /[.,]$/.exec(copy[at])?.[0] ?? '';
      copy[at] = this.word(index) + punctuation;
    }
    return copy;
  }

  /** Keeps a uniform sample of all rows so far (reservoir sampling, algorithm R). */
  remember(row) {
    this.rowsEmitted++;
    if (this.reservoir.length < RESERVOIR_SIZE) this.reservoir.push(row);
    else {
      const slot = Math.floor(this.rng.next() * this.rowsEmitted);
      if (slot < RESERVOIR_SIZE) this.reservoir[slot] = row;
    }
  }

  /** The next line of the corpus. */
  nextLine() {
    const u = this.rng.next();
    let row;
    if (this.reservoir.length > 0 && u < EXACT_DUPLICATE_RATE) {
      row = this.rng.pick(this.reservoir);
    } else if (this.reservoir.length > 0 && u < EXACT_DUPLICATE_RATE + NEAR_DUPLICATE_RATE) {
      const original = this.rng.pick(this.reservoir);
      const index = SOURCES.findIndex((s) => s.name === original.source);
      row = { source: original.source, prompt: original.prompt, body: this.nearCopy(original.body, index) };
    } else {
      const index = this.pickSource();
      const promptLength = this.rng.int(5, 20);
      const prompt = [];
      for (let i = 0; i < promptLength; i++) prompt.push(this.word(index));
      row = { source: SOURCES[index].name, prompt: prompt.join(' '), body: this.freshBody(index) };
    }
    this.remember(row);
    return this.render(row.prompt, row.body.join(' '), row.source);
  }
}
