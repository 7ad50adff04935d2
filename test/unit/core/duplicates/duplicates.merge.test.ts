// Chunk partials of the duplicate accumulators: snapshot() per chunk, merge() in chunk order into a fresh
// accumulator must report exactly what one accumulator fed every row in order reports.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  ExactDuplicateAccumulator,
  type ExactDuplicateOptions,
  type ExactDuplicatesPartial,
} from '../../../../src/core/duplicates/exactDuplicates.ts';
import {
  NearDuplicateAccumulator,
  type NearDuplicateOptions,
  type NearDuplicatesPartial,
} from '../../../../src/core/duplicates/nearDuplicates.ts';
import { rng as prng } from '../../helpers/testRng.ts';
import { A, A1, B, B2, range } from '../../helpers/nearSets.ts';

// ---------------------------------------------------------------------------------------------------------------
// Generated corpora

const WORDS = (
  'the a of to and in model data row text token word set near exact copy chunk merge line file ' +
  'red blue green fast slow small large first last next each every other some many few one two three'
).split(' ');

/** A per-word 32-bit content key (FNV-1a of the characters), as the analysis passes instead of token ids. */
function contentKey(word: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < word.length; i++) h = Math.imul(h ^ word.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface Row {
  line: number;
  text: string;
  tokens: Uint32Array;
}

function row(line: number, words: string[], text = words.join(' ')): Row {
  return { line, text, tokens: Uint32Array.from(words, contentKey) };
}

/**
 * Rows from a small word list: fresh rows (some of 1–4 words), exact copies of earlier rows (with case and white
 * space changes, so they are exact duplicates after normalisation), one-word edits of earlier rows (near
 * duplicates), a template family (a shared 30-word body + one varying word: many distinct near-identical sets,
 * i.e. large LSH buckets), and empty rows. Copies pick any earlier row, so they cross every chunk boundary.
 * Line numbers have gaps (as skipped invalid lines would leave).
 */
function corpus(seed: number, n: number): Row[] {
  const rnd = prng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)];
  const template = Array.from({ length: 30 }, () => pick(WORDS));
  const words: string[][] = [];
  const rows: Row[] = [];
  let line = 0;
  for (let i = 0; i < n; i++) {
    line += 1 + (rnd() < 0.1 ? Math.floor(rnd() * 3) : 0);
    const u = rnd();
    let w: string[];
    if (u < 0.06) {
      rows.push(row(line, [], rnd() < 0.5 ? '' : ' \t '));
      continue;
    } else if (u < 0.22 && words.length > 0) {
      // exact copy, favouring a few early rows so that some groups grow large
      const src = rnd() < 0.4 ? words[Math.floor(rnd() * Math.min(5, words.length))] : pick(words);
      w = src.slice();
      const text = w
        .map((x, k) => (k === 0 && rnd() < 0.5 ? x.toUpperCase() : x))
        .join(rnd() < 0.5 ? '  ' : ' ');
      words.push(w);
      rows.push(row(line, w, rnd() < 0.3 ? ` ${text}\n` : text));
      continue;
    } else if (u < 0.4 && words.length > 0) {
      // near copy: one word replaced (or one appended)
      w = pick(words).slice();
      if (w.length >= 5 && rnd() < 0.8) w[Math.floor(rnd() * w.length)] = pick(WORDS);
      else w.push(pick(WORDS));
    } else if (u < 0.5) {
      w = [...template, pick(WORDS), pick(WORDS)];
    } else {
      const len = rnd() < 0.15 ? 1 + Math.floor(rnd() * 4) : 5 + Math.floor(rnd() * 36);
      w = Array.from({ length: len }, () => pick(WORDS));
    }
    words.push(w);
    rows.push(row(line, w));
  }
  return rows;
}

/** Splits rows into `k` contiguous chunks: evenly, or at random cut points (chunks may then be empty). */
function split<T>(rows: T[], k: number, rnd?: () => number): T[][] {
  const cuts = [0];
  for (let i = 1; i < k; i++)
    cuts.push(rnd ? Math.floor(rnd() * (rows.length + 1)) : Math.round((i * rows.length) / k));
  cuts.sort((a, b) => a - b);
  cuts.push(rows.length);
  return cuts.slice(0, k).map((from, i) => rows.slice(from, cuts[i + 1]));
}

/** Every split of one corpus that the tests run: 1, 2, 3, 7 even chunks and 3, 7 random ones. */
function splits<T>(rows: T[], seed: number): T[][][] {
  const rnd = prng(seed ^ 0x5eed);
  return [
    split(rows, 1),
    split(rows, 2),
    split(rows, 3),
    split(rows, 7),
    split(rows, 3, rnd),
    split(rows, 7, rnd),
  ];
}

// ---------------------------------------------------------------------------------------------------------------
// Plain data

/** Asserts that a partial is plain data: numbers, booleans, strings, arrays, plain objects, trimmed typed arrays. */
function assertPlain(x: unknown, path = 'partial'): void {
  if (x === null || typeof x === 'number' || typeof x === 'boolean' || typeof x === 'string') return;
  if (ArrayBuffer.isView(x)) {
    assert.ok(!(x instanceof DataView), path);
    // owns exactly its used bytes: transferable without dragging (or detaching) anything else
    assert.equal(x.byteOffset, 0, `${path} is a view at an offset`);
    assert.equal(x.buffer.byteLength, x.byteLength, `${path} is not trimmed`);
    return;
  }
  if (Array.isArray(x)) {
    x.forEach((v, i) => assertPlain(v, `${path}[${i}]`));
    return;
  }
  assert.equal(typeof x, 'object', path);
  assert.equal(Object.getPrototypeOf(x), Object.prototype, `${path} is not a plain object`);
  for (const [k, v] of Object.entries(x as object)) assertPlain(v, `${path}.${k}`);
}

/** A copy of the partial as another thread would receive it: structured clone, every buffer in the transfer list. */
function postAcrossThreads<T extends object>(p: T): T {
  assertPlain(p);
  const copy = structuredClone(p);
  const buffers = Object.values(copy)
    .filter((v): v is ArrayBufferView => ArrayBuffer.isView(v))
    .map((v) => v.buffer as ArrayBuffer);
  const moved = structuredClone(copy, { transfer: buffers });
  for (const b of buffers) assert.equal(b.byteLength, 0, 'buffer transferred (detached in the sender)');
  return moved;
}

// ---------------------------------------------------------------------------------------------------------------
// Exact duplicates

function exactView(acc: ExactDuplicateAccumulator) {
  const ranks = acc.groupRanks();
  const entries = Array.from({ length: ranks.length }, (_, e) => [acc.sizeOf(e), acc.firstLineOf(e)]);
  // the snapshot holds every line list, also of clusters the report does not list
  return { report: acc.finish(), ranks: Array.from(ranks), entries, state: acc.snapshot() };
}

/** A merge check's options: the merged (and the single-pass) accumulator's, and the chunks' (default: the same). */
interface MergeOptions<O> {
  options: O;
  chunkOptions?: O;
}

/** A named merge case. */
type MergeCase<O> = MergeOptions<O> & { name: string };

/**
 * One accumulator over all rows vs. one per chunk merged in order (through structured clones). With `direct`,
 * the merged accumulator reads the first chunk itself and merges the others. Also checks that addRow's entry of
 * every row, mapped through merge's return value, is the entry one pass gives it.
 */
function checkExactMerge(
  rows: Row[],
  chunks: Row[][],
  { options, chunkOptions = options }: MergeOptions<ExactDuplicateOptions>,
  direct = false,
): void {
  const single = new ExactDuplicateAccumulator(options);
  const singleEntries = rows.map((r) => single.addRow(r.line, r.text));
  const merged = new ExactDuplicateAccumulator(options);
  const mergedEntries: number[] = [];
  chunks.forEach((chunk, c) => {
    if (direct && c === 0) {
      for (const r of chunk) mergedEntries.push(merged.addRow(r.line, r.text));
      return;
    }
    const acc = new ExactDuplicateAccumulator(chunkOptions);
    const local = chunk.map((r) => acc.addRow(r.line, r.text));
    const partial: ExactDuplicatesPartial = postAcrossThreads(acc.snapshot());
    const map = merged.merge(partial);
    assert.ok(map instanceof Int32Array);
    assert.equal(map.length, partial.entries);
    for (const e of local) mergedEntries.push(e < 0 ? -1 : map[e]);
  });
  assert.deepEqual(mergedEntries, singleEntries, 'entry numbers');
  assert.deepEqual(exactView(merged), exactView(single));
}

const EXACT_CASES: MergeCase<ExactDuplicateOptions>[] = [
  { name: 'defaults', options: {}, chunkOptions: {} },
  // the total cap binds in the middle of chunks: the merge replays the partial's lines in line order
  {
    name: 'small caps',
    options: { maxClusters: 4, maxLinesPerCluster: 4, maxStoredLines: 40 },
    chunkOptions: { maxLinesPerCluster: 4, maxStoredLines: Infinity },
  },
  {
    name: 'one line per cluster',
    options: { maxLinesPerCluster: 1, maxStoredLines: 9 },
    chunkOptions: { maxLinesPerCluster: 2, maxStoredLines: Infinity },
  },
  // as slice states use it: no lists at all (the chunks may use the same options)
  {
    name: 'no lists',
    options: { maxClusters: 0, maxStoredLines: 0 },
    chunkOptions: { maxClusters: 0, maxStoredLines: 0 },
  },
];

for (const seed of [1, 2, 3]) {
  test(`exact duplicates: merged chunk partials equal one pass (corpus ${seed})`, () => {
    const rows = corpus(seed, 700);
    for (const { name, ...mergeOptions } of EXACT_CASES) {
      for (const chunks of splits(rows, seed)) {
        const what = `${name}, ${chunks.map((c) => c.length).join('+')} rows`;
        try {
          checkExactMerge(rows, chunks, mergeOptions);
          checkExactMerge(rows, chunks, mergeOptions, true);
        } catch (err) {
          assert.fail(`${what}: ${(err as Error).message}`);
        }
      }
    }
  });
}

test('exact duplicates: the generated corpora exercise the caps', () => {
  const rows = corpus(1, 700);
  const acc = new ExactDuplicateAccumulator({ ...EXACT_CASES[1].options, maxClusters: 1000 });
  for (const r of rows) acc.addRow(r.line, r.text);
  const rep = acc.finish();
  assert.ok(rep.clusterCount > 20, `${rep.clusterCount} clusters`);
  assert.ok(rep.emptyRows > 10);
  assert.ok(
    rep.clusters.some((c) => c.lines.length === 4 && c.size > 4),
    'a list cut by maxLinesPerCluster',
  );
  assert.ok(
    rep.clusters.some((c) => c.lines.length === 1),
    'a list never started because of maxStoredLines',
  );
  assert.equal(acc.snapshot().linesCapped, true);
});

test('exact duplicates by hand: 6 rows in 2 chunks', () => {
  const first = new ExactDuplicateAccumulator();
  assert.equal(first.addRow(1, 'Hello world'), 0);
  assert.equal(first.addRow(2, 'foo bar'), 1);
  assert.equal(first.addRow(3, 'hello   WORLD'), 0);
  const second = new ExactDuplicateAccumulator();
  assert.equal(second.addRow(4, 'Foo Bar'), 0);
  assert.equal(second.addRow(5, '  '), -1);
  assert.equal(second.addRow(6, 'HELLO world'), 1);
  assert.equal(second.addRow(7, 'new text'), 2);
  const p = second.snapshot();
  assert.equal(p.totalRows, 4);
  assert.equal(p.emptyRows, 1);
  assert.equal(p.entries, 3);
  assert.deepEqual(Array.from(p.firstLine), [4, 6, 7]);
  assert.deepEqual(Array.from(p.count), [1, 1, 1]);
  assert.equal(p.listEntry.length, 0);
  assert.equal(p.linesCapped, false);

  const merged = new ExactDuplicateAccumulator();
  assert.deepEqual(Array.from(merged.merge(structuredClone(first.snapshot()))), [0, 1]);
  // "foo bar" is merged entry 1, "hello world" entry 0, "new text" a new entry 2
  assert.deepEqual(Array.from(merged.merge(structuredClone(p))), [1, 0, 2]);
  assert.deepEqual(merged.finish(), {
    rows: 3, // 6 non-empty rows − 3 distinct texts
    rate: 3 / 7,
    uniqueTexts: 3,
    emptyRows: 1,
    clusters: [
      { size: 3, lines: [1, 3, 6], representativeLine: 1, meanSimilarity: 1 },
      { size: 2, lines: [2, 4], representativeLine: 2, meanSimilarity: 1 },
    ],
    clusterCount: 2,
  });
  assert.deepEqual(Array.from(merged.groupRanks()), [0, 1, -1]);

  // a partial with lists: the merged list continues the earlier chunk's list
  const third = new ExactDuplicateAccumulator();
  third.addRow(8, 'foo bar');
  third.addRow(9, 'foo bar');
  const p3 = third.snapshot();
  assert.deepEqual(
    [Array.from(p3.listEntry), Array.from(p3.listLength), Array.from(p3.listLines)],
    [[0], [2], [8, 9]],
  );
  merged.merge(p3);
  assert.deepEqual(merged.finish().clusters[0], {
    size: 4,
    lines: [2, 4, 8, 9],
    representativeLine: 2,
    meanSimilarity: 1,
  });
});

test('exact duplicates: a chunk that hit its own line cap still merges to the same counts', () => {
  // lines that the chunk did not keep cannot be recovered: lists may differ, counts and groups do not
  const rows = corpus(4, 700);
  const options: ExactDuplicateOptions = { maxLinesPerCluster: 4, maxStoredLines: 30 };
  const single = new ExactDuplicateAccumulator(options);
  for (const r of rows) single.addRow(r.line, r.text);
  const run = () => {
    const merged = new ExactDuplicateAccumulator(options);
    for (const chunk of split(rows, 3)) {
      const acc = new ExactDuplicateAccumulator(options);
      for (const r of chunk) acc.addRow(r.line, r.text);
      merged.merge(acc.snapshot());
    }
    return merged;
  };
  const a = run().finish();
  const b = single.finish();
  assert.deepEqual(run().finish(), a, 'deterministic');
  const counts = (r: typeof a) => ({ ...r, clusters: r.clusters.map((c) => ({ ...c, lines: [] })) });
  assert.deepEqual(counts(a), counts(b));
  for (const c of a.clusters) assert.equal(c.lines[0], c.representativeLine);
});

// ---------------------------------------------------------------------------------------------------------------
// Near duplicates

function nearView(acc: NearDuplicateAccumulator) {
  const rc = acc.rowClusters();
  const rows: number[][] = [];
  for (let i = 0; i < rc.rowCount; i++) rows.push([rc.rowLine(i), rc.rowCluster(i)]);
  const meta = Array.from({ length: rc.clusterCount }, (_, id) => rc.clusterMeta(id));
  return {
    report: acc.finish(),
    state: acc.snapshot(),
    rows,
    meta,
    clusterOfLine: [...acc.clusterOfLine()],
    pairs: acc.verifiedPairs(),
  };
}

function mergeNear(
  chunks: Row[][],
  { options, chunkOptions = options }: MergeOptions<NearDuplicateOptions>,
  direct = false,
): NearDuplicateAccumulator {
  const merged = new NearDuplicateAccumulator(options);
  chunks.forEach((chunk, c) => {
    if (direct && c === 0) {
      for (const r of chunk) merged.addRow(r.line, r.tokens);
      merged.finish(); // a cached result must not survive a merge
      return;
    }
    const acc = new NearDuplicateAccumulator(chunkOptions);
    for (const r of chunk) acc.addRow(r.line, r.tokens);
    const partial: NearDuplicatesPartial = postAcrossThreads(acc.snapshot());
    merged.merge(partial);
  });
  return merged;
}

function nearSingle(rows: Row[], options: NearDuplicateOptions): NearDuplicateAccumulator {
  const single = new NearDuplicateAccumulator(options);
  for (const r of rows) single.addRow(r.line, r.tokens);
  return single;
}

/** Bytes of all distinct shingle sets of the rows (what an unlimited budget stores). */
function shingleBytesOf(rows: Row[]): number {
  const acc = nearSingle(rows, {});
  const p = acc.snapshot();
  return p.shingles.byteLength;
}

const NEAR_CASES: MergeCase<NearDuplicateOptions>[] = [
  { name: 'defaults', options: {} },
  // low threshold, tiny buckets (oversized buckets, windowed), few stored pairs
  { name: 'small buckets', options: { threshold: 0.5, bucketCap: 3, maxStoredPairs: 5, maxClusters: 3 } },
  { name: 'other seed and permutations', options: { threshold: 0.7, permutations: 64, seed: 7 } },
];

for (const seed of [1, 2, 3]) {
  test(`near duplicates: merged chunk partials equal one pass (corpus ${seed})`, () => {
    const rows = corpus(seed, 600);
    const budget = Math.floor(shingleBytesOf(rows) * 0.35);
    const cases = [
      ...NEAR_CASES,
      // budget exhaustion: the merged accumulator applies the real budget in row order, the chunks have none
      {
        name: 'tiny budget',
        options: { maxShingleBytes: budget },
        chunkOptions: { maxShingleBytes: Infinity },
      },
    ];
    for (const { name, ...mergeOptions } of cases) {
      const single = nearSingle(rows, mergeOptions.options);
      const expected = nearView(single);
      if (name === 'tiny budget')
        assert.ok(expected.report.rowsOverBudget > 50, `${expected.report.rowsOverBudget} rows over budget`);
      for (const chunks of splits(rows, seed)) {
        const what = `${name}, ${chunks.map((c) => c.length).join('+')} rows`;
        for (const direct of [false, true]) {
          const merged = mergeNear(chunks, mergeOptions, direct);
          try {
            assert.deepEqual(nearView(merged), expected);
          } catch (err) {
            assert.fail(`${what}${direct ? ' (first chunk read directly)' : ''}: ${(err as Error).message}`);
          }
        }
      }
    }
  });
}

test('near duplicates: the generated corpora exercise clusters, buckets and budget', () => {
  const rows = corpus(1, 600);
  const r = nearSingle(rows, {}).finish();
  assert.ok(r.clusterCount > 20, `${r.clusterCount} clusters`);
  assert.ok(r.candidatePairs > 50, `${r.candidatePairs} candidate pairs`);
  assert.ok(
    r.clusters.some((c) => c.meanSimilarity < 1),
    'clusters of distinct sets',
  );
  assert.ok(r.rowsConsidered < rows.length, 'rows without tokens');
  assert.ok(nearSingle(rows, NEAR_CASES[1].options).finish().oversizedBuckets > 0, 'oversized buckets');
});

test('near duplicates by hand: 6 rows in 2 chunks', () => {
  // A, A1 (15/17), B, B2 (14/18 = 0.78 < 0.8, no pair): see helpers/nearSets.ts
  const chunk1: [number, number[]][] = [
    [1, A],
    [2, B],
    [3, A1],
  ];
  const chunk2: [number, number[]][] = [
    [4, A], // same set as line 1: in the merge it becomes a row of line 1's set
    [5, []],
    [6, B2],
  ];
  const partialOf = (rows: [number, number[]][]) => {
    const acc = new NearDuplicateAccumulator();
    for (const [line, t] of rows) acc.addRow(line, Uint32Array.from(t));
    return acc.snapshot();
  };
  const p1 = partialOf(chunk1);
  const p2 = partialOf(chunk2);
  assert.deepEqual([p1.totalRows, p1.rowsOverBudget, p1.bands, p1.rowsPerBand, p1.seed], [3, 0, 18, 7, 1]);
  assert.deepEqual(Array.from(p1.rowLine), [1, 2, 3]);
  assert.deepEqual(Array.from(p1.rowRep), [0, 1, 2]);
  assert.deepEqual(Array.from(p1.repLength), [16, 16, 16]);
  assert.equal(p1.shingles.length, 48);
  assert.equal(p1.repBands.length, 3 * 18);
  assert.equal(p1.repKeys.length, 6);
  assert.deepEqual(Array.from(p2.rowLine), [4, 6]); // line 5 has no tokens: counted in totalRows only
  assert.equal(p2.totalRows, 3);
  // line 4's set is line 1's set: same shingles, band hashes and identity key in both chunks
  assert.deepEqual(p2.shingles.subarray(0, 16), p1.shingles.subarray(0, 16));
  assert.deepEqual(p2.repBands.subarray(0, 18), p1.repBands.subarray(0, 18));
  assert.deepEqual(p2.repKeys.subarray(0, 2), p1.repKeys.subarray(0, 2));

  const merged = new NearDuplicateAccumulator();
  merged.merge(structuredClone(p1));
  merged.merge(structuredClone(p2));
  const r = merged.finish();
  // pairs: (1,4) identical = 1, (1,3) = (3,4) = 15/17
  assert.equal(r.pairs, 3);
  assert.equal(r.rowsConsidered, 5);
  assert.equal(r.clusterCount, 1);
  assert.deepEqual(r.clusters, [
    { size: 3, lines: [1, 3, 4], representativeLine: 1, meanSimilarity: (1 + 2 * (15 / 17)) / 3 },
  ]);
  assert.equal(r.rowsRemovable, 2);
  assert.equal(r.rateRemovable, 2 / 6);
  assert.equal(r.rowsOverBudget, 0);
  assert.deepEqual(
    [...merged.clusterOfLine()],
    [
      [1, 0],
      [3, 0],
      [4, 0],
    ],
  );

  const single = new NearDuplicateAccumulator();
  for (const [line, t] of [...chunk1, ...chunk2]) single.addRow(line, Uint32Array.from(t));
  assert.deepEqual(nearView(merged), nearView(single));
  // the stored sets were deduplicated across the chunks: 4 distinct sets (A, B, A1, B2), not 5
  assert.equal(merged.snapshot().repLength.length, 4);
  assert.deepEqual(Array.from(merged.snapshot().rowRep), [0, 1, 2, 0, 3]);
});

test('near duplicates: the budget is applied in row order during the merge (by hand)', () => {
  // budget 40 hashes (160 bytes): A (16) and B (16) fit, C (16) does not, D (1 shingle: 3 tokens) still does
  const C = range(200, 20);
  const D = [7, 8, 9];
  const rows: [number, number[]][] = [
    [1, A],
    [2, B],
    [3, C],
    [4, A],
    [5, C],
    [6, D],
    [7, B],
  ];
  const options = { maxShingleBytes: 160 };
  const single = new NearDuplicateAccumulator(options);
  for (const [line, t] of rows) single.addRow(line, Uint32Array.from(t));
  const merged = new NearDuplicateAccumulator(options);
  for (const part of [rows.slice(0, 2), rows.slice(2)]) {
    const acc = new NearDuplicateAccumulator({ maxShingleBytes: Infinity });
    for (const [line, t] of part) acc.addRow(line, Uint32Array.from(t));
    merged.merge(acc.snapshot());
  }
  const r = merged.finish();
  assert.equal(r.rowsOverBudget, 2); // lines 3 and 5
  assert.equal(r.rowsConsidered, 5);
  assert.deepEqual(
    r.clusters.map((c) => c.lines),
    [
      [1, 4],
      [2, 7],
    ],
  );
  assert.deepEqual(nearView(merged), nearView(single));
});

test('near duplicates: chunks that ran out of their own budget merge deterministically', () => {
  // Not equal to one pass in general (a row a chunk rejected carries no shingles), but deterministic, and every
  // row with tokens is either considered or over budget.
  const rows = corpus(5, 600);
  const options = { maxShingleBytes: Math.floor(shingleBytesOf(rows) * 0.2) };
  const withTokens = rows.filter((r) => r.tokens.length > 0).length;
  const run = () => mergeNear(split(rows, 3), { options });
  const a = nearView(run());
  assert.deepEqual(nearView(run()), a);
  assert.equal(a.report.rowsConsidered + a.report.rowsOverBudget, withTokens);
  const single = nearSingle(rows, options).finish();
  assert.equal(single.rowsConsidered + single.rowsOverBudget, withTokens);
});

test('near duplicates: merging a partial of other banding or seed is refused', () => {
  const acc = new NearDuplicateAccumulator({ seed: 2 });
  acc.addRow(1, Uint32Array.of(1, 2, 3, 4, 5, 6));
  assert.throws(() => new NearDuplicateAccumulator().merge(acc.snapshot()), RangeError);
  const other = new NearDuplicateAccumulator({ threshold: 0.5 });
  assert.throws(() => new NearDuplicateAccumulator().merge(other.snapshot()), RangeError);
  // an empty chunk merges to nothing
  const merged = new NearDuplicateAccumulator();
  merged.merge(new NearDuplicateAccumulator().snapshot());
  assert.deepEqual(merged.finish(), new NearDuplicateAccumulator().finish());
});
