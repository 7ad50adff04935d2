// zstd (.jsonl.zst, issue #14 item 3): read by the line reader with fzstd, streamed; the same records and counts as
// the plain file; the decompression cap and a truncated stream fail naming the file; the name does not matter.
// Fixtures are compressed by DuckDB (helpers/zstdFixture.ts), an independent zstd writer.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import { readJsonl, readLineBytes, ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import { openDecompressed, ZSTD_SLICE_BYTES } from '../../../../src/core/reader/decompress.ts';
import * as reader from '../../helpers/readerHelpers.ts';
import { writeZstd } from '../../helpers/zstdFixture.ts';
import { plainCorpus } from '../../helpers/corpora.ts';

const tmp = reader.makeTempDir();

const TEXT = `\ufeff${plainCorpus(5, 400).join('\n')}\n\n{"t":"é 😀"}\n`;

test('zstd: the same records and counts as the plain file, whatever the name (.zst or a lying .jsonl)', async () => {
  const plain = tmp.file('p.jsonl', Buffer.from(TEXT));
  const want = await reader.readAll(plain);
  for (const name of ['z.jsonl.zst', 'z-named.jsonl']) {
    const file = await writeZstd(tmp.file(name, ''), TEXT);
    assert.ok(fs.statSync(file).size < fs.statSync(plain).size / 2, 'really compressed');
    const got = await reader.readAll(file, { chunkSize: 1000 });
    assert.deepEqual(got.records, want.records, name);
    assert.deepEqual(
      { ...got.stats, compression: 'none', fileBytes: 0 },
      { ...want.stats, fileBytes: 0 },
      `${name}: stats equal except compression and the size on disk`,
    );
    assert.equal(got.stats.compression, 'zstd');
    assert.equal(got.stats.fileBytes, fs.statSync(file).size);
    assert.equal(await readLineBytes(file, 0, 5), null, 'no random access into a compressed file');
  }
});

test('zstd: two concatenated frames are one stream', async () => {
  const a = fs.readFileSync(await writeZstd(tmp.file('a.zst', ''), '{"n":1}\n{"n":2}\n'));
  const b = fs.readFileSync(await writeZstd(tmp.file('b.zst', ''), '{"n":3}\n'));
  await reader.assertOneStream(tmp.file('ab.jsonl.zst', Buffer.concat([a, b])), 'n');
});

test('zstd: a decompressed size over the cap throws zstdBomb, naming the file', async () => {
  const text = '{"a":1}\n'.repeat(1000); // 8000 bytes decompressed
  const file = await writeZstd(tmp.file('bomb.jsonl.zst', ''), text);
  const err = await reader.readerFailure(file, 'zstdBomb', { maxDecompressedBytes: 5000 });
  assert.equal(err.message, `${file}: decompressed size exceeds the cap of 5000 bytes — possible zstd bomb`);
  assert.equal((await reader.readAll(file, { maxDecompressedBytes: 8000 })).stats.parsed, 1000);
});

test('zstd: a bomb is stopped within one slice of output, not after decompressing it whole', async () => {
  // 40 MB of one repeated byte compresses to ~1 KiB of 4-byte RLE blocks (128 KiB each): with a 1 MB cap the read
  // must stop after the first 512 compressed bytes it reads, never decompress the 40 MB
  const file = await writeZstd(tmp.file('rle.zst', ''), 'x'.repeat(40_000_000) + '\n');
  const size = fs.statSync(file).size;
  assert.ok(size > 1024 && size < 64 * 1024, `${size} bytes`);
  const input = openDecompressed(file, 'zstd', { chunkSize: 512, cap: 1_000_000 });
  let seen = 0;
  const err = await reader.rejection(
    (async () => {
      for await (const p of input.pieces) seen += p.length;
    })(),
  );
  assert.equal(err.reason, 'zstdBomb');
  assert.ok(seen <= 1_000_000, `${seen} bytes passed the cap`);
  assert.ok(
    input.compressedBytesRead() <= 512 + ZSTD_SLICE_BYTES,
    `read ${input.compressedBytesRead()} of ${size}`,
  );
});

test('zstd: a truncated stream throws zstdError naming the file (never fewer rows), at any cut', async () => {
  const full = fs.readFileSync(
    await writeZstd(tmp.file('full.zst', ''), `${plainCorpus(9, 300).join('\n')}\n`),
  );
  for (const keep of [5, 20, Math.floor(full.length / 2), full.length - 1]) {
    const file = tmp.file(`cut-${keep}.jsonl.zst`, full.subarray(0, keep));
    const err = await reader.rejection(reader.readAll(file));
    assert.ok(err instanceof ReaderError, `cut at ${keep}: ${String(err)}`);
    assert.equal(err.reason, 'zstdError', `cut at ${keep}`);
    assert.ok(err.message.startsWith(`${file}: zstd data is corrupt or truncated`), err.message);
  }
  const garbage = tmp.file('garbage.jsonl.zst', Buffer.from([0x28, 0xb5, 0x2f, 0xfd, 0, 0, 0]));
  assert.equal((await reader.rejection(reader.readAll(garbage))).reason, 'zstdError');
});

test('zstd: progress counts compressed bytes up to the file size; byte ranges are refused', async () => {
  const file = await writeZstd(tmp.file('prog.jsonl.zst', ''), TEXT);
  const calls: [number, number][] = [];
  await reader.readAll(file, { chunkSize: 512, onProgress: (d, t) => calls.push([d, t]) });
  const size = fs.statSync(file).size;
  assert.deepEqual(calls.at(-1), [size, size]);
  assert.ok(calls.every(([d, t]) => t === size && d <= size));
  const err = await reader.rejection(reader.readAll(file, { start: 10 }));
  assert.equal(err.reason, 'unsupportedRange');
  assert.match((err as Error).message, /not supported on zstd files/);
});

test('zstd: an aborted read stops with AbortError', async () => {
  const file = await writeZstd(tmp.file('abort.jsonl.zst', ''), TEXT);
  const ac = new AbortController();
  const reading = readJsonl(file, { signal: ac.signal, chunkSize: 256 });
  const err = await reader.rejection(
    (async () => {
      for await (const batch of reading.batches) if (batch.length > 0) ac.abort();
    })(),
  );
  assert.equal((err as Error).name, 'AbortError');
});
