import { test } from 'node:test';
import assert from 'node:assert/strict';
import { OnePermutationHasher } from '../../../../src/core/sketches/minhashOph.ts';
import {
  ShingleBuffer,
  bandHash,
  fmix32,
  hashIds,
  hashString64,
  minhashSignature,
  permutationSeeds,
  shingleHashes,
  shingleHashesInto,
} from '../../../../src/core/sketches/minhash.ts';
import { BandSortScratch, forEachBandCandidate, radixSortPairs } from '../../../../src/core/sketches/lsh.ts';
import { UnionFind } from '../../../../src/core/sketches/unionFind.ts';

test('fmix32 is the MurmurHash3 finaliser', () => {
  assert.equal(fmix32(0), 0);
  assert.equal(fmix32(1), 0x514e28b7); // reference value of MurmurHash3 fmix32(1)
  assert.equal(fmix32(0xffffffff), 0x81f16f39);
});

test('hashString64: deterministic, two different halves, sensitive to every character', () => {
  const a = new Uint32Array(2);
  const b = new Uint32Array(2);
  hashString64('hello world', a);
  hashString64('hello world', b);
  assert.deepEqual(a, b);
  assert.notEqual(a[0], a[1]);
  hashString64('hello worle', b);
  assert.notEqual(a[0], b[0]);
  assert.notEqual(a[1], b[1]);
});

test('permutation seeds are deterministic per seed and distinct', () => {
  assert.deepEqual(permutationSeeds(8, 5), permutationSeeds(8, 5));
  assert.notDeepEqual(permutationSeeds(8, 5), permutationSeeds(8, 6));
  assert.equal(new Set(permutationSeeds(256, 1)).size, 256);
});

test('MinHash agreement rate estimates Jaccard (consecutive and random sets)', () => {
  const k = 1024;
  const seeds = permutationSeeds(k, 1);
  const agree = (a: Uint32Array, b: Uint32Array): number => {
    const sa = minhashSignature(a, seeds, new Uint32Array(k));
    const sb = minhashSignature(b, seeds, new Uint32Array(k));
    let eq = 0;
    for (let i = 0; i < k; i++) if (sa[i] === sb[i]) eq++;
    return eq / k;
  };
  const range = (from: number, n: number) => Uint32Array.from({ length: n }, (_, i) => from + i);
  // {0..99} vs {50..149}: ∩ 50, ∪ 150 → 1/3; {0..99} vs {10..109}: ∩ 90, ∪ 110 → 0.818; {0..99} vs {80..179}: 20/180
  // standard error of the estimate with k = 1024 is ≤ 0.016, so 0.05 is > 3σ
  assert.ok(Math.abs(agree(range(0, 100), range(50, 100)) - 1 / 3) < 0.05);
  assert.ok(Math.abs(agree(range(0, 100), range(10, 100)) - 90 / 110) < 0.05);
  assert.ok(Math.abs(agree(range(0, 100), range(80, 100)) - 20 / 180) < 0.05);
  // random 32-bit values: shared 60 of (60 + 20 + 20) → 0.6
  let x = 12345;
  const next = () => (x = fmix32(x + 0x9e3779b9));
  const shared = Array.from({ length: 60 }, next);
  const a = Uint32Array.from([...shared, ...Array.from({ length: 20 }, next)]).sort();
  const b = Uint32Array.from([...shared, ...Array.from({ length: 20 }, next)]).sort();
  assert.ok(Math.abs(agree(a, b) - 0.6) < 0.05);
  assert.equal(agree(a, a), 1);
});

test('bandHash depends on the band index and on its rows only', () => {
  const sig = Uint32Array.from([1, 2, 3, 4, 1, 2, 9, 9]);
  // bands of 2 rows: band 0 = (1,2), band 2 = (1,2) → same rows but different band index → different hash
  assert.notEqual(bandHash(sig, 0, 2), bandHash(sig, 2, 2));
  const other = Uint32Array.from([1, 2, 7, 7, 0, 0, 0, 0]);
  assert.equal(bandHash(sig, 0, 2), bandHash(other, 0, 2));
  assert.notEqual(bandHash(sig, 1, 2), bandHash(other, 1, 2));
});

test('radixSortPairs sorts keys and carries values stably', () => {
  const keys = Uint32Array.from([0xffffffff, 5, 0x10000, 5, 0, 0x10005, 5]);
  const vals = Uint32Array.from([0, 1, 2, 3, 4, 5, 6]);
  radixSortPairs(keys, vals);
  assert.deepEqual(Array.from(keys), [0, 5, 5, 5, 0x10000, 0x10005, 0xffffffff]);
  assert.deepEqual(Array.from(vals), [4, 1, 3, 6, 2, 5, 0]);
});

test('forEachBandCandidate: all pairs in small buckets, a sliding window in large ones', () => {
  const got: string[] = [];
  // items 0,2,4 share hash 7; 1,3 share 9; 5 alone
  forEachBandCandidate(Uint32Array.from([7, 9, 7, 9, 7, 1]), 10, (a, b) => got.push(`${a}-${b}`));
  assert.deepEqual(got.sort(), ['0-2', '0-4', '1-3', '2-4']);
  const windowed: string[] = [];
  const oversized = forEachBandCandidate(Uint32Array.from([3, 3, 3, 3]), 2, (a, b) =>
    windowed.push(`${a}-${b}`),
  );
  // bucket of 4 > cap 2: each item vs its 2 predecessors → 0-1, 0-2, 1-2, 1-3, 2-3 (0-3 skipped)
  assert.equal(oversized, 1);
  assert.deepEqual(windowed.sort(), ['0-1', '0-2', '1-2', '1-3', '2-3']);
});

test('radixSortPairs with scratch: the same order, sorted in place, the scratch only as long as needed', () => {
  // 70 items (> the 64 sorted by insertion, so the radix passes and their scratch run): key 2^16·(i mod 3) + i mod 7
  const keys = Uint32Array.from({ length: 70 }, (_, i) => 0x10000 * (i % 3) + (i % 7));
  const vals = Uint32Array.from({ length: 70 }, (_, i) => i);
  const k0 = keys.slice();
  const v0 = vals.slice();
  radixSortPairs(k0, v0);
  const scratch = { keys: new Uint32Array(100).fill(9), vals: new Uint32Array(100).fill(9) };
  radixSortPairs(keys, vals, scratch);
  assert.deepEqual(keys, k0);
  assert.deepEqual(vals, v0);
  // first item: key 0 (i % 3 = 0 and i % 7 = 0: i = 0, 21, 42, 63 in that order)
  assert.deepEqual([...vals.subarray(0, 4)], [0, 21, 42, 63]);
  assert.deepEqual([...scratch.keys.subarray(70)], new Array(30).fill(9), 'past n: untouched');
});

test("forEachBandCandidate with a BandSortScratch: the same pairs, the caller's hashes unchanged, reusable", () => {
  const scratch = new BandSortScratch(8);
  const bands = [Uint32Array.from([7, 9, 7, 9, 7, 1]), Uint32Array.from([3, 3, 3, 3])];
  for (const cap of [10, 2])
    for (const hashes of bands) {
      const before = [...hashes];
      const plain: string[] = [];
      const reused: string[] = [];
      const o1 = forEachBandCandidate(hashes, cap, (a, b, big) => plain.push(`${a}-${b}-${big}`));
      const o2 = forEachBandCandidate(hashes, cap, (a, b, big) => reused.push(`${a}-${b}-${big}`), scratch);
      assert.deepEqual(reused, plain, 'same pairs in the same order');
      assert.equal(o2, o1);
      assert.deepEqual([...hashes], before);
    }
  assert.throws(() => forEachBandCandidate(new Uint32Array(9), 10, () => {}, scratch), RangeError);
});

test('UnionFind merges components', () => {
  const uf = new UnionFind(6);
  uf.union(0, 1);
  uf.union(2, 3);
  uf.union(1, 3);
  assert.equal(uf.find(0), uf.find(2));
  assert.notEqual(uf.find(0), uf.find(4));
  assert.equal(uf.find(5), 5);
});

test('one-permutation hashing: bin agreement estimates Jaccard, also for sets smaller than the bins', () => {
  let x = 777;
  const next = () => (x = fmix32(x + 0x9e3779b9));
  const pair = (shared: number, own: number) => {
    const s = Array.from({ length: shared }, next);
    return [
      Uint32Array.from([...s, ...Array.from({ length: own }, next)]).sort(),
      Uint32Array.from([...s, ...Array.from({ length: own }, next)]).sort(),
    ];
  };
  const k = 1024;
  const agree = (a: Uint32Array, b: Uint32Array, seed: number): number => {
    const h = new OnePermutationHasher(k, seed);
    const sa = h.signature(a, new Uint32Array(k)).slice();
    const sb = h.signature(b, new Uint32Array(k));
    let eq = 0;
    for (let i = 0; i < k; i++) if (sa[i] === sb[i]) eq++;
    return eq / k;
  };
  // dense: 600 shared, 200 own each → J = 0.6; sparse (densified): 16 shared, 2 own → J = 0.8, averaged over seeds
  const [a, b] = pair(600, 200);
  assert.ok(Math.abs(agree(a, b, 1) - 0.6) < 0.05);
  const [c, d] = pair(16, 2);
  let mean = 0;
  for (let seed = 1; seed <= 40; seed++) mean += agree(c, d, seed) / 40;
  assert.ok(Math.abs(mean - 0.8) < 0.03, `mean agreement ${mean}`);
  assert.equal(agree(a, a, 3), 1);
});

test('RowKeys window hashes equal hashIds / hashIdsHigh bit for bit', async () => {
  const { RowKeys } = await import('../../../../src/core/sketches/idWindowHash.ts');
  const { hashIds, hashIdsHigh } = await import('../../../../src/core/sketches/minhash.ts');
  let x = 5;
  const ids = Uint32Array.from({ length: 700 }, (_, i) => (i % 3 === 0 ? i : (x = fmix32(x + 0x9e3779b9))));
  const keys = new RowKeys();
  keys.set(ids);
  for (let start = 0; start < 690; start += 7)
    for (const len of [1, 2, 3, 5, 6]) {
      assert.equal(keys.hashLo(start, len), hashIds(ids, start, len));
      assert.equal(keys.hashHi(start, len), hashIdsHigh(ids, start, len));
    }
});

test('shingleHashesInto equals shingleHashes (random rows of 0 to 5,000 keys, repeats, reused buffer)', () => {
  let seed = 2024;
  const rnd = () => ((seed = (Math.imul(seed, 1103515245) + 12345) | 0) >>> 0) / 4294967296;
  const buf = new ShingleBuffer();
  const lengths = [0, 1, 2, 4, 5, 6, 7, 300, 5000, 3, 0, 1];
  for (let n = 0; n < 400; n++) lengths.push(Math.floor(rnd() * (n % 10 === 0 ? 3000 : 60)));
  for (const len of lengths) {
    const tokens = new Uint32Array(len);
    // few distinct values, so shingles repeat and the dedupe runs; some full-range 32-bit keys
    const alphabet = rnd() < 0.5 ? 3 : 0x100000000;
    for (let i = 0; i < len; i++) tokens[i] = Math.floor(rnd() * alphabet);
    assert.deepEqual(
      Array.from(shingleHashesInto(tokens, buf)),
      Array.from(shingleHashes(tokens)),
      `len ${len}`,
    );
  }
});

test('shingleHashesInto: hand-checked small rows', () => {
  const buf = new ShingleBuffer();
  assert.equal(shingleHashesInto(new Uint32Array(0), buf).length, 0);
  const one = Uint32Array.of(7);
  assert.deepEqual(Array.from(shingleHashesInto(one, buf)), [hashIds(one, 0, 1)]);
  // six equal tokens: two equal windows → one shingle, hashIds of five of them
  const same = new Uint32Array(6).fill(9);
  assert.deepEqual(Array.from(shingleHashesInto(same, buf)), [hashIds(same, 0, 5)]);
  const abc = Uint32Array.of(1, 2, 3, 4, 5, 6);
  const want = [hashIds(abc, 0, 5), hashIds(abc, 1, 5)].sort((x, y) => x - y);
  assert.deepEqual(Array.from(shingleHashesInto(abc, buf)), want);
});
