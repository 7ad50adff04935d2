// Issue #15 item 9: inputs that never end or change under the reader — a named pipe, /dev/zero, a file that grows or
// shrinks while it is read (one pass and in chunks), a gzip bomb of realistic ratio. The policy (docs/reader.md): a
// dataset is a regular file, read as it was when its read began; a pipe or a device is refused before anything opens
// it; a file that grows is read to its size at the start; a file that shrinks is an error naming it. Every test has a
// timeout: the old code hung on a pipe and read a growing file for ever.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import { gzipSync } from 'node:zlib';
import { readJsonl, ReaderError } from '../../../../src/core/reader/jsonlReader.ts';
import { openDecompressed } from '../../../../src/core/reader/decompress.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { compressedChunks } from '../../../../src/core/pipeline/compressedChunks.ts';
import { resolveDatasetFiles } from '../../../../src/core/pipeline/datasetFiles.ts';
import { readRowText } from '../../../../src/extension/panel/rowReader.ts';
import { makeTempDir, rejection } from '../../helpers/readerHelpers.ts';

const tmp = makeTempDir();
const T = { timeout: 20_000 };

const rows = (n: number, from = 0): string =>
  Array.from({ length: n }, (_, i) => `{"text":"row ${from + i} of the dataset"}\n`).join('');

function assertRefused(err: Error & Record<string, unknown>, file: string, kind: string): void {
  assert.ok(err instanceof ReaderError, String(err));
  assert.equal(err.reason, 'notRegularFile');
  assert.ok(err.message.startsWith(`${file}: is ${kind}, not a regular file`), err.message);
}

test(
  'a named pipe as input: refused, saying what it is, before anything opens it (no hang, no writer needed)',
  T,
  async () => {
    const fifo = tmp.file('pipe.jsonl', '');
    fs.rmSync(fifo);
    execFileSync('mkfifo', [fifo]);
    // no process ever writes to it: opening it for reading would block for ever
    assertRefused(await rejection(resolveDatasetFiles([fifo])), fifo, 'a named pipe');
    assertRefused(await rejection(analyzeFile(fifo)), fifo, 'a named pipe');
    const reading = readJsonl(fifo);
    assertRefused(
      await rejection(
        (async () => {
          for await (const _ of reading.records) void _;
        })(),
      ),
      fifo,
      'a named pipe',
    );
    assertRefused(await rejection(readRowText(fifo, 1, 100)), fifo, 'a named pipe');
  },
);

test('/dev/zero as input: refused as a character device, never read (no endless read)', T, async () => {
  assertRefused(await rejection(resolveDatasetFiles(['/dev/zero'])), '/dev/zero', 'a character device');
  assertRefused(await rejection(analyzeFile('/dev/zero')), '/dev/zero', 'a character device');
  const reading = readJsonl('/dev/zero', { chunkSize: 1 << 20 });
  assertRefused(
    await rejection(
      (async () => {
        for await (const _ of reading.records) void _;
      })(),
    ),
    '/dev/zero',
    'a character device',
  );
});

test(
  'a file that grows while being read (one pass): read to its size when the read began, never on and on',
  T,
  async () => {
    // (bigger than the 64 KiB the reader holds back to sniff the format, so the rows are appended while it reads)
    const file = tmp.file('grows.jsonl', rows(5000));
    const size = fs.statSync(file).size;
    const reading = readJsonl(file, { chunkSize: 64 });
    const lines: number[] = [];
    // every record read appends another row: a reader that follows the file's end never stops
    for await (const r of reading.records) {
      lines.push(r.line);
      fs.appendFileSync(file, rows(1, 1000 + lines.length));
      assert.ok(lines.length <= 5000, 'read past the size the file had when the read began');
    }
    assert.deepEqual(
      lines,
      Array.from({ length: 5000 }, (_, i) => i + 1),
    );
    assert.equal(reading.stats.fileBytes, size);
    assert.equal(reading.stats.bytesRead, size);
  },
);

test(
  'a file that grows during a chunked analysis: every chunk read to the size it was planned at',
  T,
  async () => {
    const file = tmp.file('grows-chunks.jsonl', rows(400));
    const size = fs.statSync(file).size;
    const report = await analyzeFile(
      file,
      { chunkBytes: 2048, workers: 1 },
      { onProgress: () => fs.appendFileSync(file, rows(3, 5000)) },
    );
    assert.equal(report.rows.parsed, 400);
    assert.equal(report.file.bytes, size);
  },
);

test(
  'a file that shrinks while being read: an error naming the file (never silently fewer rows), plain and gzip',
  T,
  async () => {
    // (bigger than the 64 KiB the reader holds back to sniff the format: records come before the read ends)
    const plain = tmp.file('shrinks.jsonl', rows(4000));
    const reading = readJsonl(plain, { chunkSize: 256 });
    let n = 0;
    const err = await rejection(
      (async () => {
        for await (const r of reading.records) if (++n === 1 && r.line === 1) fs.truncateSync(plain, 100_000);
      })(),
    );
    assert.ok(err instanceof ReaderError, String(err));
    assert.equal(err.reason, 'fileChanged');
    assert.match(err.message, new RegExp(`^${plain}: the file shrank while being read`));

    const gz = tmp.file('shrinks.jsonl.gz', gzipSync(rows(100_000), { level: 1 }));
    const gzSize = fs.statSync(gz).size;
    const gzReading = readJsonl(gz, { chunkSize: 256 });
    let m = 0;
    const gzErr = await rejection(
      (async () => {
        for await (const r of gzReading.records)
          if (++m === 1 && r.line === 1) fs.truncateSync(gz, Math.floor(gzSize / 2));
      })(),
    );
    assert.equal(gzErr.reason, 'fileChanged', gzErr.message);
    assert.match(gzErr.message, new RegExp(`^${gz}: the file shrank while being read`));
  },
);

test('a file that shrinks during a chunked analysis: the analysis fails naming the file', T, async () => {
  const file = tmp.file('shrinks-chunks.jsonl', rows(400));
  let cut = false;
  const err = await rejection(
    analyzeFile(
      file,
      { chunkBytes: 2048, workers: 1 },
      {
        onProgress: () => {
          if (!cut) fs.truncateSync(file, 3000);
          cut = true;
        },
      },
    ),
  );
  assert.equal(err.reason, 'fileChanged', err.message);
  assert.match(err.message, new RegExp(`^${file}: the file shrank while being read`));
});

test(
  'a gzip bomb of realistic ratio (10 GiB in ~10 MB, multi-member): the read stops at the cap, early',
  T,
  async () => {
    // one member: 16 MiB of one long JSONL row repeated (deflate's ~1000:1); 640 members concatenated = 10 GiB decompressed
    const line = `{"text":"${'a'.repeat(4083)}"}\n`;
    const member = gzipSync(Buffer.from(line.repeat((16 << 20) / line.length)), { level: 9 });
    const members = 640;
    const file = tmp.file('bomb.jsonl.gz', Buffer.concat(Array.from({ length: members }, () => member)));
    const size = fs.statSync(file).size;
    const ratio = (members * (16 << 20)) / size;
    assert.ok(ratio > 500, `ratio ${ratio.toFixed(0)}:1`);
    const cap = 32 << 20;
    const started = performance.now();
    // the reader: gzipBomb, having read a small part of the file
    const input = openDecompressed(file, 'gzip', { chunkSize: 64 * 1024, cap, size });
    let seen = 0;
    const err = await rejection(
      (async () => {
        for await (const p of input.pieces) seen += p.length;
      })(),
    );
    assert.equal(err.reason, 'gzipBomb');
    assert.ok(seen <= cap, `${seen} bytes passed the cap`);
    const read = input.compressedBytesRead();
    input.destroy();
    assert.ok(read < size / 10, `read ${read} of ${size} compressed bytes`);
    // the analysis' chunker of compressed files: the same cap, the same early stop
    const chunks = compressedChunks(file, 'gzip', 4 << 20, { maxDecompressedBytes: cap });
    const chunkErr = await rejection(
      (async () => {
        for await (const _ of chunks) void _;
      })(),
    );
    assert.equal(chunkErr.reason, 'gzipBomb');
    assert.match(chunkErr.message, new RegExp(`^${file}: decompressed size exceeds the cap of ${cap} bytes`));
    console.log(
      `gzip bomb: ${size} bytes → ${members * 16} MiB (${ratio.toFixed(0)}:1), stopped after ${read} compressed bytes, ${(performance.now() - started).toFixed(0)} ms`,
    );
  },
);
