// The .dlpart file (src/core/pipeline/partialFile.ts): written atomically, read back record by record, and every
// truncated, corrupt, foreign or other-version file refused with its name before anything is merged.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../../src/core/pipeline/mergePartials.ts';
import {
  openPartialFile,
  readPartialRecords,
  PARTIAL_FILE_VERSION,
} from '../../../../src/core/pipeline/partialFile.ts';
import { rebaseChunkPartial } from '../../../../src/core/pipeline/partialRebase.ts';
import type { ChunkPartial } from '../../../../src/core/pipeline/chunkAnalysis.ts';
import { plainCorpus } from '../../helpers/corpora.ts';
import { tempDir } from '../../helpers/tempDir.ts';

async function onePartial(): Promise<{ dir: string; file: string; part: string }> {
  const dir = tempDir('dl-part-');
  const file = path.join(dir, 'data.jsonl');
  fs.writeFileSync(file, plainCorpus(5, 300).join('\n') + '\n');
  const part = path.join(dir, 'all.dlpart');
  await writeAnalysisPartial(file, { chunkBytes: 8192 }, { out: part });
  return { dir, file, part };
}

test('a partial file reads back: header, trailer, the sample, then the chunks in order', async () => {
  const { file, part, dir } = await onePartial();
  const pf = await openPartialFile(part);
  assert.equal(pf.header.format, 'diversity-lens-partial');
  assert.equal(pf.header.formatVersion, PARTIAL_FILE_VERSION);
  assert.equal(pf.header.input.path, path.resolve(file));
  assert.equal(pf.header.input.bytes, fs.statSync(file).size);
  assert.deepEqual(pf.header.range, { start: 0, end: fs.statSync(file).size });
  assert.equal(pf.header.options.nearThreshold, 0.8);
  assert.equal(pf.header.options.chunkBytes, 8192);
  const kinds: string[] = [];
  const starts: number[] = [];
  for await (const r of readPartialRecords(pf)) {
    kinds.push(r.kind);
    if (r.kind === 'chunk') starts.push(r.partial.chunk.start);
    else assert.equal(r.sample.length, 200);
  }
  assert.equal(kinds[0], 'sample');
  assert.equal(kinds.length, 1 + pf.trailer.chunks);
  assert.deepEqual(
    starts,
    [...starts].sort((a, b) => a - b),
  );
  assert.ok(pf.trailer.chunks > 3);
  // nothing but the partial in the folder: the temporary file was renamed into place
  assert.deepEqual(fs.readdirSync(dir).sort(), ['all.dlpart', 'data.jsonl']);
});

test('a truncated partial is refused with its name (and merge refuses it too)', async () => {
  const { part } = await onePartial();
  const cut = part.replace('.dlpart', '-cut.dlpart');
  const bytes = fs.readFileSync(part);
  fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
  await assert.rejects(openPartialFile(cut), /all-cut\.dlpart: truncated: no end mark/);
  await assert.rejects(mergePartialFiles([cut]), /all-cut\.dlpart: truncated/);
  fs.writeFileSync(cut, bytes.subarray(0, 10));
  await assert.rejects(
    openPartialFile(cut),
    /all-cut\.dlpart: truncated or corrupt|not a Diversity Lens partial/,
  );
});

test('one flipped byte in the body fails the checksum', async () => {
  const { part } = await onePartial();
  const bad = part.replace('.dlpart', '-bad.dlpart');
  const bytes = Buffer.from(fs.readFileSync(part));
  bytes[Math.floor(bytes.length / 2)] ^= 0x01;
  fs.writeFileSync(bad, bytes);
  await assert.rejects(openPartialFile(bad), /all-bad\.dlpart: corrupt: its checksum does not match/);
});

test('a foreign file, another format version, and a missing file are refused with their names', async () => {
  const { part, dir } = await onePartial();
  const foreign = path.join(dir, 'foreign.dlpart');
  fs.writeFileSync(foreign, '{"text": "a JSONL row, not a partial"}\n');
  await assert.rejects(openPartialFile(foreign), /foreign\.dlpart: not a Diversity Lens partial file/);
  // rewrite the header's formatVersion (same length) so the magic and lengths still hold
  const bytes = fs.readFileSync(part);
  const headerLen = bytes.readUInt32LE(8);
  const header = bytes.subarray(12, 12 + headerLen).toString('utf8');
  const next = header.replace(`"formatVersion":${PARTIAL_FILE_VERSION}`, `"formatVersion":9`);
  assert.notEqual(next, header);
  const future = path.join(dir, 'future.dlpart');
  fs.writeFileSync(
    future,
    Buffer.concat([bytes.subarray(0, 12), Buffer.from(next), bytes.subarray(12 + headerLen)]),
  );
  await assert.rejects(
    openPartialFile(future),
    /future\.dlpart: partial file format 9 .*this build reads formats 1 and 2/,
  );
  await assert.rejects(openPartialFile(path.join(dir, 'nope.dlpart')), /nope\.dlpart: no such file/);
});

test('rebaseChunkPartial shifts every line column; 0 (no example) stays 0; a line past 2^32 is refused', () => {
  const u = (...v: number[]) => Uint32Array.from(v);
  const f = (...v: number[]) => Float64Array.from(v);
  const templates = () => ({
    rowsWithTokens: 3,
    openings: [{ ex1: f(1, 0), ex2: f(0, 3) }],
    phrases: { ex1: f(2), ex2: f(0) },
  });
  const p = {
    chunk: { index: 0, start: 0, end: 10, firstLine: 1 },
    stats: { errors: [{ line: 2, column: 1, reason: 'malformed', message: 'x' }] },
    rows: { lines: u(1, 3), offsets: f(0, 5), lengths: u(4, 4) },
    exact: { firstLine: u(1, 3), listLines: u(1, 3, 3) },
    near: { rowLine: u(1, 3) },
    templates: templates(),
    slices: {
      groups: [
        {
          states: [
            { exact: { firstLine: u(1), listLines: u() }, near: { rowLine: u(3) }, templates: templates() },
          ],
        },
      ],
    },
  } as unknown as ChunkPartial;
  rebaseChunkPartial(p, 100);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a hand-built stand-in, read back field by field
  const q = p as unknown as Record<string, any>;
  assert.equal(q.chunk.firstLine, 101);
  assert.equal(q.stats.errors[0].line, 102);
  assert.deepEqual([...q.rows.lines], [101, 103]);
  assert.deepEqual([...q.rows.offsets], [0, 5], 'byte offsets are absolute already');
  assert.deepEqual([...q.exact.firstLine], [101, 103]);
  assert.deepEqual([...q.exact.listLines], [101, 103, 103]);
  assert.deepEqual([...q.near.rowLine], [101, 103]);
  assert.deepEqual([...q.templates.openings[0].ex1], [101, 0]);
  assert.deepEqual([...q.templates.openings[0].ex2], [0, 103]);
  assert.deepEqual([...q.templates.phrases.ex1], [102]);
  assert.deepEqual([...q.templates.phrases.ex2], [0]);
  const s = q.slices.groups[0].states[0];
  assert.deepEqual(
    [[...s.exact.firstLine], [...s.near.rowLine], [...s.templates.openings[0].ex1]],
    [[101], [103], [101, 0]],
  );
  assert.throws(() => rebaseChunkPartial(p, 0xffffffff), /does not fit/);
});
