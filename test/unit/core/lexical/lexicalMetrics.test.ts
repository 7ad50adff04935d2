import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mattr } from '../../../../src/core/lexical/lexicalMattr.ts';
import { mtld, mtldOneWay } from '../../../../src/core/lexical/lexicalMtld.ts';
import { hdd, hddP0, hddP0LogGamma, lnGamma } from '../../../../src/core/lexical/lexicalHdd.ts';

const close = (a: number | null, b: number, eps = 1e-12) => {
  assert.ok(a !== null, 'expected a number, got null');
  assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`);
};

// ids: a=1 b=2 c=3 d=4
test('mattr: mean over the N−w+1 windows of distinct/w', () => {
  // [a b a c b], w=3: windows [a b a]→2, [b a c]→3, [a c b]→3 ⇒ (2+3+3)/3/3 = 8/9
  close(mattr([1, 2, 1, 3, 2], 3), 8 / 9);
  // N = w: one window [a b a] → 2/3
  close(mattr([1, 2, 1], 3), 2 / 3);
  // single type repeated, w=2: every window has 1 type ⇒ 1/2
  close(mattr([7, 7, 7, 7], 2), 0.5);
  // all distinct ⇒ every window w/w = 1
  close(mattr([1, 2, 3, 4, 5], 2), 1);
  // w = 1: every window has exactly 1 type ⇒ 1
  close(mattr([1, 1, 2], 1), 1);
});

test('mattr: null when fewer tokens than the window; rejects bad windows', () => {
  assert.equal(mattr([1, 2], 3), null);
  assert.equal(mattr([], 1), null);
  assert.throws(() => mattr([1], 0), RangeError);
  assert.throws(() => mattr([1], 1.5), RangeError);
});

test('mtld: full factors only (single type repeated)', () => {
  // [a a a a a a]: a→1/1; a→1/2=0.5 ≤ 0.72 ⇒ factor, reset; repeats ⇒ 3 factors, count 0 at the end.
  // forward = 6/3 = 2, backward identical ⇒ MTLD 2
  close(mtldOneWay([1, 1, 1, 1, 1, 1], 0.72), 2);
  close(mtld([1, 1, 1, 1, 1, 1], 0.72), 2);
});

test('mtld: partial factor with and without a full factor', () => {
  // forward [a a b c d b]: a 1; a 1/2 ⇒ factor 1, reset; b c d ⇒ 3/3; b ⇒ 3/4 = 0.75 (end, count 4)
  //   partial = (1 − 0.75)/(1 − 0.72) = 25/28 ⇒ factors 53/28 ⇒ 6/(53/28) = 168/53
  // backward [b d c b a a]: b d c ⇒ 3/3; b ⇒ 3/4; a ⇒ 4/5; a ⇒ 4/6 = 0.667 ⇒ factor 1, count 0 ⇒ 6/1 = 6
  const ids = [1, 1, 2, 3, 4, 2];
  close(mtldOneWay(ids, 0.72, false), 168 / 53);
  close(mtldOneWay(ids, 0.72, true), 6);
  close(mtld(ids, 0.72), (168 / 53 + 6) / 2); // = 243/53
  // [a b c a]: ttr 1,1,1, 3/4=0.75 — never ≤ 0.72, no full factor; partial (1−0.75)/0.28 = 25/28
  //   ⇒ 4/(25/28) = 4.48 both ways
  close(mtld([1, 2, 3, 1], 0.72), 4.48);
});

test('mtld: no-factor rule — all distinct gives factors = 1 and MTLD = N', () => {
  // [a b c d e]: ttr stays 1, partial = (1 − 1)/0.28 = 0 ⇒ factor total 0 ⇒ overall TTR = 1 ⇒ factors = 1 ⇒ 5
  close(mtld([1, 2, 3, 4, 5], 0.72), 5);
  close(mtld([9], 0.72), 1);
  assert.equal(mtld([], 0.72), null);
});

test('mtld: the threshold comparison is ≤ (a ttr equal to the threshold closes a factor)', () => {
  // [a b a b], threshold 0.5: a 1; b 1; a 2/3; b 2/4 = 0.5 ≤ 0.5 ⇒ factor, count 0 ⇒ 4/1 = 4
  close(mtldOneWay([1, 2, 1, 2], 0.5), 4);
  // threshold 0.49: no factor; partial (1 − 0.5)/(1 − 0.49) = 0.5/0.51 ⇒ 4/(0.5/0.51) = 4.08
  close(mtldOneWay([1, 2, 1, 2], 0.49), 4.08);
  assert.throws(() => mtld([1], 1), RangeError);
});

test('hdd: N = 50 frequency table computed by hand', () => {
  // freqs a:20 b:10 c:10 d:5 e:3 f:1 g:1 (N = 50), 42 draws.
  // P0(f) = Π_{i=0}^{41} (50−f−i)/(50−i); N−f < 42 ⇔ f > 8 ⇒ P0 = 0 for a, b, c.
  // P0(5) = (45·44…4)/(50·49…9) = 8!/3! / (50·49·48·47·46) = 6720/254251200
  // P0(3) = 8!/5! / (50·49·48) = 336/117600
  // P0(1) = 8/50
  const p5 = 6720 / 254251200;
  const p3 = 336 / 117600;
  const p1 = 8 / 50;
  close(hddP0(50, 5, 42), p5);
  close(hddP0(50, 3, 42), p3);
  close(hddP0(50, 1, 42), p1);
  assert.equal(hddP0(50, 10, 42), 0);
  const expected = (3 * 1 + (1 - p5) + (1 - p3) + 2 * (1 - p1)) / 42;
  close(hdd([20, 10, 10, 5, 3, 1, 1], 50, 42), expected);
  // zeros in the table (unused ids) are ignored
  close(hdd([0, 20, 10, 0, 10, 5, 3, 1, 1], 50, 42), expected);
});

test('hdd: N just at 42 and around it', () => {
  // 42 distinct tokens: P0(1) = C(41,42)/C(42,42) = 0 ⇒ 42 · 1/42 = 1
  close(hdd(new Array(42).fill(1), 42, 42), 1);
  // one type × 42: P0 = 0 ⇒ 1/42
  close(hdd([42], 42, 42), 1 / 42);
  // 41 tokens < 42 draws ⇒ null
  assert.equal(hdd(new Array(41).fill(1), 41, 42), null);
  // N = 43, a:2 + 41 singles: P0(2) = C(41,42)/C(43,42) = 0; P0(1) = C(42,42)/C(43,42) = 1/43
  //   ⇒ (1 + 41·(42/43))/42 = 1765/1806
  close(hdd([2, ...new Array(41).fill(1)], 43, 42), 1765 / 1806);
});

test('hdd: product path agrees with the log-gamma path', () => {
  // lnΓ(n+1) = ln n!: ln 5! = ln 120
  close(lnGamma(6), Math.log(120), 1e-13);
  for (const f of [1, 2, 3, 5, 8]) close(hddP0LogGamma(50, f, 42), hddP0(50, f, 42), 1e-9);
  for (const [N, f] of [
    [1000, 1],
    [1000, 37],
    [100000, 250],
    [5_000_000, 4000],
  ]) {
    close(hddP0LogGamma(N, f, 42), hddP0(N, f, 42), 1e-6);
  }
});
