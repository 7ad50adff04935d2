// Slices from chunk partials (slices.ts, "Chunked analysis"): count maps, and whole SliceAccumulators split into
// chunks with their own vocabularies, merged in order, equal one accumulator fed every row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  SliceAccumulator,
  type SliceOptions,
  type SlicesReport,
} from '../../../../src/core/slices/slices.ts';
import { SliceCountMap } from '../../../../src/core/slices/sliceCountMap.ts';
import { SliceCompression } from '../../../../src/core/slices/sliceCompression.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { rng } from '../../helpers/testRng.ts';

test('count map merge: at the higher sampling level, equal to one table fed every key (keys, counts, level)', () => {
  const r = rng(7);
  const keys = Array.from({ length: 30000 }, () => (Math.floor(r() ** 2 * 5000) * 2654435761) >>> 0);
  for (const maxEntries of [Infinity, 2000, 300]) {
    const one = new SliceCountMap(maxEntries);
    for (const k of keys) one.add(k);
    // uneven parts: the first is small (low level), the last large
    const cuts = [0, 1000, 9000, 30000];
    const merged = new SliceCountMap(maxEntries);
    for (let c = 0; c + 1 < cuts.length; c++) {
      const part = new SliceCountMap(maxEntries);
      for (const k of keys.slice(cuts[c], cuts[c + 1])) part.add(k);
      merged.merge(part.snapshot());
    }
    assert.deepEqual(merged.snapshot(), one.snapshot(), `maxEntries ${maxEntries}`);
    if (maxEntries === 300) assert.ok(one.samplingLevel > 0);
  }
  // a remap (chunk token ids → file ids) applies to the keys
  const part = new SliceCountMap();
  part.add(0, 2);
  part.add(1);
  const into = new SliceCountMap();
  into.merge(part.snapshot(), Uint32Array.from([5, 9]));
  assert.equal(into.get(5), 2);
  assert.equal(into.get(9), 1);
});

test('compression prefix merge: replaying chunk prefixes gives the one-pass prefix and ratio', () => {
  const r = rng(3);
  const texts = Array.from(
    { length: 400 },
    (_, i) => `row ${i} ` + 'lorem ipsum dolor '.repeat(1 + Math.floor(r() * 20)),
  );
  for (const max of [1000, 20000, 1 << 20]) {
    const one = new SliceCompression(max);
    for (const t of texts) one.addText(t);
    const merged = new SliceCompression(max);
    for (const [a, b] of [
      [0, 3],
      [3, 150],
      [150, 400],
    ]) {
      const c = new SliceCompression(max, true);
      for (const t of texts.slice(a, b)) c.addText(t);
      merged.merge(c.snapshot());
    }
    assert.equal(merged.rawBytes, one.rawBytes, `max ${max}`);
    assert.equal(merged.finish(), one.finish());
  }
});

interface Row {
  text: string;
  groups: (string | null)[];
}

function addRows(acc: SliceAccumulator, vocab: Vocabulary, rows: Row[], firstLine: number): void {
  rows.forEach((row, i) => {
    const tokens = vocab.addTokens(row.text.split(' ').filter(Boolean));
    const lo = new Uint32Array(tokens.length);
    const hi = new Uint32Array(tokens.length);
    vocab.keysOf(tokens, lo, hi);
    acc.addRow(
      { line: firstLine + i, offset: 0, length: row.text.length, text: row.text, tokens, groups: row.groups },
      { keys: lo, keysHi: hi },
    );
  });
}

async function onePass(groupBy: string[], options: SliceOptions, rows: Row[]): Promise<SlicesReport> {
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(groupBy, options);
  addRows(acc, vocab, rows, 1);
  return acc.finish(vocab);
}

async function chunked(
  groupBy: string[],
  options: SliceOptions,
  rows: Row[],
  cuts: number[],
): Promise<SlicesReport> {
  const vocab = new Vocabulary();
  const acc = new SliceAccumulator(groupBy, options);
  for (let c = 0; c + 1 < cuts.length; c++) {
    const cv = new Vocabulary();
    const part = new SliceAccumulator(groupBy, { ...options, chunk: true });
    addRows(part, cv, rows.slice(cuts[c], cuts[c + 1]), cuts[c] + 1);
    const p = structuredClone(await part.snapshot());
    acc.merge(p, vocab.merge(cv.snapshot()));
  }
  return acc.finish(vocab);
}

function corpus(seed: number, n: number, values: (i: number) => (string | null)[]): Row[] {
  const r = rng(seed);
  const words = Array.from({ length: 3000 }, (_, i) => `w${i.toString(36)}`);
  const rows: Row[] = [];
  const seen: string[] = [];
  for (let i = 0; i < n; i++) {
    let text: string;
    if (seen.length && r() < 0.1) text = seen[Math.floor(r() * seen.length)];
    else {
      const len = 3 + Math.floor(r() * 40);
      const w = Array.from({ length: len }, () => words[Math.floor(r() ** 3 * words.length)]);
      text = (r() < 0.3 ? 'write a story about ' : '') + w.join(' ');
    }
    if (r() < 0.2) seen.push(text);
    rows.push({ text, groups: values(i) });
  }
  return rows;
}

test('slice accumulator merge: equal to one pass — two paths, a missing value, maxTracked met across chunks, sampled bigrams', async () => {
  // values a, b, c, d in order of first appearance; with maxTracked 3, d (first in chunk 3) is untracked as in one pass
  const rows = corpus(5, 1200, (i) => [
    i < 300 ? (i % 2 ? 'a' : 'b') : i < 700 ? (i % 3 ? 'c' : 'a') : ['a', 'b', 'c', 'd'][i % 4],
    i % 5 === 0 ? null : i % 2 ? 'x' : 'y',
  ]);
  const options: SliceOptions = { minRows: 20, maxValues: 2, maxTracked: 3, maxSliceBigrams: 500 };
  const want = await onePass(['g', 'h'], options, rows);
  assert.equal(want.groups[0].trackedValues, 3);
  assert.ok(want.groups[0].untrackedRows > 0);
  for (const cuts of [
    [0, 1200],
    [0, 300, 700, 1200],
    [0, 1, 299, 301, 650, 900, 1200],
  ]) {
    assert.deepEqual(await chunked(['g', 'h'], options, rows, cuts), want, `cuts ${cuts.join(',')}`);
  }
});

test('slice accumulator merge: a chunk that itself meets maxTracked — rows and tokens still add up', async () => {
  // chunk 2 sees 4 new values first and then "a": with maxTracked 3 it cannot track "a", which the file tracks
  const rows = corpus(6, 400, (i) => [i < 100 ? 'a' : i < 200 ? ['p', 'q', 'r', 's'][i % 4] : 'a']);
  const options: SliceOptions = { minRows: 5, maxValues: 3, maxTracked: 3 };
  const want = await onePass(['g'], options, rows);
  const got = await chunked(['g'], options, rows, [0, 100, 400]);
  const sum = (r: SlicesReport) => r.groups[0].values.reduce((s, v) => s + v.rows, 0);
  assert.equal(sum(got), sum(want));
  assert.equal(sum(got), 400);
  // documented difference: a's rows of chunk 2 went to the pool
  const a = (r: SlicesReport) => r.groups[0].values.find((v) => v.value === 'a')!.rows;
  assert.equal(a(want), 300);
  assert.equal(a(got), 100);
});
