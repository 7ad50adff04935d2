// Chunked analysis, the parts owned by the pipeline: chunk boundaries and line numbers, ranged reading with
// firstLine, and the merges of the vocabulary, histograms, HyperLogLog, distinct-n tables and the lexical
// accumulator. Each merge is checked against one accumulator fed everything (hand-computed where small).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { planChunks, planRangeChunks, streamChunks } from '../../../../src/core/pipeline/chunkPlan.ts';
import { readJsonl } from '../../../../src/core/reader/jsonlReader.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { HistogramBuilder, uniformEdges } from '../../../../src/core/sketches/histogram.ts';
import { HyperLogLog } from '../../../../src/core/sketches/hyperLogLog.ts';
import { NgramDistinctCounter } from '../../../../src/core/lexical/lexicalDistinct.ts';
import { LexicalAccumulator } from '../../../../src/core/lexical/lexical.ts';
import { mergeReaderStats } from '../../../../src/core/pipeline/chunkMerge.ts';
import { createStats } from '../../../../src/core/reader/readerStats.ts';
import { rng } from '../../helpers/testRng.ts';
import { tempDir } from '../../helpers/tempDir.ts';

function tmpFile(name: string, content: string | Buffer): string {
  const dir = tempDir('dl-chunks-');
  const file = path.join(dir, name);
  fs.writeFileSync(file, content);
  return file;
}

test('planChunks: boundaries at line starts, first lines counted, independent of reading', async () => {
  // lines of 10 bytes + '\n': "aaaaaaaaaa\n" ×… ; a chunk ends at the first line start ≥ start + chunkBytes
  const content =
    ['{"t":"a1"}', '{"t":"b22"}', '', '{"t":"c333"}', '{"t":"d4"}', '{"t":"e55555"}'].join('\n') + '\n';
  const file = tmpFile('c.jsonl', content);
  const size = Buffer.byteLength(content);
  const chunks = await planChunks(file, size, 15);
  // offsets of line starts: 0, 11, 23, 24, 37, 48; size 63. Chunk k holds the lines starting in [15k, 15k + 15):
  // the first line start at or after 15 is 23, after 30 is 37, after 45 is 48; [60, 75) holds no line start
  assert.deepEqual(chunks, [
    { index: 0, start: 0, end: 23, firstLine: 1 },
    { index: 1, start: 23, end: 37, firstLine: 3 },
    { index: 2, start: 37, end: 48, firstLine: 5 },
    { index: 3, start: 48, end: 63, firstLine: 6 },
  ]);
  assert.deepEqual(await planChunks(file, size, size), [{ index: 0, start: 0, end: size, firstLine: 1 }]);
  // reading every chunk with its firstLine yields exactly the rows (and line numbers) of one read
  const whole: [number, number][] = [];
  for await (const r of readJsonl(file).records) whole.push([r.line, r.offset]);
  const pieces: [number, number][] = [];
  for (const c of chunks)
    for await (const r of readJsonl(file, { start: c.start, end: c.end, firstLine: c.firstLine }).records)
      pieces.push([r.line, r.offset]);
  assert.deepEqual(pieces, whole);
  assert.deepEqual(
    whole.map(([l]) => l),
    [1, 2, 4, 5, 6],
  );
});

test('streamChunks: the chunks planChunks lists, each as soon as the scan finds its end; early stop and abort', async () => {
  const content =
    ['{"t":"a1"}', '{"t":"b22"}', '', '{"t":"c333"}', '{"t":"d4"}', '{"t":"e55555"}'].join('\n') + '\n';
  const small = tmpFile('s.jsonl', content);
  const smallSize = Buffer.byteLength(content);
  for (const chunkBytes of [1, 7, 15, 40, smallSize, smallSize + 1]) {
    const streamed = [];
    for await (const c of streamChunks(small, smallSize, chunkBytes)) streamed.push(c);
    assert.deepEqual(streamed, await planChunks(small, smallSize, chunkBytes), `chunkBytes ${chunkBytes}`);
  }
  // 12 MiB of rows of random lengths, 1 MiB chunks: the same 12 chunks as the plan
  const r = rng(5);
  const rows: string[] = [];
  let bytes = 0;
  while (bytes < 12 * 1024 * 1024) {
    const row = JSON.stringify({ t: 'x'.repeat(1 + Math.floor(r() * 3000)) });
    rows.push(row);
    bytes += row.length + 1;
  }
  const big = tmpFile('big.jsonl', rows.join('\n') + '\n');
  const size = fs.statSync(big).size;
  const plan = await planChunks(big, size, 1 << 20);
  assert.equal(plan.length, 12);
  const streamed = [];
  for await (const c of streamChunks(big, size, 1 << 20)) streamed.push(c);
  assert.deepEqual(streamed, plan);
  // incremental: aborted after the first chunk, the stream ends within the 4 MiB block it was scanning, long before
  // the file's end (a stream that read everything first would deliver all 12)
  const ac = new AbortController();
  const delivered = [];
  let error: unknown = null;
  try {
    for await (const c of streamChunks(big, size, 1 << 20, ac.signal)) {
      delivered.push(c);
      ac.abort();
    }
  } catch (e) {
    error = e;
  }
  assert.equal((error as Error | null)?.name, 'AbortError');
  assert.ok(
    delivered.length >= 1 && delivered.length <= 5,
    `${delivered.length} chunks before the abort took effect`,
  );
  assert.deepEqual(delivered, plan.slice(0, delivered.length));
  // stopping early closes the file (Linux: no descriptor of this process points at it any more)
  const opened = (): number =>
    fs.existsSync('/proc/self/fd')
      ? fs.readdirSync('/proc/self/fd').filter((fd) => {
          try {
            return fs.readlinkSync(`/proc/self/fd/${fd}`) === fs.realpathSync(big);
          } catch {
            return false;
          }
        }).length
      : 0;
  const it = streamChunks(big, size, 1 << 20);
  assert.deepEqual((await it.next()).value, plan[0]);
  if (fs.existsSync('/proc/self/fd')) assert.equal(opened(), 1, 'the stream holds the file open');
  await it.return();
  assert.equal(opened(), 0);
});

test('planRangeChunks: a range on chunk multiples cuts the whole-file chunks, lines counted from the range', async () => {
  const content =
    ['{"t":"a1"}', '{"t":"b22"}', '', '{"t":"c333"}', '{"t":"d4"}', '{"t":"e55555"}'].join('\n') + '\n';
  const file = tmpFile('r.jsonl', content);
  const size = Buffer.byteLength(content);
  // [15, 45): lines starting at 23, 24, 37 → chunks [23, 37) and [37, 48); '\n' bytes at 23, 36, 47 → 3
  const mid = await planRangeChunks(file, size, 15, 45, 15);
  assert.deepEqual(mid, {
    chunks: [
      { index: 0, start: 23, end: 37, firstLine: 1 },
      { index: 1, start: 37, end: 48, firstLine: 3 },
    ],
    lineStart: 23,
    lineEnd: 48,
    newlines: 3,
  });
  const head = await planRangeChunks(file, size, 0, 15, 15);
  assert.deepEqual([head.lineStart, head.lineEnd, head.newlines], [0, 23, 2]);
  const tail = await planRangeChunks(file, size, 45, size, 15);
  assert.deepEqual(tail.chunks, [{ index: 0, start: 48, end: 63, firstLine: 1 }]);
  // shifted by the '\n' bytes before them, the ranges' chunks are the whole file's
  const whole = await planChunks(file, size, 15);
  const shifted = [head, mid, tail].flatMap((r, i, all) => {
    const before = all.slice(0, i).reduce((s, x) => s + x.newlines, 0);
    return r.chunks.map((c) => [c.start, c.end, c.firstLine + before]);
  });
  assert.deepEqual(
    shifted,
    whole.map((c) => [c.start, c.end, c.firstLine]),
  );
  // a range inside one line holds no line start; a range starting right after a '\n' starts there
  assert.deepEqual((await planRangeChunks(file, size, 1, 10, 15)).chunks, []);
  assert.equal((await planRangeChunks(file, size, 11, 12, 15)).lineStart, 11);
  await assert.rejects(planRangeChunks(file, size, 5, 2, 15), /bad byte range 5:2/);
});

test('planChunks: a line longer than the chunk size makes its chunk longer; no trailing newline', async () => {
  const long = `{"t":"${'x'.repeat(100)}"}`;
  const content = `{"t":"a"}\n${long}\n{"t":"b"}`;
  const file = tmpFile('l.jsonl', content);
  const chunks = await planChunks(file, Buffer.byteLength(content), 5);
  assert.deepEqual(
    chunks.map((c) => [c.start, c.end, c.firstLine]),
    [
      [0, 10, 1],
      [10, 10 + long.length + 1, 2],
      [10 + long.length + 1, Buffer.byteLength(content), 3],
    ],
  );
});

test('Vocabulary.merge: ids in first-appearance order over the chunks, counts added, remap per chunk', () => {
  const a = new Vocabulary();
  a.addText('the cat sat the');
  const b = new Vocabulary();
  b.addText('a cat ate the mat');
  const merged = new Vocabulary();
  const ra = merged.merge(structuredClone(a.snapshot()));
  const rb = merged.merge(structuredClone(b.snapshot()));
  const one = new Vocabulary();
  one.addText('the cat sat the');
  one.addText('a cat ate the mat');
  assert.deepEqual([...ra], [0, 1, 2]); // the cat sat
  assert.deepEqual([...rb], [3, 1, 4, 0, 5]); // a cat ate the mat
  assert.equal(merged.size, one.size);
  assert.equal(merged.totalTokens, 9);
  for (let id = 0; id < one.size; id++) {
    assert.equal(merged.tokenOf(id), one.tokenOf(id));
    assert.equal(merged.count(id), one.count(id));
  }
  assert.equal(merged.count(0), 3); // "the"
  // content keys do not depend on ids: "cat" has the same keys in every vocabulary
  const lo = new Uint32Array(1);
  const hi = new Uint32Array(1);
  const lo2 = new Uint32Array(1);
  const hi2 = new Uint32Array(1);
  a.keysOf(Uint32Array.of(1), lo, hi);
  b.keysOf(Uint32Array.of(1), lo2, hi2);
  assert.deepEqual([lo[0], hi[0]], [lo2[0], hi2[0]]);
});

test('HistogramBuilder.merge: equal to one builder while exact, a uniform sample past the reservoir', () => {
  const values = Array.from({ length: 50 }, (_, i) => (i * 7) % 23);
  const one = new HistogramBuilder(uniformEdges(0, 20, 4));
  values.forEach((v) => one.add(v));
  const parts = [values.slice(0, 10), values.slice(10, 11), values.slice(11)];
  const merged = new HistogramBuilder(uniformEdges(0, 20, 4));
  for (const part of parts) {
    const h = new HistogramBuilder(uniformEdges(0, 20, 4));
    part.forEach((v) => h.add(v));
    merged.merge(structuredClone(h.snapshot()));
  }
  const a = one.toHistogram();
  const b = merged.toHistogram();
  assert.equal(b.mean !== null && Math.abs(b.mean - a.mean!) < 1e-12, true);
  assert.deepEqual({ ...b, mean: 0 }, { ...a, mean: 0 });
  // past the cap: counts stay exact, the reservoir keeps its cap and only holds added values
  const small = () => new HistogramBuilder(uniformEdges(0, 100, 10), 8);
  const m = small();
  const seen = new Set<number>();
  for (let c = 0; c < 3; c++) {
    const h = small();
    for (let i = 0; i < 20; i++) {
      h.add(c * 20 + i);
      seen.add(c * 20 + i);
    }
    m.merge(h.snapshot());
  }
  const r = m.toHistogram();
  assert.equal(r.count, 60);
  assert.equal(r.reservoirSize, 8);
  assert.equal(r.min, 0);
  assert.equal(r.max, 59);
  assert.deepEqual(r.counts, [10, 10, 10, 10, 10, 10, 0, 0, 0, 0]);
});

test('HyperLogLog.mergeRegisters is the sketch of the union', () => {
  const all = new HyperLogLog(10);
  const a = new HyperLogLog(10);
  const b = new HyperLogLog(10);
  const r = rng(7);
  for (let i = 0; i < 5000; i++) {
    const hi = (r() * 2 ** 32) >>> 0;
    const lo = (r() * 2 ** 32) >>> 0;
    all.add(hi, lo);
    (i % 3 === 0 ? a : b).add(hi, lo);
  }
  a.mergeRegisters(b.snapshot());
  assert.deepEqual(a.snapshot(), all.snapshot());
  assert.throws(() => a.mergeRegisters(new Uint8Array(16)), /registers/);
});

test('NgramDistinctCounter.merge: union of exact tables; a sketch on either side makes the order a sketch', () => {
  const r = rng(3);
  const rows = Array.from({ length: 300 }, () =>
    Uint32Array.from({ length: 2 + Math.floor(r() * 12) }, () => Math.floor(r() * 20)),
  );
  const one = new NgramDistinctCounter();
  rows.forEach((row) => one.addRow(row));
  for (const k of [2, 5]) {
    const merged = new NgramDistinctCounter();
    for (let c = 0; c < k; c++) {
      const part = new NgramDistinctCounter();
      rows.filter((_, i) => i % k === c).forEach((row) => part.addRow(row));
      merged.merge(structuredClone(part.snapshot()));
    }
    for (const n of [2, 3, 4] as const)
      assert.deepEqual(merged.count(n), one.count(n), `order ${n}, ${k} parts`);
  }
  // a tiny budget forces sketches: merged totals stay exact and estimates close
  const tiny = () => new NgramDistinctCounter(4096, 12);
  const t1 = tiny();
  rows.forEach((row) => t1.addRow(row));
  const tm = tiny();
  for (let c = 0; c < 3; c++) {
    const part = tiny();
    rows.filter((_, i) => i % 3 === c).forEach((row) => part.addRow(row));
    tm.merge(part.snapshot());
  }
  for (const n of [2, 3, 4] as const) {
    const exact = one.count(n);
    const m = tm.count(n);
    assert.equal(m.total, exact.total);
    if (m.method === 'hll')
      assert.ok(
        Math.abs(m.unique - exact.unique) <= 0.1 * exact.unique,
        `order ${n}: ${m.unique} vs ${exact.unique}`,
      );
    else assert.equal(m.unique, exact.unique);
  }
});

test('LexicalAccumulator chunk partials merged in order equal one accumulator (MATTR, MTLD, HD-D, distinct-n, histograms)', async () => {
  const r = rng(11);
  const words = Array.from({ length: 60 }, (_, i) => `w${i}`);
  const texts = Array.from({ length: 400 }, () =>
    Array.from({ length: Math.floor(r() * 15) }, () => words[Math.floor(r() ** 2 * words.length)]).join(' '),
  );
  // hashed structures take content keys (as RowFeed passes them), never chunk-local ids
  const add = (acc: LexicalAccumulator, vocab: Vocabulary, t: string) => {
    const ids = vocab.addText(t);
    const lo = new Uint32Array(ids.length);
    const hi = new Uint32Array(ids.length);
    vocab.keysOf(ids, lo, hi);
    acc.addRow(ids, t, lo, hi);
  };
  const one = new LexicalAccumulator({ mattrWindow: 10, denseIds: true, compression: false });
  const v1 = new Vocabulary();
  for (const t of texts) add(one, v1, t);
  const want = await one.finish();
  for (const k of [1, 3, 7]) {
    const merged = new LexicalAccumulator({ mattrWindow: 10, denseIds: true, compression: false });
    const mv = new Vocabulary();
    const size = Math.ceil(texts.length / k);
    for (let c = 0; c < k; c++) {
      const vocab = new Vocabulary();
      const part = new LexicalAccumulator({
        mattrWindow: 10,
        denseIds: true,
        chunk: true,
        compression: false,
      });
      for (const t of texts.slice(c * size, (c + 1) * size)) add(part, vocab, t);
      const p = structuredClone(await part.snapshot());
      merged.merge(p, mv.merge(vocab.snapshot()));
    }
    const got = await merged.finish();
    assert.equal(got.compressionMethod, k > 1 ? 'per-chunk' : 'single-stream');
    const { perRow: pa, ...a } = { ...got, compressionMethod: null };
    const { perRow: pb, ...b } = { ...want, compressionMethod: null };
    // float sums (mean) may differ in the last bits; everything else is identical
    assert.deepEqual(a, b, `${k} chunks`);
    for (const h of ['tokens', 'distinct1', 'distinct2'] as const) {
      assert.ok(Math.abs((pa[h].mean ?? 0) - (pb[h].mean ?? 0)) < 1e-12);
      assert.deepEqual({ ...pa[h], mean: 0 }, { ...pb[h], mean: 0 });
    }
  }
});

test('LexicalAccumulator: per-chunk gzip streams add up (compressionMethod per-chunk)', async () => {
  const texts = ['alpha beta gamma', 'delta alpha beta', 'gamma gamma'];
  const merged = new LexicalAccumulator({ denseIds: true, compression: false });
  const mv = new Vocabulary();
  let raw = 0;
  for (const t of texts) {
    const vocab = new Vocabulary();
    const part = new LexicalAccumulator({ denseIds: true, chunk: true });
    part.addRow(vocab.addText(t), t);
    const p = await part.snapshot();
    raw += p.compression.rawBytes;
    assert.equal(p.compression.rawBytes, Buffer.byteLength(t));
    assert.ok(p.compression.compressedBytes > 0);
    merged.merge(p, mv.merge(vocab.snapshot()));
  }
  const rep = await merged.finish();
  assert.equal(rep.compressionMethod, 'per-chunk');
  assert.ok(rep.compressionRatio !== null && rep.compressionRatio > 0);
  assert.equal(raw, texts.join('').length);
});

test('mergeReaderStats adds counts and keeps the first 100 errors in file order', () => {
  const a = createStats();
  const b = createStats();
  a.total = 3;
  a.parsed = 2;
  a.malformed = 1;
  a.byReason.malformed = 1;
  a.errors.push({ line: 2, column: 1, reason: 'malformed', message: 'x' });
  a.bom = true;
  b.total = 150;
  b.malformed = 150;
  b.byReason.malformed = 150;
  for (let i = 0; i < 100; i++) b.errors.push({ line: 10 + i, column: 1, reason: 'malformed', message: 'y' });
  const into = createStats();
  mergeReaderStats(into, a, true);
  mergeReaderStats(into, b, false);
  assert.equal(into.total, 153);
  assert.equal(into.malformed, 151);
  assert.equal(into.byReason.malformed, 151);
  assert.equal(into.errors.length, 100);
  assert.equal(into.errors[0].line, 2);
  assert.equal(into.errors[99].line, 108);
  assert.equal(into.bom, true);
});

test('NgramDistinctCounter: exact counts on ~400k n-grams per order and a 300k-token row, against a string set', () => {
  const r = rng(21);
  const counter = new NgramDistinctCounter();
  const seen = [new Set<string>(), new Set<string>(), new Set<string>()];
  const totals = [0, 0, 0];
  const rows: Uint32Array[] = [];
  // ~120k n-grams per order from short rows, then one row of 300k tokens
  for (let i = 0; i < 4000; i++)
    rows.push(Uint32Array.from({ length: 2 + Math.floor(r() * 60) }, () => Math.floor(r() * 3000)));
  rows.push(Uint32Array.from({ length: 300_000 }, () => Math.floor(r() * 50_000)));
  for (const row of rows) {
    counter.addRow(row);
    for (let n = 2; n <= 4; n++)
      for (let i = 0; i + n <= row.length; i++) {
        seen[n - 2].add(Array.prototype.slice.call(row, i, i + n).join(','));
        totals[n - 2]++;
      }
  }
  for (const n of [2, 3, 4] as const)
    assert.deepEqual(counter.count(n), {
      unique: seen[n - 2].size,
      total: totals[n - 2],
      method: 'exact',
      relativeError: 0,
    });
});
