// The near-duplicate store past its memory budget: full shingle-arena chunks go to a temporary file and are read
// back. Everything the accumulator returns must equal the in-memory store's, and the file must be gone after
// finish(), dispose(), an error, and the end of the thread or process.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import {
  NearDuplicateAccumulator,
  type NearDuplicateOptions,
} from '../../../../src/core/duplicates/nearDuplicates.ts';
import { NearDuplicateStore } from '../../../../src/core/duplicates/nearDuplicatesStore.ts';
import { NEAR_SPILL_PREFIX, removeNearSpillFiles } from '../../../../src/core/duplicates/nearSpillFile.ts';
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
    vocabulary: 400,
    lineGap: 2,
    exactBelow: 0.16,
    editedBelow: 0.36,
    maxEdits: 2,
    templateBelow: 0.44,
    lengthSpan: 56,
  });

const freshDir = (): string => nearTestDir('near-spill-test-');

const CASES: { name: string; options: NearDuplicateOptions }[] = [
  { name: 'defaults', options: {} },
  { name: 'small buckets', options: { threshold: 0.5, bucketCap: 3, maxStoredPairs: 50, maxClusters: 5 } },
  { name: 'budget', options: { maxShingleBytes: 60_000 } },
];

for (const seed of [1, 2]) {
  test(`near spill: finish, snapshot and cluster views equal the in-memory store (corpus ${seed})`, () => {
    const rows = corpus(seed, 3000);
    const dir = freshDir();
    try {
      for (const { name, options } of CASES) {
        const expected = nearView(feedNear(rows, { ...options, shingleMemoryBytes: Infinity }));
        if (name === 'budget')
          assert.ok(
            expected.report.rowsOverBudget > 100,
            `${expected.report.rowsOverBudget} rows over budget`,
          );
        if (name === 'small buckets') assert.ok(expected.report.oversizedBuckets > 0);
        assert.ok(expected.report.clusterCount > 50, `${expected.report.clusterCount} clusters`);
        for (const memory of [0, 4096, 64 * 1024]) {
          const what = `${name}, ${memory} bytes in memory`;
          const acc = feedNear(rows, { ...options, shingleMemoryBytes: memory, tmpDir: dir });
          const file = acc.spillPath;
          // the arena holds 4 chunks of memory / 16 bytes: past 1.25 × memory at least one was spilled
          if (expected.state.shingles.byteLength > 1.25 * memory)
            assert.ok(file !== null, `${what}: spilled`);
          if (file !== null) {
            assert.deepEqual(nearSpillFilesIn(dir), [path.basename(file)], what);
            assert.equal(fs.statSync(file).mode & 0o777, 0o600);
            assert.ok(fs.statSync(file).size > 0);
          }
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

test('near spill: merged chunk partials equal one in-memory pass, with every accumulator spilling', () => {
  const rows = corpus(3, 3000);
  const dir = freshDir();
  try {
    for (const { name, options } of CASES) {
      const expected = nearView(feedNear(rows, { ...options, shingleMemoryBytes: Infinity }));
      for (const cuts of [
        [0, 3000],
        [0, 1000, 2000, 3000],
        [0, 10, 1500, 1501, 3000],
      ]) {
        const what = `${name}, cuts ${cuts.join(',')}`;
        const merged = new NearDuplicateAccumulator({ ...options, shingleMemoryBytes: 8192, tmpDir: dir });
        for (let c = 0; c + 1 < cuts.length; c++) {
          const chunk = feedNear(rows.slice(cuts[c], cuts[c + 1]), {
            ...options,
            maxShingleBytes: Infinity,
            shingleMemoryBytes: 4096,
            tmpDir: dir,
          });
          const partial = structuredClone(chunk.snapshot());
          const spilled = chunk.spillPath !== null;
          if (cuts[c + 1] - cuts[c] >= 1000) assert.ok(spilled, `${what}: chunk ${c} spilled`);
          chunk.dispose();
          assert.equal(chunk.spillPath, null);
          if (spilled)
            assert.throws(
              () => chunk.snapshot(),
              /after finish\(\)\/dispose\(\)/,
              'a disposed accumulator that spilled refuses a snapshot',
            );
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

test('near spill: no file when nothing spills', () => {
  const dir = freshDir();
  try {
    const rows = corpus(4, 300);
    for (const memory of [undefined, 1 << 20]) {
      const acc = feedNear(rows, { shingleMemoryBytes: memory, tmpDir: dir });
      assert.equal(acc.spillPath, null);
      acc.snapshot();
      acc.finish();
      // an accumulator that never spilled keeps working after finish() and dispose()
      acc.dispose();
      acc.addRow(100_000, Uint32Array.from([1, 2, 3, 4, 5, 6]));
      assert.equal(acc.finish().rowsConsidered, acc.snapshot().rowLine.length);
    }
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near spill: the file is deleted by dispose() and by an error thrown out of the accumulator', () => {
  const dir = freshDir();
  const rows = corpus(5, 1500);
  const spilled = (): NearDuplicateAccumulator => {
    const acc = feedNear(rows, { shingleMemoryBytes: 4096, tmpDir: dir });
    assert.ok(acc.spillPath !== null && fs.existsSync(acc.spillPath));
    return acc;
  };
  try {
    // dispose (cancel): idempotent; the accumulator then refuses rows, merges and snapshots
    const a = spilled();
    a.dispose();
    a.dispose();
    assert.deepEqual(nearSpillFilesIn(dir), []);
    assert.throws(() => a.addRow(1, Uint32Array.from([1, 2, 3])), /addRow after finish\(\)\/dispose\(\)/);
    assert.throws(() => a.snapshot(), /snapshot after/);

    // an error in addRow
    const b = spilled();
    assert.throws(() => b.addRow(1, null as unknown as Uint32Array));
    assert.equal(b.spillPath, null);
    assert.deepEqual(nearSpillFilesIn(dir), []);

    // an error in merge (a partial of another banding)
    const c = spilled();
    const other = new NearDuplicateAccumulator({ threshold: 0.5 });
    other.addRow(1, Uint32Array.from([1, 2, 3, 4, 5, 6]));
    assert.throws(() => c.merge(other.snapshot()), /bands/);
    assert.deepEqual(nearSpillFilesIn(dir), []);

    // an error while verifying
    const d = spilled();
    const store = (d as unknown as { store: { shinglesOf: (r: number) => Uint32Array } }).store;
    store.shinglesOf = () => {
      throw new Error('disk gone');
    };
    assert.throws(() => d.finish(), /disk gone/);
    assert.deepEqual(nearSpillFilesIn(dir), []);

    // after finish(): the cached views still work, new rows do not
    const e = spilled();
    const report = e.finish();
    assert.deepEqual(nearSpillFilesIn(dir), []);
    assert.equal(e.finish(), report);
    assert.ok(e.clusterOfLine().size > 0 && e.verifiedPairs(10).length === 10);
    assert.throws(() => e.addRow(1, Uint32Array.from([1, 2, 3])), /after finish/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near spill by hand: chunks of 4 hashes, one chunk in memory', () => {
  const dir = freshDir();
  try {
    const st = new NearDuplicateStore(2, Infinity, { memoryBytes: 16, chunkHashes: 4, tmpDir: dir });
    const key = new Uint32Array(2);
    const bands = Uint32Array.from([7, 8]);
    const sets = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10], [11, 12, 13, 14, 15]];
    sets.forEach((s, i) => {
      const sh = Uint32Array.from(s);
      assert.equal(st.findRep(sh, key), -1);
      const r = st.addRep(sh, key, bands, i + 1);
      st.addRow(i + 1, r);
      if (i === 0) assert.equal(st.spillPath, null, 'the first chunk fits the budget');
    });
    // [1,2,3] | [4,5] | [6,7,8,9] | [10] were closed one by one and each spilled to make room for the next chunk;
    // [11..15] is longer than a chunk: its own 5-hash chunk, the only one in memory
    const file = st.spillPath!;
    const words = new Uint32Array(new Uint8Array(fs.readFileSync(file)).buffer);
    assert.deepEqual(Array.from(words), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(st.spilledShingleBytes, 40);
    assert.equal(st.storedShingleBytes, 60);
    for (let r = 0; r < sets.length; r++) assert.deepEqual(Array.from(st.shinglesOf(r)), sets[r], `set ${r}`);
    assert.equal(st.findRep(Uint32Array.from([4, 5]), key), 1, 'an identical spilled set is found');
    assert.equal(st.findRep(Uint32Array.from([4, 6]), key), -1);
    const snap = st.snapshot();
    assert.deepEqual(Array.from(snap.shingles), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    assert.deepEqual(Array.from(snap.repLength), [3, 2, 4, 1, 5]);
    st.release();
    assert.equal(fs.existsSync(file), false);
    assert.throws(() => st.shinglesOf(0), /deleted/);
    assert.deepEqual(Array.from(st.shinglesOf(4)), sets[4], 'the set in memory is still readable');
    assert.throws(() => st.snapshot(), /deleted/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

/** Code that spills with `tmpDir` = DIR, reports the file's path (`report`), then ends as `end` says. */
function spillScript(dir: string, report: string, end: string): string {
  return `require('tsx/cjs/api').register();
const { NearDuplicateAccumulator } = require(${JSON.stringify(NEAR_MODULE)});
const acc = new NearDuplicateAccumulator({ shingleMemoryBytes: 0, tmpDir: ${JSON.stringify(dir)} });
for (let i = 0; i < 200; i++) acc.addRow(i + 1, Uint32Array.from({ length: 30 }, (_, k) => i * 100 + k));
const file = acc.spillPath;
${report}
${end}`;
}

test('near spill: a process that exits without finish() leaves no file', () => {
  const dir = freshDir();
  try {
    for (const end of ['', 'process.exit(3);']) {
      const out = spawnSync(
        process.execPath,
        ['-e', spillScript(dir, `console.log(file, require('node:fs').existsSync(file));`, end)],
        { encoding: 'utf8' },
      );
      assert.equal(out.stderr, '');
      const [file, existed] = out.stdout.trim().split(' ');
      assert.ok(file.startsWith(path.join(dir, NEAR_SPILL_PREFIX)) && file.endsWith('.bin'), file);
      assert.equal(existed, 'true');
      assert.equal(fs.existsSync(file), false, `deleted at exit (${end || 'natural end'})`);
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near spill: worker threads — deleted when the worker ends itself; after terminate() by its parent', async () => {
  const dir = freshDir();
  const run = (end: string, terminate: boolean) =>
    new Promise<{ file: string; threadId: number }>((resolve, reject) => {
      const w = new Worker(
        spillScript(dir, `require('node:worker_threads').parentPort.postMessage(file);`, end),
        { eval: true },
      );
      const threadId = w.threadId; // −1 once the worker stopped
      let file = '';
      w.on('message', (m: string) => {
        file = m;
        if (!terminate) return;
        assert.ok(fs.existsSync(file));
        void w.terminate();
      });
      w.on('error', reject);
      w.on('exit', () => resolve({ file, threadId }));
    });
  try {
    const natural = await run('', false);
    assert.ok(natural.file.endsWith('.bin'));
    assert.equal(fs.existsSync(natural.file), false, 'a worker that ends by itself deletes its file');
    const exited = await run('process.exit(0);', false);
    assert.equal(fs.existsSync(exited.file), false, 'so does process.exit() in a worker');
    const killed = await run('setInterval(() => {}, 1000);', true);
    assert.equal(fs.existsSync(killed.file), true, 'terminate() runs no code in the worker');
    assert.ok(
      path.basename(killed.file).startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-t${killed.threadId}-`),
    );
    assert.equal(
      removeNearSpillFiles(killed.threadId + 1000, dir),
      0,
      "another thread's files are not touched",
    );
    assert.equal(removeNearSpillFiles(killed.threadId, dir), 1);
    assert.deepEqual(nearSpillFilesIn(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
