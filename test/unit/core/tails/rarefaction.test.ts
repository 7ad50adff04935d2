import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  expectedTypesAt,
  hypergeometricHead,
  lnChoose,
  lnGamma,
  survivalProbability,
} from '../../../../src/core/tails/rarefaction.ts';

const close = (a: number, b: number, eps = 1e-12) => assert.ok(Math.abs(a - b) <= eps, `${a} ≉ ${b}`);

test('lnGamma and lnChoose match exact factorials', () => {
  close(lnGamma(10), Math.log(362880)); // 9! = 362880
  close(lnGamma(0.5), Math.log(Math.sqrt(Math.PI)), 1e-12);
  close(lnGamma(3000.5) - lnGamma(2999.5), Math.log(2999.5), 1e-9); // Γ(x+1) = x·Γ(x), beyond the exact table
  close(Math.exp(lnChoose(5, 2)), 10, 1e-9);
  assert.equal(lnChoose(3, 4), -Infinity);
});

test('survival probability by hand: N=5, f=2, n=2 → 1 − C(3,2)/C(5,2) = 1 − 3/10', () => {
  close(survivalProbability(2, 5, 2), 0.7);
  // f = 1: 1 − C(4,2)/C(5,2) = 1 − 6/10
  close(survivalProbability(1, 5, 2), 0.4);
  // f + n > N: the type cannot be missed (C(2,3) = 0)
  assert.equal(survivalProbability(3, 5, 3), 1);
  assert.equal(survivalProbability(2, 5, 0), 0);
  assert.equal(survivalProbability(2, 5, 5), 1);
});

test('large-frequency path (log-gamma) agrees with the explicit product', () => {
  // P0 = C(900,10)/C(1000,10) = Π_{i=0}^{9} (900−i)/(1000−i)
  let p0 = 1;
  for (let i = 0; i < 10; i++) p0 *= (900 - i) / (1000 - i);
  close(survivalProbability(100, 1000, 10), 1 - p0, 1e-10);
});

test('expectedTypesAt sums per-type survival and skips zeros', () => {
  // N = 5 tokens in types with f = 2, 2, 1 (and a zero entry), n = 2: 0.7 + 0.7 + 0.4 = 1.8
  close(expectedTypesAt([2, 0, 2, 1], 5, 2), 1.8);
  assert.equal(expectedTypesAt([2, 2, 1], 5, 5), 3);
  assert.equal(expectedTypesAt([2, 2, 1], 5, 9), 3);
  assert.equal(expectedTypesAt([2, 2, 1], 5, 0), 0);
});

test('hypergeometric head by hand', () => {
  // K=2 copies in N=3, n=2 drawn: P(X=1) = C(2,1)C(1,1)/C(3,2) = 2/3, P(X=2) = C(2,2)C(1,0)/3 = 1/3
  const h = hypergeometricHead(2, 3, 2, 5);
  close(h[0], 0);
  close(h[1], 2 / 3);
  close(h[2], 1 / 3);
  close(h[3], 0);
  // K=1 in N=5, n=2: P(X=0) = C(4,2)/C(5,2) = 0.6, P(X=1) = 0.4
  const g = hypergeometricHead(1, 5, 2, 1);
  close(g[0], 0.6);
  close(g[1], 0.4);
  // probabilities over the full support sum to 1 and the mean is n·K/N = 20·10/50 = 4
  const full = hypergeometricHead(10, 50, 20, 10);
  let s = 0;
  let m = 0;
  for (let j = 0; j <= 10; j++) {
    s += full[j];
    m += j * full[j];
  }
  close(s, 1, 1e-10);
  close(m, 4, 1e-9);
});
