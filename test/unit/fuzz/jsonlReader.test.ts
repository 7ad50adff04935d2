// Property-based fuzzing of the JSONL reader (issue #15 item 8): readJsonl on files of random bytes, JSON-flavoured
// junk and valid rows spliced with truncated lines, deep nesting, BOM / CRLF / NUL mixes. Each case runs in the fuzz
// sandbox (a worker, 5 s per case): only documented errors escape, the counts add up, and the same bytes read the same
// with any read size, in byte ranges (the parallel analysis), in strict mode and when aborted. Seeds: fuzzSandbox.ts.
import { test } from 'node:test';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { anyContent, deepLine, hostileJsonl, limits } from '../helpers/fuzzInputs.ts';
import { checkPlainFile, variationArb } from '../helpers/fuzzChecks.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-jsonl-');

const variation = variationArb;

/** Writes the case's bytes to the one case file (cases run one at a time). */
function caseFile(bytes: Uint8Array, name = 'case.jsonl'): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, bytes);
  return file;
}

test('fuzz readJsonl: any bytes — only documented errors, counts add up, same result at every read size and byte range', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ bytes: anyContent(), lim: limits, v: variation }),
    async ({ bytes, lim, v }) => {
      await checkPlainFile(sb, caseFile(bytes), bytes, lim, v);
    },
    120,
  );
});

test('fuzz readJsonl: lines around the depth limit and far beyond it (no stack overflow, tooDeep counted)', async (t) => {
  await fuzzProperty(
    t,
    fc.integer({ min: 1, max: 40 }).chain((maxDepth) =>
      fc.record({
        maxDepth: fc.constant(maxDepth),
        lines: fc.array(deepLine(maxDepth), { minLength: 1, maxLength: 6 }),
        v: variation,
      }),
    ),
    async ({ maxDepth, lines, v }) => {
      const bytes = Buffer.from(lines.join('\n'));
      await checkPlainFile(sb, caseFile(bytes), bytes, { maxDepth }, v);
    },
    40,
  );
});

test('fuzz readJsonl: a hostile JSONL file with a tiny maxLineBytes (tooLong lines across read pieces)', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ bytes: hostileJsonl(), maxLineBytes: fc.integer({ min: 1, max: 64 }), v: variation }),
    async ({ bytes, maxLineBytes, v }) => {
      await checkPlainFile(sb, caseFile(bytes), bytes, { maxLineBytes }, v);
    },
    40,
  );
});
