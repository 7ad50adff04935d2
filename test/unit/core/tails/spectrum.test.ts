import { test } from 'node:test';
import assert from 'node:assert/strict';
import { frequencyHistogram, spectrumAt } from '../../../../src/core/tails/spectrum.ts';
import { coverageAtSize, tailBaseline } from '../../../../src/core/tails/tailsBaseline.ts';
import { compareAtEqualSize } from '../../../../src/core/tails/equalSize.ts';

const close = (a: number | null, b: number, eps = 1e-12) =>
  assert.ok(a !== null && Math.abs(a - b) <= eps, `${a} ≠ ${b}`);

test('spectrum at full size is the observed spectrum', () => {
  // counts a:3 b:1 c:1 d:2 → N = 7, V = 4, N1 = 2
  const h = frequencyHistogram([3, 1, 1, 2]);
  assert.deepEqual([...h.entries()].sort(), [
    [1, 2],
    [2, 1],
    [3, 1],
  ]);
  const s = spectrumAt(h, 7, 7);
  assert.equal(s.tokens, 7);
  close(s.types, 4);
  close(s.hapaxTypes, 2);
  close(s.hapaxTypeShare, 0.5);
  close(s.unseenMass, 2 / 7);
});

test('spectrum at a subsample: hand-computed hypergeometric expectations', () => {
  // N = 4 tokens: a:2, b:1, c:1; subsample n = 2 of C(4,2) = 6 equally likely pairs.
  // E[V(2)]: P(a present) = 1 − C(2,2)/6 = 5/6; P(b) = P(c) = 1 − C(3,2)/6 = 1/2 → 11/6.
  // E[N1(2)]: P(X_a = 1) = C(2,1)C(2,1)/6 = 4/6; P(X_b = 1) = P(X_c = 1) = 3/6 → 10/6.
  // E[V(1)] = 1 (one token is always one type); E[N1(1)] = 1.
  const s = spectrumAt(frequencyHistogram([2, 1, 1]), 4, 2);
  close(s.types, 11 / 6);
  close(s.hapaxTypes, 10 / 6);
  close(s.hapaxTypeShare, 10 / 11);
  close(s.unseenMass, 10 / 12);
  close(s.growth, Math.log2(11 / 6));
  close(s.hapaxRetention, 10 / 11 / 1);
});

test('hapax retention at full size compares the full corpus with its half', () => {
  // N = 4: a:2, b:1, c:1 → share(4) = 2/3; share(2) = 10/11 (above) → retention (2/3)/(10/11) = 22/30
  const s = spectrumAt(frequencyHistogram([2, 1, 1]), 4, 4);
  close(s.hapaxRetention, 22 / 30);
  close(s.growth, Math.log2(3 / (11 / 6)));
});

test('coverageAtSize: both corpora whole, then the covering one subsampled', () => {
  // tail corpus T: ids 0:1, 1:1, 2:7 (NT = 9); tailMax 5 → tail = {0, 1}
  // cover C: id 0 ×2, id 3 ×2 (NC = 4). Whole (n = 4 for C but T taken at n=9? no: n must be ≤ both)
  const T = [1, 1, 7];
  const C = new Map([
    [0, 2],
    [3, 2],
  ]);
  // n = NT = 9 > NC: not allowed; use NC = 9 by padding the cover with id 3 ×7
  const C9 = new Map([
    [0, 2],
    [3, 7],
  ]);
  close(
    coverageAtSize(T, 9, (id) => C9.get(id) ?? 0, 9, 9, 5),
    0.5,
  );
  // Cover subsampled to n = 4 of NC = 9 (tail corpus also at n = 4 of 9):
  // P(X_0 ∈ [1,5]) = P(X_1 ∈ [1,5]) = 4/9; P(X_2 ∈ [1,5]) = 1 − P(X_2=0) − P(X_2 ≥ 6) = 1 − 0 − 0 = 1 (7 of 9 copies: at least 2 land)
  // P(Y_0 ≥ 1) with C9[0] = 2: 1 − C(7,4)/C(9,4) = 1 − 35/126 = 91/126; id 1, 2 not in C9.
  const expected = ((4 / 9) * (91 / 126)) / (4 / 9 + 4 / 9 + 1);
  close(
    coverageAtSize(T, 9, (id) => C9.get(id) ?? 0, 9, 4, 5),
    expected,
    1e-12,
  );
  assert.equal(
    coverageAtSize([0, 0], 1, () => 1, 1, 1, 5),
    null,
    'no tail → null',
  );
  void C;
});

test('split-half baseline: a dataset equal to the reference scores about 1×, a disjoint one 0×', () => {
  // 40 rows, each with 3 shared words and 2 words of its own (ids 3 + 2r, 4 + 2r)
  const rows: number[][] = [];
  for (let r = 0; r < 40; r++) rows.push([0, 1, 2, 3 + 2 * r, 4 + 2 * r]);
  const tokens = Uint32Array.from(rows.flat());
  const rowStart = Uint32Array.from({ length: 41 }, (_, i) => i * 5);
  const vocab = 3 + 80;
  const counts = new Float64Array(vocab);
  for (const t of tokens) counts[t]++;
  // a dataset that IS the reference: covers every tail type of either half whole → coverage 1,
  // while the other half covers none of a half's own words → baseline 0 → no ratio (null)
  const self = tailBaseline({ tokens, rowStart }, vocab, (id) => counts[id], tokens.length, { tailMax: 5 });
  assert.equal(self, null, 'halves share no tail type: the baseline is 0 and no ratio is given');
  // rows that repeat words across rows: row r has words r and r+1 (mod 40) + 3 shared
  const rows2: number[][] = [];
  for (let r = 0; r < 40; r++) rows2.push([40, 41, 42, r, (r + 1) % 40]);
  const t2 = Uint32Array.from(rows2.flat());
  const c2 = new Float64Array(43);
  for (const t of t2) c2[t]++;
  const same = tailBaseline({ tokens: t2, rowStart }, 43, (id) => c2[id], t2.length, {
    tailMax: 5,
    splits: 3,
  });
  assert.ok(same);
  assert.equal(same.splits, 3);
  assert.ok(same.ratio > 1, `the whole reference covers at least what a half does (${same.ratio})`);
  const none = tailBaseline({ tokens: t2, rowStart }, 43, () => 0, t2.length, { tailMax: 5, splits: 3 });
  assert.ok(none);
  assert.equal(none.datasetCoverage, 0);
  assert.equal(none.ratio, 0);
  assert.ok(
    none.sameDistributionRange[0] <= none.sameDistributionCoverage &&
      none.sameDistributionCoverage <= none.sameDistributionRange[1],
  );
});

test('equal-size comparison: ratios at the smaller corpus size; MTLD as measured', () => {
  // dataset a:2 b:1 c:1 (N 4); reference x:1 y:1 (N 2) → n = 2
  // dataset at 2: types 11/6, hapax share 10/11; reference at 2: types 2, share 1
  const e = compareAtEqualSize([2, 1, 1], 4, [1, 1], 2, { dataset: 30, reference: 60 });
  assert.ok(e);
  assert.equal(e.atTokens, 2);
  close(e.typesRatio, 11 / 12);
  close(e.hapaxShareRatio, 10 / 11);
  close(e.mtld.ratio, 0.5);
  assert.equal(compareAtEqualSize([], 0, [1], 1, { dataset: null, reference: null }), null);
});
