/**
 * A SortedKeySet past its memory share keeps its run in a temporary file (sketches/sortedKeySet.ts, "On disk"): the
 * same keys, sizes and budget bytes as in memory, one file at a time, and no file once cleared or disposed.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SortedKeySet, sortedPairs } from '../../../../src/core/sketches/sortedKeySet.ts';
import { NEAR_SPILL_PREFIX, removeNearSpillFiles } from '../../../../src/core/duplicates/nearSpillFile.ts';
import { threadId } from 'node:worker_threads';
import { NgramDistinctCounter } from '../../../../src/core/lexical/lexicalDistinct.ts';
import { rngUint32 as rng } from '../../helpers/testRng.ts';
import { chunkPartials, randomPairs } from '../../helpers/distinctKeys.ts';

/** The key-run files of this process in `dir`. */
const keyFiles = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter((f) => f.startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-`) && f.includes('-keys-'));

function withDir(fn: (dir: string) => void): void {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-keys-'));
  try {
    fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('SortedKeySet on file: by hand, a run past one key in memory moves to one file and merges there', () => {
  withDir((dir) => {
    const set = new SortedKeySet({ memoryKeys: 1, tmpDir: dir });
    assert.equal(set.mergeAll(Uint32Array.of(0, 3), 0, 1), 1);
    assert.equal(set.onDisk, false, 'one key fits in memory');
    // {(0,3)} ∪ {(0,1), (0,3), (1,3)} = (0,1), (0,3), (1,3): low half first, then high half
    assert.equal(set.mergeAll(Uint32Array.of(0, 1, 0, 3, 1, 3), 0, 3), 3);
    assert.equal(set.onDisk, true);
    assert.equal(set.memoryBytes, 0);
    assert.equal(set.bytes, SortedKeySet.bytesFor(3), 'the budget counts the keys wherever they are');
    assert.equal(keyFiles(dir).length, 1);
    assert.equal(fs.statSync(path.join(dir, keyFiles(dir)[0])).size, 3 * 8, '8 bytes a key on file');
    assert.deepEqual([...set.toPairs()], [0, 1, 0, 3, 1, 3]);
    // unionSize and merge on file: + (0,2) and (0,3) again → 4 keys
    const more = Uint32Array.of(0, 2, 0, 3);
    assert.equal(set.unionSize(more, 0, 2), 4);
    set.merge(more, 0, 2, 4);
    const seen: number[] = [];
    set.forEach((hi, lo) => seen.push(hi, lo));
    assert.deepEqual(seen, [0, 1, 0, 2, 0, 3, 1, 3]);
    assert.equal(keyFiles(dir).length, 1, 'the old file is deleted after each merge');
    assert.throws(() => set.merge(Uint32Array.of(5, 5), 0, 1, 99), /does not match/);
    assert.equal(keyFiles(dir).length, 1);
    set.clear();
    assert.deepEqual(keyFiles(dir), []);
    assert.equal(set.size, 0);
  });
});

test('SortedKeySet on file: the same runs as in memory, across windows and blocks, repeats and extreme keys', () => {
  withDir((dir) => {
    const next = rng(23);
    const mem = new SortedKeySet({ memoryKeys: Infinity });
    const disk = new SortedKeySet({ memoryKeys: 50_000, tmpDir: dir });
    const viaMerge = new SortedKeySet({ memoryKeys: 70_000, tmpDir: dir });
    const batches = [
      new Uint32Array(0),
      randomPairs(30_000, next), // stays in memory
      randomPairs(90_000, next, 1 << 18, 8), // moves to file: more than one 65,536-key window
      Uint32Array.of(0, 0, 0xffffffff, 0xffffffff),
      randomPairs(140_000, next, 1 << 22, 2),
      new Uint32Array(0),
      randomPairs(7, next),
    ];
    for (const raw of batches) {
      const pairs = sortedPairs(raw);
      const count = pairs.length / 2;
      const union = mem.unionSize(pairs, 0, count);
      assert.equal(disk.unionSize(pairs, 0, count), union);
      assert.equal(viaMerge.unionSize(pairs, 0, count), union);
      assert.equal(disk.mergeAll(pairs, 0, count), mem.mergeAll(pairs, 0, count));
      viaMerge.merge(pairs, 0, count, union);
      assert.equal(disk.size, mem.size);
      assert.equal(disk.bytes, mem.bytes);
      assert.deepEqual(disk.toPairs(), mem.toPairs());
      assert.deepEqual(viaMerge.toPairs(), mem.toPairs());
    }
    assert.ok(disk.onDisk && viaMerge.onDisk && !mem.onDisk);
    assert.equal(keyFiles(dir).length, 2, 'one file per run');
    let k = 0;
    const all = mem.toPairs();
    let same = true;
    disk.forEach((hi, lo) => {
      if (all[2 * k] !== hi || all[2 * k + 1] !== lo) same = false;
      k++;
    });
    assert.ok(same && k === mem.size, 'forEach lists the file in order');
    disk.clear();
    viaMerge.clear();
    assert.deepEqual(keyFiles(dir), []);
  });
});

test('a merged distinct-n counter with its runs on file: the counts and HyperLogLog switches of the runs in memory', () => {
  withDir((dir) => {
    // ~110 k distinct keys per order: exact, all three runs on file
    const a = chunkPartials(4, 900, 1 << 30, 3);
    const onFile = new NgramDistinctCounter(4 * 1024 * 1024, 16, 4 * 1024 * 1024, {
      memoryKeys: 10_000,
      tmpDir: dir,
    });
    for (const p of a.partials) onFile.merge(p);
    for (const n of [2, 3, 4] as const) assert.deepEqual(onFile.count(n), a.whole.count(n));
    assert.equal(keyFiles(dir).length, 3);
    const again = new NgramDistinctCounter(4 * 1024 * 1024);
    again.merge(onFile.snapshot());
    for (const n of [2, 3, 4] as const)
      assert.deepEqual(again.count(n), a.whole.count(n), 'a snapshot read from file');
    onFile.dispose();
    assert.deepEqual(keyFiles(dir), [], 'dispose deletes the files');
    // past a 3 MiB sorted budget the 4-grams (two blocks) switch to HyperLogLog, on file as in memory
    const b = chunkPartials(6, 2000, 24, 5);
    const inMemory = new NgramDistinctCounter(1 << 30, 16, 3 * 1024 * 1024, { memoryKeys: Infinity });
    const spilled = new NgramDistinctCounter(1 << 30, 16, 3 * 1024 * 1024, { memoryKeys: 1000, tmpDir: dir });
    for (const p of b.partials) {
      inMemory.merge(p);
      spilled.merge(p);
      assert.equal(spilled.tableBytes, inMemory.tableBytes);
    }
    for (const n of [2, 3, 4] as const) assert.deepEqual(spilled.count(n), inMemory.count(n));
    assert.equal(spilled.count(4).method, 'hll');
    assert.equal(spilled.count(3).method, 'exact');
    assert.equal(keyFiles(dir).length, 2, 'the switched order deleted its file');
    spilled.dispose();
    inMemory.dispose();
    assert.deepEqual(keyFiles(dir), []);
  });
});

test("a key run's file goes with the thread's spill files: the cleanup a parent runs for a terminated worker", () => {
  withDir((dir) => {
    const set = new SortedKeySet({ memoryKeys: 2, tmpDir: dir });
    set.mergeAll(Uint32Array.of(1, 1, 2, 2, 3, 3), 0, 3);
    assert.equal(keyFiles(dir).length, 1);
    // what AnalysisRunner calls from a terminated analysis worker's 'exit' (that worker's thread id; here our own)
    // (an open file of this thread is closed and unlinked by its owner object first, so the count is of other files)
    removeNearSpillFiles(threadId, dir);
    assert.deepEqual(keyFiles(dir), []);
    set.clear(); // the owner's own cleanup afterwards is harmless
    assert.deepEqual(keyFiles(dir), []);
  });
});

test('SortedKeySet: a run of several blocks in memory merges straight into its first file', () => {
  withDir((dir) => {
    const next = rng(31);
    const mem = new SortedKeySet({ memoryKeys: Infinity });
    const set = new SortedKeySet({ memoryKeys: 200_000, tmpDir: dir });
    for (const raw of [randomPairs(150_000, next), randomPairs(100_000, next, 1 << 20, 4)]) {
      const pairs = sortedPairs(raw);
      assert.equal(set.mergeAll(pairs, 0, pairs.length / 2), mem.mergeAll(pairs, 0, pairs.length / 2));
    }
    assert.ok(set.onDisk);
    assert.equal(set.memoryBytes, 0, 'the blocks are gone once the run is on file');
    assert.deepEqual(set.toPairs(), mem.toPairs());
    assert.equal(keyFiles(dir).length, 1);
    set.clear();
    assert.deepEqual(keyFiles(dir), []);
  });
});

test('SortedKeySet.mergeSet: long tails on either side, in memory and on file, across windows and blocks', () => {
  withDir((dir) => {
    // keys ascending by the low half: `from … from + count − 1` with high halves 0 and 1 alternating
    const run = (from: number, count: number): Uint32Array => {
      const p = new Uint32Array(2 * count);
      for (let j = 0; j < count; j++) {
        p[2 * j] = j & 1;
        p[2 * j + 1] = from + (j >> 1);
      }
      return p;
    };
    // low halves 0…149,999 against 100,000…299,999: an overlap, then a tail of one side only (300,000 and 400,000
    // keys: several 65,536-key file windows and 131,072-key blocks on each side)
    const cases: [Uint32Array, Uint32Array][] = [
      [run(0, 300_000), run(100_000, 400_000)],
      [run(100_000, 400_000), run(0, 300_000)],
      [run(0, 2), run(5, 300_000)],
    ];
    for (const [a, b] of cases)
      for (const [memA, memB] of [
        [Infinity, Infinity],
        [1000, Infinity],
        [Infinity, 1000],
        [1000, 1000],
      ]) {
        const ref = new SortedKeySet({ memoryKeys: Infinity });
        ref.mergeAll(a, 0, a.length / 2);
        ref.mergeAll(b, 0, b.length / 2);
        const left = new SortedKeySet({ memoryKeys: memA, tmpDir: dir });
        const right = new SortedKeySet({ memoryKeys: memB, tmpDir: dir });
        left.mergeAll(a, 0, a.length / 2);
        right.mergeAll(b, 0, b.length / 2);
        assert.equal(left.mergeSet(right), ref.size);
        assert.deepEqual(left.toPairs(), ref.toPairs(), `${memA} / ${memB}`);
        assert.equal(right.size, b.length / 2, 'the other run is unchanged');
        left.clear();
        right.clear();
      }
    assert.deepEqual(keyFiles(dir), []);
  });
});
