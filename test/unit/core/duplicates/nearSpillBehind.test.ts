// The near-duplicate store's background spill (NearStoreSpillOptions.writeBehind): the same file and the same sets
// as the synchronous spill (the hand case of nearSpillFile.test.ts), sets readable while their write runs, and
// release() deleting the file at once even with writes running.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { NearDuplicateStore } from '../../../../src/core/duplicates/nearDuplicatesStore.ts';
import { NearDuplicateAccumulator } from '../../../../src/core/duplicates/nearDuplicates.ts';

async function writesDone(st: NearDuplicateStore): Promise<void> {
  while (st.writesRunning) await new Promise((r) => setTimeout(r, 2));
}

test('near spill in the background, by hand: chunks of 4 hashes, one in memory, the same file once written', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'near-behind-test-'));
  try {
    const st = new NearDuplicateStore(2, Infinity, {
      memoryBytes: 16,
      chunkHashes: 4,
      tmpDir: dir,
      writeBehind: true,
    });
    const key = new Uint32Array(2);
    const bands = Uint32Array.from([7, 8]);
    const sets = [[1, 2, 3], [4, 5], [6, 7, 8, 9], [10], [11, 12, 13, 14, 15]];
    sets.forEach((s, i) => {
      const sh = Uint32Array.from(s);
      assert.equal(st.findRep(sh, key), -1);
      st.addRow(i + 1, st.addRep(sh, key, bands, i + 1));
    });
    // readable at once, whether or not their writes have ended
    for (let r = 0; r < sets.length; r++) assert.deepEqual(Array.from(st.shinglesOf(r)), sets[r], `set ${r}`);
    assert.equal(st.findRep(Uint32Array.from([4, 5]), key), 1);
    await writesDone(st);
    const file = st.spillPath!;
    const words = new Uint32Array(new Uint8Array(fs.readFileSync(file)).buffer);
    assert.deepEqual(Array.from(words), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    assert.equal(st.spilledShingleBytes, 40);
    for (let r = 0; r < sets.length; r++) assert.deepEqual(Array.from(st.shinglesOf(r)), sets[r], `set ${r}`);
    assert.deepEqual(Array.from(st.snapshot().shingles), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]);
    st.release();
    assert.equal(fs.existsSync(file), false);
    assert.throws(() => st.shinglesOf(0), /deleted/);
    assert.deepEqual(Array.from(st.shinglesOf(4)), sets[4]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('near accumulator with writeBehind: the same clusters as without; dispose with writes running leaves no file', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'near-behind-test-'));
  try {
    const rows = Array.from({ length: 300 }, (_, i) =>
      Uint32Array.from({ length: 30 }, (_, k) => (i % 50) * 100 + k + (i % 7 === 0 ? 1 : 0)),
    );
    const run = (writeBehind: boolean) => {
      const acc = new NearDuplicateAccumulator({ shingleMemoryBytes: 0, tmpDir: dir, writeBehind });
      rows.forEach((r, i) => acc.addRow(i + 1, r));
      return acc;
    };
    const want = run(false).finish();
    const acc = run(true);
    assert.ok(acc.spillPath !== null);
    assert.deepEqual(acc.finish(), want);
    assert.deepEqual(fs.readdirSync(dir), []);
    const again = run(true);
    again.dispose();
    assert.deepEqual(fs.readdirSync(dir), []);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
