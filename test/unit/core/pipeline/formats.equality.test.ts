// Issue #14's "Done when": the same rows as JSONL, as one JSON array, as Parquet (snappy and zstd, written by
// DuckDB), as .jsonl.zst and split into 4 shards in a folder give identical figures — report JSON equal except the
// file block (and a dataset's `files`), the byte counts of the reader (another file, other bytes) and `timing`.
// Rows: nested chat messages, nulls, exact and near repeats, integers above 2^53, a `source` to slice by.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { resolveDatasetFiles } from '../../../../src/core/pipeline/datasetFiles.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { duckdbParquet, fixtureRows, jsonlLine } from '../../helpers/parquetFixtures.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('dl-formats-');
const rows = fixtureRows(3000);
const lines = rows.map(jsonlLine);
const files = {
  jsonl: path.join(dir, 'rows.jsonl'),
  array: path.join(dir, 'rows.json'),
  snappy: path.join(dir, 'rows-snappy.parquet'),
  zstdParquet: path.join(dir, 'rows-zstd.parquet'),
  zst: path.join(dir, 'rows.jsonl.zst'),
  shards: path.join(dir, 'shards'),
};
const options = { groupBy: ['source'], minSliceRows: 10 };

before(async () => {
  fs.writeFileSync(files.jsonl, lines.map((l) => `${l}\n`).join(''));
  // the array's elements are the JSONL lines themselves (every digit of the big integers kept)
  fs.writeFileSync(files.array, `[\n  ${lines.join(',\n  ')}\n]\n`);
  await duckdbParquet(files.jsonl, files.snappy, 'snappy');
  await duckdbParquet(files.jsonl, files.zstdParquet, 'zstd');
  await writeZstd(files.zst, fs.readFileSync(files.jsonl));
  fs.mkdirSync(files.shards);
  for (let k = 0; k < 4; k++)
    fs.writeFileSync(
      path.join(files.shards, `train-0000${k}-of-00004.jsonl`),
      lines
        .slice(k * 750, (k + 1) * 750)
        .map((l) => `${l}\n`)
        .join(''),
    );
});

/** The figures: everything but the file block, the dataset's file list, the reader's byte counts and timing. */
function figures(r: AnalysisReport, { snippets = true } = {}): unknown {
  const o = JSON.parse(
    JSON.stringify(r, (k, v: unknown) => (!snippets && k === 'representativeText' ? undefined : v)),
  );
  for (const k of ['file', 'files', 'timing']) delete o[k];
  delete o.rows.readBytes;
  delete o.rows.skippedBytes;
  return o;
}

test('the same rows as JSONL, a JSON array, Parquet (snappy, zstd), .jsonl.zst and 4 shards: identical figures', async () => {
  const want = await analyzeFile(files.jsonl, options);
  assert.equal(want.rows.parsed, 3000);
  assert.ok(want.duplicates.exact.rows > 0 && want.duplicates.near.rowsRemovable > 0, 'repeats planted');
  assert.ok(want.slices && want.slices.groups[0].values.length >= 3, 'slices by source');
  assert.ok(JSON.stringify(figures(want)).length > 20_000, 'the comparison covers the whole report');
  const cases: [string, () => Promise<AnalysisReport>, string, boolean][] = [
    ['JSON array', () => analyzeFile(files.array, options), 'json-array', true],
    ['Parquet, snappy', () => analyzeFile(files.snappy, options), 'parquet', true],
    ['Parquet, zstd', () => analyzeFile(files.zstdParquet, options), 'parquet', true],
    // (a compressed file's rows are not read back for the clusters' representative texts: docs/reader.md)
    ['.jsonl.zst', () => analyzeFile(files.zst, options), 'jsonl', false],
    [
      '4 shards in a folder',
      async () =>
        analyzeDataset({ files: await resolveDatasetFiles([files.shards]), label: files.shards }, options),
      'jsonl',
      true,
    ],
  ];
  for (const [name, run, format, snippets] of cases) {
    const got = await run();
    assert.equal(got.file.format, format, name);
    assert.deepEqual(figures(got, { snippets }), figures(want, { snippets }), name);
  }
});
