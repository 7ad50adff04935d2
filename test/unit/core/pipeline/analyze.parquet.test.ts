/**
 * Parquet datasets give the figures of the same rows as JSONL (issue #14's equality rule): the report JSON is equal
 * except the `file` block, `timing` and `rows.readBytes` (bytes of a different file), with snappy and zstd written by
 * DuckDB (several row groups, a nested `messages` LIST of STRUCT, nulls, integers above 2^53), with --group-by and a
 * field path into `messages`, and whatever the chunk size and worker count (a Parquet file is never cut into byte
 * ranges as if it were JSONL). `analyze --partial` refuses Parquet with a clear message.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {} from 'node:fs';
import { join } from 'node:path';
import { analyzeFile, type AnalyzeOptions } from '../../../../src/core/pipeline/analyze.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { duckdbParquet, fixtureRows, writeFixtureParquet } from '../../helpers/parquetFixtures.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('dl-parquet-analyze-');
const jsonl = join(dir, 'rows.jsonl');
const snappy = join(dir, 'rows.snappy.parquet');
const zstd = join(dir, 'rows.zstd.parquet');
const ready = (async () => {
  await writeFixtureParquet(jsonl, snappy, fixtureRows(4500), 'snappy');
  await duckdbParquet(jsonl, zstd, 'zstd');
})();

/** The report without what depends on the file itself: its block, the time taken and the bytes read. */
function figures(r: AnalysisReport): unknown {
  const { file: _f, timing: _t, ...rest } = r;
  void _f;
  void _t;
  const { readBytes: _b, ...rows } = rest.rows;
  void _b;
  return { ...rest, rows };
}

const CASES: [string, AnalyzeOptions][] = [
  ['auto view, --group-by source', { groupBy: ['source'], minSliceRows: 50 }],
  [
    'field path messages[role=assistant].content, --group-by source',
    { fields: ['messages[role=assistant].content'], groupBy: ['source'], minSliceRows: 50 },
  ],
  ['full view', { view: 'full' }],
];

for (const [name, options] of CASES) {
  test(`Parquet (snappy, zstd) and JSONL of the same rows give identical figures: ${name}`, async () => {
    await ready;
    const base = await analyzeFile(jsonl, options);
    assert.equal(base.file.format, 'jsonl');
    assert.equal(base.rows.parsed, 4500);
    assert.equal(base.shape, 'openai-chat');
    assert.ok(base.duplicates.exact.clusterCount > 0, 'the fixture has exact duplicates');
    assert.ok(base.duplicates.exact.clusters[0].representativeText, 'JSONL clusters carry their snippet');
    for (const p of [snappy, zstd]) {
      const r = await analyzeFile(p, options);
      assert.equal(r.file.format, 'parquet');
      assert.equal(r.file.compression, 'none');
      assert.deepEqual(figures(r), figures(base), p);
    }
  });
}

test('a Parquet file larger than one chunk is still read whole, row group by row group, for any worker count', async () => {
  await ready;
  const options: AnalyzeOptions = { groupBy: ['source'], minSliceRows: 50 };
  const base = figures(await analyzeFile(jsonl, options));
  for (const workers of [1, 2]) {
    const r = await analyzeFile(zstd, { ...options, chunkBytes: 4096, workers });
    assert.deepEqual(figures(r), base, `workers ${workers}`);
  }
});

test('analyze --partial refuses a Parquet file, with or without --byte-range, naming the file', async () => {
  await ready;
  for (const range of [undefined, { start: 0, end: 1000 }]) {
    await assert.rejects(
      writeAnalysisPartial(zstd, {}, { out: join(dir, 'p.dlpart'), ...(range ? { range } : {}) }),
      (err: Error) =>
        err.message.includes(zstd) && /Parquet/.test(err.message) && /without --partial/.test(err.message),
    );
  }
});
