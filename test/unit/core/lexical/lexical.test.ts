import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { LexicalAccumulator, mattr, mtldOneWay, hdd } from '../../../../src/core/lexical/lexical.ts';
import { distinctN } from '../../helpers/oracles.ts';

const close = (a: number | null, b: number, eps = 1e-12) => {
  assert.ok(a !== null, 'expected a number, got null');
  assert.ok(Math.abs(a - b) <= eps * Math.max(1, Math.abs(b)), `${a} != ${b}`);
};

test('accumulator on a small hand-computed input (stream crosses row boundaries)', async () => {
  const rows = [[1, 2, 3, 1], [2, 2], [], [5, 6, 7, 8, 9]];
  const texts = ['a b c a', 'b b', '', 'e f g h i'];
  const acc = new LexicalAccumulator({ mattrWindow: 3 });
  rows.forEach((r, i) => acc.addRow(Uint32Array.from(r), texts[i]));
  const rep = await acc.finish();
  // stream 1 2 3 1 2 2 5 6 7 8 9: N = 11, types {1,2,3,5,6,7,8,9} = 8
  assert.equal(rep.tokens, 11);
  assert.equal(rep.types, 8);
  assert.equal(rep.rows, 4);
  close(rep.ttr, 8 / 11);
  close(rep.rttr, 8 / Math.sqrt(11));
  // MATTR w=3, 9 windows: 123→3 231→3 312→3 122→2 225→2 256→3 567→3 678→3 789→3 = 25 ⇒ 25/9/3
  close(rep.mattr, 25 / 27);
  assert.equal(rep.mattrNullReason, undefined);
  // MTLD forward: 1 2 3 1 → 3/4; 2 → 3/5 = 0.6 ⇒ factor; 2 5 6 7 8 9 ⇒ 6/6, partial 0 ⇒ 11/1 = 11
  // backward 9 8 7 6 5 2 2 1 3 2 1: ttr ends at 8/11 > 0.72, never ≤ 0.72 ⇒ partial (1 − 8/11)/0.28
  close(rep.mtldForward, 11);
  close(rep.mtldBackward, 11 / ((1 - 8 / 11) / 0.28));
  close(rep.mtld, (11 + 11 / ((1 - 8 / 11) / 0.28)) / 2);
  assert.equal(rep.hdd, null);
  assert.equal(rep.hddNullReason, 'fewer tokens (11) than HD-D draws (42)');
  // distinct: bigrams row1 12 23 31, row2 22, row4 56 67 78 89 ⇒ 8/8; trigrams 123 231 567 678 789 ⇒ 5/5;
  // 4-grams 1231 5678 6789 ⇒ 3/3 (the cross-row 3-1-2, 1-2-2 etc. are not formed)
  assert.deepEqual(rep.distinct, { 1: 8 / 11, 2: 1, 3: 1, 4: 1 });
  assert.deepEqual(rep.distinctCounts, {
    1: { unique: 8, total: 11 },
    2: { unique: 8, total: 8 },
    3: { unique: 5, total: 5 },
    4: { unique: 3, total: 3 },
  });
  assert.deepEqual(rep.distinctMethod, { 1: 'exact', 2: 'exact', 3: 'exact', 4: 'exact' });
  assert.deepEqual(rep.distinctError, { 1: 0, 2: 0, 3: 0, 4: 0 });
  // compression: texts joined with one space (the empty row leaves two spaces)
  const joined = 'a b c a b b  e f g h i';
  assert.equal(texts.join(' '), joined);
  assert.equal(rep.compressionRatio, joined.length / zlib.gzipSync(joined, { level: 6 }).length);
  assert.equal(rep.compressionMethod, 'single-stream');
  // per row: tokens 4, 2, 0, 5 ⇒ bins [0,1):1 [1,2):0 [2,4):1 [4,8):2; mean 11/4; median (2+4)/2 = 3
  const t = rep.perRow.tokens;
  assert.deepEqual(t.counts.slice(0, 5), [1, 0, 1, 2, 0]);
  assert.equal(t.mean, 11 / 4);
  assert.equal(t.median, 3);
  // p90 of sorted 0 2 4 5 at position 2.7 ⇒ 4 + 0.7·1 = 4.7
  close(t.p90, 4.7);
  // distinct-1 per row: 3/4, 1/2, (empty row skipped), 5/5 ⇒ median 0.75
  assert.equal(rep.perRow.distinct1.count, 3);
  assert.equal(rep.perRow.distinct1.median, 0.75);
  close(rep.perRow.distinct1.mean, (0.75 + 0.5 + 1) / 3);
  // distinct-2 per row: 3/3, 1/1, 4/4 (rows with < 2 tokens skipped)
  assert.equal(rep.perRow.distinct2.count, 3);
  assert.equal(rep.perRow.distinct2.mean, 1);
});

test('distinct pooling counts repeated n-grams across rows; per-row distinct-2 sees repeats', async () => {
  const acc = new LexicalAccumulator({ compression: false });
  for (const r of [
    [1, 2],
    [1, 2],
    [2, 1],
    [3, 3, 3],
  ])
    acc.addRow(Uint32Array.from(r), '');
  const rep = await acc.finish();
  // bigrams 12 12 21 33 33 ⇒ unique 3 / total 5; trigram 333 ⇒ 1/1
  assert.deepEqual(rep.distinctCounts[2], { unique: 3, total: 5 });
  assert.equal(rep.distinct[3], 1);
  assert.equal(rep.distinct[4], null);
  // row [3 3 3]: bigrams 33 33 ⇒ 1/2; others 1/1 ⇒ min 0.5
  assert.equal(rep.perRow.distinct2.min, 0.5);
  assert.equal(rep.compressionRatio, null);
  assert.equal(rep.compressionNullReason, 'compression disabled');
});

function generatedRows(nRows: number, seed: number): Uint32Array[] {
  let s = seed;
  const rnd = () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
  const rows: Uint32Array[] = [];
  for (let r = 0; r < nRows; r++) {
    const k = Math.floor(rnd() * 30);
    // skewed type distribution over 400 types, global ids spread up to ~4e9
    rows.push(Uint32Array.from({ length: k }, () => 3_999_000_000 + Math.floor(400 * rnd() * rnd())));
  }
  return rows;
}

test('forced tiny spool: backward MTLD from the spill file equals the in-memory value; temp files removed', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-lexical-test-'));
  try {
    const rows = generatedRows(1500, 42);
    const spilled = new LexicalAccumulator({ spoolMemoryBytes: 64, tmpDir: tmp, compression: false });
    const inMemory = new LexicalAccumulator({ compression: false });
    for (const r of rows) {
      spilled.addRow(r, '');
      inMemory.addRow(r, '');
    }
    assert.ok(fs.readdirSync(tmp).length === 1, 'a spill directory exists while running');
    const a = await spilled.finish();
    const b = await inMemory.finish();
    assert.deepEqual(fs.readdirSync(tmp), []);
    const all: number[] = [];
    for (const r of rows) all.push(...r);
    assert.ok(all.length > 20_000);
    assert.equal(a.mtldBackward, b.mtldBackward);
    assert.equal(a.mtldBackward, mtldOneWay(all, 0.72, true));
    assert.equal(a.mtldForward, mtldOneWay(all, 0.72, false));
    assert.notEqual(a.mtldForward, a.mtldBackward);
    // the other figures against the array helpers
    close(a.mattr, mattr(all, 100)!);
    const freq = new Map<number, number>();
    for (const id of all) freq.set(id, (freq.get(id) ?? 0) + 1);
    assert.equal(a.types, freq.size);
    close(a.hdd, hdd([...freq.values()], all.length, 42)!);
    for (const n of [2, 3, 4] as const) assert.equal(a.distinct[n], distinctN(rows, n));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('dispose after a spill removes the temp file; use after finish/dispose throws', async () => {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-lexical-test-'));
  try {
    const acc = new LexicalAccumulator({ spoolMemoryBytes: 16, tmpDir: tmp });
    for (const r of generatedRows(100, 7)) acc.addRow(r, 'x');
    assert.equal(fs.readdirSync(tmp).length, 1);
    acc.dispose();
    assert.deepEqual(fs.readdirSync(tmp), []);
    assert.throws(() => acc.addRow(Uint32Array.of(1), 'y'));
    await assert.rejects(() => acc.finish());
    const done = new LexicalAccumulator();
    await done.finish();
    assert.throws(() => done.addRow(Uint32Array.of(1), 'y'));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
});

test('empty input: every ratio null with reasons', async () => {
  const acc = new LexicalAccumulator();
  acc.addRow(new Uint32Array(0), '');
  const rep = await acc.finish();
  assert.equal(rep.tokens, 0);
  assert.equal(rep.ttr, null);
  assert.equal(rep.rttr, null);
  assert.equal(rep.mattr, null);
  assert.equal(rep.mattrNullReason, 'fewer tokens (0) than the MATTR window (100)');
  assert.equal(rep.mtld, null);
  assert.equal(rep.hdd, null);
  assert.deepEqual(rep.distinct, { 1: null, 2: null, 3: null, 4: null });
  assert.equal(rep.compressionRatio, null);
  assert.equal(rep.compressionNullReason, 'no text');
  assert.equal(rep.perRow.tokens.counts[0], 1);
  assert.equal(rep.perRow.distinct1.count, 0);
});

test('distinct budget exceeded: orders fall back to HyperLogLog and say so', async () => {
  // budget 1 KiB is below the three initial 8 KiB tables, so the first doubling of each order falls back
  const acc = new LexicalAccumulator({ distinctMemoryBudgetBytes: 1024, compression: false });
  const row = new Uint32Array(10);
  for (let r = 0; r < 2000; r++) {
    for (let j = 0; j < 10; j++) row[j] = r * 10 + j; // all n-grams distinct
    acc.addRow(row, '');
  }
  const rep = await acc.finish();
  assert.deepEqual(rep.distinctMethod, { 1: 'exact', 2: 'hll', 3: 'hll', 4: 'hll' });
  for (const n of [2, 3, 4]) {
    assert.equal(rep.distinctError[n], 1.04 / 256);
    const { unique, total } = rep.distinctCounts[n];
    assert.equal(total, 2000 * (11 - n));
    assert.ok(
      Math.abs(unique - total) / total < 3 * rep.distinctError[n],
      `order ${n}: ${unique} vs ${total}`,
    );
  }
});

test('denseIds: the same report as the id map, and a broken promise is refused', async () => {
  const { LexicalAccumulator } = await import('../../../../src/core/lexical/lexical.ts');
  const { Vocabulary } = await import('../../../../src/core/tokenize/vocabulary.ts');
  const v = new Vocabulary();
  const texts = Array.from(
    { length: 400 },
    (_, i) => `row ${i % 37} the cat sat on the mat ${i % 11} and ${i % 5} dogs ran ${i}`,
  );
  const a = new LexicalAccumulator({ compression: false });
  const b = new LexicalAccumulator({ compression: false, denseIds: true });
  for (const t of texts) {
    const ids = v.addText(t);
    a.addRow(ids, t);
    b.addRow(ids, t);
  }
  assert.deepEqual(await b.finish(), await a.finish());
  const c = new LexicalAccumulator({ compression: false, denseIds: true });
  assert.throws(() => c.addRow(Uint32Array.of(0, 2), 'x'), /denseIds/);
  c.dispose();
});
