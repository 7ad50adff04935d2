// zstd and lying names through the whole analysis (issue #14 items 3 and 6): the same rows as .jsonl.zst give the
// report of the plain file (JSON equal except the file block and timing) in one pass, and in chunks with 1 and 2
// workers (the same report as the same rows gzipped); a whole .zst partial merges to analyze; a truncated stream
// fails naming the file in both paths; a file whose name lies is read as what it is, or named.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import type { ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';
import { compressedChunks } from '../../../../src/core/pipeline/compressedChunks.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../../src/core/pipeline/mergePartials.ts';
import { openPartialFile } from '../../../../src/core/pipeline/partialFile.ts';
import { ReaderError } from '../../../../src/core/reader/readerError.ts';
import { plainCorpus } from '../../helpers/corpora.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));
const chunkWorker: ChunkWorkerScript = {
  script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
  eval: true,
};

const dir = tempDir('dl-zstd-');
const TEXT = `${plainCorpus(41, 900).join('\n')}\n`;
const plain = path.join(dir, 'data.jsonl');
fs.writeFileSync(plain, TEXT);
const gz = path.join(dir, 'data.jsonl.gz');
fs.writeFileSync(gz, gzipSync(TEXT));
const zst = writeZstd(path.join(dir, 'data.jsonl.zst'), TEXT);
const options = { groupBy: ['source'] };

/**
 * The report without what differs by construction: the file block and timing, and the clusters' representative
 * texts (read back by byte offset, which a compressed file does not allow: absent for .gz and .zst alike).
 */
const figures = (r: AnalysisReport) =>
  JSON.parse(
    JSON.stringify({ ...r, file: null, timing: null }, (k, v: unknown) =>
      k === 'representativeText' ? undefined : v,
    ),
  );

test('zstd, one pass: the same figures as the plain file; file.compression is zstd', async () => {
  const want = await analyzeFile(plain, options);
  const got = await analyzeFile(await zst, options);
  assert.equal(got.timing.chunks ?? 0, 0, 'one pass');
  assert.deepEqual(got.file, {
    path: await zst,
    bytes: fs.statSync(await zst).size,
    compression: 'zstd',
    format: 'jsonl',
  });
  assert.ok(
    want.duplicates.exact.rows > 0 && want.rows.malformed > 0,
    'the corpus has duplicates and bad lines',
  );
  assert.deepEqual(figures(got), figures(want));
});

test('zstd, chunked: --workers 1 = --workers 2 = in-thread = the same rows gzipped', async () => {
  const o = { ...options, chunkBytes: 8 * 1024 };
  const gzipped = await analyzeFile(gz, o);
  assert.ok((gzipped.timing.chunks ?? 0) > 3, `expected several chunks, got ${gzipped.timing.chunks}`);
  const want = figures(gzipped);
  const inThread = await analyzeFile(await zst, o);
  assert.equal(inThread.timing.chunks, gzipped.timing.chunks);
  assert.equal(inThread.file.compression, 'zstd');
  assert.deepEqual(figures(inThread), want, 'in-thread');
  for (const workers of [1, 2]) {
    const got = await analyzeFile(await zst, { ...o, workers }, { chunkWorker });
    assert.equal(got.timing.workers, workers);
    assert.equal(got.file.compression, 'zstd');
    assert.deepEqual(figures(got), want, `--workers ${workers}`);
  }
});

test('zstd: a whole-file partial merges to the report analyze gives; a byte range is refused', async () => {
  const o = { chunkBytes: 8 * 1024 };
  const out = path.join(dir, 'zst.dlpart');
  await writeAnalysisPartial(await zst, o, { out });
  assert.equal((await openPartialFile(out)).header.input.compression, 'zstd');
  const merged = await mergePartialFiles([out]);
  const single = await analyzeFile(await zst, o);
  assert.ok((single.timing.chunks ?? 0) > 1);
  const comparable = (r: object): unknown =>
    JSON.parse(JSON.stringify(r, (k, v: unknown) => (k === 'timing' || k === 'partials' ? undefined : v)));
  assert.deepEqual(comparable(merged), comparable(single));
  await assert.rejects(
    writeAnalysisPartial(await zst, o, { out, range: { start: 0, end: 100 } }),
    /is zstd-compressed/,
  );
});

test('zstd: a truncated stream fails naming the file, in one pass and in chunks; the chunker has the cap', async () => {
  const full = fs.readFileSync(await zst);
  const cut = path.join(dir, 'cut.jsonl.zst');
  fs.writeFileSync(cut, full.subarray(0, Math.floor(full.length * 0.7)));
  for (const o of [{}, { chunkBytes: 8 * 1024 }]) {
    await assert.rejects(analyzeFile(cut, o), (err: unknown) => {
      assert.ok(err instanceof ReaderError, String(err));
      assert.equal(err.reason, 'zstdError');
      assert.ok(err.message.startsWith(`${cut}: zstd data is corrupt or truncated`), err.message);
      return true;
    });
  }
  await assert.rejects(
    (async () => {
      const chunks = compressedChunks(await zst, 'zstd', 4096, { maxDecompressedBytes: 20_000 });
      for await (const c of chunks) assert.ok(c.bytes.length > 0);
    })(),
    (err: unknown) => err instanceof ReaderError && err.reason === 'zstdBomb',
  );
});

test('a name that lies: zstd or gzip named .jsonl is read; Parquet or a JSON array named .jsonl is read as what it is', async () => {
  const want = figures(await analyzeFile(plain, options));
  const zstNamed = path.join(dir, 'really-zstd.jsonl');
  fs.copyFileSync(await zst, zstNamed);
  const gzNamed = path.join(dir, 'really-gzip.jsonl');
  fs.copyFileSync(gz, gzNamed);
  for (const [file, compression] of [
    [zstNamed, 'zstd'],
    [gzNamed, 'gzip'],
  ]) {
    const got = await analyzeFile(file, options);
    assert.equal(got.file.compression, compression, file);
    assert.deepEqual(figures(got), want, file);
  }
  // a Parquet file named .jsonl is read as Parquet: this one is garbage between its magic numbers, so the Parquet
  // reader's error names it
  const parquet = path.join(dir, 'really-parquet.jsonl');
  fs.writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(64, 7), Buffer.from('PAR1')]));
  await assert.rejects(analyzeFile(parquet), (err: unknown) => {
    assert.ok(err instanceof ReaderError);
    assert.equal(err.reason, 'notParquet');
    assert.ok(err.message.startsWith(`${parquet}: `), err.message);
    return true;
  });
  // a JSON array named .jsonl (plain, one line, zstd) is read as the array it is: the same rows, the same counts
  const rows = TEXT.trim()
    .split('\n')
    .filter((l) => l.startsWith('{"text":"'))
    .map((l) => JSON.parse(l));
  const zstArray = await writeZstd(path.join(dir, 'array.json.zst'), `${JSON.stringify(rows, null, 1)}\n`);
  for (const file of [
    path.join(dir, 'pretty-array.jsonl'),
    path.join(dir, 'one-line-array.jsonl'),
    zstArray,
  ]) {
    if (!file.endsWith('.zst'))
      fs.writeFileSync(file, file.includes('pretty') ? JSON.stringify(rows, null, 2) : JSON.stringify(rows));
    const got = await analyzeFile(file, options);
    assert.equal(got.file.format, 'json-array', file);
    assert.equal(got.rows.parsed, rows.length, file);
    assert.equal(got.tokens.total, want.tokens.total, file);
  }
  // a JSONL file whose first row is an array stays JSONL (one non-object line)
  const firstArray = path.join(dir, 'first-array.jsonl');
  fs.writeFileSync(firstArray, `[1,2,3]\n${TEXT}`);
  const r = await analyzeFile(firstArray, options);
  assert.equal(r.rows.parsed, JSON.parse(JSON.stringify(want)).rows.parsed);
  assert.equal(r.rows.malformed, want.rows.malformed + 1);
});
