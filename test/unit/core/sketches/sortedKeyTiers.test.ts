/**
 * The merged distinct-n keys as runs that merge like a binary counter (sketches/sortedKeyTiers.ts): the same union as
 * one run, few runs at any time, each batch rewritten about log2(batches) times, the memory allowance shared by the
 * runs, and no file left once cleared.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SortedKeySet, sortedPairs } from '../../../../src/core/sketches/sortedKeySet.ts';
import { SortedKeyTiers } from '../../../../src/core/sketches/sortedKeyTiers.ts';
import { NEAR_SPILL_PREFIX } from '../../../../src/core/duplicates/nearSpillFile.ts';
import { rngUint32 as rng } from '../../helpers/testRng.ts';
import { randomPairs } from '../../helpers/distinctKeys.ts';

const keyFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-`) && f.includes('-keys-'));

test('SortedKeyTiers by hand: batches become runs, equal batch counts merge, the stored keys bound the union', () => {
  const t = new SortedKeyTiers();
  t.add(Uint32Array.of(0, 1, 0, 3), 0, 2);
  assert.equal(t.runCount, 1);
  assert.equal(t.storedKeys, 2);
  // a second batch: two runs of one batch each merge into one run of their union {(0,1), (0,2), (0,3)}
  t.add(Uint32Array.of(0, 2, 0, 3), 0, 2);
  assert.equal(t.runCount, 1);
  assert.equal(t.storedKeys, 3);
  // a third batch (one batch against two) stays a run of its own: (0,3) is held twice until they merge
  t.add(Uint32Array.of(0, 3, 1, 3), 0, 2);
  assert.equal(t.runCount, 2);
  assert.equal(t.storedKeys, 5);
  assert.equal(t.bytes, SortedKeySet.bytesFor(5));
  const seen: string[] = [];
  t.forEach((hi, lo) => seen.push(`${hi}:${lo}`));
  assert.equal(seen.length, 5, 'forEach visits every run: a repeated key twice');
  // exact sizes compact: (0,1), (0,2), (0,3), (1,3) — low half first, then high half
  assert.equal(t.distinctSize(), 4);
  assert.equal(t.runCount, 1);
  assert.equal(t.storedKeys, 4);
  assert.deepEqual([...t.toPairs()], [0, 1, 0, 2, 0, 3, 1, 3]);
  // unionSize / mergeExact work on the one run
  const more = Uint32Array.of(0, 0, 0, 3);
  const union = t.unionSize(more, 0, 2);
  assert.equal(union, 5);
  t.mergeExact(more, 0, 2, union);
  assert.deepEqual([...t.toPairs()], [0, 0, 0, 1, 0, 2, 0, 3, 1, 3]);
  t.clear();
  assert.equal(t.storedKeys, 0);
  assert.equal(t.distinctSize(), 0);
});

test('SortedKeyTiers: the union of one run, at most log2(batches) + 1 runs, in memory and on file', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tiers-'));
  try {
    for (const memoryKeys of [Infinity, 3000, 1 << 20]) {
      const next = rng(7);
      const one = new SortedKeySet({ memoryKeys: Infinity });
      const tiers = new SortedKeyTiers({ memoryKeys, tmpDir: dir });
      let batches = 0;
      for (let b = 0; b < 37; b++) {
        // repeats within and across batches: small ranges of both halves, and some fresh keys
        const raw = b % 3 === 0 ? randomPairs(2000, next) : randomPairs(1500 + b * 50, next, 4000, 3);
        const pairs = sortedPairs(raw);
        one.mergeAll(pairs, 0, pairs.length / 2);
        tiers.add(pairs, 0, pairs.length / 2);
        batches++;
        assert.ok(
          tiers.runCount <= Math.floor(Math.log2(batches)) + 1,
          `${tiers.runCount} runs after ${batches}`,
        );
        assert.ok(tiers.storedKeys >= one.size, 'stored keys bound the union');
        if (Number.isFinite(memoryKeys))
          assert.ok(
            tiers.memoryBytes <= Math.max(memoryKeys * 8, SortedKeySet.bytesFor(1)),
            `${tiers.memoryBytes} bytes in memory under ${memoryKeys} keys`,
          );
      }
      if (memoryKeys === 3000) assert.ok(tiers.onDisk && keyFiles(dir).length > 0, 'runs on file');
      assert.equal(tiers.distinctSize(), one.size);
      assert.deepEqual(tiers.toPairs(), one.toPairs());
      tiers.clear();
      assert.deepEqual(keyFiles(dir), [], 'clear deletes every run file');
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('SortedKeyTiers: 64 equal batches rewrite each key about log2(64) times, not once per later batch', () => {
  // 64 disjoint batches of 1000 keys: one run rewrites the run at every merge (~2.1 M keys written); the tiers write
  // each batch once when it comes and once per merge it takes part in (6 levels: 64 k · 7 = 448 k keys)
  const tiers = new SortedKeyTiers({ memoryKeys: Infinity });
  let oneRun = 0;
  for (let b = 0; b < 64; b++) {
    const pairs = new Uint32Array(2000);
    for (let j = 0; j < 1000; j++) {
      pairs[2 * j] = b;
      pairs[2 * j + 1] = j;
    }
    tiers.add(pairs, 0, 1000);
    oneRun += (b + 1) * 1000;
  }
  assert.equal(tiers.runCount, 1);
  assert.equal(tiers.distinctSize(), 64_000);
  const written = tiers.keysWritten;
  assert.equal(written, 64_000 * 7);
  assert.ok(written * 4 < oneRun, `${written} keys written against ${oneRun} with one run`);
});
