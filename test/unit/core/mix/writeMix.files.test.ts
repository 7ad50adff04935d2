/**
 * Mix & Correct on a dataset of several files (a folder of shards in three formats; issue #14): one JSONL output
 * whose dataset rows are the JSONL lines' and JSON-array elements' own bytes and the Parquet rows' canonical JSON;
 * the model numbers rows through the files exactly as the analysis does; the recipe records the file and the row of
 * every chosen row and reproduces the output byte for byte (and refuses once a shard changed). A reference of several
 * files works the same way, and the written mix is measured against its held-out rows.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import { measureWrittenMix } from '../../../../src/core/mix/measureMix.ts';
import { heldOutFor } from '../../../../src/core/mix/heldOut.ts';
import { readRecipe, reproduceRecipe, RecipeError } from '../../../../src/core/mix/recipe.ts';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { resolveDatasetFiles } from '../../../../src/core/pipeline/datasetFiles.ts';
import { readJsonl } from '../../../../src/core/reader/jsonlReader.ts';
import { BIG, hyparquetFlat } from '../../helpers/parquetFixtures.ts';

const topics = ['rivers', 'stones', 'lamps', 'clouds', 'maps', 'bells', 'ropes'];
const sentence = (i: number, who: string): string =>
  `${who} sentence ${i} about ${topics[i % topics.length]} and ${topics[(i * 3) % topics.length]} number ${i * 7}`;

/**
 * A folder of three shards: a.jsonl (odd spacing, a big integer, CRLF on one line, a blank and a malformed line),
 * b.json (a JSON array, one element per line) and c.parquet; `expected[f]` maps each row of shard f (its line,
 * element or row number in that file) to the bytes the mix must write for it.
 */
function writeShards(dir: string): { folder: string; expected: Map<number, string>[] } {
  const folder = join(dir, 'shards');
  mkdirSync(folder);
  const a = new Map<number, string>();
  const aLines: string[] = [];
  for (let i = 0; i < 30; i++) {
    if (i === 5) aLines.push(''); // blank: counted as a line, not a row
    if (i === 9) aLines.push('{"text": "broken'); // malformed: a line, not a row
    const line = `{ "text" :  ${JSON.stringify(sentence(i, 'synthetic'))}, "n": ${BIG + BigInt(i)} }`;
    aLines.push(line);
    a.set(aLines.length, line);
  }
  writeFileSync(join(folder, 'a.jsonl'), aLines.map((l, k) => l + (k === 3 ? '\r\n' : '\n')).join(''));
  const b = new Map<number, string>();
  const elements = Array.from({ length: 25 }, (_, i) => {
    const e = `{"text":${JSON.stringify(sentence(100 + i, 'array'))},  "k":${i}.0}`;
    b.set(i + 1, e);
    return e;
  });
  writeFileSync(join(folder, 'b.json'), `[\n${elements.join(',\n')}\n]\n`);
  const c = new Map<number, string>();
  const rows = Array.from({ length: 20 }, (_, i) => ({
    text: sentence(200 + i, 'parquet'),
    source: 'pq',
    big: BIG + BigInt(i),
  }));
  rows.forEach((r, i) => c.set(i + 1, `{"text":${JSON.stringify(r.text)},"source":"pq","big":${r.big}}`));
  hyparquetFlat(join(folder, 'c.parquet'), rows, 'SNAPPY', 6);
  return { folder, expected: [a, b, c] };
}

/** A JSONL reference of `n` rows (its lines by number). */
function writeReference(path: string, n: number, from = 0): Map<number, string> {
  const lines = Array.from(
    { length: n },
    (_, i) => `{"text":${JSON.stringify(sentence(from + i, 'human'))}}`,
  );
  writeFileSync(path, lines.map((l) => `${l}\n`).join(''));
  return new Map(lines.map((l, i) => [i + 1, l]));
}

test('a JSON array and a Parquet file later in a dataset number their rows on from the lines before (firstLine), as JSONL does', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-mix-firstline-'));
  try {
    const { folder } = writeShards(dir);
    for (const [name, rows] of [
      ['b.json', 25],
      ['c.parquet', 20],
      ['a.jsonl', 30],
    ] as const) {
      const lines: number[] = [];
      for await (const rec of readJsonl(join(folder, name), { firstLine: 101 }).records) lines.push(rec.line);
      assert.equal(lines.length, rows, name);
      assert.equal(lines[0], 101, name);
    }
    // the analysis of the folder: a row of the JSON array is found at its dataset line (a.jsonl has 32 lines)
    const files = await resolveDatasetFiles([folder]);
    const report = await analyzeDataset({ files, label: folder }, {});
    const [a, b] = report.files!;
    assert.deepEqual([a.firstLine, a.lines, b.firstLine, b.lines], [1, 32, 33, 25]);
    assert.equal(report.rows.errors[0].line, 11, 'the malformed line of a.jsonl');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a mix of a folder of JSONL, JSON-array and Parquet shards: one JSONL file, rows byte for byte, file and row of every row in the recipe, reproduced', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-mix-files-'));
  try {
    const { folder, expected } = writeShards(dir);
    const refLines = writeReference(join(dir, 'ref.jsonl'), 60);
    const files = await resolveDatasetFiles([folder]);
    assert.deepEqual(
      files.map((f) => f.slice(folder.length + 1)),
      ['a.jsonl', 'b.json', 'c.parquet'],
    );
    const model = await buildMixModel({ files, label: folder }, join(dir, 'ref.jsonl'), {
      referenceSchema: 'keep',
    });
    assert.equal(model.nDataset, 30 + 25 + 20);
    // rows are numbered through the files exactly as the analysis numbers them
    const report = await analyzeDataset({ files, label: folder }, {});
    assert.deepEqual(
      model.dataset.files!.map((f) => [f.path, f.firstLine, f.lines]),
      report.files!.map((f) => [f.path, f.firstLine, f.lines]),
    );

    const out = join(dir, 'out.jsonl');
    const r = await writeMix(model, { realFraction: 0.25, seed: 7 }, out);
    const lines = readFileSync(out, 'utf8').slice(0, -1).split('\n');
    assert.equal(lines.length, r.file.rows);
    const recipe = await readRecipe(r.recipePath);
    const spans = recipe.inputs.dataset.files!;
    assert.equal(spans.length, 3);
    assert.equal(spans[1].format, 'json-array');
    assert.equal(spans[2].format, 'parquet');
    assert.match(spans[2].rowsWrittenAs ?? '', /canonical JSON/);
    assert.equal(recipe.lines.datasetFiles!.length, recipe.lines.dataset.length);
    let d = 0;
    let q = 0;
    const fromFile = [0, 0, 0];
    for (let i = 0; i < lines.length; i++) {
      if (recipe.order[i] === 'D') {
        const f = recipe.lines.datasetFiles![d];
        const lineInFile = recipe.lines.dataset[d++] - spans[f].firstLine + 1;
        assert.equal(
          lines[i],
          expected[f].get(lineInFile),
          `output row ${i + 1}: file ${f}, row ${lineInFile}`,
        );
        fromFile[f]++;
      } else assert.equal(lines[i], refLines.get(recipe.lines.reference[q++]));
    }
    // no target: every dataset row is taken, from every shard
    assert.deepEqual(fromFile, [30, 25, 20]);
    assert.ok(q > 0, 'real rows are mixed in');
    assert.deepEqual(readdirSync(dir).sort(), ['out.jsonl', 'out.jsonl.recipe.json', 'ref.jsonl', 'shards']);

    const again = join(dir, 'again.jsonl');
    const rep = await reproduceRecipe(r.recipePath, again);
    assert.equal(rep.file.sha256, r.file.sha256);
    assert.equal(readFileSync(again, 'utf8'), readFileSync(out, 'utf8'));

    // a shard that changed is refused by name, nothing written
    writeFileSync(join(folder, 'b.json'), '[]\n');
    await assert.rejects(
      reproduceRecipe(r.recipePath, join(dir, 'third.jsonl')),
      (e: unknown) =>
        e instanceof RecipeError && /b\.json changed since the recipe was written/.test(e.message),
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a reference of several files: its rows are written from their files, held out by file and row, and the mix is measured against them', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'dl-mix-reffiles-'));
  try {
    const ds = join(dir, 'synth.jsonl');
    writeFileSync(
      ds,
      Array.from({ length: 80 }, (_, i) => `{"text":${JSON.stringify(sentence(i, 'synthetic'))}}\n`).join(''),
    );
    const refDir = join(dir, 'real');
    mkdirSync(refDir);
    const r1 = writeReference(join(refDir, 'r1.jsonl'), 40);
    const r2 = writeReference(join(refDir, 'r2.jsonl'), 35, 40);
    const expected = [r1, r2];
    const refFiles = await resolveDatasetFiles([refDir]);
    const model = await buildMixModel(ds, { files: refFiles, label: refDir }, { referenceSchema: 'keep' });
    assert.equal(model.nReference, 75);
    const settings = { realFraction: 0.4, seed: 3 };
    const out = join(dir, 'out.jsonl');
    const r = await writeMix(model, settings, out);
    const recipe = await readRecipe(r.recipePath);
    const spans = recipe.inputs.reference.files!;
    assert.deepEqual(
      spans.map((s) => [s.firstLine, s.lines]),
      [
        [1, 40],
        [41, 35],
      ],
    );
    const lines = readFileSync(out, 'utf8').slice(0, -1).split('\n');
    let q = 0;
    const fromFile = [0, 0];
    for (let i = 0; i < lines.length; i++) {
      if (recipe.order[i] !== 'R') continue;
      const f = recipe.lines.referenceFiles![q];
      const lineInFile = recipe.lines.reference[q++] - spans[f].firstLine + 1;
      assert.equal(lines[i], expected[f].get(lineInFile));
      fromFile[f]++;
    }
    assert.ok(fromFile[0] > 0 && fromFile[1] > 0, `real rows from both files: ${fromFile.join(', ')}`);
    assert.equal(recipe.lines.heldOutFiles!.length, recipe.lines.heldOut!.length);
    // measured against the held-out rows of both files: as many rows as the recipe says were held out
    const split = heldOutFor(model, settings);
    const measured = await measureWrittenMix(model, out, split);
    assert.equal(measured.report.rows.parsed, r.file.rows);
    assert.equal(measured.report.tails.mode, 'reference');
    if (measured.report.tails.mode === 'reference')
      assert.equal(measured.report.tails.referenceRows, split.heldOutRows.length);
    const rep = await reproduceRecipe(r.recipePath, join(dir, 'again.jsonl'));
    assert.equal(rep.file.sha256, r.file.sha256);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
