// The replay of every counterexample the fuzz tests found (issue #15 item 8): each file in test/unit/fixtures/fuzz/
// is a shrunk input that once broke a reader, named by what it hit. Every fixture is run through every check that
// applies to its bytes — the plain, compressed or Parquet reader at many read sizes and byte ranges, strict mode,
// abort, the pure scanners in 1-byte pieces, and the whole analysis — in the fuzz sandbox (a worker, 5 s per case),
// so a fixed bug that comes back fails here by name. Limits a fixture needs are in its name: `.maxDepth-3`,
// `.maxLineBytes-12`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { fileSandbox } from '../helpers/fuzzSandbox.ts';
import type { Limits } from '../helpers/fuzzInputs.ts';
import {
  checkAnalysis,
  checkCompressedFile,
  checkParquetFile,
  checkPlainFile,
  linesOf,
} from '../helpers/fuzzChecks.ts';

const sb = fileSandbox();
const FIXTURES = fileURLToPath(new URL('../fixtures/fuzz/', import.meta.url));

/** The fixture files (every file of the folder but its README). */
const fixtures = fs
  .readdirSync(FIXTURES)
  .filter((f) => f !== 'README.md')
  .sort();

/** The reader limits written in a fixture's name (`.maxDepth-3`, `.maxLineBytes-12`). */
function limitsOf(name: string): Limits {
  const lim: Limits = {};
  for (const m of name.matchAll(/\.(maxDepth|maxLineBytes)-(\d+)/g)) lim[m[1] as keyof Limits] = Number(m[2]);
  return lim;
}

test('fuzz fixtures: the folder holds the shrunk counterexamples', () => {
  assert.ok(fixtures.length > 0, `no fixture in ${FIXTURES}`);
});

for (const name of fixtures) {
  test(`fuzz fixture ${name}: every reader check and the analysis hold`, async () => {
    const file = path.join(FIXTURES, name);
    const bytes = fs.readFileSync(file);
    const lim = limitsOf(name);
    const head = bytes.subarray(0, 4);
    if (head.equals(Buffer.from('PAR1'))) {
      await checkParquetFile(sb, file, null);
    } else if ((head[0] === 0x1f && head[1] === 0x8b) || head.equals(Buffer.from([0x28, 0xb5, 0x2f, 0xfd]))) {
      for (const chunkSize of [1, 7, 4096])
        await checkCompressedFile(sb, file, { chunkSizes: [chunkSize], chunkBytes: 7, abortAfter: 1 }, null);
    } else {
      for (const limits of [lim, {}])
        for (const [chunkSize, chunkBytes, abortAfter] of [
          [1, 1, 0],
          [2, 7, 1],
          [3, 64, 2],
          [64, 4096, 1],
        ])
          await checkPlainFile(sb, file, bytes, limits, { chunkSizes: [chunkSize], chunkBytes, abortAfter });
      // the pure scanners, fed one byte at a time
      const every = Array.from({ length: bytes.length }, (_, i) => i);
      const lines = await sb.run('scanLines', [bytes, every, lim.maxLineBytes ?? 1 << 20]);
      assert.equal(lines.value?.lines.length, linesOf(bytes), `LineScanner: ${lines.thrown?.stack}`);
      const pieces = await sb.run('scanArray', [bytes, every, 1 << 20]);
      const whole = await sb.run('scanArray', [bytes, [], 1 << 20]);
      assert.deepEqual(pieces, whole, 'JsonArrayScanner: 1-byte pieces = one piece');
    }
    await checkAnalysis(sb, file, await sb.run('read', [file, {}]), 7);
  });
}
