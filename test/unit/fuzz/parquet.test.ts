// Property-based fuzzing of the Parquet reading (issue #15 item 8): valid Parquet files from two independent writers
// (hyparquet-writer with random rows, DuckDB with nested columns and every codec), then truncated, bit-flipped, with
// bytes set, deleted or inserted at random offsets. Each case runs in the fuzz sandbox (a worker, 5 s per case, heap
// capped): through readJsonl, the row counter and the row read-back only a ReaderError escapes (notParquet,
// unsupportedCompression… — never hyparquet's own errors), nothing hangs, and an intact file has its rows.
import { before, test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { mutate, mutations } from '../helpers/fuzzInputs.ts';
import { checkParquetFile } from '../helpers/fuzzChecks.ts';
import {
  duckdbParquet,
  fixtureRows,
  hyparquetFlat,
  writeJsonl,
  type ParquetCodec,
} from '../helpers/parquetFixtures.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-parquet-');

const flatRow = fc.record({
  text: fc.option(fc.string({ maxLength: 30, unit: 'binary' }), { freq: 5 }),
  source: fc.option(fc.constantFrom('web', 'books', ''), { freq: 3 }),
  big: fc.option(fc.bigInt({ min: -(2n ** 63n), max: 2n ** 63n - 1n }), { freq: 3 }),
});

test('fuzz Parquet (hyparquet-writer, random rows): damaged files — documented errors only, intact rows kept', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      rows: fc.array(flatRow, { maxLength: 40 }),
      codec: fc.constantFrom('SNAPPY' as const, 'UNCOMPRESSED' as const),
      rowGroupSize: fc.integer({ min: 1, max: 16 }),
      damage: mutations(),
    }),
    async ({ rows, codec, rowGroupSize, damage }) => {
      const file = path.join(dir, 'case.parquet');
      hyparquetFlat(file, rows, codec, rowGroupSize);
      fs.writeFileSync(file, mutate(fs.readFileSync(file), damage));
      await checkParquetFile(sb, file, damage.length === 0 ? rows.length : null);
    },
    60,
  );
});

/** DuckDB files: nested LIST of STRUCT columns, a BIGINT above 2^53, one per codec. */
const duckSeeds: Buffer[] = [];
const DUCK_ROWS = 60;

before(async () => {
  const jsonl = path.join(dir, 'rows.jsonl');
  writeJsonl(jsonl, fixtureRows(DUCK_ROWS));
  for (const codec of ['zstd', 'snappy', 'gzip', 'uncompressed'] as ParquetCodec[]) {
    const out = path.join(dir, `seed-${codec}.parquet`);
    await duckdbParquet(jsonl, out, codec);
    duckSeeds.push(fs.readFileSync(out));
  }
});

test('fuzz Parquet (DuckDB, nested columns, every codec): damaged files — documented errors only, no hang', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ seed: fc.nat({ max: 3 }), damage: mutations() }),
    async ({ seed, damage }) => {
      const file = path.join(dir, 'case-duck.parquet');
      fs.writeFileSync(file, mutate(duckSeeds[seed], damage));
      await checkParquetFile(sb, file, damage.length === 0 ? DUCK_ROWS : null);
    },
    80,
  );
});
