// Property-based fuzzing of the readers' pure parts (issue #15 item 8): the line scanner, the JSON-array scanner, the
// line decoder, the sniffers and the in-memory chunk reader (readJsonlBytes, what a chunk worker of a .gz/.zst file
// runs), on random bytes, JSON-flavoured junk and hostile JSONL, fed in random pieces. Each case runs in the fuzz
// sandbox (a worker, 5 s per case): nothing throws, nothing hangs, the pieces never change the result, and the
// line scanner agrees with a naive split on `\n`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { fileSandbox, fuzzProperty, fuzzDir } from '../helpers/fuzzSandbox.ts';
import { anyContent, cuts, hostileArray, jsonishBytes, randomBytes } from '../helpers/fuzzInputs.ts';
import { assertCountsAddUp, LENIENT_REASONS, linesOf } from '../helpers/fuzzChecks.ts';
import { documentedOutcome } from '../helpers/fuzzSandbox.ts';

const sb = fileSandbox();
const dir = fuzzDir('dl-fuzz-scan-');

/** The lines of `bytes` by the reader's documented rules, computed the obvious way (the oracle). */
function naiveLines(bytes: Uint8Array, max: number): [number, number, number, string | null][] {
  const b = Buffer.from(bytes);
  const start = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const out: [number, number, number, string | null][] = [];
  let from = start;
  let line = 0;
  while (from < b.length) {
    const nl = b.indexOf(10, from);
    const end = nl === -1 ? b.length : nl;
    let len = end - from;
    if (len > 0 && b[end - 1] === 13) len--;
    out.push([++line, from, len, len > max ? null : b.subarray(from, from + len).toString('latin1')]);
    if (nl === -1) break;
    from = nl + 1;
  }
  return out;
}

test('fuzz LineScanner: any bytes in any pieces — the lines of a naive split on \\n, whatever the pieces', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      bytes: anyContent(),
      cuts,
      max: fc.oneof(fc.integer({ min: 0, max: 40 }), fc.constant(1 << 20)),
    }),
    async ({ bytes, cuts: at, max }) => {
      const o = await sb.run('scanLines', [bytes, at, max]);
      assert.ok(!o.thrown, `LineScanner threw ${o.thrown?.stack}`);
      assert.deepEqual(o.value.lines, naiveLines(bytes, max));
      assert.equal(o.value.lines.length, linesOf(bytes));
    },
    150,
  );
});

test('fuzz JsonArrayScanner: hostile arrays in any pieces — the same elements and structure error as one piece', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      bytes: fc.oneof({ weight: 3, arbitrary: hostileArray }, jsonishBytes(300)),
      cuts,
      max: fc.oneof(fc.integer({ min: 1, max: 40 }), fc.constant(1 << 20)),
    }),
    async ({ bytes, cuts: at, max }) => {
      const pieces = await sb.run('scanArray', [bytes, at, max]);
      const whole = await sb.run('scanArray', [bytes, [], max]);
      assert.ok(
        !pieces.thrown && !whole.thrown,
        `JsonArrayScanner threw ${(pieces.thrown ?? whole.thrown)?.stack}`,
      );
      assert.deepEqual(pieces.value, whole.value);
    },
    150,
  );
});

test('fuzz decodeLine and the sniffers: any bytes — a result, never an exception', async (t) => {
  await fuzzProperty(
    t,
    fc.record({
      bytes: fc.oneof(randomBytes(300), jsonishBytes(300), anyContent()),
      maxDepth: fc.integer({ min: 0, max: 50 }),
      complete: fc.boolean(),
    }),
    async ({ bytes, maxDepth, complete }) => {
      const d = await sb.run('decode', [bytes, maxDepth]);
      assert.ok(!d.thrown, `decodeLine threw ${d.thrown?.stack}`);
      const r = d.value as { kind: string; column?: number };
      if (r.kind === 'error') assert.ok(Number.isInteger(r.column) && r.column! >= 1, `column ${r.column}`);
      const s = await sb.run('sniffWindow', [bytes, complete]);
      assert.ok(!s.thrown, `a sniffer threw ${s.thrown?.stack}`);
    },
    150,
  );
});

test('fuzz readJsonlBytes (a compressed file chunk in a worker): the rows and counts readJsonl gives the same bytes', async (t) => {
  await fuzzProperty(
    t,
    fc.record({ bytes: anyContent(), max: fc.option(fc.integer({ min: 1, max: 100 }), { freq: 2 }) }),
    async ({ bytes, max }) => {
      const lim = max === null ? {} : { maxLineBytes: max };
      const mem = await sb.run('readBytes', [bytes, lim.maxLineBytes]);
      assert.ok(!mem.thrown, `readJsonlBytes threw ${mem.thrown?.stack}`);
      assertCountsAddUp(mem.value);
      // the same bytes as a plain file (when the sniffer lets the reader in, as JSONL)
      const file = path.join(dir, 'case.jsonl');
      fs.writeFileSync(file, bytes);
      const read = documentedOutcome(await sb.run('read', [file, lim]), LENIENT_REASONS);
      if (!read || read.stats.format !== 'jsonl') return;
      assert.deepEqual(mem.value.records, read.records);
      // (only the compression and the file size differ: the bytes came from memory, not a .gz on disk)
      assert.deepEqual(
        { ...mem.value.stats, compression: null, fileBytes: null },
        { ...read.stats, compression: null, fileBytes: null },
      );
    },
    100,
  );
});
