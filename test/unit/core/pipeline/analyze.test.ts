import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { tempDir } from '../../helpers/tempDir.ts';

function tmpFile(name: string, content: string | Buffer): string {
  const dir = tempDir('dl-analyze-');
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

const chat = (text: string, source: string) =>
  JSON.stringify({
    messages: [
      { role: 'user', content: 'q' },
      { role: 'assistant', content: text },
    ],
    source,
  });

test('end to end on a small chat file: counts, shape, tokens, duplicates, errors', async () => {
  const lines = [
    chat('The cat sat on the mat', 'a'), // line 1: 6 tokens
    chat('the  CAT sat on the mat', 'a'), // line 2: exact duplicate of line 1 after normalisation
    '{"messages": [', // line 3: malformed
    '', // line 4: blank
    chat('A dog ran', 'b'), // line 5: 3 tokens
  ];
  const p = tmpFile('small.jsonl', lines.join('\n') + '\n');
  const r = await analyzeFile(p, { groupBy: ['source'], minSliceRows: 1 });
  assert.equal(r.rows.total, 4, 'blank line not counted in total');
  assert.equal(r.rows.parsed, 3);
  assert.equal(r.rows.malformed, 1);
  assert.equal(r.rows.blank, 1);
  assert.equal(r.rows.errors[0].line, 3);
  assert.equal(r.shape, 'openai-chat');
  // tokens: 6 + 6 + 3 = 15; types: the cat sat on mat a dog ran = 8
  assert.equal(r.tokens.total, 15);
  assert.equal(r.tokens.types, 8);
  // lexical.ttr = 8/15
  assert.ok(Math.abs((r.lexical.ttr ?? 0) - 8 / 15) < 1e-12);
  // exact duplicates: 3 rows, 2 unique normalised texts → 1 duplicate row; cluster = lines 1,2
  assert.equal(r.duplicates.exact.rows, 1);
  assert.deepEqual(r.duplicates.exact.clusters[0].lines, [1, 2]);
  assert.equal(r.duplicates.exact.clusters[0].representativeText, 'The cat sat on the mat');
  // near duplicates: identical token sequences → Jaccard 1, one cluster of 2, 1 removable
  assert.equal(r.duplicates.near.rowsRemovable, 1);
  assert.equal(r.tails.mode, 'self');
  assert.ok(r.slices, 'slices computed with --group-by');
  assert.deepEqual(r.slices.groups[0].values.map((v) => [v.value, v.rows]).sort(), [
    ['a', 2],
    ['b', 1],
  ]);
  assert.ok(['healthy', 'watch', 'collapse-prone'].includes(r.verdict.level));
});

test('tails against a reference count the reference tail', async () => {
  // reference tokens: x y z common common common common common common (x,y,z once; common 6 times > tailMax 5)
  const ref = tmpFile(
    'ref.jsonl',
    [
      JSON.stringify({ text: 'x y z' }),
      JSON.stringify({ text: 'common common common common common common' }),
    ].join('\n'),
  );
  const ds = tmpFile('ds.jsonl', JSON.stringify({ text: 'x common' }) + '\n');
  const r = await analyzeFile(ds, { reference: { path: ref } });
  assert.equal(r.tails.mode, 'reference');
  if (r.tails.mode !== 'reference') return;
  // tail = {x, y, z}; covered = {x} → 1/3; mass = 1/3
  assert.ok(Math.abs((r.tails.typeCoverage ?? NaN) - 1 / 3) < 1e-12);
  assert.ok(Math.abs((r.tails.massCoverage ?? NaN) - 1 / 3) < 1e-12);
  assert.equal(r.tails.referenceRows, 2);
  assert.equal(r.tails.referenceTokens, 9);
});

test('an empty file gives zero rows and null ratios, not a crash', async () => {
  const r = await analyzeFile(tmpFile('empty.jsonl', ''));
  assert.equal(r.rows.parsed, 0);
  assert.equal(r.tokens.total, 0);
  assert.equal(r.lexical.ttr, null);
  // nothing to measure is never "healthy"
  assert.equal(r.verdict.level, 'watch');
  assert.equal(r.verdict.reasons[0].measure, 'rows.emptyTextShare');
  assert.match(r.verdict.reasons[0].text, /no rows to measure/);
});

test('strict mode stops at the first bad line with file:line:col', async () => {
  const p = tmpFile('bad.jsonl', '{"text":"ok"}\n{"text": tru}\n');
  await assert.rejects(analyzeFile(p, { strict: true }), (e: Error) => {
    assert.match(e.message, new RegExp(`^${p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: `));
    return true;
  });
});
