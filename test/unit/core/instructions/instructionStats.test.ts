// The instruction figures: hand values on small inputs, the seeded bottom-k sample (deterministic, uniform, the
// same whatever the chunking), merge = one pass, a generated set where one pair dominates, and the reference overlap.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  InstructionAccumulator,
  rebaseInstructionPartial,
  sampleKey,
  type InstructionOptions,
  type InstructionReport,
} from '../../../../src/core/instructions/instructionStats.ts';
import { createPromptSide } from '../../../../src/core/instructions/promptSide.ts';
import { rng } from '../../helpers/testRng.ts';

const SIDE = createPromptSide([{ instruction: 'x' }])!;

/** Runs rows (value per line, line = index + 1) through one accumulator. */
function run(
  values: unknown[],
  options: InstructionOptions = {},
  reference?: readonly string[],
): InstructionReport {
  const acc = new InstructionAccumulator(SIDE, options);
  values.forEach((v, i) => acc.addRow(i + 1, v));
  return acc.finish(reference);
}

const close = (a: number | null, b: number, what: string) =>
  assert.ok(a !== null && Math.abs(a - b) < 1e-12, `${what}: ${a} ≠ ${b}`);

test('hand values on five prompts: pairs, shares, entropy, lemma/token TTR, MATTR, distinct-2, overlap', () => {
  const r = run(
    [
      { instruction: 'Write a poem about cats.' }, // write → poem
      { instruction: 'Write poems about dogs.' }, // write → poem
      { instruction: 'Write a story.' }, // write → story
      { instruction: 'Explain why the sky is blue.' }, // explain → (none)
      { instruction: 'Hello there!' }, // no verb
      { text: 'not a prompt' }, // no prompt side
    ],
    { mattrWindow: 5 },
  );
  assert.equal(r.rows, 6);
  assert.equal(r.promptRows, 5);
  assert.equal(r.sampledRows, 5);
  assert.equal(r.noVerbRows, 1);
  assert.equal(r.verbOnlyRows, 1);
  assert.equal(r.distinctVerbs, 2);
  assert.equal(r.distinctPairs, 3);
  close(r.top10Share, 4 / 5, 'top10Share'); // all three pairs: 4 of 5 sampled rows (one has no verb)
  close(r.top20Share, 4 / 5, 'top20Share');
  // over the 4 rows with a verb: p = 2/4, 1/4, 1/4 → 0.5·1 + 0.25·2 + 0.25·2 = 1.5 bits
  close(r.pairEntropy, 1.5, 'pairEntropy');
  assert.deepEqual(r.topPairs, [
    { verb: 'write', noun: 'poem', rows: 2, share: 0.4, lines: [1, 2] },
    { verb: 'explain', noun: null, rows: 1, share: 0.2, lines: [4] }, // ties: by verb name
    { verb: 'write', noun: 'story', rows: 1, share: 0.2, lines: [3] },
  ]);
  assert.deepEqual(r.topVerbs, [
    {
      verb: 'write',
      rows: 3,
      nouns: [
        { noun: 'poem', rows: 2 },
        { noun: 'story', rows: 1 },
      ],
    },
    { verb: 'explain', rows: 1, nouns: [] },
  ]);
  // Lemma stream (line order, punctuation dropped), 20 tokens:
  //   write a poem about cat | write poem about dog | write a story | explain why the sky be blue | hello there
  // 15 lemma types → TTR 15/20. Bigrams inside prompts: 4 + 3 + 2 + 5 + 1 = 15, "poem about" and "write a"
  // repeat → 13 distinct → 13/15. MATTR(5): 16 windows with 5,5,4,4,5,4,5,5,5 then seven 5s distinct = 77 → 77/80.
  assert.equal(r.lemma.tokens, 20);
  assert.equal(r.lemma.types, 15);
  close(r.lemma.ttr, 15 / 20, 'lemma ttr');
  close(r.lemma.distinct2, 13 / 15, 'lemma distinct2');
  close(r.lemma.mattr, 77 / 80, 'lemma mattr');
  // Normal forms: cats/poems/dogs/is stay apart → 16 types; bigrams: only "write a" repeats → 14/15;
  // MATTR(5): 5,5,5,4,5,4,5,5,5 then seven 5s = 78 → 78/80. Inflection inflates the token figures.
  assert.equal(r.token.types, 16);
  close(r.token.ttr, 16 / 20, 'token ttr');
  close(r.token.distinct2, 14 / 15, 'token distinct2');
  close(r.token.mattr, 78 / 80, 'token mattr');
  // ROUGE-L nearest neighbours: [write a poem about cats] ↔ [write a story]: LCS 2, 5 + 3 → 0.5;
  // [write poems about dogs] ↔ prompt 1: LCS "write about" 2, 4 + 5 → 4/9; [write a story] → 0.5; the other two 0.
  // Sorted 0, 0, 4/9, 0.5, 0.5: median 4/9; bins 0 (×2), ⌊40·2/9⌋ = 8, ⌊40·2/8⌋ = 10 (×2).
  assert.ok(r.overlap);
  assert.equal(r.overlap.prompts, 5);
  assert.equal(r.overlap.sampleSize, 2000);
  close(r.overlap.median, 4 / 9, 'median');
  assert.equal(r.overlap.shareAbove07, 0);
  const bins = new Array<number>(20).fill(0);
  bins[0] = 2;
  bins[8] = 1;
  bins[10] = 2;
  assert.deepEqual(r.overlap.histogram, bins);
  assert.deepEqual(r.ratesPer1000, {
    tokens: 20,
    urls: 0,
    emails: 0,
    emoji: 0,
    hashtags: 0,
    numbers: 0,
    entities: {},
  });
});

test("rates per 1,000 tokens from wink's token and entity types", () => {
  // tokens (punctuation dropped): Visit · https://example.com · or · mail · a@b.com · #fun · 😀 · on · 12 · May ·
  // 2020 · for · $ · 5 = 14; numbers: 12, 2020, 5; entities: URL, EMAIL, HASHTAG, EMOJI, DATE, MONEY
  const r = run([
    { instruction: 'Visit https://example.com or mail a@b.com #fun 😀 on 12 May 2020 for $5.' },
  ]);
  const k = 1000 / 14;
  assert.equal(r.ratesPer1000.tokens, 14);
  close(r.ratesPer1000.urls, k, 'urls');
  close(r.ratesPer1000.emails, k, 'emails');
  close(r.ratesPer1000.hashtags, k, 'hashtags');
  close(r.ratesPer1000.emoji, k, 'emoji');
  close(r.ratesPer1000.numbers, 3 * k, 'numbers');
  assert.deepEqual(Object.keys(r.ratesPer1000.entities), [
    'DATE',
    'EMAIL',
    'EMOJI',
    'HASHTAG',
    'MONEY',
    'URL',
  ]);
  for (const v of Object.values(r.ratesPer1000.entities)) close(v, k, 'entity');
  assert.equal(r.overlap, null); // one prompt: no other to compare with
  // wink tags "Visit" PROPN and a URL is no determiner, so rule 3 does not make it a verb: no verb (a known limit)
  assert.equal(r.noVerbRows, 1);
});

/** Generated instructions: `verbs` × `nouns` × topics, seeded. */
function generated(n: number, seed: number, verbs: string[], nouns: string[]): unknown[] {
  const r = rng(seed);
  const topics = [
    'cats',
    'the sea',
    'winter',
    'trains',
    'love',
    'a city',
    'robots',
    'music',
    'rain',
    'history',
  ];
  const pick = (xs: string[]) => xs[Math.floor(r() * xs.length)];
  return Array.from({ length: n }, (_, i) => ({
    instruction: `${pick(verbs)} ${pick(nouns)} about ${pick(topics)}.`,
    output: `answer ${i}`,
  }));
}

test('the sample: deterministic for a seed, different for another seed, uniform over the lines', () => {
  const rows = generated(3000, 5, ['Write', 'Describe', 'Explain'], ['a poem', 'the history', 'a fact']);
  const lines = (seed: number) => {
    const acc = new InstructionAccumulator(SIDE, { sampleSize: 300, seed });
    rows.forEach((v, i) => acc.addRow(i + 1, v));
    return acc.sampledByKey().map((e) => e.line);
  };
  const a = lines(7);
  assert.equal(a.length, 300);
  assert.deepEqual(lines(7), a);
  const b = lines(8);
  assert.notDeepEqual(b, a);
  // the kept rows are exactly the 300 lines with the smallest keys
  const keyed = rows.map((_, i) => ({ line: i + 1, ...sampleKey(i + 1, 7) }));
  keyed.sort((x, y) => x.hi - y.hi || x.lo - y.lo);
  assert.deepEqual(
    a,
    keyed.slice(0, 300).map((e) => e.line),
  );
  const firstHalf = a.filter((l) => l <= 1500).length;
  assert.ok(firstHalf > 110 && firstHalf < 190, `uniform: ${firstHalf} of 300 in the first half`);
  assert.deepEqual(
    run(rows, { sampleSize: 300, seed: 7 }),
    run(rows, { sampleSize: 300, seed: 7 }),
    'same report for the same seed',
  );
});

test('merge = one pass: chunks in any order (partials JSON round-tripped) give the one-pass report', () => {
  const rows = generated(
    1200,
    9,
    ['Write', 'Describe', 'List', 'Explain', 'Give me'],
    ['a poem', 'three facts'],
  );
  const options = { sampleSize: 250, overlapSampleSize: 120, seed: 3 };
  const one = run(rows, options);
  const cuts = [0, 137, 700, 1200];
  const partials = cuts.slice(1).map((end, k) => {
    const acc = new InstructionAccumulator(SIDE, options);
    for (let i = cuts[k]; i < end; i++) acc.addRow(i + 1, rows[i]);
    return JSON.parse(JSON.stringify(acc.snapshot())) as ReturnType<InstructionAccumulator['snapshot']>;
  });
  for (const order of [
    [0, 1, 2],
    [2, 0, 1],
  ]) {
    const merged = new InstructionAccumulator(SIDE, options);
    for (const k of order) merged.merge(partials[k]);
    assert.deepEqual(merged.finish(), one);
  }
  // two halves merged into one of them, too
  const left = new InstructionAccumulator(SIDE, options);
  const right = new InstructionAccumulator(SIDE, options);
  rows.forEach((v, i) => (i < 600 ? left : right).addRow(i + 1, v));
  left.merge(right.snapshot());
  assert.deepEqual(left.finish(), one);
  assert.throws(() => new InstructionAccumulator(SIDE, { ...options, seed: 4 }).merge(partials[0]), /seed 3/);
});

test('one dominant pair: top10Share near 1, low entropy, high nearest-instruction overlap', () => {
  const r = rng(21);
  const topics = ['cats', 'dogs', 'rain', 'snow', 'trains', 'the moon', 'love', 'bread', 'music', 'the sea'];
  const diverse = [
    'Explain how a rainbow forms.',
    'List five countries in Africa.',
    'Translate this sentence into German.',
    'Summarize the following article in two sentences.',
    'What is the boiling point of water?',
    'Give me three tips for better sleep.',
    'Classify the sentiment of this review.',
    'Describe your ideal weekend.',
  ];
  const rows = Array.from({ length: 1000 }, (_, i) => ({
    instruction:
      i % 20 === 0
        ? diverse[Math.floor(r() * diverse.length)]
        : `Write a poem about ${topics[Math.floor(r() * topics.length)]}.`,
  }));
  const d = run(rows, { sampleSize: 1000 });
  assert.equal(d.sampledRows, 1000);
  assert.deepEqual([d.topPairs[0].verb, d.topPairs[0].noun], ['write', 'poem']);
  assert.equal(d.topPairs[0].rows, 950);
  assert.ok(d.top10Share !== null && d.top10Share > 0.99, `top10Share ${d.top10Share}`);
  assert.ok(d.pairEntropy !== null && d.pairEntropy < 0.6, `entropy ${d.pairEntropy}`);
  assert.ok(d.overlap && d.overlap.median === 1, `median ${d.overlap?.median}`); // the topics repeat exactly
  assert.ok(d.overlap.shareAbove07 !== null && d.overlap.shareAbove07 > 0.9);
  // a varied set for contrast: many pairs, top-10 share well below
  const varied = run(
    generated(
      1000,
      4,
      [
        'Write',
        'Describe',
        'List',
        'Explain',
        'Summarize',
        'Compare',
        'Translate',
        'Classify',
        'Rewrite',
        'Find',
      ],
      [
        'a poem',
        'the history',
        'three facts',
        'a story',
        'the causes',
        'an essay',
        'a letter',
        'the benefits',
      ],
    ),
  );
  assert.ok(varied.distinctPairs > 40, `varied pairs ${varied.distinctPairs}`);
  assert.ok(varied.top10Share !== null && varied.top10Share < 0.5, `varied top10Share ${varied.top10Share}`);
  assert.ok(varied.pairEntropy !== null && varied.pairEntropy > 5);
});

test('reference overlap: identical prompts give 1; unrelated prompts give 0', () => {
  const rows = [{ instruction: 'Write a poem.' }, { instruction: 'Sort the list.' }];
  const ref = new InstructionAccumulator(SIDE);
  rows.forEach((v, i) => ref.addRow(i + 1, v));
  const same = run(rows, {}, ref.overlapPrompts());
  assert.equal(same.referenceOverlap?.median, 1);
  assert.equal(same.referenceOverlap?.referencePrompts, 2);
  const other = run(rows, {}, ['Name three colours.']);
  assert.equal(other.referenceOverlap?.median, 0);
  assert.equal(run(rows).referenceOverlap, undefined);
});

test('edge cases: an empty sample, a zero-size sample, long prompts cut without splitting a surrogate pair', () => {
  const empty = run([{ text: 'x' }]);
  assert.equal(empty.sampledRows, 0);
  assert.equal(empty.top10Share, null);
  assert.equal(empty.pairEntropy, null);
  assert.equal(empty.lemma.ttr, null);
  assert.equal(empty.overlap, null);
  const none = run([{ instruction: 'Write a poem.' }], { sampleSize: 0 });
  assert.equal(none.promptRows, 1);
  assert.equal(none.sampledRows, 0);
  const acc = new InstructionAccumulator(SIDE, { maxPromptChars: 5 });
  acc.addRow(1, { instruction: 'abcd😀efg' });
  assert.equal(acc.sampledByKey()[0].text, 'abcd'); // the emoji's high surrogate would be unit 5
  acc.finish();
  assert.throws(() => acc.addRow(2, { instruction: 'x' }), /after finish/);
  assert.throws(() => new InstructionAccumulator(SIDE, { sampleSize: -1 }), RangeError);
});

test('byte-range tasks: rows keyed by an absolute id and lines rebased merge into the one-pass report', () => {
  const rows = generated(400, 13, ['Write', 'List', 'Explain'], ['a poem', 'three facts', 'the causes']);
  const offsets = rows.map((_, i) => 1000 + 37 * i); // any absolute, distinct id per row
  const options = { sampleSize: 90, seed: 2 };
  const one = new InstructionAccumulator(SIDE, options);
  rows.forEach((v, i) => one.addRow(i + 1, v, offsets[i]));
  const expected = one.finish();
  // two "byte ranges", each numbering its lines from 1
  const parts = [
    [0, 150],
    [150, 400],
  ].map(([from, to]) => {
    const acc = new InstructionAccumulator(SIDE, options);
    for (let i = from; i < to; i++) acc.addRow(i - from + 1, rows[i], offsets[i]);
    return rebaseInstructionPartial(acc.snapshot(), from);
  });
  const merged = new InstructionAccumulator(SIDE, options);
  for (const p of parts) merged.merge(p);
  assert.deepEqual(merged.finish(), expected);
});
