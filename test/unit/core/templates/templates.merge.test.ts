/**
 * Templates over chunks: each chunk has its own accumulator and its own (chunk-local) token ids, hashes come from
 * per-token content keys, and the main thread merges the chunks' plain-data partials in chunk order. Checks that
 * the merge reproduces one pass where the sketches are exact, keeps the sketches' bounds where they saturate,
 * and is deterministic.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  TemplateAccumulator,
  type TemplateOptions,
  type TemplatesPartial,
} from '../../../../src/core/templates/templates.ts';
import { SpaceSaving } from '../../../../src/core/sketches/spaceSaving.ts';
import { CountMinTopK } from '../../../../src/core/sketches/countMinTopK.ts';
import { hashIds, hashIdsHigh } from '../../../../src/core/sketches/minhash.ts';
import { rng as prng } from '../../helpers/testRng.ts';

/** A fixed 32-bit content key (FNV-1a over UTF-16 code units): equal for equal tokens in every chunk. */
function keyOf(token: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < token.length; i++) h = Math.imul(h ^ token.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const words = (text: string): string[] => text.split(' ');
const WORDS = words(
  'the a of to and in is it that for on with as was at by this be from or an are not but have you we can will one all',
);
const OPENINGS = [
  'as an ai language model i',
  'sure here s a',
  'certainly here is the requested',
  'i m sorry but i cannot',
].map(words);
const PHRASES = [
  'it s important to note that',
  'let me know if you have any other questions',
  'here s a step by step guide',
].map(words);

/** Rows of tokens: random words, ~35% with a templated opening, ~25% with a planted phrase, some 0–2 token rows. */
function corpus(seed: number, rows: number): string[][] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const out: string[][] = [];
  for (let r = 0; r < rows; r++) {
    const u = rnd();
    if (u < 0.04) {
      out.push([]);
      continue;
    }
    if (u < 0.08) {
      out.push(Array.from({ length: 1 + Math.floor(rnd() * 2) }, () => pick(WORDS)));
      continue;
    }
    const row: string[] = [];
    const body = Array.from({ length: 3 + Math.floor(rnd() * 20) }, () => pick(WORDS));
    if (rnd() < 0.25) body.splice(Math.floor(rnd() * body.length), 0, ...pick(PHRASES));
    if (rnd() < 0.35) row.push(...pick(OPENINGS));
    row.push(...body);
    out.push(row);
  }
  return out;
}

/** The merged vocabulary: global ids in order of first appearance over all rows (as Vocabulary.merge numbers them). */
class GlobalVocab {
  private readonly ids = new Map<string, number>();
  private readonly strings: string[] = [];
  constructor(rows: string[][]) {
    for (const row of rows) for (const t of row) this.idOf(t);
  }
  idOf(t: string): number {
    let id = this.ids.get(t);
    if (id === undefined) {
      id = this.strings.length;
      this.ids.set(t, id);
      this.strings.push(t);
    }
    return id;
  }
  tokenOf(id: number): string {
    return this.strings[id];
  }
}

const keysOfRow = (row: string[]) => Uint32Array.from(row, keyOf);

/** One accumulator fed every row in order, with global ids and content keys. */
function onePass(rows: string[][], gv: GlobalVocab, options: TemplateOptions): TemplateAccumulator {
  const acc = new TemplateAccumulator(options);
  rows.forEach((row, i) =>
    acc.addRow(
      i + 1,
      Uint32Array.from(row, (t) => gv.idOf(t)),
      keysOfRow(row),
    ),
  );
  return acc;
}

interface ChunkResult {
  acc: TemplateAccumulator;
  partial: TemplatesPartial;
  remap: Uint32Array;
}

/**
 * Rows [from, to) analysed apart: chunk-local ids are a seeded shuffle of the chunk's distinct tokens (so they
 * differ from the global ids even in the first chunk); remap[local] = global id. Lines stay global.
 */
function runChunk(
  rows: string[][],
  from: number,
  to: number,
  gv: GlobalVocab,
  options: TemplateOptions,
  seed: number,
): ChunkResult {
  const distinct = [...new Set(rows.slice(from, to).flat())];
  const rnd = prng(seed);
  for (let i = distinct.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [distinct[i], distinct[j]] = [distinct[j], distinct[i]];
  }
  const local = new Map(distinct.map((t, i) => [t, i]));
  const acc = new TemplateAccumulator(options);
  for (let i = from; i < to; i++)
    acc.addRow(
      i + 1,
      Uint32Array.from(rows[i], (t) => local.get(t)!),
      keysOfRow(rows[i]),
    );
  return { acc, partial: acc.snapshot(), remap: Uint32Array.from(distinct, (t) => gv.idOf(t)) };
}

/** Chunk boundaries for `k` chunks: roughly even, jittered by a seeded PRNG (never empty for these sizes). */
function splits(rows: number, k: number, seed: number): number[] {
  const rnd = prng(seed);
  const cuts = [0];
  for (let c = 1; c < k; c++) cuts.push(Math.round(((c + (rnd() - 0.5) * 0.5) * rows) / k));
  cuts.push(rows);
  return cuts;
}

function chunks(rows: string[][], k: number, gv: GlobalVocab, options: TemplateOptions): ChunkResult[] {
  const cuts = splits(rows.length, k, 100 + k);
  return Array.from({ length: k }, (_, c) => runChunk(rows, cuts[c], cuts[c + 1], gv, options, 1000 * k + c));
}

/** Merges structuredClone'd partials (proving they are plain data) in chunk order into a fresh accumulator. */
function mergeAll(parts: ChunkResult[], options: TemplateOptions): TemplateAccumulator {
  const acc = new TemplateAccumulator(options);
  for (const { partial, remap } of parts) acc.merge(structuredClone(partial), remap);
  return acc;
}

/** Only numbers, strings, booleans, null, arrays, plain objects and typed arrays that own exactly their buffer. */
function assertPlainData(v: unknown, path = 'partial'): void {
  if (v === null || typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return;
  if (ArrayBuffer.isView(v)) {
    assert.ok(
      v.byteOffset === 0 && v.byteLength === v.buffer.byteLength,
      `${path}: typed array not trimmed to its own buffer`,
    );
    return;
  }
  if (Array.isArray(v)) return v.forEach((x, i) => assertPlainData(x, `${path}[${i}]`));
  assert.equal(Object.getPrototypeOf(v), Object.prototype, `${path}: not a plain object`);
  for (const [k, x] of Object.entries(v as object)) assertPlainData(x, `${path}.${k}`);
}

function buffersOf(v: unknown, out: ArrayBuffer[] = []): ArrayBuffer[] {
  if (ArrayBuffer.isView(v)) out.push(v.buffer as ArrayBuffer);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) buffersOf(x, out);
  return out;
}

/** True row counts: openings of length n (rows starting with them) and 6-grams (rows containing them). */
function truth(rows: string[][]) {
  const openings = new Map<number, Map<string, number>>();
  const phrases = new Map<string, number>();
  for (const row of rows) {
    for (let n = 3; n <= 6 && n <= row.length; n++) {
      const m = openings.get(n) ?? new Map<string, number>();
      openings.set(n, m);
      const k = row.slice(0, n).join(' ');
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    const seen = new Set<string>();
    for (let i = 0; i + 6 <= row.length; i++) seen.add(row.slice(i, i + 6).join(' '));
    for (const k of seen) phrases.set(k, (phrases.get(k) ?? 0) + 1);
  }
  return { openings, phrases };
}

const SPLITS = [1, 2, 3, 7];

test('merging chunk partials (exact sketches) reproduces one pass, for 1, 2, 3 and 7 chunks', () => {
  const rows = corpus(1, 400);
  const gv = new GlobalVocab(rows);
  const t = truth(rows);
  // enough room that nothing saturates: ≤ 8,192 distinct openings per length, every distinct 6-gram a candidate
  assert.ok(t.phrases.size < 4096, `${t.phrases.size} distinct 6-grams`);
  const options: TemplateOptions = { top: 50, candidates: 4096 };
  const one = onePass(rows, gv, options);
  const expected = one.finish(gv);
  // the corpus does contain templates on both lists (not a vacuous comparison)
  assert.equal(expected.openings.length >= 4 && expected.phrases.length >= 3, true);
  assert.ok(expected.phrases.some((e) => e.text.startsWith('let me know if you have any other questions')));
  // hashing content keys instead of ids changes no figure here (exact sketches either way)
  const byIds = new TemplateAccumulator(options);
  rows.forEach((row, i) =>
    byIds.addRow(
      i + 1,
      Uint32Array.from(row, (x) => gv.idOf(x)),
    ),
  );
  assert.deepEqual(byIds.finish(gv), expected);
  const oneSnap = one.snapshot();
  for (const k of SPLITS) {
    const parts = chunks(rows, k, gv, options);
    for (const { partial } of parts) assertPlainData(partial);
    const merged = mergeAll(parts, options);
    assert.deepEqual(merged.finish(gv), expected, `${k} chunks`);
    assert.equal(merged.rowsWithTokensSoFar, one.rowsWithTokensSoFar);
    // the sketches themselves: openings and the phrase candidates (hashes, counts, lines, ids, slot order) and N
    const snap = merged.snapshot();
    assert.deepEqual(snap.openings, oneSnap.openings, `${k} chunks: openings`);
    const { cells: mergedCells, ...mergedHeap } = snap.phrases!;
    const { cells: oneCells, ...oneHeap } = oneSnap.phrases!;
    assert.deepEqual(mergedHeap, oneHeap, `${k} chunks: phrase candidates`);
    // cells are exactly the chunks' sums; those differ from one pass's conservative-update cells only where
    // two 6-grams share a cell, which leaves every estimate exact here (each 6-gram has a cell of its own)
    const sums = new Uint32Array(oneCells.length);
    for (const { partial } of parts) partial.phrases!.cells.forEach((c, i) => (sums[i] += c));
    assert.deepEqual(mergedCells, sums);
    if (k === 1) assert.deepEqual(mergedCells, oneCells);
    const heap = snap.phrases!;
    assert.equal(heap.counts.length, t.phrases.size, 'every distinct 6-gram is a candidate');
    heap.counts.forEach((c, s) =>
      assert.equal(
        c,
        t.phrases.get(Array.from(heap.ids.subarray(6 * s, 6 * s + 6), (id) => gv.tokenOf(id)).join(' ')),
      ),
    );
  }
});

test('partials are plain data: structuredClone with every buffer transferred', () => {
  const rows = corpus(2, 120);
  const gv = new GlobalVocab(rows);
  const { acc, remap } = runChunk(rows, 0, rows.length, gv, {}, 7);
  const p = acc.snapshot();
  assertPlainData(p);
  const buffers = buffersOf(p);
  assert.equal(new Set(buffers).size, buffers.length, 'every typed array owns its buffer');
  const copy = structuredClone(acc.snapshot());
  const moved = structuredClone(p, { transfer: buffers });
  assert.equal(p.phrases!.cells.length, 0, 'transferred (detached) in the sender');
  assert.deepEqual(moved, copy);
  const a = new TemplateAccumulator();
  a.merge(moved, remap);
  assert.deepEqual(a.finish(gv), onePass(rows, gv, {}).finish(gv));
  // sketches too small to count phrases snapshot no phrase sketch; mismatched options are refused
  const slice = new TemplateAccumulator({ phrases: false, openingCounters: 64 });
  slice.addRow(1, Uint32Array.of(0, 1, 2), Uint32Array.of(keyOf('a'), keyOf('b'), keyOf('c')));
  assert.equal(slice.snapshot().phrases, null);
  assert.throws(() => new TemplateAccumulator().merge(slice.snapshot(), remap), RangeError);
  assert.throws(() => new TemplateAccumulator({ phrases: false }).merge(slice.snapshot(), remap), RangeError);
  assert.throws(() => slice.addRow(2, Uint32Array.of(0, 1), Uint32Array.of(1)), RangeError);
  const small = new TemplateAccumulator({ openingCounters: 64 });
  const smallBefore = small.snapshot();
  assert.throws(() => small.merge(a.snapshot(), remap), RangeError);
  assert.deepEqual(small.snapshot(), smallBefore, 'a refused merge changes nothing');
  // an empty chunk's partial changes nothing
  const before = a.snapshot();
  a.merge(new TemplateAccumulator().snapshot(), new Uint32Array(0));
  assert.deepEqual(a.snapshot(), before);
});

test('saturated sketches: exact cell sums and N, SpaceSaving and Count-Min bounds hold after merging', () => {
  const rows = corpus(3, 1500);
  const gv = new GlobalVocab(rows);
  const t = truth(rows);
  // 32 opening counters: each planted opening (~9% of rows) is above N/32 and so guaranteed to be kept
  const options: TemplateOptions = { top: 10, counters: 1024, candidates: 16, openingCounters: 32 };
  const one = onePass(rows, gv, options);
  const oneSnap = one.snapshot();
  const oneReport = one.finish(gv);
  assert.ok(
    oneSnap.openings.every((o) => o.evicted) && oneSnap.phrases!.total > 4 * 1024,
    'the sketches do saturate',
  );
  for (const k of SPLITS) {
    const parts = chunks(rows, k, gv, options);
    const merged = mergeAll(parts, options);
    const snap = merged.snapshot();
    if (k === 1)
      assert.deepEqual(snap, oneSnap, 'one chunk: the merge into a fresh accumulator is the identity');
    // Count-Min: N and every cell exactly the sum over the chunks
    assert.equal(snap.phrases!.total, oneSnap.phrases!.total);
    const sums = new Uint32Array(snap.phrases!.cells.length);
    for (const { partial } of parts) partial.phrases!.cells.forEach((c, i) => (sums[i] += c));
    assert.deepEqual(snap.phrases!.cells, sums, `${k} chunks: cells`);
    // conservative update is not additive: with 7 chunks, the summed cells are not one pass's (docs/metrics.md)
    if (k === 7) assert.notDeepEqual(snap.phrases!.cells, oneSnap.phrases!.cells);
    // phrase candidates: upper bounds within the Count-Min bound ⌊e·N/W⌋ (the same N as one pass)
    const report = merged.finish(gv);
    const bound = Math.floor((Math.E * oneSnap.phrases!.total) / 1024);
    assert.ok(report.phrases.every((e) => e.error === bound));
    const p = snap.phrases!;
    for (let s = 0; s < p.counts.length; s++) {
      const text = Array.from(p.ids.subarray(s * 6, s * 6 + p.lens[s]), (id) => gv.tokenOf(id)).join(' ');
      const truly = t.phrases.get(text) ?? 0;
      assert.ok(
        p.counts[s] >= truly && p.counts[s] - bound <= truly,
        `${k} chunks: "${text}" ${p.counts[s]} vs ${truly}`,
      );
    }
    // the planted sentences are found either way
    for (const r of [report, oneReport])
      for (const ph of PHRASES)
        assert.ok(
          r.phrases.some((e) => e.text.startsWith(ph.slice(0, 6).join(' '))),
          `${k} chunks: ${ph.join(' ')}`,
        );
    // openings: each kept count bounds the truth, and every opening in > N/m rows of its length is kept
    assert.equal(report.rowsWithTokens, oneReport.rowsWithTokens);
    for (let n = 3; n <= 6; n++) {
      const m = t.openings.get(n)!;
      const N = [...m.values()].reduce((a, b) => a + b, 0);
      const kept = new Map(
        merged.openingCandidates(n, 0).map((h) => [Array.from(h.ids, (id) => gv.tokenOf(id)).join(' '), h]),
      );
      for (const [text, h] of kept) {
        const truly = m.get(text) ?? 0;
        assert.ok(
          h.count >= truly && h.count - h.error <= truly,
          `${k} chunks, n=${n}: "${text}" ${h.count}/${h.error} vs ${truly}`,
        );
      }
      for (const [text, c] of m)
        if (c > N / 32) assert.ok(kept.has(text), `${k} chunks, n=${n}: "${text}" (${c} of ${N} rows) kept`);
    }
    // the four planted openings lead both lists (each at its full length: the shorter ones are subsumed)
    for (const r of [report, oneReport])
      assert.deepEqual(
        r.openings
          .slice(0, 4)
          .map((e) => e.text)
          .sort(),
        OPENINGS.map((o) => o.join(' ')).sort(),
      );
    assert.ok(report.openings.every((e) => e.approximate === true));
  }
});

test('merging is deterministic', () => {
  const rows = corpus(4, 800);
  const gv = new GlobalVocab(rows);
  for (const options of [{ counters: 1024, candidates: 16, openingCounters: 8 }, { candidates: 4096 }]) {
    for (const k of [3, 7]) {
      const a = mergeAll(chunks(rows, k, gv, options), options);
      const b = mergeAll(chunks(rows, k, gv, options), options); // chunks analysed again from scratch
      assert.deepEqual(b.snapshot(), a.snapshot());
      assert.deepEqual(b.finish(gv), a.finish(gv));
    }
  }
});

test('by hand: two chunks with their own ids give the one-pass report', () => {
  // the rows of core/templates/templates.test.ts's first test (tokenized), split after row 3; row 6 is empty
  const rows = [
    'as an ai language model i cannot do that',
    'as an ai language model i can t help',
    'sure here s a poem about cats',
    'sure here s a list',
    'hello there',
    '',
    'the answer as an ai language model i cannot say',
  ].map((s) => (s ? s.split(' ') : []));
  const gv = new GlobalVocab(rows);
  const r = mergeAll([runChunk(rows, 0, 3, gv, {}, 1), runChunk(rows, 3, 7, gv, {}, 2)], {}).finish(gv);
  assert.equal(r.rowsWithTokens, 6);
  // "as an ai language model i" opens rows 1, 2 (chunk 1) and is hidden behind nothing; "sure here s a" opens
  // row 3 (chunk 1) and row 4 (chunk 2): its two rows come from two chunks
  assert.deepEqual(
    r.openings.map((e) => [e.text, e.n, e.rows, e.share, e.exampleLines, e.approximate]),
    [
      ['as an ai language model i', 6, 2, 2 / 6, [1, 2], undefined],
      ['sure here s a', 4, 2, 2 / 6, [3, 4], undefined],
    ],
  );
  // "as an ai language model i" in rows 1, 2 and 7 (chunk 2); "an ai language model i cannot" in rows 1 and 7
  assert.equal(r.phrasesApproximate, true);
  assert.deepEqual(
    r.phrases.map((e) => [e.text, e.rows, e.share, e.exampleLines, e.error]),
    [
      ['as an ai language model i', 3, 3 / 6, [1, 2], 0],
      ['an ai language model i cannot', 2, 2 / 6, [1, 7], 0],
    ],
  );
});

const one = (x: number) => Uint32Array.of(x);
const ssOffer = (ss: SpaceSaving, x: number, line: number) =>
  ss.offer(hashIds(one(x), 0, 1), hashIdsHigh(one(x), 0, 1), one(x), 0, 1, line);
const cmOffer = (cm: CountMinTopK, x: number, line: number) =>
  cm.offer(hashIds(one(x), 0, 1), hashIdsHigh(one(x), 0, 1), one(x), 0, 1, line);

test('SpaceSaving merge by hand: exact without evictions, Agarwal et al. bounds with them', () => {
  // exact: A B A | B C B → A 2, B 3, C 1 (3 counters), nothing evicted, as one pass
  const s1 = new SpaceSaving(3, 1);
  [10, 20, 10].forEach((x, i) => ssOffer(s1, x, i + 1));
  const s2 = new SpaceSaving(3, 1);
  [20, 30, 20].forEach((x, i) => ssOffer(s2, x, i + 4));
  s1.merge(structuredClone(s2.snapshot()));
  assert.equal(s1.evicted, false);
  assert.deepEqual(
    s1.top(5).map((h) => [h.ids[0], h.count, h.error, h.exampleLines]),
    [
      [20, 3, 0, [2, 4]],
      [10, 2, 0, [1, 3]],
      [30, 1, 0, [5]],
    ],
  );
  // with an eviction: S1 (2 counters) A A B C → A 2/0, C 2/1 (evicted B; min 2). S2 B D B → B 2/0, D 1/0, full but
  // never evicted (so it adds 0 to S1's items). S2's items get S1's min 2: B 4/2, D 3/2; the 2 largest counts
  // are kept: B, D. True counts A 2, B 3, C 1, D 1: B 4 − 2 ≤ 3 ≤ 4, D 3 − 2 ≤ 1 ≤ 3, A (dropped) 2 ≤ new min 3.
  const a = new SpaceSaving(2, 1);
  [10, 10, 20, 30].forEach((x, i) => ssOffer(a, x, i + 1));
  const b = new SpaceSaving(2, 1);
  [20, 40, 20].forEach((x, i) => ssOffer(b, x, i + 5));
  a.merge(
    b.snapshot(),
    Uint32Array.from({ length: 41 }, (_, i) => i + 1000),
  ); // remap: ids + 1,000
  assert.equal(a.evicted, true);
  assert.equal(a.minCount, 3);
  assert.deepEqual(
    a.top(5).map((h) => [h.ids[0], h.count, h.error, h.exampleLines]),
    [
      [1020, 4, 2, [5, 7]],
      [1040, 3, 2, [6]],
    ],
  );
  // the merged summary goes on counting like any other (D is found by its hash; its stored ids are the merged ones)
  ssOffer(a, 40, 8);
  assert.deepEqual(
    a.top(5).map((h) => [h.ids[0], h.count, h.error]),
    [
      [1020, 4, 2],
      [1040, 4, 2],
    ],
  );
});

test('CountMinTopK merge by hand: summed cells, re-estimated candidates, top kept', () => {
  // S1: X Y X → X 2, Y 1; S2: Z Z Y Z → Z 3, Y 1; 2 candidates each. Merged estimates: X 2, Y 2, Z 3 →
  // keep Z, then X (tie with Y, earlier first line). One pass would list Z 3 with lines [5, 7]: Z entered its
  // full heap only on its 2nd occurrence (line 5), while the merge keeps Z's first lines [4, 5] — a saturated
  // heap's example lines can differ, its counts here do not.
  const s1 = new CountMinTopK(1024, 2, 1);
  [1, 2, 1].forEach((x, i) => cmOffer(s1, x, i + 1));
  const s2 = new CountMinTopK(1024, 2, 1);
  [3, 3, 2, 3].forEach((x, i) => cmOffer(s2, x, i + 4));
  const whole = new CountMinTopK(1024, 2, 1);
  [1, 2, 1, 3, 3, 2, 3].forEach((x, i) => cmOffer(whole, x, i + 1));
  s1.merge(s2.snapshot());
  assert.equal(s1.offered, 7);
  assert.deepEqual(
    s1.top(5).map((h) => [h.ids[0], h.count, h.exampleLines]),
    [
      [3, 3, [4, 5]],
      [1, 2, [1, 3]],
    ],
  );
  assert.deepEqual(
    whole.top(5).map((h) => [h.ids[0], h.count, h.exampleLines]),
    [
      [3, 3, [5, 7]],
      [1, 2, [1, 3]],
    ],
  );
  assert.equal(s1.estimate(hashIds(one(2), 0, 1), hashIdsHigh(one(2), 0, 1)), 2);
});
