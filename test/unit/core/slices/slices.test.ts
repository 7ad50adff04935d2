import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SliceAccumulator,
  SLICE_MISSING,
  SLICE_OTHER,
  type SlicesReport,
} from '../../../../src/core/slices/slices.ts';
import { expectedTypesAt } from '../../../../src/core/tails/rarefaction.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { rng as mulberry32 } from '../../helpers/testRng.ts';

/** Pronounceable pseudo-words w_0…w_{n−1} (distinct by construction: base-10 syllable digits). */
function makeVocab(n: number): string[] {
  const syl = ['ka', 'lo', 'mi', 'ne', 'ru', 'sa', 'ti', 'vo', 'ze', 'pu'];
  return Array.from({ length: n }, (_, i) => {
    let s = '';
    let x = i;
    do {
      s += syl[x % 10];
      x = Math.floor(x / 10);
    } while (x > 0);
    return s;
  });
}

/** Zipf(1) sampler over `words` (cumulative 1/r weights + binary search). */
function zipfSampler(words: string[], rnd: () => number): () => string {
  const cum = new Float64Array(words.length);
  let s = 0;
  for (let r = 0; r < words.length; r++) cum[r] = s += 1 / (r + 1);
  return () => {
    const u = rnd() * s;
    let lo = 0;
    let hi = words.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cum[mid] < u) lo = mid + 1;
      else hi = mid;
    }
    return words[lo];
  };
}

function feed(acc: SliceAccumulator, vocab: Vocabulary, rows: { text: string; groups: (string | null)[] }[]) {
  rows.forEach((r, i) => {
    const tokens = vocab.addTokens(r.text.split(/\s+/).filter(Boolean));
    acc.addRow({ line: i + 1, offset: 0, length: r.text.length, text: r.text, tokens, groups: r.groups });
  });
}

function valueOf(report: SlicesReport, g: number, value: string) {
  const v = report.groups[g].values.find((x) => x.value === value);
  assert.ok(v, `value ${value} missing`);
  return v;
}

test('a templated slice is flagged; a varied slice a tenth its size is not', async () => {
  const rnd = mulberry32(42);
  const words = makeVocab(20000);
  const draw = zipfSampler(words, rnd);
  const pick = <T>(xs: T[]) => xs[Math.floor(rnd() * xs.length)];
  const topics = ['cats', 'rain', 'trains', 'tea', 'maps', 'bees', 'salt', 'kites'];
  const moods = ['happy', 'gloomy', 'quiet', 'loud', 'brief', 'odd'];
  const styles = ['haiku', 'limerick', 'sonnet', 'ballad', 'ode'];
  const rows: { text: string; groups: (string | null)[] }[] = [];
  // templated: 300 rows, fixed opening + 3 slot words
  for (let i = 0; i < 300; i++) {
    rows.push({
      text: `please write a short ${pick(moods)} poem about ${pick(topics)} in the form of a ${pick(styles)} for me`,
      groups: ['templated'],
    });
  }
  // varied: 30 rows (1/10, = minRows) of 15–40 Zipf-distributed words from a 20,000-word vocabulary
  for (let i = 0; i < 30; i++) {
    const len = 15 + Math.floor(rnd() * 26);
    rows.push({ text: Array.from({ length: len }, draw).join(' '), groups: ['varied'] });
  }
  // interleave deterministically so routing by value is exercised
  rows.sort((a, b) => (a.text.length % 7) - (b.text.length % 7));
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(['kind'], { minRows: 30 });
  feed(acc, vocab, rows);
  const report = await acc.finish(vocab);
  const t = valueOf(report, 0, 'templated');
  const v = valueOf(report, 0, 'varied');
  assert.equal(t.rows, 300);
  assert.equal(v.rows, 30);
  // budget = the varied slice's token count (the smaller one), same for both
  assert.equal(report.groups[0].budgetTokens, v.tokens);
  assert.equal(t.rarefied!.budgetTokens, v.tokens);
  assert.equal(t.flagged, true);
  const measures = t.flags.map((f) => f.measure);
  assert.ok(measures.includes('rarefiedTypes'), measures.join());
  assert.ok(measures.includes('topOpeningShare'), measures.join());
  assert.ok(measures.includes('mattr'), measures.join());
  for (const f of t.flags) assert.ok(f.reason.length > 20 && f.reason.endsWith('.'));
  assert.equal(v.flagged, false, JSON.stringify(v.flags));
  assert.deepEqual(v.flags, []);
  // the templated slice opens with "please write a" in every row
  assert.equal(t.topOpening?.share, 1);
  assert.ok(t.topOpening?.text.startsWith('please write a short'));
});

test('slices drawn from one distribution at very different sizes are not flagged', async () => {
  const rnd = mulberry32(7);
  const draw = zipfSampler(makeVocab(20000), rnd);
  const rows: { text: string; groups: (string | null)[] }[] = [];
  for (const [name, n] of [
    ['big', 400],
    ['mid', 120],
    ['small', 40],
  ] as const) {
    for (let i = 0; i < n; i++) {
      const len = 15 + Math.floor(rnd() * 26);
      rows.push({ text: Array.from({ length: len }, draw).join(' '), groups: [name] });
    }
  }
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(['src'], { minRows: 30 });
  feed(acc, vocab, rows);
  const report = await acc.finish(vocab);
  for (const v of report.groups[0].values)
    assert.equal(v.flagged, false, `${v.value}: ${JSON.stringify(v.flags)}`);
  // size-robust: at the common budget the three slices' expected types agree within 10%
  const e = report.groups[0].values.map((v) => v.rarefied!.expectedTypes!);
  assert.ok(Math.max(...e) / Math.min(...e) < 1.1, e.join());
});

test('routing, pooling into (other), (missing), budgets and rarefied types by hand', async () => {
  // group 0 = "a" for 3 rows, "b" for 2 rows, "c" for 1 row (below minRows = 2 → pooled); group 1 missing in 2 rows.
  const rows = [
    { text: 'x y x', groups: ['a', 'p'] },
    { text: 'x z', groups: ['b', null] },
    { text: 'y', groups: ['a', 'p'] },
    { text: 'z z', groups: ['b', null] },
    { text: 'x', groups: ['a', 'p'] },
    { text: 'w w w', groups: ['c', 'p'] },
  ];
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(['g', 'h'], { minRows: 2 });
  feed(acc, vocab, rows);
  const r = await acc.finish(vocab);
  assert.equal(r.groups.length, 2);
  assert.deepEqual(
    r.groups[0].values.map((v) => [v.value, v.rows, v.tokens, v.pooled]),
    [
      ['a', 3, 5, false],
      ['b', 2, 4, false],
      [SLICE_OTHER, 1, 3, true],
    ],
  );
  // budget = min(5, 4) tokens; bigram budget = min(a: 2+0+0, b: 1+1) = 2
  assert.equal(r.groups[0].budgetTokens, 4);
  assert.equal(r.groups[0].budgetBigrams, 2);
  const a = valueOf(r, 0, 'a');
  // slice a: x:3, y:2 in N = 5; E[types at n = 4] = (1 − C(2,4)/C(5,4)) + (1 − C(3,4)/C(5,4)) = 1 + 1 = 2
  assert.equal(a.rarefied!.expectedTypes, 2);
  assert.equal(a.types, 2);
  // rest of a = rows of b and c: x:1, z:3, w:3 (N = 7); at n = 4: x: 1 − C(6,4)/C(7,4) = 1 − 15/35;
  // z, w: 1 − C(4,4)/C(7,4) = 1 − 1/35 each
  const restHand = 1 - 15 / 35 + 2 * (1 - 1 / 35);
  assert.ok(Math.abs(a.rarefied!.restExpectedTypes! - restHand) < 1e-12);
  assert.ok(Math.abs(restHand - expectedTypesAt([1, 3, 3], 7, 4)) < 1e-12);
  // distinct-2 of b at budget 2 bigrams: b's bigrams "x z", "z z" (N = 2) → 2 distinct / 2 = 1
  assert.equal(valueOf(r, 0, 'b').rarefied!.expectedDistinct2, 1);
  // tail coverage of a vs the rest (tailMax 5): rest types x(1), z(3), w(3) all in the tail; a covers x
  const tc = a.tailCoverage!;
  assert.equal(tc.against, 'rest');
  assert.equal(tc.typeCoverage, 1 / 3);
  assert.equal(tc.massCoverage, 1 / 7);
  // group 1: p has 4 rows, (missing) has 2
  assert.deepEqual(
    r.groups[1].values.map((v) => [v.value, v.rows]),
    [
      ['p', 4],
      [SLICE_MISSING, 2],
    ],
  );
  // exact duplicates within a slice: none here
  assert.equal(a.exactDuplicateRate, 0);
});

test('tail coverage against a reference, and maxValues / maxTracked pooling', async () => {
  const rows = [
    { text: 'x y', groups: ['a'] },
    { text: 'x y', groups: ['a'] },
    { text: 'q', groups: ['b'] },
    { text: 'q r', groups: ['b'] },
    { text: 's', groups: ['c'] },
    { text: 's', groups: ['c'] },
  ];
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(['g'], { minRows: 2, maxValues: 1, maxTracked: 2 });
  feed(acc, vocab, rows);
  // reference tail (tailMax 5): x:1, q:2, zz:4 (y:9 is not in the tail)
  const ref = new Map([
    ['x', 1],
    ['q', 2],
    ['zz', 4],
    ['y', 9],
  ]);
  const r = await acc.finish(vocab, ref);
  const g = r.groups[0];
  assert.equal(g.trackedValues, 2); // a, b tracked; c arrived after maxTracked = 2
  assert.equal(g.untrackedRows, 2);
  // a and b both have 2 rows; ties by value → a reported, b pooled with c
  assert.deepEqual(
    g.values.map((v) => [v.value, v.rows]),
    [
      ['a', 2],
      [SLICE_OTHER, 4],
    ],
  );
  const a = g.values[0];
  // a covers x (1) of the tail {x, q, zz}: 1/3 of types, 1/7 of mass
  assert.deepEqual(a.tailCoverage, {
    against: 'reference',
    tailTypes: 3,
    typeCoverage: 1 / 3,
    massCoverage: 1 / 7,
  });
  // a repeats its one text: 1 duplicate row of 2
  assert.equal(a.exactDuplicateRate, 0.5);
  assert.ok(a.flags.some((f) => f.measure === 'exactDuplicateRate'));
});
