// Property-based fuzzing of the JSON-array reading (issue #15 item 8): `[…]` files of valid, junk, deep and missing
// elements, compact or pretty-printed, with a BOM, broken closings and cut at random points, plain and gzipped. Each
// case runs in the fuzz sandbox (a worker, 5 s per case): only documented errors escape (arrayStructure…, never the
// scanner's own), the counts add up, the same result at every read size, strict mode stops at lenient mode's first
// bad element, and the panel's element locator finds the rows where the reader found them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import zlib from 'node:zlib';
import fc from 'fast-check';
import { documentedOutcome, fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { hostileArray, limits } from '../helpers/fuzzInputs.ts';
import { checkCompressedFile, checkPlainFile, LENIENT_REASONS, variationArb } from '../helpers/fuzzChecks.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-array-');

const variation = variationArb;

test('fuzz JSON array: hostile arrays — documented errors only, counts add up, same result at every read size', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ bytes: hostileArray, lim: limits, v: variation }),
    async ({ bytes, lim, v }) => {
      const file = path.join(dir, 'case.json');
      fs.writeFileSync(file, bytes);
      await checkPlainFile(sb, file, bytes, lim, v);
    },
    100,
  );
});

test('fuzz JSON array, gzipped: the same rows as the plain file, the chunker never used on an array', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ bytes: hostileArray, v: variation }),
    async ({ bytes, v }) => {
      const plainFile = path.join(dir, 'plain.json');
      fs.writeFileSync(plainFile, bytes);
      const plain = documentedOutcome(await sb.run('read', [plainFile, {}]), LENIENT_REASONS);
      const file = path.join(dir, 'case.json.gz');
      fs.writeFileSync(file, zlib.gzipSync(bytes));
      const read = await checkCompressedFile(sb, file, v, async () => plain);
      assert.deepEqual(read?.records, plain?.records, 'the gzipped array has the rows of the plain one');
    },
    40,
  );
});
