/**
 * The Parquet reader (src/core/reader/parquetReader.ts) through readJsonl, the one entry every analysis uses: rows as
 * the JSON values of the same JSONL lines (nested lists of structs, nulls, integers above 2^53 as JSON.parse reads
 * them), located by row number, one row group at a time; read-back by row number with every digit kept; one clear
 * error naming the file for a truncated footer, a bad magic number, a corrupt footer or an unsupported codec.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { readJsonl } from '../../../../src/core/reader/jsonlReader.ts';
import { ReaderError } from '../../../../src/core/reader/readerError.ts';
import {
  canonicalRowJson,
  readParquetRowJson,
  readParquetRows,
} from '../../../../src/core/reader/parquetReader.ts';
import { readRowText } from '../../../../src/extension/panel/rowReader.ts';
import {
  BIG,
  fixtureRows,
  hyparquetFlat,
  jsonlLine,
  writeFixtureParquet,
} from '../../helpers/parquetFixtures.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const dir = tempDir('dl-parquet-reader-');
const rows = fixtureRows(5000);
const jsonl = join(dir, 'rows.jsonl');
const zstd = join(dir, 'rows.parquet');
const ready = writeFixtureParquet(jsonl, zstd, rows, 'zstd');

async function readAll(path: string): Promise<{ recs: { line: number; value: unknown }[]; batches: number }> {
  const reading = readJsonl(path);
  const recs: { line: number; value: unknown }[] = [];
  let batches = 0;
  for await (const b of reading.batches) {
    batches++;
    for (const r of b) recs.push({ line: r.line, value: r.value });
  }
  return { recs, batches };
}

test('Parquet rows are the values JSON.parse gives for the same JSONL lines, numbered 1..n, over several row groups', async () => {
  await ready;
  const progress: number[] = [];
  const reading = readJsonl(zstd, { onProgress: (done) => progress.push(done) });
  let n = 0;
  for await (const b of reading.batches) {
    for (const r of b) {
      n++;
      assert.equal(r.line, n);
      assert.equal(r.offset, n - 1, 'offset = row index');
      assert.equal(r.length, 0, 'a Parquet row has no bytes of its own');
      assert.deepEqual(r.value, JSON.parse(jsonlLine(rows[n - 1])), `row ${n}`);
    }
  }
  assert.equal(n, 5000);
  assert.equal(reading.stats.format, 'parquet');
  assert.equal(reading.stats.parsed, 5000);
  assert.equal(reading.stats.total, 5000);
  assert.equal(reading.stats.bytesRead, reading.stats.fileBytes);
  // progress once per row group (3 groups of at most 2048 rows), then the end
  assert.ok(progress.length >= 3, `progress ${progress}`);
  assert.ok(progress.every((p, i) => i === 0 || p >= progress[i - 1]));
});

test('nulls stay null (a column, a struct field, a whole list) as in the JSONL rows', async () => {
  await ready;
  const { recs } = await readAll(zstd);
  const byLine = (l: number) => recs[l - 1].value as Record<string, unknown>;
  assert.equal(byLine(4).source, null); // every 4th source is null
  assert.equal(byLine(18).messages, null); // row index 17: messages null
  assert.equal((byLine(31).messages as { content: unknown }[])[1].content, null);
  assert.equal(byLine(1).score, null);
});

test('integers above 2^53: analysed as JSON.parse reads them, read back and shown with every digit', async () => {
  await ready;
  const { recs } = await readAll(zstd);
  // row 1: 2^53 + 1 — the analysis value is what JSON.parse makes of the JSONL line (the nearest double)
  assert.equal((recs[0].value as { big: number }).big, JSON.parse(`${BIG}`));
  // read back by row number: the canonical JSON keeps the exact digits, rows 1 and 2 differ only there
  const one = await readParquetRowJson(zstd, 1);
  const two = await readParquetRowJson(zstd, 2);
  assert.ok(one!.includes(`"big":${BIG}`), one!);
  assert.ok(two!.includes(`"big":${BIG + 2n}`), two!);
  assert.equal(one, jsonlLine(rows[0]), 'canonical JSON = the JSONL line of the same row');
  assert.equal(await readParquetRowJson(zstd, 5001), null, 'past the end');
});

test('read-back by row number: any order, each row group decoded once, the row the reader numbered', async () => {
  await ready;
  const got = new Map<number, string>();
  await readParquetRows(zstd, [4999, 2, 2049, 2048, 1, 7000], (line, row) => {
    got.set(line, canonicalRowJson(row));
  });
  assert.deepEqual([...got.keys()], [1, 2, 2048, 2049, 4999]);
  for (const [line, json] of got) assert.equal(json, jsonlLine(rows[line - 1]), `row ${line}`);
});

test("the row viewer's read-back (readRowText) shows a Parquet row by row number as canonical JSON, capped", async () => {
  await ready;
  const row = await readRowText(zstd, 2050, 1 << 20);
  assert.deepEqual(row, { text: jsonlLine(rows[2049]), truncated: false });
  const cut = await readRowText(zstd, 2050, 20);
  assert.equal(cut?.truncated, true);
  assert.equal(cut?.text, jsonlLine(rows[2049]).slice(0, 20));
  assert.equal(await readRowText(zstd, 5001, 1 << 20), null);
});

test('a second writer (hyparquet-writer, snappy, row groups of 7): rows, nulls and big integers', async () => {
  const path = join(dir, 'flat.parquet');
  const flat = Array.from({ length: 30 }, (_, i) => ({
    text: i === 3 ? null : `row ${i}`,
    source: i % 2 ? 'a' : null,
    big: i === 5 ? null : BIG + BigInt(i),
  }));
  hyparquetFlat(path, flat, 'SNAPPY', 7);
  const { recs, batches } = await readAll(path);
  assert.equal(recs.length, 30);
  assert.ok(batches >= 5, 'one batch per row group at least');
  assert.deepEqual(recs[3].value, { text: null, source: 'a', big: Number(BIG + 3n) });
  assert.deepEqual(recs[5].value, { text: 'row 5', source: 'a', big: null });
  assert.equal(await readParquetRowJson(path, 8), `{"text":"row 7","source":"a","big":${BIG + 7n}}`);
});

/** The ReaderError the read of `path` ends with. */
async function readError(path: string): Promise<ReaderError> {
  try {
    await readAll(path);
  } catch (err) {
    assert.ok(err instanceof ReaderError, String(err));
    return err;
  }
  assert.fail('the read did not fail');
}

test('a truncated Parquet file: one clear error naming the file', async () => {
  await ready;
  const whole = readFileSync(zstd);
  const cut = join(dir, 'cut.parquet');
  writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
  const err = await readError(cut);
  assert.equal(err.reason, 'notParquet');
  assert.ok(err.message.startsWith(`${cut}: `), err.message);
  assert.match(err.message, /truncated or corrupt/);
});

test('a bad magic number at the end, or a footer that does not parse: one clear error naming the file', async () => {
  await ready;
  const whole = readFileSync(zstd);
  const badTail = join(dir, 'badtail.parquet');
  writeFileSync(badTail, Buffer.concat([whole.subarray(0, whole.length - 4), Buffer.from('PARX')]));
  const e1 = await readError(badTail);
  assert.equal(e1.reason, 'notParquet');
  assert.match(e1.message, /does not end with the PAR1 footer/);

  // the footer length says more bytes than the file has
  const badLength = join(dir, 'badlength.parquet');
  const copy = Buffer.from(whole);
  copy.writeUInt32LE(0x7fffffff, copy.length - 8);
  writeFileSync(badLength, copy);
  const e2 = await readError(badLength);
  assert.equal(e2.reason, 'notParquet');
  assert.ok(e2.message.startsWith(`${badLength}: Parquet footer cannot be read`), e2.message);

  // footer bytes overwritten with garbage
  const garbage = join(dir, 'garbage.parquet');
  const g = Buffer.from(whole);
  const len = g.readUInt32LE(g.length - 8);
  g.fill(0xff, g.length - 8 - len, g.length - 8);
  writeFileSync(garbage, g);
  const e3 = await readError(garbage);
  assert.equal(e3.reason, 'notParquet');
  assert.ok(e3.message.startsWith(`${garbage}: `), e3.message);
});

test('an unsupported codec (LZO): one clear error naming the file, the column and the codec, before any row', async () => {
  const path = join(dir, 'lzo.parquet');
  hyparquetFlat(path, [{ text: 'a', source: 'b', big: 1n }], 'UNCOMPRESSED', 10);
  // ColumnMetaData in the footer (thrift compact): path_in_schema ["text"] then field 4 codec (i32, zigzag 0 → LZO 3 = 6)
  const buf = readFileSync(path);
  const marker = Buffer.from([0x04, ...Buffer.from('text'), 0x15, 0x00]);
  const at = buf.lastIndexOf(marker);
  assert.ok(at > 0, 'codec field found');
  buf[at + marker.length - 1] = 0x06;
  writeFileSync(path, buf);
  const err = await readError(path);
  assert.equal(err.reason, 'unsupportedCompression');
  assert.ok(err.message.startsWith(`${path}: Parquet column text`), err.message);
  assert.match(err.message, /LZO, which is not supported/);
});

test('byte ranges do not apply to Parquet: a ranged read refuses it', async () => {
  await ready;
  const reading = readJsonl(zstd, { start: 10, end: 100 });
  await assert.rejects(
    (async () => {
      for await (const _ of reading.batches) void _;
    })(),
    (err: unknown) => err instanceof ReaderError && err.reason === 'unsupportedRange',
  );
});
