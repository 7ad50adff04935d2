// Property-based fuzzing of the whole analysis (issue #15 item 8): analyzeFile on small hostile files — JSONL spliced
// with junk, JSON arrays, random bytes, gzip — in one pass, in chunks (the parallel analysis's cut, in this thread) and
// in strict mode. Each case runs in the fuzz sandbox (a worker, 5 s per case): only documented errors escape, no
// hang, the report's row counts are the reader's, and the chunked figures (rows, tokens, exact duplicates) are the
// one-pass figures.
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { anyContent, hostileArray, hostileJsonl } from '../helpers/fuzzInputs.ts';
import { checkAnalysis } from '../helpers/fuzzChecks.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-analyze-');

test('fuzz analyzeFile: hostile small files — documented errors only, rows = the reader, chunked = one pass', async (t) => {
  // the tokenizer and the modules load once, outside the timed cases
  const warm = path.join(dir, 'warm.jsonl');
  fs.writeFileSync(warm, '{"text":"warm up"}\n');
  await sb.run('warm', [warm], 60_000);
  await fuzzProperty(
    t,
    fc.record({
      bytes: fc.oneof({ weight: 4, arbitrary: hostileJsonl() }, hostileArray, anyContent()),
      gzip: fc.oneof({ weight: 3, arbitrary: fc.constant(false) }, fc.constant(true)),
      chunkBytes: fc.integer({ min: 16, max: 2000 }),
    }),
    async ({ bytes, gzip, chunkBytes }) => {
      const file = path.join(dir, gzip ? 'case.jsonl.gz' : 'case.jsonl');
      fs.writeFileSync(file, gzip ? zlib.gzipSync(bytes) : bytes);
      const read = await sb.run('read', [file, {}]);
      await checkAnalysis(sb, file, read, chunkBytes);
    },
    40,
  );
});
