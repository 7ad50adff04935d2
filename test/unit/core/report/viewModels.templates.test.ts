// The Templates view's phrase heading (viewModels.phrasesHeading) on real template reports: overlapping 6-grams of
// the same rows are joined into longer phrases (templatePhrases.ts), and the heading must give their true length.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateAccumulator } from '../../../../src/core/templates/templates.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { phrasesHeading } from '../../../../src/core/report/viewModels.ts';

const words = (text: string): string[] => text.toLowerCase().match(/\w+/g) ?? [];

function templates(texts: string[]) {
  const vocab = new Vocabulary();
  const acc = new TemplateAccumulator({});
  texts.forEach((t, i) => acc.addRow(i + 1, vocab.addTokens(words(t))));
  return acc.finish(vocab);
}

test('the phrase heading gives the joined phrases their real length, not "6 words"', () => {
  // a 9-word sentence repeated inside varied rows: its four 6-grams are joined into one 9-word phrase
  const sentence = 'please note that the results may vary by region';
  const t = templates(
    ['alpha', 'bravo', 'charlie', 'delta'].map((w, i) => `${w} ${i} said ${sentence} today ${w}${i}`),
  );
  const lengths = t.phrases.map((p) => p.n);
  assert.ok(Math.max(...lengths) > 6, `joined phrases: ${lengths.join(', ')}`);
  const heading = phrasesHeading(t.phrases, t.phrasesApproximate);
  assert.doesNotMatch(heading, /\(6 words\)/);
  const [lo, hi] = [Math.min(...lengths), Math.max(...lengths)];
  assert.ok(heading.includes(`(${lo === hi ? lo : `${lo}–${hi}`} words;`), heading);
  assert.match(heading, /joined/);
  assert.match(heading, /upper-bound estimates$/);
});

test('the heading says "6 words" only when every phrase has 6, and stays true with none', () => {
  assert.equal(phrasesHeading([{ n: 6 }, { n: 6 }], false), 'Repeated phrases (6 words)');
  assert.equal(
    phrasesHeading([{ n: 9 }], true),
    'Repeated phrases (9 words; overlapping 6-word runs found in the same rows are joined) — counts are upper-bound estimates',
  );
  assert.equal(phrasesHeading([], false), 'Repeated phrases (runs of 6 or more words)');
  assert.equal(
    phrasesHeading([{ n: 6 }, { n: 11 }], false),
    'Repeated phrases (6–11 words; overlapping 6-word runs found in the same rows are joined)',
  );
});

test('the heading says when phrase counts are sampled (templates.phrasesSampled)', () => {
  assert.equal(
    phrasesHeading([{ n: 6 }], true, { rate: 0.5, fromLine: 100_001 }),
    'Repeated phrases (6 words) — estimated counts: past line 100,000 of each file, 1 row in 2 sampled',
  );
});
