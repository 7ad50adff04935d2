// What the terminal summary and the Markdown report say in the cases a new user met.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { renderMarkdown } from '../../../../src/core/report/markdown.ts';
import { headlineFigures } from '../../../../src/core/report/headline.ts';
import { renderSummary } from '../../../../src/cli/summary.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('dl-text-');
const file = (name: string, rows: object[]) => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  return p;
};

test('a group-by whose values are all below the minimum says so and how to compare them', async () => {
  // 2 values × 5 rows, minimum 30 → both pooled into "(other)"
  const p = file(
    'small-groups.jsonl',
    Array.from({ length: 10 }, (_, i) => ({ text: `row ${i} words here`, cat: i % 2 ? 'a' : 'b' })),
  );
  const r = await analyzeFile(p, { groupBy: ['cat'] });
  const hint =
    'No value of cat has 30 rows or more, so none is compared; lower the minimum (--min-slice-rows';
  assert.ok(renderSummary(r).includes(hint));
  assert.ok(renderMarkdown(r).includes(hint));
});

test('verdict reasons and slice flags are never cut in the Markdown report', async () => {
  // every row has an empty text view: the reason is long and names the view
  const p = file(
    'no-text.jsonl',
    Array.from({ length: 3 }, (_, i) => ({ id: i, score: 0.5 })),
  );
  const r = await analyzeFile(p);
  assert.equal(r.verdict.level, 'watch');
  const md = renderMarkdown(r);
  assert.ok(
    md.includes(r.verdict.reasons[0].text.replace(/</g, '&lt;').replace(/>/g, '&gt;')),
    'the whole reason text',
  );
  assert.match(renderSummary(r), /^Verdict: watch — no text to measure/m);
});

test('without --group-by the summary names the suggested slice fields', async () => {
  const p = file(
    'suggest.jsonl',
    Array.from({ length: 40 }, (_, i) => ({
      text: `answer number ${i} differs`,
      source: i % 3 ? 'model' : 'human',
    })),
  );
  const r = await analyzeFile(p);
  assert.deepEqual(
    r.sliceCandidates.map((c) => c.field),
    ['source'],
  );
  assert.match(
    renderSummary(r),
    /Slice with --group-by: source \(2 values\) \(values counted over the file\)/,
  );
});

test('the Markdown report says when phrase shares are sampled, under the phrases', async () => {
  // 40 rows sharing a phrase; the sampling line lowered to 11 and the size threshold to 0 (internal options):
  // rows 11–40 are sampled 1 in 2
  const p = file(
    'sampled-phrases.jsonl',
    Array.from({ length: 40 }, (_, i) => ({ text: `row ${i} says the very same six words again` })),
  );
  const r = await analyzeFile(p, { phraseSampleFromLine: 11, phraseSampleAboveBytes: 0 });
  const s = r.duplicates.templates.phrasesSampled!;
  assert.equal(s.rows, 30);
  assert.ok(r.duplicates.templates.phrases.length > 0);
  assert.ok(
    renderMarkdown(r).includes(
      `Phrase shares are sampled: past line 10 of each file, the phrases of 1 row in 2 were counted (${s.counted} of 30 rows), each standing for 2.`,
    ),
  );
  // files below 1 GiB are never sampled (the default size threshold), nor files of 100,000 lines or fewer
  for (const plain of [await analyzeFile(p), await analyzeFile(p, { phraseSampleFromLine: 11 })]) {
    assert.equal(plain.duplicates.templates.phrasesSampled, undefined);
    assert.ok(!renderMarkdown(plain).includes('Phrase shares are sampled'));
  }
});

test('duplicate rates of no rows read "n/a: no rows" in the cards and the Markdown; of rows, a percentage', async () => {
  const empty = path.join(dir, 'empty.jsonl');
  fs.writeFileSync(empty, '');
  const e = await analyzeFile(empty);
  const card = (r: typeof e, key: string) => headlineFigures(r).find((f) => f.key === key)?.text;
  assert.equal(e.duplicates.exact.rate, 0, 'the JSON keeps a number');
  assert.equal(card(e, 'duplicates.exact.rate'), 'n/a: no rows');
  assert.equal(card(e, 'duplicates.near.rateRemovable'), 'n/a: no rows');
  const md = renderMarkdown(e);
  assert.ok(md.includes('0 duplicate rows (n/a: no rows)'), 'Markdown, exact');
  assert.ok(md.includes('0 rows removable (n/a: no rows)'), 'Markdown, near');
  // 3 rows, the second repeats the first after lowercasing: 1 duplicate row of 3 = 33.3%
  const three = file('three.jsonl', [
    { text: 'the same words here' },
    { text: 'The SAME words   here' },
    { text: 'other words entirely' },
  ]);
  const r = await analyzeFile(three);
  assert.equal(card(r, 'duplicates.exact.rate'), '33.3%');
  assert.ok(renderMarkdown(r).includes('1 duplicate rows (33.3%)'));
});
