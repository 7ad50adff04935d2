import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SliceAccumulator } from '../../../../src/core/slices/slices.ts';
import { LexicalAccumulator } from '../../../../src/core/lexical/lexical.ts';
import { Vocabulary } from '../../../../src/core/tokenize/vocabulary.ts';
import { rng } from '../../helpers/testRng.ts';

/** Feeds the same rows to a chunk's lexical accumulator (dense ids, as RowFeed's) and to two slice accumulators. */
async function partials(texts: string[], groups: string[]) {
  const vocab = new Vocabulary();
  const lexical = new LexicalAccumulator({ denseIds: true, chunk: true, compression: false });
  const counting = new SliceAccumulator(['g'], { chunk: true, minRows: 1 });
  const fromFile = new SliceAccumulator(['g'], { chunk: true, minRows: 1, unigramsFromFile: true });
  texts.forEach((text, i) => {
    const tokens = vocab.addTokens(text.split(' ').filter(Boolean));
    const lo = new Uint32Array(tokens.length);
    const hi = new Uint32Array(tokens.length);
    vocab.keysOf(tokens, lo, hi);
    lexical.addRow(tokens, text, lo, hi);
    const row = { line: i + 1, offset: 0, length: text.length, text, tokens, groups: [groups[i]] };
    counting.addRow(row, { keys: lo, keysHi: hi });
    fromFile.addRow({ ...row }, { keys: lo, keysHi: hi });
  });
  const lex = await lexical.snapshot();
  return { counted: await counting.snapshot(), given: await fromFile.snapshot(lex.summary?.counts) };
}

test('slices with unigramsFromFile: the file lexical counts give the same partial (by hand)', async () => {
  const { counted, given } = await partials(['a b a', 'c a', 'b b d'], ['x', 'y', 'x']);
  // ids a 0, b 1, c 2, d 3: a ×3, b ×3, c ×1, d ×1
  assert.deepEqual([...given.totalUnigrams], [3, 3, 1, 1]);
  assert.deepEqual(given, counted);
});

test('slices with unigramsFromFile: the same partial as counting, on random rows (empty rows included)', async () => {
  const r = rng(21);
  const words = Array.from({ length: 500 }, (_, i) => `w${i}`);
  const texts: string[] = [];
  const groups: string[] = [];
  for (let i = 0; i < 400; i++) {
    const len = Math.floor(r() * 30);
    texts.push(Array.from({ length: len }, () => words[Math.floor(r() ** 2 * words.length)]).join(' '));
    groups.push(['p', 'q', 'r'][Math.floor(r() * 3)]);
  }
  const { counted, given } = await partials(texts, groups);
  assert.deepEqual(given, counted);
});

test('slices with unigramsFromFile: a snapshot without the counts is refused', async () => {
  const acc = new SliceAccumulator(['g'], { chunk: true, unigramsFromFile: true });
  await assert.rejects(() => acc.snapshot(), /needs the counts/);
});
