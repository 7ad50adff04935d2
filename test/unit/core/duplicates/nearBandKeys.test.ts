// The near-duplicate band hashes past their memory budget (nearBandKeys.ts): the oldest segments go to the store's
// temporary file and finish() reads them back band by band. Everything the accumulator returns must equal the
// in-memory store's, and the file must be gone after finish(), dispose(), an error and the end of the process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  NearDuplicateAccumulator,
  type NearDuplicateOptions,
} from '../../../../src/core/duplicates/nearDuplicates.ts';
import { NearBandKeys } from '../../../../src/core/duplicates/nearBandKeys.ts';
import { NearSpillFile } from '../../../../src/core/duplicates/nearSpillFile.ts';
import {
  feedNear,
  nearCorpus,
  nearSpillFilesIn,
  nearTestDir,
  nearView,
  type NearCorpusRow,
} from '../../helpers/nearCorpus.ts';

const NEAR_MODULE = fileURLToPath(
  new URL('../../../../src/core/duplicates/nearDuplicates.ts', import.meta.url),
);

type Row = NearCorpusRow;

const corpus = (seed: number, n: number): Row[] =>
  nearCorpus(seed, n, {
    vocabulary: 300,
    lineGap: 3,
    exactBelow: 0.14,
    editedBelow: 0.4,
    maxEdits: 3,
    templateBelow: 0.5,
    lengthSpan: 50,
  });

const freshDir = (): string => nearTestDir('near-bands-test-');

test('near band keys by hand: 3 bands, segments of 2 reps, none in memory', () => {
  const dir = freshDir();
  let file: NearSpillFile | null = null;
  try {
    const keys = new NearBandKeys(3, 0, 2, () => (file ??= new NearSpillFile(dir)));
    // rep r has keys [10r, 10r + 1, 10r + 2], except rep 4 = rep 0 in band 1 and rep 3 = rep 1 in band 0
    const reps = [
      [0, 1, 2],
      [10, 11, 12],
      [20, 21, 22],
      [10, 31, 32],
      [40, 1, 42],
    ];
    for (const r of reps) keys.append(Uint32Array.from(r));
    assert.equal(keys.count, 5);
    assert.equal(keys.spilledReps, 4, 'two full segments spilled, rep 4 in the open segment');
    assert.ok(file !== null);
    assert.equal(fs.statSync((file as NearSpillFile).path).size, 2 * 2 * 3 * 4);
    for (let j = 0; j < 3; j++)
      assert.deepEqual(
        [...keys.column(j)],
        reps.map((r) => r[j]),
        `band ${j}`,
      );
    assert.deepEqual([...keys.repMajor()], reps.flat());
    assert.equal(keys.keyAt(4, 2), 42);
    const a = Uint32Array.from([0, 1, 0, 2]);
    const b = Uint32Array.from([4, 3, 4, 3]);
    const out = new Uint8Array(4);
    // before band 1 only band 0 counts: (1, 3) share it; before band 2 band 1 too: (0, 4)
    keys.markSharedEarlier(a, b, 4, 1, out);
    assert.deepEqual([...out], [0, 1, 0, 0]);
    keys.markSharedEarlier(a, b, 4, 2, out);
    assert.deepEqual([...out], [1, 1, 1, 0]);
    keys.markSharedEarlier(a, b, 4, 0, out);
    assert.deepEqual([...out], [0, 0, 0, 0]);
    // a column buffer given by the caller: the same answers (and a too short one is replaced by a fresh array)
    keys.markSharedEarlier(a, b, 4, 2, out, new Uint32Array(4));
    assert.deepEqual([...out], [1, 1, 1, 0]);
    keys.markSharedEarlier(a, b, 4, 2, out, new Uint32Array(1));
    assert.deepEqual([...out], [1, 1, 1, 0]);
    // column into a buffer: the first 5 items written, the rest untouched; a short buffer is refused
    const into = new Uint32Array(7).fill(99);
    for (let j = 0; j < 3; j++) {
      const col = keys.column(j, into);
      assert.equal(col.buffer, into.buffer);
      assert.deepEqual(
        [...col],
        reps.map((r) => r[j]),
      );
    }
    assert.deepEqual([...into.subarray(5)], [99, 99]);
    assert.throws(() => keys.column(0, new Uint32Array(4)), RangeError);
    // all in memory: the same answers, no file
    const mem = new NearBandKeys(3, Infinity, 2, () => assert.fail('no file without a spill'));
    for (const r of reps) mem.append(Uint32Array.from(r));
    assert.equal(mem.spilledReps, 0);
    for (let j = 0; j < 3; j++) assert.deepEqual(mem.column(j), keys.column(j));
    assert.deepEqual(mem.repMajor(), keys.repMajor());
  } finally {
    (file as NearSpillFile | null)?.delete();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

const CASES: { name: string; options: NearDuplicateOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'small buckets', options: { threshold: 0.5, bucketCap: 3, maxStoredPairs: 50, maxClusters: 5 } },
  { name: 'budget', options: { maxShingleBytes: 50_000 } },
];

/**
 * Band budgets and segment sizes: everything on disk (segments of 3 reps), a few segments in memory, candidate
 * batches cut inside bands, shingle sets spilled too.
 */
const SPILLS: NearDuplicateOptions[] = [
  { bandMemoryBytes: 0, bandSegmentReps: 3 },
  { bandMemoryBytes: 0, bandSegmentReps: 64, candidateBatch: 97 },
  { bandMemoryBytes: 3 * 64 * 18 * 4, bandSegmentReps: 64, candidateBatch: 1000 },
  { bandMemoryBytes: 0, bandSegmentReps: 100, shingleMemoryBytes: 4096 },
  // the spilled sets read ahead one pair at a time, and a few pairs at a time
  { bandMemoryBytes: 0, bandSegmentReps: 100, shingleMemoryBytes: 4096, readAheadBytes: 0 },
  {
    bandMemoryBytes: 0,
    bandSegmentReps: 64,
    candidateBatch: 97,
    shingleMemoryBytes: 4096,
    readAheadBytes: 3000,
  },
];

for (const seed of [1, 2]) {
  test(`near band keys: spilled band hashes give the in-memory results (corpus ${seed})`, () => {
    const rows = corpus(seed, 1500);
    const dir = freshDir();
    try {
      for (const { name, options } of CASES) {
        const expected = nearView(
          feedNear(rows, { ...options, shingleMemoryBytes: Infinity, bandMemoryBytes: Infinity }),
        );
        assert.ok(expected.report.clusterCount > 50, `${name}: ${expected.report.clusterCount} clusters`);
        assert.ok(
          expected.report.candidatePairs > 200,
          `${name}: ${expected.report.candidatePairs} candidates`,
        );
        if (name === 'small buckets') assert.ok(expected.report.oversizedBuckets > 0);
        if (name === 'budget') assert.ok(expected.report.rowsOverBudget > 100);
        for (const spill of SPILLS) {
          const what = `${name}, ${JSON.stringify(spill)}`;
          const acc = feedNear(rows, { shingleMemoryBytes: Infinity, ...options, ...spill, tmpDir: dir });
          const file = acc.spillPath;
          assert.ok(file !== null, `${what}: spilled`);
          assert.deepEqual(nearSpillFilesIn(dir), [path.basename(file)], what);
          assert.equal(fs.statSync(file).mode & 0o777, 0o600);
          assert.deepEqual(nearView(acc), expected, what);
          assert.equal(acc.spillPath, null, `${what}: no file after finish()`);
          assert.deepEqual(nearSpillFilesIn(dir), [], `${what}: file deleted by finish()`);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}

test('near band keys: the spilled sets of a batch are read ahead in file order, with fewer reads', () => {
  const rows = corpus(4, 1500);
  const dir = freshDir();
  try {
    const spill: NearDuplicateOptions = {
      bandMemoryBytes: 0,
      bandSegmentReps: 64,
      shingleMemoryBytes: 4096,
      tmpDir: dir,
    };
    const expected = nearView(feedNear(rows, { shingleMemoryBytes: Infinity, bandMemoryBytes: Infinity }));
    const reads = (readAheadBytes: number): number => {
      const acc = feedNear(rows, { ...spill, readAheadBytes });
      const before = acc.spilledSetReads;
      assert.deepEqual(nearView(acc), expected, `readAheadBytes ${readAheadBytes}`);
      return acc.spilledSetReads - before;
    };
    // one pair's sets per read-ahead: about one read per spilled set a pair needs (a few share a read)
    const onePair = reads(0);
    const whole = reads(1 << 24);
    assert.ok(expected.report.candidatePairs > 200, `${expected.report.candidatePairs} candidates`);
    assert.ok(onePair > expected.report.candidatePairs / 2, `${onePair} reads one pair at a time`);
    // the whole batch's sets sorted by position: the 4 KiB arena chunks lie next to each other in the file, so
    // the sets of a batch are read with a handful of reads (a read spans at most 1 MiB)
    assert.ok(
      whole * 20 < onePair,
      `${whole} reads with the batch read ahead, ${onePair} one pair at a time`,
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near band keys: chunk partials merged into a band-spilling accumulator equal one in-memory pass', () => {
  const rows = corpus(3, 1500);
  const dir = freshDir();
  try {
    for (const { name, options } of CASES) {
      const expected = nearView(
        feedNear(rows, { ...options, shingleMemoryBytes: Infinity, bandMemoryBytes: Infinity }),
      );
      for (const cuts of [
        [0, 1500],
        [0, 500, 1000, 1500],
        [0, 10, 700, 701, 1500],
      ]) {
        const what = `${name}, cuts ${cuts.join(',')}`;
        const merged = new NearDuplicateAccumulator({
          ...options,
          bandMemoryBytes: 0,
          bandSegmentReps: 50,
          candidateBatch: 101,
          tmpDir: dir,
        });
        for (let c = 0; c + 1 < cuts.length; c++) {
          // a chunk that spilled its own band hashes still gives the same partial (read back for the snapshot)
          const chunk = feedNear(rows.slice(cuts[c], cuts[c + 1]), {
            ...options,
            maxShingleBytes: Infinity,
            bandMemoryBytes: c % 2 === 0 ? 0 : Infinity,
            bandSegmentReps: 30,
            tmpDir: dir,
          });
          const partial = structuredClone(chunk.snapshot());
          chunk.dispose();
          merged.merge(partial);
        }
        assert.ok(merged.spillPath !== null, `${what}: the merged accumulator spilled`);
        assert.deepEqual(nearView(merged), expected, what);
        assert.deepEqual(nearSpillFilesIn(dir), [], `${what}: every file deleted`);
      }
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near band keys: the file is deleted by dispose() (cancel) and by an error while verifying', () => {
  const dir = freshDir();
  const rows = corpus(5, 1200);
  const spilled = (): NearDuplicateAccumulator => {
    const acc = feedNear(rows, { bandMemoryBytes: 0, bandSegmentReps: 16, tmpDir: dir });
    assert.ok(acc.spillPath !== null && fs.existsSync(acc.spillPath));
    return acc;
  };
  try {
    const a = spilled();
    a.dispose();
    a.dispose();
    assert.deepEqual(nearSpillFilesIn(dir), []);
    assert.throws(() => a.addRow(1, Uint32Array.from([1, 2, 3])), /addRow after finish\(\)\/dispose\(\)/);
    assert.throws(() => a.snapshot(), /snapshot after/);

    // an error while reading back band hashes at finish()
    const b = spilled();
    const store = (b as unknown as { store: { bandColumn: (band: number) => Uint32Array } }).store;
    store.bandColumn = () => {
      throw new Error('disk gone');
    };
    assert.throws(() => b.finish(), /disk gone/);
    assert.equal(b.spillPath, null);
    assert.deepEqual(nearSpillFilesIn(dir), []);

    // an error in merge (a partial of another banding)
    const c = spilled();
    const other = new NearDuplicateAccumulator({ threshold: 0.5 });
    other.addRow(1, Uint32Array.from([1, 2, 3, 4, 5, 6]));
    assert.throws(() => c.merge(other.snapshot()), /bands/);
    assert.deepEqual(nearSpillFilesIn(dir), []);

    // after finish(): the cached views still work, new rows do not
    const e = spilled();
    const report = e.finish();
    assert.deepEqual(nearSpillFilesIn(dir), []);
    assert.equal(e.finish(), report);
    assert.throws(() => e.addRow(1, Uint32Array.from([1, 2, 3])), /after finish/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near band keys: a process that exits without finish() leaves no file', () => {
  const dir = freshDir();
  try {
    const script = `require('tsx/cjs/api').register();
const { NearDuplicateAccumulator } = require(${JSON.stringify(NEAR_MODULE)});
const acc = new NearDuplicateAccumulator({ bandMemoryBytes: 0, bandSegmentReps: 2, tmpDir: ${JSON.stringify(dir)} });
for (let i = 0; i < 20; i++) acc.addRow(i, Uint32Array.from([i, i + 1, i + 2, i + 3, i + 4, i + 5]));
const fs = require('node:fs');
if (acc.spillPath === null || !fs.existsSync(acc.spillPath)) throw new Error('no spill file');
process.stdout.write('spilled');
process.exit(0);
`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(r.stdout, 'spilled');
    assert.deepEqual(nearSpillFilesIn(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
