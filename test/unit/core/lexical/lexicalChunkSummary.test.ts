// The chunk summary of the lexical accumulator (lexical.ts LexicalChunkSummary): MATTR windows summed inside a
// chunk and jumped over (MattrWindow.jump), MTLD resumed from a factor end both passes share (MtldPass.resume), the
// spool read by range (TokenSpool.read), and whole accumulators merged with and without summaries. Each is checked
// against one straight pass (hand-computed where small).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { MattrWindow } from '../../../../src/core/lexical/lexicalMattr.ts';
import { MtldPass } from '../../../../src/core/lexical/lexicalMtld.ts';
import { TokenSpool } from '../../../../src/core/lexical/tokenSpool.ts';
import { LexicalAccumulator, type LexicalReport } from '../../../../src/core/lexical/lexical.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { rng } from '../../helpers/testRng.ts';

/** Cuts [0, n) at `cuts` (sorted, may repeat: empty chunks). */
function pieces<T>(xs: T[], cuts: number[]): T[][] {
  const out: T[][] = [];
  let from = 0;
  for (const c of [...cuts, xs.length]) {
    out.push(xs.slice(from, c));
    from = c;
  }
  return out;
}

/** MATTR over chunks as the merge does it: push the first w − 1 ids, jump over the chunk's own windows. */
function mattrChunked(chunks: number[][], w: number): MattrWindow {
  const m = new MattrWindow(w);
  for (const c of chunks) {
    const own = new MattrWindow(w);
    for (const id of c) own.push(id);
    const k = Math.min(c.length, w - 1);
    for (let j = 0; j < k; j++) m.push(c[j]);
    if (c.length > k) m.jump(own.distinctSum, own.windowCount, c.slice(c.length - w));
  }
  return m;
}

test('MattrWindow.jump: hand case a b | a c with w = 2', () => {
  // windows ab, ba, ac: 2 + 2 + 2 = 6 over 3 windows; chunk 2 holds ac, the boundary window ba is pushed
  const m = mattrChunked(
    [
      [0, 1],
      [0, 2],
    ],
    2,
  );
  assert.equal(m.distinctSum, 6);
  assert.equal(m.windowCount, 3);
  assert.equal(m.value(), 1);
});

test('MattrWindow.jump: equal to one pass for any cut, window and alphabet (short and empty chunks too)', () => {
  const r = rng(5);
  for (const w of [1, 2, 3, 10]) {
    for (const alphabet of [2, 8, 1000]) {
      const ids = Array.from({ length: 300 }, () => Math.floor(r() ** 2 * alphabet));
      const cutSets = [
        [],
        [w - 1, w - 1, 2 * w - 1, 2 * w, 2 * w + 1, 150],
        Array.from({ length: 12 }, () => Math.floor(r() * ids.length)).sort((a, b) => a - b),
        [1, 2, 3, 4, 5, 299],
      ];
      for (const cuts of cutSets) {
        const one = new MattrWindow(w);
        for (const id of ids) one.push(id);
        const m = mattrChunked(pieces(ids, cuts), w);
        assert.equal(m.distinctSum, one.distinctSum, `w ${w} alphabet ${alphabet} cuts ${cuts}`);
        assert.equal(m.windowCount, one.windowCount);
        assert.equal(m.value(), one.value());
        // the window after the jump is the stream's last w ids: one more id counts the same
        m.push(3);
        one.push(3);
        assert.equal(m.distinctSum, one.distinctSum);
      }
    }
  }
});

/** One MTLD pass through chunks (in `order`), each resumed with the ends of its own fresh pass. */
function mtldChunked(chunks: number[][], threshold: number): MtldPass {
  const m = new MtldPass(threshold);
  for (const c of chunks) {
    const own = new MtldPass(threshold, true);
    for (const id of c) own.push(id);
    m.resume(c.length, (j) => c[j], own.factorEnds());
  }
  return m;
}

test('MtldPass: factor ends of a a b b are 1 and 3; resume skips to them', () => {
  const p = new MtldPass(0.72, true);
  for (const id of [0, 0, 1, 1]) p.push(id);
  assert.deepEqual([...p.factorEnds()], [1, 3]);
  // a pass that enters with b open: b | a a b b → ttr after a is 1, after a 2/3 ≤ 0.72 closes at 1 = the chunk's end
  const m = new MtldPass(0.72);
  m.push(1);
  let pushed = 0;
  m.resume(
    4,
    (j) => {
      pushed++;
      return [0, 0, 1, 1][j];
    },
    p.factorEnds(),
  );
  assert.equal(pushed, 2, 'only the tokens up to the shared factor end');
  const one = new MtldPass(0.72);
  for (const id of [1, 0, 0, 1, 1]) one.push(id);
  assert.equal(m.factorsCompleted, one.factorsCompleted);
  assert.equal(m.value(2), one.value(2));
});

test('MtldPass.resume: equal to one pass forward and backward, any cut; all-distinct streams replay in full', () => {
  const r = rng(9);
  for (const threshold of [0.72, 0.5, 0.9]) {
    for (const alphabet of [3, 40, 100000]) {
      const ids = Array.from({ length: 2000 }, () => Math.floor(r() ** 2 * alphabet));
      const types = new Set(ids).size;
      for (const cuts of [
        [],
        [0, 0, 1, 2, 1999],
        Array.from({ length: 20 }, () => Math.floor(r() * ids.length)).sort((a, b) => a - b),
      ]) {
        const fwd = new MtldPass(threshold);
        for (const id of ids) fwd.push(id);
        const m = mtldChunked(pieces(ids, cuts), threshold);
        assert.equal(m.factorsCompleted, fwd.factorsCompleted, `t ${threshold} a ${alphabet} cuts ${cuts}`);
        assert.equal(m.value(types), fwd.value(types));
        // backward: the reversed stream, chunks from the last, each chunk reversed
        const rev = [...ids].reverse();
        const bwd = new MtldPass(threshold);
        for (const id of rev) bwd.push(id);
        const back = mtldChunked(
          pieces(ids, cuts)
            .reverse()
            .map((c) => [...c].reverse()),
          threshold,
        );
        assert.equal(back.value(types), bwd.value(types));
      }
    }
  }
  // no factor anywhere: every token is pushed, value N
  const distinct = Array.from({ length: 50 }, (_, i) => i);
  assert.equal(mtldChunked(pieces(distinct, [10, 30]), 0.72).value(50), 50);
});

test('TokenSpool.read and pushAll across the spill file and memory', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-spoolread-'));
  try {
    const s = new TokenSpool({ memoryBytes: 64, tmpDir: dir }); // 16 ids in memory
    const ids = Uint32Array.from({ length: 100 }, (_, i) => i * 7 + 1);
    s.pushAll(ids.subarray(0, 37));
    for (let i = 37; i < 60; i++) s.push(ids[i]);
    s.pushAll(ids.subarray(60));
    assert.ok(s.spilled);
    assert.equal(s.length, 100);
    for (const [a, b] of [
      [0, 100],
      [0, 1],
      [95, 100],
      [10, 90],
      [50, 50],
    ]) {
      const out = new Uint32Array(b - a);
      s.read(a, out);
      assert.deepEqual([...out], [...ids.subarray(a, b)], `[${a}, ${b})`);
    }
    assert.throws(() => s.read(99, new Uint32Array(2)), RangeError);
    s.dispose();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('TokenSpool writeBehind: the same ids after settle(); reads wait for it; dispose deletes at once', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-spoolbehind-'));
  try {
    const s = new TokenSpool({ memoryBytes: 64, tmpDir: dir, writeBehind: true });
    const ids = Uint32Array.from({ length: 1000 }, (_, i) => (i * 2654435761) >>> 0);
    s.pushAll(ids.subarray(0, 500));
    for (let i = 500; i < 1000; i++) s.push(ids[i]);
    assert.throws(() => s.read(0, new Uint32Array(1)), /settle/);
    await s.settle();
    const out = new Uint32Array(1000);
    s.read(0, out);
    assert.deepEqual([...out], [...ids]);
    const back: number[] = [];
    s.forEachReverseBlock((b) => {
      for (let j = b.length - 1; j >= 0; j--) back.push(b[j]);
    });
    assert.deepEqual(back, [...ids].reverse());
    s.dispose();
    assert.deepEqual(fs.readdirSync(dir), []);
    // disposed while writes run: the directory goes at once
    const t = new TokenSpool({ memoryBytes: 64, tmpDir: dir, writeBehind: true });
    t.pushAll(ids);
    assert.equal(fs.readdirSync(dir).length, 1);
    t.dispose();
    assert.deepEqual(fs.readdirSync(dir), []);
    await t.settle();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

type Row = string;

/** Rows fed to the accumulators: a small alphabet with empty and 1-token rows, and runs of new words. */
function corpus(seed: number, rows: number): Row[] {
  const r = rng(seed);
  return Array.from({ length: rows }, (_, i) => {
    if (i % 17 === 0) return '';
    if (i % 13 === 0) return `w${Math.floor(r() * 5)}`;
    if (i % 29 === 0) return Array.from({ length: 40 }, (_, k) => `new${i}x${k}`).join(' ');
    return Array.from({ length: Math.floor(r() * 25) }, () => `w${Math.floor(r() ** 2 * 80)}`).join(' ');
  });
}

function addRow(acc: LexicalAccumulator, vocab: Vocabulary, text: string): void {
  const ids = vocab.addText(text);
  const lo = new Uint32Array(ids.length);
  const hi = new Uint32Array(ids.length);
  vocab.keysOf(ids, lo, hi);
  acc.addRow(ids, text, lo, hi);
}

function strip(rep: LexicalReport): unknown {
  // per-chunk gzip and float means of the histograms are not what this test is about
  const { perRow, compressionMethod, ...rest } = rep;
  void compressionMethod;
  return { ...rest, perRow: Object.fromEntries(Object.entries(perRow).map(([k, h]) => [k, h.counts])) };
}

/**
 * The file's rows in chunks: `dense` feeds every row (ids dense as the corpus accumulator's); otherwise only the
 * rows `keep` selects (a slice: ids sparse in the chunk's vocabulary). `summary` decides per chunk whether its
 * partial keeps its summary (false: an older build's partial, replayed in full).
 */
async function runChunked(
  rows: Row[],
  cuts: number[],
  o: { dense: boolean; keep: (i: number) => boolean; summary: (c: number) => boolean; spool: number },
): Promise<LexicalReport> {
  const opts = { mattrWindow: 7, compression: false, spoolMemoryBytes: o.spool, denseIds: o.dense };
  const merged = new LexicalAccumulator(opts);
  const mv = new Vocabulary();
  let from = 0;
  const chunks = [...cuts, rows.length];
  for (let c = 0; c < chunks.length; c++) {
    const vocab = new Vocabulary();
    const part = new LexicalAccumulator({ ...opts, chunk: true });
    for (let i = from; i < chunks[c]; i++) {
      if (o.keep(i)) addRow(part, vocab, rows[i]);
      else vocab.addText(rows[i]);
    }
    from = chunks[c];
    const p = structuredClone(await part.snapshot());
    if (!o.summary(c)) delete p.summary;
    merged.merge(p, mv.merge(vocab.snapshot()));
  }
  return merged.finish();
}

test('LexicalAccumulator: chunks merged with summaries equal chunks replayed in full and one pass', async () => {
  const rows = corpus(3, 600);
  for (const dense of [true, false]) {
    const keep = dense ? () => true : (i: number) => i % 3 !== 1;
    const one = new LexicalAccumulator({ mattrWindow: 7, compression: false, denseIds: dense });
    const v = new Vocabulary();
    for (let i = 0; i < rows.length; i++) {
      if (keep(i)) addRow(one, v, rows[i]);
      else v.addText(rows[i]);
    }
    const want = strip(await one.finish());
    for (const cuts of [[], [1, 2, 3, 300], [17, 18, 100, 101, 102, 400, 599]]) {
      for (const spool of [64, 1 << 20]) {
        for (const [name, summary] of [
          ['every chunk summarized', () => true],
          ['none', () => false],
          ['every other', (c: number) => c % 2 === 0],
        ] as const) {
          const got = strip(await runChunked(rows, cuts, { dense, keep, summary, spool }));
          assert.deepEqual(got, want, `dense ${dense} cuts ${cuts} spool ${spool}: ${name}`);
        }
      }
    }
  }
});

test('LexicalAccumulator.snapshot: the summary of a small chunk, by hand', async () => {
  const acc = new LexicalAccumulator({ mattrWindow: 2, compression: false, denseIds: true, chunk: true });
  const v = new Vocabulary();
  addRow(acc, v, 'a a b');
  addRow(acc, v, '');
  addRow(acc, v, 'b');
  const p = await acc.snapshot();
  const s = p.summary!;
  assert.equal(s.types, null);
  assert.deepEqual([...s.counts], [2, 2]);
  // windows aa, ab, bb: 1 + 2 + 1
  assert.equal(s.mattrSum, 4);
  assert.equal(s.mattrWindows, 3);
  // forward a a | b b: ends 1, 3; backward b b | a a: ends 1, 3
  assert.deepEqual([...s.forwardEnds], [1, 3]);
  assert.deepEqual([...s.backwardEnds], [1, 3]);
});
