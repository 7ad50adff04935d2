// Sampled phrase counting (templates/phraseSample.ts): which rows are kept, the scaled counts by hand, the report
// flag, the listing threshold, and the merge of sampled partials.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateAccumulator } from '../../../../src/core/templates/templates.ts';
import { phraseRowKept } from '../../../../src/core/templates/phraseSample.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';

const words = (text: string): string[] => text.toLowerCase().match(/\w+/g) ?? [];

// offsets whose rows a 1-in-2 sample keeps / leaves out (phraseRowKept is a fixed seeded hash of the offset)
const KEPT = [300, 500, 800, 900, 1100];
const DROPPED = [0, 100, 200, 400, 600];

test('phraseRowKept: fixed by the offset alone, 1 in `weight`, every row at weight 1', () => {
  for (const o of KEPT) assert.equal(phraseRowKept(o, 2), true, `offset ${o}`);
  for (const o of DROPPED) assert.equal(phraseRowKept(o, 2), false, `offset ${o}`);
  for (const o of [0, 1, 2 ** 40 + 3]) assert.equal(phraseRowKept(o, 1), true);
  for (const w of [2, 4]) {
    let kept = 0;
    for (let o = 0; o < 200_000; o++) if (phraseRowKept(o * 97 + 2 ** 33, w)) kept++;
    assert.ok(Math.abs(kept / 200_000 - 1 / w) < 0.005, `weight ${w}: ${kept} kept`);
  }
});

test('sampled phrases by hand: head rows count 1, kept sampled rows count `weight`, left-out rows 0', () => {
  const vocab = new Vocabulary();
  const acc = new TemplateAccumulator({ phraseSample: { weight: 2, fromLine: 5 } });
  const add = (line: number, text: string, sampleAt = -1) =>
    acc.addRow(line, vocab.addTokens(words(text)), undefined, sampleAt);
  // lines 1–4: before the sampling line, always counted
  for (let line = 1; line <= 4; line++) add(line, 'a b c d e f');
  // lines 5–10 are sampled: 3 kept (offsets 300, 500, 800), 3 left out (0, 100, 200)
  add(5, 'a b c d e f', 0);
  add(6, 'a b c d e f', 300);
  add(7, 'a b c d e f', 100);
  add(8, 'a b c d e f', 500);
  add(9, 'a b c d e f', 200);
  add(10, 'a b c d e f', 800);
  add(11, '', 900); // no tokens: not a row of any share, not a sampled row
  add(12, 'x y z u v w', 900); // kept, alone: estimate 2, not more than one sampled row's weight → not listed
  add(13, 'g h i j k l'); // head rows 13–15: 3 rows → listed
  add(14, 'g h i j k l');
  add(15, 'g h i j k l');
  const r = acc.finish(vocab);
  assert.equal(r.rowsWithTokens, 14);
  // "a b c d e f": 4 head rows + 2 × 3 kept rows = 10, exactly its true count here; N = 4 + 2·3 + 2 + 3 = 15 → error 0
  assert.deepEqual(
    r.phrases.map((e) => [e.text, e.rows, e.share, e.error, e.approximate, e.exampleLines]),
    [
      ['a b c d e f', 10, 10 / 14, 0, true, [1, 2]],
      ['g h i j k l', 3, 3 / 14, 0, true, [13, 14]],
    ],
  );
  assert.deepEqual(r.phrasesSampled, { rate: 0.5, fromLine: 5, rows: 7, counted: 4 });
  // openings are never sampled: "a b c d e f" opens 10 rows, exact and unflagged
  assert.deepEqual(
    r.openings.map((e) => [e.text, e.rows, e.approximate]),
    [
      ['a b c d e f', 10, undefined],
      ['g h i j k l', 3, undefined],
    ],
  );
});

test('no sampled row: no flag, and the counts of the unsampled accumulator', () => {
  const texts = [
    'as an ai language model i cannot',
    'as an ai language model i can',
    'hello there you all ok now',
  ];
  const runWith = (options: object, sampleAt: number) => {
    const vocab = new Vocabulary();
    const acc = new TemplateAccumulator(options);
    texts.forEach((t, i) => acc.addRow(i + 1, vocab.addTokens(words(t)), undefined, sampleAt));
    return acc.finish(vocab);
  };
  const plain = runWith({}, -1);
  const sampledOff = runWith({ phraseSample: { weight: 2, fromLine: 100 } }, -1);
  assert.equal(sampledOff.phrasesSampled, undefined);
  assert.deepEqual(sampledOff, plain);
  // weight 1: every sampled row is kept with weight 1, so only the flag differs
  const weightOne = runWith({ phraseSample: { weight: 1, fromLine: 1 } }, 7);
  assert.deepEqual(weightOne.phrasesSampled, { rate: 1, fromLine: 1, rows: 3, counted: 3 });
  assert.deepEqual({ ...weightOne, phrasesSampled: undefined }, { ...plain, phrasesSampled: undefined });
  assert.throws(() => new TemplateAccumulator({ phraseSample: { weight: 0.5, fromLine: 1 } }), RangeError);
});

test('merge of sampled partials: counts and the flag add up to one pass; another sample is refused', () => {
  const rows: [string, number][] = [];
  for (let i = 0; i < 40; i++)
    rows.push([`lead ${i % 3} the same six words here now w${i}`, i < 10 ? -1 : i * 100]);
  const opts = { phraseSample: { weight: 2, fromLine: 11 } };
  const vocab = new Vocabulary();
  const ids = rows.map(([t]) => vocab.addTokens(words(t)).slice());
  const keys = ids.map((x) => {
    const lo = new Uint32Array(x.length);
    vocab.keysOf(x, lo, new Uint32Array(x.length));
    return lo;
  });
  const one = new TemplateAccumulator(opts);
  rows.forEach(([, at], i) => one.addRow(i + 1, ids[i], keys[i], at));
  const merged = new TemplateAccumulator(opts);
  const identity = Uint32Array.from({ length: vocab.size }, (_, i) => i);
  for (const [from, to] of [
    [0, 15],
    [15, 40],
  ]) {
    const part = new TemplateAccumulator(opts);
    for (let i = from; i < to; i++) part.addRow(i + 1, ids[i], keys[i], rows[i][1]);
    merged.merge(part.snapshot(), identity);
  }
  const want = one.finish(vocab);
  assert.ok(want.phrasesSampled && want.phrasesSampled.rows === 30);
  assert.deepEqual(merged.finish(vocab), want);
  const other = new TemplateAccumulator({ phraseSample: { weight: 4, fromLine: 11 } });
  assert.throws(() => merged.merge(other.snapshot(), identity), /phrase sample 1 in 4/);
});
