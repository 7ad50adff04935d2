// ROUGE-L against a table computed by hand (each row's LCS and F worked out in its comment), the pruned
// nearest-neighbour search against brute force, and the overlap summary's bins, median and 0.7 threshold.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  BitParallelLcs,
  lcsLength,
  nearestOverlap,
  rougeL,
  rougeLFromLcs,
  rougeTokens,
  summarizeOverlap,
  TokenIds,
} from '../../../../src/core/instructions/rougeL.ts';
import { rng } from '../../helpers/testRng.ts';

/** [a, b, F]: F = 2·LCS/(|a|+|b|) worked out by hand in each comment (tokens: lower-cased letter/digit runs). */
const HAND_TABLE: [string, string, number][] = [
  // 1. identical, 6 tokens each: LCS 6 → 12/12
  ['the cat sat on the mat', 'the cat sat on the mat', 1],
  // 2. Lin 2004 §3.1 example, S1 vs S2: LCS "police the gunman" = 3, 4 + 4 tokens → 6/8 (Lin: 3/4 with β = 1)
  ['police killed the gunman', 'police kill the gunman', 0.75],
  // 3. Lin 2004 S1 vs S3: LCS "the gunman" = 2 → 4/8 (Lin: 2/4)
  ['police killed the gunman', 'the gunman kill police', 0.5],
  // 4. Lin's formula with unequal lengths: R = 3/5, P = 3/3, F = 2RP/(R+P) = 1.2/1.6 = 0.75 = 2·3/(5+3)
  ['a b c d e', 'a c e', 0.75],
  // 5. an empty side: no token → 0
  ['', 'write a poem', 0],
  // 6. both empty → 0 (rouge-score returns 0 too)
  ['', '', 0],
  // 7. no common token → LCS 0 → 0
  ['write a poem', 'list five cities', 0],
  // 8. case and punctuation do not matter: [write a poem] twice → 6/6
  ['Write a poem!', 'write A POEM', 1],
  // 9. LCS "write a about" = 3, 5 + 5 tokens → 6/10
  ['Write a poem about cats', 'Write a story about dogs', 0.6],
  // 10. reversed order: LCS 1 → 2/8
  ['a b c d', 'd c b a', 0.25],
  // 11. repeats: LCS "a" = 1, 3 + 1 → 2/4
  ['a a a', 'a', 0.5],
  // 12. LCS "bab" (or "aba") = 3, 4 + 4 → 6/8
  ['a b a b', 'b a b a', 0.75],
  // 13. prefix: LCS 3, 3 + 5 → 6/8
  ['x y z', 'x y z w v', 0.75],
  // 14. hyphens separate: [state of the art model] on both sides → 1
  ['state-of-the-art model', 'state of the art model', 1],
  // 15. [add 2 and 3] vs [add 3 and 2]: longest common is "add and" / "add 2" / "add 3" = 2 → 4/8
  ['add 2 and 3', 'add 3 and 2', 0.5],
  // 16. non-ASCII letters are tokens: LCS "écris un poème" = 3, 3 + 6 → 6/9
  ['Écris un poème', 'écris un poème sur les chats', 6 / 9],
  // 17. exactly 0.7: LCS "a b c d e f g" = 7, 9 + 11 → 14/20
  ['a b c d e f g h i', 'a b c d e f g x y z w', 0.7],
  // 18. [give three tips for staying healthy] (6) vs [give three tips for a good night s sleep] (9): LCS 4 → 8/15
  ['Give three tips for staying healthy.', "Give three tips for a good night's sleep.", 8 / 15],
  // 19. 6 + 6 tokens, only the last differs: LCS 5 → 10/12
  ['What is the capital of France?', 'What is the capital of Germany?', 10 / 12],
  // 20. [translate the sentence into french] (5) vs [translate the following sentence into spanish] (6): LCS 4 → 8/11
  ['Translate the sentence into French', 'Translate the following sentence into Spanish', 8 / 11],
  // 21. 6 + 6, one word differs: LCS 5 → 10/12
  ['Sort the list in ascending order', 'Sort the list in descending order', 10 / 12],
  // 22. [don t stop] vs [do not stop]: LCS "stop" = 1 → 2/6
  ["don't stop", 'do not stop', 2 / 6],
  // 23. LCS "hello" = 1, 1 + 2 → 2/3
  ['hello', 'hello world', 2 / 3],
  // 24. interleaved: LCS "a b c" = 3, 5 + 3 → 6/8
  ['a x b y c', 'a b c', 0.75],
  // 25. [the the the] vs [the cat the]: LCS "the the" = 2 → 4/6
  ['the the the', 'the cat the', 4 / 6],
  // 26. the emoji (with its variation selector) is no token: [i cats] (2) vs [i love cats] (3): LCS 2 → 4/5
  ['I ❤️ cats', 'i love cats', 0.8],
];

test('ROUGE-L F-measure matches the hand-computed table (26 pairs, both argument orders)', () => {
  assert.ok(HAND_TABLE.length >= 20);
  for (const [a, b, f] of HAND_TABLE) {
    assert.ok(Math.abs(rougeL(a, b) - f) < 1e-12, `${a} | ${b}: ${rougeL(a, b)} ≠ ${f}`);
    assert.ok(Math.abs(rougeL(b, a) - f) < 1e-12, `symmetric: ${b} | ${a}`);
  }
});

test("ROUGE-L equals Lin 2004's F_lcs = (1+β²)RP/(R+β²P) with β = 1 on unequal lengths", () => {
  const cases: [string, string][] = [
    ['a b c d e', 'a c e'],
    ['Give three tips for staying healthy.', "Give three tips for a good night's sleep."],
    ['Écris un poème', 'écris un poème sur les chats'],
  ];
  for (const [cand, ref] of cases) {
    const ids = new TokenIds();
    const x = ids.encode(rougeTokens(cand));
    const y = ids.encode(rougeTokens(ref));
    const l = lcsLength(x, y);
    const r = l / y.length;
    const p = l / x.length;
    const beta = 1;
    const lin = ((1 + beta * beta) * r * p) / (r + beta * beta * p);
    assert.ok(Math.abs(rougeL(cand, ref) - lin) < 1e-12);
  }
});

test("tokens are rouge-score's on ASCII: lower-cased [a-z0-9] runs", () => {
  assert.deepEqual(rougeTokens("Don't STOP—it's 3.5 km!"), ['don', 't', 'stop', 'it', 's', '3', '5', 'km']);
  assert.deepEqual(rougeTokens('  '), []);
  assert.deepEqual(rougeTokens('naïve café'), ['naïve', 'café']);
});

/** LCS by the full table (the textbook recurrence), for the one-row version to be checked against. */
function lcsFull(a: Int32Array, b: Int32Array): number {
  const t: number[][] = Array.from({ length: a.length + 1 }, () => new Array<number>(b.length + 1).fill(0));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++)
      t[i][j] = a[i - 1] === b[j - 1] ? t[i - 1][j - 1] + 1 : Math.max(t[i - 1][j], t[i][j - 1]);
  return t[a.length][b.length];
}

function randomIds(r: () => number, maxLen: number, alphabet: number): Int32Array {
  const n = Math.floor(r() * (maxLen + 1));
  return Int32Array.from({ length: n }, () => Math.floor(r() * alphabet));
}

test('one-row LCS equals the full-table LCS on 500 random pairs (scratch row reused)', () => {
  const r = rng(7);
  const row = new Int32Array(64);
  for (let k = 0; k < 500; k++) {
    const a = randomIds(r, 20, 4);
    const b = randomIds(r, 20, 4);
    assert.equal(lcsLength(a, b, row), lcsFull(a, b));
  }
});

test('bit-parallel LCS equals the full-table LCS across word boundaries (lengths 0–100, prepared side reused)', () => {
  const r = rng(8);
  const bits = new BitParallelLcs(6);
  for (let k = 0; k < 300; k++) {
    const a = randomIds(r, 100, 6);
    bits.prepare(a);
    for (let q = 0; q < 3; q++) {
      const b = randomIds(r, 100, 6);
      assert.equal(bits.lcs(b), lcsFull(a, b), `|a| = ${a.length}, |b| = ${b.length}`);
    }
  }
  for (const m of [31, 32, 33, 63, 64, 65]) {
    const a = Int32Array.from({ length: m }, (_, i) => i % 5);
    bits.prepare(a);
    assert.equal(bits.lcs(a), m, `identical, length ${m}`);
    assert.equal(bits.lcs(new Int32Array(0)), 0);
  }
});

test('pruned nearest overlap equals brute force over all pairs (within a sample and against a reference)', () => {
  const r = rng(11);
  // short prompts over a small alphabet (many ties) and long ones (more than one 32-bit word)
  const prompts = Array.from({ length: 150 }, (_, k) => randomIds(r, k % 3 === 0 ? 80 : 14, 9));
  const reference = Array.from({ length: 40 }, () => randomIds(r, 40, 9));
  const brute = (i: number, others: Int32Array[], self: boolean): number => {
    let best = 0;
    for (let j = 0; j < others.length; j++) {
      if (self && j === i) continue;
      best = Math.max(
        best,
        rougeLFromLcs(lcsFull(prompts[i], others[j]), prompts[i].length, others[j].length),
      );
    }
    return best;
  };
  const within = nearestOverlap(prompts);
  const against = nearestOverlap(prompts, reference);
  for (let i = 0; i < prompts.length; i++) {
    assert.equal(within.best[i], brute(i, prompts, true), `within ${i}`);
    assert.equal(against.best[i], brute(i, reference, false), `against ${i}`);
  }
  const pairs = (prompts.length * (prompts.length - 1)) / 2;
  assert.ok(
    within.lcsComputed < pairs,
    `pruning skipped some of ${pairs} pairs (${within.lcsComputed} computed)`,
  );
});

test('overlap summary: bins of 0.05 on exact fractions, median, mean and the share strictly above 0.7', () => {
  const ids = new TokenIds();
  const enc = (s: string) => ids.encode(rougeTokens(s));
  // 4 prompts: p0 and p1 share 7 of 9 / 11 tokens (F = 0.7 exactly, NOT above 0.7; bin [0.70, 0.75));
  // p2 = "q r" and p3 = "q r s": F = 2·2/5 = 0.8 for both (bin [0.80, 0.85), above 0.7).
  const o = nearestOverlap([
    enc('a b c d e f g h i'),
    enc('a b c d e f g x y z w'),
    enc('q r'),
    enc('q r s'),
  ]);
  assert.deepEqual(Array.from(o.best), [0.7, 0.7, 0.8, 0.8]);
  const s = summarizeOverlap(o);
  const expected = new Array<number>(20).fill(0);
  expected[14] = 2;
  expected[16] = 2;
  assert.deepEqual(s.histogram, expected);
  assert.equal(s.median, 0.75); // (0.7 + 0.8) / 2
  assert.equal(s.shareAbove07, 0.5);
  assert.ok(Math.abs((s.mean ?? 0) - 0.75) < 1e-12);
  // F = 1 goes to the last bin; a prompt with no shared token to bin 0
  const t = summarizeOverlap(nearestOverlap([enc('x y'), enc('x y'), enc('zzz')]));
  assert.equal(t.histogram[19], 2);
  assert.equal(t.histogram[0], 1);
  assert.equal(t.median, 1);
  assert.equal(summarizeOverlap(nearestOverlap([])).median, null);
});

test('speed of the nearest-instruction overlap on 2,000 generated prompts (printed, not asserted)', () => {
  const r = rng(12);
  const words = Array.from({ length: 400 }, (_, i) => `w${i}`);
  const common = ['write', 'a', 'the', 'of', 'and', 'to', 'explain', 'list', 'in', 'for'];
  const prompts = Array.from({ length: 2000 }, () => {
    const n = 5 + Math.floor(r() * 40);
    return Array.from({ length: n }, () =>
      r() < 0.4 ? common[Math.floor(r() * common.length)] : words[Math.floor(r() ** 2 * words.length)],
    ).join(' ');
  });
  const ids = new TokenIds();
  const encoded = prompts.map((p) => ids.encode(rougeTokens(p)));
  const t0 = performance.now();
  const o = nearestOverlap(encoded);
  const s = (performance.now() - t0) / 1000;
  const pairs = (2000 * 1999) / 2;
  console.log(
    `nearest overlap: 2,000 prompts (${pairs} pairs) in ${s.toFixed(2)} s; ${o.lcsComputed} LCS computed, ` +
      `median ${summarizeOverlap(o).median?.toFixed(3)}`,
  );
  assert.equal(o.best.length, 2000);
});
