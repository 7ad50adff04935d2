/**
 * JSONL rows recombined from real e-mail sentences (emailSentences.mjs), deterministic for a seed: the
 * benchmark corpus of `bench/run.mjs` (`generate-corpus.mjs --text email`) and its human reference file.
 * Why: realistic text at any size, with the properties the analysis measures planted on purpose — a less
 * diverse `synthetic` slice, a `templated` slice, exact copies and near copies of earlier rows spread through
 * the file.
 *
 * Sources (share of rows): `ham` 45% (sentences of ham mail), `spam` 25%, `synthetic` 20% (sentences drawn
 * from a fixed pool of 400 ham sentences: few types, many repeats), `templated` 10% (4 openings with slots
 * filled by words of the pool). Bodies have 2–14 sentences, prompts one. 5% of rows are exact copies and 5%
 * near copies (1–3 words replaced) of a row from a 4,096-row reservoir of earlier rows.
 */
import { Rng } from '../../scripts/lib/prng.mjs';
import { loadEmailSentences } from './emailSentences.mjs';

const RESERVOIR_SIZE = 4096;
const EXACT_RATE = 0.05;
const NEAR_RATE = 0.05;
const POOL = 400;
const SOURCES = [
  { name: 'ham', share: 0.45 },
  { name: 'spam', share: 0.25 },
  { name: 'synthetic', share: 0.2 },
  { name: 'templated', share: 0.1 },
];
const TEMPLATES = [
  'Sure! Here is a _ _ for you: the _ is _ and the _ is _. Let me know if you need anything else.',
  'As an AI language model, I cannot _ _. However, I can help you with _ and _.',
  'Great question! Here are three tips for _: first, _ _; second, _ _; third, _ _. I hope this helps!',
  'Certainly! _ is a fascinating topic. In summary, _ is _ important and worth learning about.',
];

let cached = null;
function sentences() {
  return (cached ??= loadEmailSentences());
}

/** Streams corpus lines (no trailing newline) for one seed; `shape` is `chat` or `text`. */
export class EmailRowGenerator {
  constructor(seed, shape = 'chat') {
    if (shape !== 'chat' && shape !== 'text')
      throw new Error(`--text email supports --shape chat|text, not ${shape}`);
    this.rng = new Rng(seed);
    this.shape = shape;
    const s = sentences();
    this.ham = s.ham;
    this.spam = s.spam;
    this.pool = this.rng.shuffled(s.ham).slice(0, POOL);
    this.poolWords = this.pool
      .join(' ')
      .split(' ')
      .filter((w) => /^[A-Za-z]+$/.test(w));
    this.reservoir = [];
    this.rows = 0;
  }

  pickSource() {
    let u = this.rng.next();
    for (let i = 0; i < SOURCES.length - 1; i++) {
      if (u < SOURCES[i].share) return SOURCES[i].name;
      u -= SOURCES[i].share;
    }
    return SOURCES[SOURCES.length - 1].name;
  }

  sentenceOf(source) {
    const list = source === 'spam' ? this.spam : source === 'ham' ? this.ham : this.pool;
    return this.rng.pick(list);
  }

  fresh(source) {
    const prompt = this.sentenceOf(source === 'spam' ? 'spam' : 'ham');
    if (source === 'templated') {
      const body = this.rng.pick(TEMPLATES).replace(/_/g, () => this.rng.pick(this.poolWords));
      return { source, prompt, body };
    }
    const n = this.rng.int(2, 14);
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(this.sentenceOf(source));
    return { source, prompt, body: parts.join(' ') };
  }

  nearCopy(row) {
    const words = row.body.split(' ');
    const changes = this.rng.int(1, 3);
    for (let c = 0; c < changes; c++)
      words[Math.floor(this.rng.next() * words.length)] = this.rng.pick(this.poolWords);
    return { ...row, body: words.join(' ') };
  }

  render(row) {
    if (this.shape === 'text')
      return JSON.stringify({ text: `${row.prompt}\n\n${row.body}`, source: row.source });
    return JSON.stringify({
      messages: [
        { role: 'user', content: row.prompt },
        { role: 'assistant', content: row.body },
      ],
      source: row.source,
    });
  }

  /** The next line. */
  nextLine() {
    const u = this.rng.next();
    let row;
    if (this.reservoir.length > 0 && u < EXACT_RATE) row = this.rng.pick(this.reservoir);
    else if (this.reservoir.length > 0 && u < EXACT_RATE + NEAR_RATE)
      row = this.nearCopy(this.rng.pick(this.reservoir));
    else row = this.fresh(this.pickSource());
    this.rows++;
    if (this.reservoir.length < RESERVOIR_SIZE) this.reservoir.push(row);
    else {
      const slot = Math.floor(this.rng.next() * this.rows);
      if (slot < RESERVOIR_SIZE) this.reservoir[slot] = row;
    }
    return this.render(row);
  }
}

/** Lines of a human reference file: ham sentences only, no planted duplicates, `{"text": …}` rows. */
export class EmailReferenceGenerator {
  constructor(seed) {
    this.rng = new Rng(seed);
    this.ham = sentences().ham;
  }

  nextLine() {
    const n = this.rng.int(3, 10);
    const parts = [];
    for (let i = 0; i < n; i++) parts.push(this.rng.pick(this.ham));
    return JSON.stringify({ text: parts.join(' '), source: 'human' });
  }
}
