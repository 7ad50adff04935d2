// A slice reuses the hashes the file's accumulators just computed for a row (n-gram fingerprints, the normalised
// text's key, the shingle set and band keys). Reuse must change nothing: the slices' figures with reuse equal the
// figures computed from scratch, on rows with duplicates, near duplicates, empty texts and one-token rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { RowFeed } from '../../../../src/core/pipeline/rowFeed.ts';
import { disposeAll } from '../../../../src/core/pipeline/accumulator.ts';
import { SliceAccumulator } from '../../../../src/core/slices/slices.ts';
import { NearDuplicateAccumulator } from '../../../../src/core/duplicates/nearDuplicates.ts';
import { getTokenizer } from '../../../../src/core/tokenize/tokenizers.ts';
import { rng } from '../../helpers/testRng.ts';

/** Rows over a small vocabulary: exact repeats, near repeats (one word changed), empty and one-word texts. */
function corpus(n: number): { text: string; source: string }[] {
  const rnd = rng(42);
  const words = Array.from({ length: 300 }, (_, i) => `w${i}`);
  const rows: { text: string; source: string }[] = [];
  for (let i = 0; i < n; i++) {
    const source = ['a', 'b', 'c'][Math.floor(rnd() * 3)];
    const r = rnd();
    if (r < 0.1 && rows.length > 0) rows.push({ text: rows[Math.floor(rnd() * rows.length)].text, source });
    else if (r < 0.2 && rows.length > 0) {
      const t = rows[Math.floor(rnd() * rows.length)].text.split(' ');
      t[Math.floor(rnd() * t.length)] = words[Math.floor(rnd() * words.length)];
      rows.push({ text: t.join(' '), source });
    } else if (r < 0.23) rows.push({ text: '', source });
    else if (r < 0.26) rows.push({ text: words[Math.floor(rnd() * 20)], source });
    else
      rows.push({
        text: Array.from(
          { length: 10 + Math.floor(rnd() * 40) },
          () => words[Math.floor(rnd() ** 2 * words.length)],
        ).join(' '),
        source,
      });
  }
  return rows;
}

test("slices fed with the file accumulators' hashes report exactly what slices hashing every row report", async () => {
  const feed = new RowFeed({
    tokenizer: getTokenizer('word'),
    mattrWindow: 50,
    nearThreshold: 0.8,
    chunk: false,
  });
  const opts = { minRows: 5, mattrWindow: 50, nearThreshold: 0.8, tailMax: 5 };
  const reusing = new SliceAccumulator(['source'], opts);
  const hashing = new SliceAccumulator(['source'], opts);
  corpus(2000).forEach((r, i) => {
    const rec = { line: i + 1, offset: i * 100, length: 99, value: r };
    const fed = feed.add(rec, r.text);
    const row = {
      line: rec.line,
      offset: rec.offset,
      length: rec.length,
      text: r.text,
      tokens: fed.ids,
      groups: [r.source],
    };
    reusing.addRow(row, fed, feed);
    hashing.addRow(row, fed);
  });
  const a = await reusing.finish(feed.vocab);
  const b = await hashing.finish(feed.vocab);
  assert.equal(a.groups[0].values.length, 3);
  assert.ok(
    a.groups[0].values.some((v) => (v.exactDuplicateRate ?? 0) > 0 && (v.nearDuplicateRate ?? 0) > 0),
    'the corpus has duplicates in slices',
  );
  assert.deepEqual(a, b);
  disposeAll([feed.lexical, feed.exact, feed.near, feed.templates]);
});

test('near duplicates: band keys are reused only from an accumulator with the same banding and seed', () => {
  const rnd = rng(5);
  const rows = Array.from({ length: 400 }, () =>
    Uint32Array.from({ length: 30 }, () => Math.floor(rnd() * 60)),
  );
  for (let i = 0; i < 100; i++) rows.push(rows[i].slice()); // exact repeats
  // near repeats around the threshold (1–4 of 30 tokens changed): whether LSH proposes them depends on the band keys
  for (let i = 0; i < 300; i++) {
    const t = rows[i % 200].slice();
    for (let c = 0; c <= i % 4; c++) t[Math.floor(rnd() * t.length)] = 1000 + i * 4 + c;
    rows.push(t);
  }
  const run = (seedOfFile: number) => {
    const file = new NearDuplicateAccumulator({ threshold: 0.8, seed: seedOfFile });
    const reusing = new NearDuplicateAccumulator({ threshold: 0.8 });
    const alone = new NearDuplicateAccumulator({ threshold: 0.8 });
    rows.forEach((t, i) => {
      file.addRow(i + 1, t);
      reusing.addRow(i + 1, t, file);
      alone.addRow(i + 1, t);
    });
    const got = reusing.finish();
    assert.ok(got.pairs > 100, `near pairs found (${got.pairs})`);
    assert.deepEqual(got, alone.finish(), `file seed ${seedOfFile}`);
  };
  run(1); // same seed: shingles and band keys reused
  run(7); // another seed: only the shingle set is reused, the band keys are computed
});
