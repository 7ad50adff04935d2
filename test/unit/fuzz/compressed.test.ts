// Property-based fuzzing of the gzip and zstd reading (issue #15 item 8): valid .gz / .zst files of hostile JSONL,
// then truncated, bit-flipped, with bytes set, deleted, inserted or appended at random offsets. Each case runs in the
// fuzz sandbox (a worker, 5 s per case): only documented errors escape (gzipError / zstdError…, never a zlib or fzstd
// error of its own), no hang, the same result at every read size, the parallel analysis's chunker (compressedChunks)
// agrees with the line reader, and a file that still decompresses has the rows of its content.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { decompress } from 'fzstd';
import { documentedOutcome, fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { hostileJsonl, mutate, mutations, validRow } from '../helpers/fuzzInputs.ts';
import { checkCompressedFile, LENIENT_REASONS, type Variation } from '../helpers/fuzzChecks.ts';
import type { ReadSummary } from '../helpers/fuzzOps.ts';
import { plainCorpus } from '../helpers/corpora.ts';
import { writeZstd } from '../helpers/zstdFixture.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-compressed-');

const variation: fc.Arbitrary<Variation> = fc.record({
  chunkSizes: fc.array(fc.integer({ min: 1, max: 5000 }), { minLength: 1, maxLength: 2 }),
  chunkBytes: fc.integer({ min: 1, max: 4000 }),
  abortAfter: fc.integer({ min: 0, max: 3 }),
});

/** The plain read of `content` (what a still-decompressing file must give), or null when it is not readable JSONL. */
async function plainRead(content: Uint8Array): Promise<ReadSummary | null> {
  const file = path.join(dir, 'plain.jsonl');
  fs.writeFileSync(file, content);
  const o = await sb.run('read', [file, {}]);
  return documentedOutcome(o, LENIENT_REASONS);
}

test('fuzz gzip: hostile JSONL, gzipped then damaged — documented errors only, chunker = reader, intact rows kept', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      content: fc.oneof(
        hostileJsonl(),
        fc.array(validRow, { maxLength: 60 }).map((rows) => Buffer.from(rows.join('\n'))),
      ),
      level: fc.integer({ min: 0, max: 9 }),
      members: fc.integer({ min: 1, max: 3 }),
      damage: mutations(),
      v: variation,
    }),
    async ({ content, level, members, damage, v }) => {
      // a file of several gzip members (concatenated .gz files) is one stream
      const third = Math.ceil(content.length / members);
      const parts: Buffer[] = [];
      for (let i = 0; i < members; i++)
        parts.push(zlib.gzipSync(content.subarray(i * third, (i + 1) * third), { level }));
      const file = path.join(dir, 'case.jsonl.gz');
      const gz = mutate(Buffer.concat(parts), damage);
      fs.writeFileSync(file, gz);
      // the oracle: node's one-shot gunzip of the same bytes, read as a plain file
      const read = await checkCompressedFile(sb, file, v, () => plainRead(zlib.gunzipSync(gz)));
      if (damage.length === 0 && (await plainRead(content)))
        assert.ok(read, 'an intact .gz of readable JSONL reads');
    },
    60,
  );
});

/** zstd files written by DuckDB (an independent compressor): compressible rows, a few short rows, two frames. */
const zstdSeeds: { bytes: Buffer; content: Buffer }[] = [];

before(async () => {
  const contents = [
    Buffer.from(`${plainCorpus(7, 150).join('\n')}\n`),
    Buffer.from('{"text":"a"}\n{"text":"b"}\n\n{"text": broken\n'),
    Buffer.from(`${plainCorpus(8, 40).join('\r\n')}\r\n`),
  ];
  for (const [i, content] of contents.entries()) {
    const file = await writeZstd(path.join(dir, `seed${i}.zst`), content);
    zstdSeeds.push({ bytes: fs.readFileSync(file), content });
  }
});

test('fuzz zstd: real zstd frames truncated, bit-flipped and spliced — documented errors only, chunker = reader', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      seeds: fc.array(fc.nat({ max: 2 }), { minLength: 1, maxLength: 2 }),
      damage: mutations(),
      v: variation,
    }),
    async ({ seeds, damage, v }) => {
      const file = path.join(dir, 'case.jsonl.zst');
      const zst = mutate(Buffer.concat(seeds.map((s) => zstdSeeds[s].bytes)), damage);
      fs.writeFileSync(file, zst);
      // the oracle: the content itself when intact, else fzstd's one-shot decompression of the same bytes (the
      // reader streams them in slices), read as a plain file
      const content = Buffer.concat(seeds.map((s) => zstdSeeds[s].content));
      const expected = () => plainRead(damage.length === 0 ? content : decompress(zst));
      const read = await checkCompressedFile(sb, file, v, expected);
      if (damage.length === 0) assert.ok(read, 'intact zstd frames read');
    },
    80,
  );
});
