/**
 * Issue #15, item 3: two rows that differ only in an integer above 2^53 (JSON.parse reads both as the same double).
 * The policy (docs/reader.md, "Integers above 2^53"): duplicates are decided on the text view, which has no numbers,
 * so two such rows with equal text ARE exact text duplicates, by design; but whatever identifies a row or a value
 * keeps the digits — `--group-by` gives each integer its own slice (one pass, chunks, workers; JSONL, gzip, zstd, a
 * JSON array, Parquet), Mix's slice caps count them apart, and the written file keeps each row's own bytes.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import type { ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { hyparquetFlat } from '../../helpers/parquetFixtures.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));
const chunkWorker: ChunkWorkerScript = {
  script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
  eval: true,
};

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-big-int-'));
test.after(() => fs.rmSync(dir, { recursive: true, force: true }));

// each pair reads as ONE double through JSON.parse: 2^64-ish ids 1 apart, and -(2^53 + 1) next to -2^53
const IDS = ['12345678901234567890', '12345678901234567891'];
const NEG = ['-9007199254740993', '-9007199254740992'];
assert.equal(Number(IDS[0]), Number(IDS[1]));
assert.equal(Number(NEG[0]), Number(NEG[1]));

/** 40 rows: row i and row i + 20 have the same text and differ only in `id` (and `meta.n`). */
const ROWS = Array.from(
  { length: 40 },
  (_, i) =>
    `{"text":"a sentence of its own words number ${i % 20} ${'abcdefghijklmnopqrst'[i % 20]}","id":${IDS[i < 20 ? 0 : 1]},"meta":{"n":${NEG[i < 20 ? 0 : 1]}}}`,
);

const file = (name: string, bytes: string | Buffer): string => {
  const p = path.join(dir, name);
  fs.writeFileSync(p, bytes);
  return p;
};

/** The slice values and their row counts of the report's group-by `field`. */
function slices(r: AnalysisReport, field: string): [string, number][] {
  const g = r.slices!.groups.find((x) => x.field === field)!;
  return g.values.map((v) => [v.value, v.rows] as [string, number]).sort();
}

const WANT_ID: [string, number][] = [
  [IDS[0], 20],
  [IDS[1], 20],
];
const WANT_NEG: [string, number][] = [
  [NEG[1], 20],
  [NEG[0], 20],
].sort() as [string, number][];

test('integers above 2^53: --group-by keeps every digit (two slices, not one) in JSONL, gzip, zstd and a JSON array; exact duplicates by text, by design', async () => {
  const text = ROWS.join('\n') + '\n';
  const inputs = [
    file('rows.jsonl', text),
    file('rows.jsonl.gz', gzipSync(text)),
    await writeZstd(path.join(dir, 'rows.jsonl.zst'), text),
    file('rows.min.json', `[${ROWS.join(',')}]`),
    file('rows.json', `[\n  ${ROWS.map((r) => r.replace(/,"/g, ',\n    "')).join(',\n  ')}\n]\n`),
  ];
  for (const f of inputs) {
    const name = path.basename(f);
    const r = await analyzeFile(f, { groupBy: ['id', 'meta.n'], minSliceRows: 1 });
    assert.deepEqual(slices(r, 'id'), WANT_ID, `${name}: id`);
    assert.deepEqual(slices(r, 'meta.n'), WANT_NEG, `${name}: meta.n`);
    // the text view has no numbers: rows i and i + 20 are exact text duplicates (the documented policy)
    assert.equal(r.duplicates.exact.rows, 20, `${name}: text duplicates`);
    assert.equal(r.duplicates.exact.uniqueTexts, 20, name);
  }
});

test('integers above 2^53: --group-by keeps every digit in chunks too (plain ranges and gzip chunks, 1 and 2 workers)', async () => {
  // enough rows for several 1 KiB chunks
  const many = Array.from({ length: 6 }, () => ROWS).flat();
  const text = many.join('\n') + '\n';
  for (const f of [file('many.jsonl', text), file('many.jsonl.gz', gzipSync(text))]) {
    for (const workers of [1, 2]) {
      const r = await analyzeFile(
        f,
        { groupBy: ['id'], minSliceRows: 1, chunkBytes: 1024, workers },
        { chunkWorker },
      );
      assert.ok((r.timing.chunks ?? 1) > 1, `${path.basename(f)}: read in ${r.timing.chunks} chunks`);
      assert.deepEqual(
        slices(r, 'id'),
        WANT_ID.map(([v, n]) => [v, n * 6]),
        `${path.basename(f)}, --workers ${workers}`,
      );
    }
  }
});

test('integers above 2^53 in Parquet (INT64): --group-by gives each its own slice, as the same rows in JSONL', async () => {
  // INT64 stops at 2^63 - 1: two ids below it that JSON.parse also reads as one double
  const PQ_IDS = ['1234567890123456788', '1234567890123456789'];
  assert.equal(Number(PQ_IDS[0]), Number(PQ_IDS[1]));
  const flat = Array.from({ length: 40 }, (_, i) => ({
    text: `a sentence of its own words number ${i % 20}`,
    source: 's',
    big: BigInt(PQ_IDS[i < 20 ? 0 : 1]),
  }));
  const pq = path.join(dir, 'rows.parquet');
  hyparquetFlat(pq, flat, 'SNAPPY', 8);
  const jsonl = file(
    'pq-rows.jsonl',
    flat.map((x) => `{"text":${JSON.stringify(x.text)},"source":"s","big":${x.big}}\n`).join(''),
  );
  const a = await analyzeFile(pq, { groupBy: ['big'], minSliceRows: 1 });
  const b = await analyzeFile(jsonl, { groupBy: ['big'], minSliceRows: 1 });
  assert.deepEqual(slices(a, 'big'), [
    [PQ_IDS[0], 20],
    [PQ_IDS[1], 20],
  ]);
  assert.deepEqual(a.slices, b.slices);
});

test('integers above 2^53 in Mix: slice caps count the two ids apart; every written row keeps its own bytes (JSONL and JSON array)', async () => {
  const ref = file(
    'ref.jsonl',
    Array.from({ length: 30 }, (_, i) => `{"text":"real row ${i} words","id":${IDS[0]}}\n`).join(''),
  );
  const inputs = [file('mix.jsonl', ROWS.join('\n') + '\n'), file('mix.json', `[${ROWS.join(',')}]`)];
  for (const ds of inputs) {
    const name = path.basename(ds);
    const model = await buildMixModel(ds, ref, { slicePaths: ['id'], referenceSchema: 'keep' });
    assert.deepEqual([...model.sliceValues[0]].sort(), IDS, `${name}: two slice values`);
    // no dedup: both rows of each pair are written, each with its own digits, byte for byte
    const out = path.join(dir, `${name}.out.jsonl`);
    const all = await writeMix(model, { realFraction: 0 }, out);
    assert.equal(all.selection.datasetRows, 40, name);
    assert.deepEqual(fs.readFileSync(out, 'utf8').trimEnd().split('\n').sort(), [...ROWS].sort(), name);
    // a cap of 10 rows per id keeps 10 of each (one merged value would keep 10 in all)
    const capped = path.join(dir, `${name}.capped.jsonl`);
    await writeMix(model, { realFraction: 0, caps: [{ field: 'id', max: 10 }] }, capped);
    const lines = fs.readFileSync(capped, 'utf8').trimEnd().split('\n');
    for (const id of IDS)
      assert.equal(lines.filter((l) => l.includes(`"id":${id},`)).length, 10, `${name}: rows of ${id}`);
  }
});
