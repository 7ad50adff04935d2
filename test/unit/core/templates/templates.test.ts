import { test } from 'node:test';
import assert from 'node:assert/strict';
import { TemplateAccumulator } from '../../../../src/core/templates/templates.ts';
import { SpaceSaving } from '../../../../src/core/sketches/spaceSaving.ts';
import { CountMinTopK } from '../../../../src/core/sketches/countMinTopK.ts';
import { hashIds, hashIdsHigh } from '../../../../src/core/sketches/minhash.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';

/** Same shape as the word tokenizer: lowercased \w+ runs. */
const words = (text: string): string[] => text.toLowerCase().match(/\w+/g) ?? [];

function run(texts: string[], options = {}) {
  const vocab = new Vocabulary();
  const acc = new TemplateAccumulator(options);
  texts.forEach((t, i) => acc.addRow(i + 1, vocab.addTokens(words(t))));
  return acc.finish(vocab);
}

test('openings and phrases with shares, by hand', () => {
  const r = run([
    'As an AI language model, I cannot do that.', // 1: as an ai language model i cannot do that
    "As an AI language model, I can't help.", // 2: as an ai language model i can t help
    "Sure, here's a poem about cats.", // 3: sure here s a poem about cats
    "Sure, here's a list.", // 4: sure here s a list (5 tokens: no 6-token opening)
    'Hello there', // 5: 2 tokens: no opening of 3+
    '', // 6: no tokens (not in the denominator)
    'The answer: as an AI language model, I cannot say.', // 7: the answer as an ai language model i cannot say
  ]);
  assert.equal(r.rowsWithTokens, 6);
  // Openings (only those in ≥ 2 rows): "as an ai"(3) = "as an ai language"(4) = "… model"(5) = "… model i"(6)
  // = rows 1, 2 → only the 6-gram is shown (it covers ≥ 90% of the shorter ones' rows);
  // "sure here s"(3) = "sure here s a"(4) = rows 3, 4; no longer opening has 2 rows → "sure here s a".
  // 1-row openings ("the answer as", "sure here s a poem", …) are not templates.
  assert.deepEqual(
    r.openings.map((e) => [e.text, e.n, e.rows, e.share, e.exampleLines]),
    [
      ['as an ai language model i', 6, 2, 2 / 6, [1, 2]],
      ['sure here s a', 4, 2, 2 / 6, [3, 4]],
    ],
  );
  assert.ok(r.openings.every((e) => e.approximate === undefined));
  // Phrases (6-grams once per row): "as an ai language model i" in rows 1, 2, 7 → 3/6;
  // "an ai language model i cannot" in rows 1, 7 → 2/6; every other 6-gram is in one row only (not listed).
  // Phrase counts are Count-Min estimates: approximate, with error bound ⌊e·N/W⌋ = ⌊2.718·15/2^18⌋ = 0.
  assert.equal(r.phrasesApproximate, true);
  assert.ok(r.phrases.every((e) => e.approximate === true && e.error === 0));
  assert.deepEqual(
    r.phrases.map((e) => [e.text, e.rows, e.share, e.exampleLines]),
    [
      ['as an ai language model i', 3, 3 / 6, [1, 2]],
      ['an ai language model i cannot', 2, 2 / 6, [1, 7]],
    ],
  );
});

test('a shorter opening is hidden only when a longer one covers ≥ 90% of its rows', () => {
  const texts: string[] = [];
  for (let i = 0; i < 9; i++) texts.push(`As an AI language model, I cannot w${i}`); // rows 1–9
  texts.push('As an AI language model, we w9'); // row 10
  // "as an ai language model" (5) in 10 rows, "… model i" (6) in 9 ≥ 0.9·10 → only the 6-gram is shown
  assert.deepEqual(
    run(texts).openings.map((e) => [e.text, e.rows]),
    [['as an ai language model i', 9]],
  );
  texts.push('As an AI language model, we w10'); // row 11
  // now the 5-gram has 11 rows and 9 < 0.9·11 = 9.9 → shown; "as an ai"(3) and (4) with 11 rows are hidden by it;
  // "… model we" (6) has 2 rows
  assert.deepEqual(
    run(texts).openings.map((e) => [e.text, e.rows]),
    [
      ['as an ai language model', 11],
      ['as an ai language model i', 9],
      ['as an ai language model we', 2],
    ],
  );
  const one = run(['x'], { top: 100 }); // a 1-token row has neither openings nor phrases
  assert.deepEqual([one.openings.length, one.phrases.length, one.rowsWithTokens], [0, 0, 1]);
});

test('a 6-gram repeated inside one row counts once for that row', () => {
  const r = run(['a b c d e f a b c d e f', 'a b c d e f']);
  const top = r.phrases[0];
  // row 1 contains "a b c d e f" twice, row 2 once → 2 rows
  assert.deepEqual([top.text, top.rows, top.share], ['a b c d e f', 2, 1]);
});

test('SpaceSaving: exact without eviction, upper bounds with error after eviction', () => {
  const ss = new SpaceSaving(2, 1);
  const ids = (x: number) => Uint32Array.of(x);
  const offer = (x: number, line: number) => {
    const t = ids(x);
    ss.offer(hashIds(t, 0, 1), hashIdsHigh(t, 0, 1), t, 0, 1, line);
  };
  offer(10, 1); // A
  offer(10, 2); // A
  offer(20, 3); // B
  assert.equal(ss.evicted, false);
  assert.deepEqual(
    ss.top(5).map((h) => [h.ids[0], h.count, h.error]),
    [
      [10, 2, 0],
      [20, 1, 0],
    ],
  );
  offer(30, 4); // C evicts B (min count 1): C count 1 + 1 = 2, error 1 (true count 1 ∈ [2 − 1, 2])
  assert.equal(ss.evicted, true);
  assert.deepEqual(
    ss.top(5).map((h) => [h.ids[0], h.count, h.error, h.exampleLines]),
    [
      [10, 2, 0, [1, 2]],
      [30, 2, 1, [4]],
    ],
  );
  assert.equal(ss.minCount, 2);
  // 100 more As keep A on top; the order invariant survives many increments
  for (let i = 0; i < 100; i++) offer(10, 5 + i);
  assert.deepEqual(
    ss.top(1).map((h) => [h.ids[0], h.count]),
    [[10, 102]],
  );
});

test('templates: a frequent phrase survives a small candidate heap; the report says it is approximate', () => {
  const texts: string[] = [];
  // 40 rows: the template "as an ai language model i" then 6 row-specific words (7 distinct 6-grams per row)
  for (let i = 0; i < 40; i++)
    texts.push(`as an ai language model i w${i}a w${i}b w${i}c w${i}d w${i}e w${i}f`);
  const r = run(texts, { candidates: 4 });
  assert.equal(r.phrasesApproximate, true);
  // N = 280 offers, W = 2^18 → error bound 0: the template's 40 rows are exact; nothing else repeats
  assert.deepEqual(
    r.phrases.map((e) => [e.text, e.rows, e.share, e.approximate, e.error]),
    [['as an ai language model i', 40, 1, true, 0]],
  );
  assert.equal(r.openings[0].text, 'as an ai language model i');
  assert.equal(r.openings[0].rows, 40); // openings sketch did not evict: exact, no flag
  assert.equal(r.openings[0].approximate, undefined);
});

test('CountMinTopK: estimates are upper bounds within e·N/W on a crowded sketch', () => {
  // width 1,024 (minimum), 30,000 offers: 10 items × 1,000 plus 20,000 singletons → bound ⌊2.718·30000/1024⌋ = 79
  const cm = new CountMinTopK(1024, 16, 1);
  const t = new Uint32Array(1);
  const offer = (x: number, line: number) => {
    t[0] = x;
    cm.offer(hashIds(t, 0, 1), hashIdsHigh(t, 0, 1), t, 0, 1, line);
  };
  let line = 0;
  for (let round = 0; round < 1000; round++) {
    for (let h = 0; h < 10; h++) offer(h, ++line);
    for (let s = 0; s < 20; s++) offer(100 + line * 20 + s, ++line);
  }
  assert.equal(cm.offered, 30000);
  assert.equal(cm.errorBound, 79);
  const top = cm.top(10);
  assert.deepEqual(
    top.map((h) => h.ids[0]).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  for (const h of top) assert.ok(h.count >= 1000 && h.count - 1000 <= 79, `${h.ids[0]}: ${h.count}`);
});

test('SpaceSaving under heavy churn keeps every item above N/m with valid bounds', () => {
  // 10 heavy items × 1,000 occurrences interleaved with 8 distinct singletons per round (8,000): N = 18,000,
  // m = 50, so every item with true count > N/m = 360 must be kept, with count ≥ 1,000 and count − error ≤ 1,000.
  const ss = new SpaceSaving(50, 1);
  const t = new Uint32Array(1);
  let line = 0;
  for (let round = 0; round < 1000; round++) {
    for (let h = 0; h < 10; h++) {
      t[0] = h;
      ss.offer(hashIds(t, 0, 1), hashIdsHigh(t, 0, 1), t, 0, 1, ++line);
      if (h % 5 === 0) continue;
      t[0] = 1000 + line; // a singleton, never seen again
      ss.offer(hashIds(t, 0, 1), hashIdsHigh(t, 0, 1), t, 0, 1, ++line);
    }
  }
  const top = ss.top(10);
  assert.deepEqual(
    top.map((h) => h.ids[0]).sort((a, b) => a - b),
    [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
  );
  for (const h of top)
    assert.ok(h.count >= 1000 && h.count - h.error <= 1000, `${h.ids[0]}: ${h.count}/${h.error}`);
});

test('the sliding 6-grams of one repeated sentence are joined into one phrase', async () => {
  const { mergeOverlappingPhrases } = await import('../../../../src/core/templates/templatePhrases.ts');
  const hh = (ids: number[], count: number, error = 0) => ({
    ids: Uint32Array.from(ids),
    count,
    error,
    exampleLines: [ids[0]],
  });
  // sentence 1 2 3 4 5 6 7 8 in 9 rows → 6-grams [1..6], [2..7], [3..8]; an unrelated 6-gram with 9 rows;
  // and [2..7] also in a second list with another count, which must not join
  const merged = mergeOverlappingPhrases([
    hh([2, 3, 4, 5, 6, 7], 9),
    hh([1, 2, 3, 4, 5, 6], 9),
    hh([3, 4, 5, 6, 7, 8], 9, 1),
    hh([20, 21, 22, 23, 24, 25], 9),
    hh([4, 5, 6, 7, 8, 30], 4),
  ]);
  assert.deepEqual(
    merged.map((h) => [Array.from(h.ids), h.count, h.error]),
    [
      [[1, 2, 3, 4, 5, 6, 7, 8], 9, 1],
      [[20, 21, 22, 23, 24, 25], 9, 0],
      [[4, 5, 6, 7, 8, 30], 4, 0],
    ],
  );
});
