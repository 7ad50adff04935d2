/**
 * Mix & Correct on Parquet inputs writes JSONL: each chosen Parquet row becomes one line of canonical JSON (keys in
 * column order, no spaces, big integers with every digit), the recipe says so and records the rows by row number, and
 * reproducing the recipe gives the same bytes. Rows that differ only in an integer above 2^53 stay distinct rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import { readRecipe, reproduceRecipe } from '../../../../src/core/mix/recipe.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import * as parquet from '../../helpers/parquetFixtures.ts';
import { tempDir } from '../../helpers/tempDir.ts';

test('a mix of a Parquet dataset and a Parquet reference writes canonical JSON lines; the recipe reproduces it', async () => {
  const dir = tempDir('dl-parquet-mix-');
  const rows = parquet.fixtureRows(300);
  const ds = join(dir, 'ds.parquet');
  await parquet.writeFixtureParquet(join(dir, 'ds.jsonl'), ds, rows, 'zstd');
  const ref = join(dir, 'ref.parquet');
  const refRows = Array.from({ length: 80 }, (_, i) => ({
    text: `a real human sentence number ${i} about ${['rivers', 'stones', 'lamps'][i % 3]}`,
    source: 'human',
    big: parquet.BIG + BigInt(i),
  }));
  parquet.hyparquetFlat(ref, refRows, 'SNAPPY', 16);
  const model = await buildMixModel(ds, ref, { referenceSchema: 'keep' });
  const out = join(dir, 'out.jsonl');
  const r = await writeMix(model, { realFraction: 0.3 }, out);
  const text = readFileSync(out, 'utf8');
  const lines = text.slice(0, -1).split('\n');
  assert.equal(lines.length, r.file.rows);
  const recipe = await readRecipe(r.recipePath);
  let d = 0;
  let q = 0;
  for (let i = 0; i < lines.length; i++) {
    if (recipe.order[i] === 'D') {
      const row = recipe.lines.dataset[d++];
      assert.equal(lines[i], parquet.jsonlLine(rows[row - 1]), `dataset row ${row}`);
    } else {
      const row = recipe.lines.reference[q++];
      const x = refRows[row - 1];
      assert.equal(lines[i], `{"text":${JSON.stringify(x.text)},"source":"human","big":${x.big}}`);
    }
  }
  assert.ok(d > 0 && q > 0, 'both inputs contribute');
  assert.equal(recipe.inputs.dataset.format, 'parquet');
  assert.match(recipe.inputs.dataset.rowsWrittenAs ?? '', /canonical JSON/);
  assert.equal(recipe.inputs.reference.format, 'parquet');
  // no spool or temporary file is left beside the output
  assert.deepEqual(readdirSync(dir).sort(), [
    'ds.jsonl',
    'ds.parquet',
    'out.jsonl',
    'out.jsonl.recipe.json',
    'ref.parquet',
  ]);

  const again = join(dir, 'again.jsonl');
  const rep = await reproduceRecipe(r.recipePath, again);
  assert.equal(rep.file.sha256, r.file.sha256);
  assert.equal(readFileSync(again, 'utf8'), text);
});

test('rows that differ only in an integer above 2^53: the figures of the JSONL, and two rows with their own digits in the mix', async () => {
  const dir = tempDir('dl-parquet-big-');
  // pairs of rows with the same text whose `big` differ by 1 above 2^53 (a double holds neither exactly)
  const flat = Array.from({ length: 40 }, (_, i) => ({
    text: `sentence ${Math.floor(i / 2)} with its own words ${'abcdefghijklmnopqrst'[Math.floor(i / 2)]}`,
    source: 's',
    big: parquet.BIG + 2n * BigInt(i) + (i % 2 === 0 ? 0n : 1n),
  }));
  const pq = join(dir, 'big.parquet');
  parquet.hyparquetFlat(pq, flat, 'SNAPPY', 8);
  const jsonl = join(dir, 'big.jsonl');
  writeFileSync(
    jsonl,
    flat.map((x) => `{"text":${JSON.stringify(x.text)},"source":"s","big":${x.big}}\n`).join(''),
  );
  // the duplicate figures are those of the same rows as JSONL: the text decides, not the integer
  const a = await analyzeFile(pq, {});
  const b = await analyzeFile(jsonl, {});
  assert.deepEqual(a.duplicates.exact, b.duplicates.exact);
  // grouped by the big integer: the slices of the JSONL (both formats read the digits as JSON.parse does)
  const g = await analyzeFile(pq, { groupBy: ['big'], minSliceRows: 1 });
  const gj = await analyzeFile(jsonl, { groupBy: ['big'], minSliceRows: 1 });
  assert.deepEqual(g.slices, gj.slices);
  // written out, every row keeps its own digits
  const ref = join(dir, 'ref.jsonl');
  writeFileSync(ref, Array.from({ length: 30 }, (_, i) => `{"text":"real row ${i} words"}\n`).join(''));
  const model = await buildMixModel(pq, ref);
  const out = join(dir, 'out.jsonl');
  const r = await writeMix(model, { realFraction: 0 }, out);
  const text = readFileSync(out, 'utf8');
  assert.equal(r.selection.datasetRows, 40);
  for (const x of flat) assert.ok(text.includes(`"big":${x.big}}`), `${x.big} written with all its digits`);
});
