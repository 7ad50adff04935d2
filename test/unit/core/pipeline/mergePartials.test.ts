// Partial files and merge (issue #13): the partials of byte ranges on chunk multiples, merged in any order, give
// the report one analyze gives (JSON equal except `timing` and the `partials` list); a bad set of partials is
// refused, naming the files and the difference; line numbers are rebased across ranges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createHash } from 'node:crypto';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../../src/core/pipeline/mergePartials.ts';
import { CHUNK_PARTIAL_VERSION } from '../../../../src/core/pipeline/chunkAnalysis.ts';
import type { AnalyzeOptions } from '../../../../src/core/pipeline/analyzeOptions.ts';
import { instructionCorpus, plainCorpus } from '../../helpers/corpora.ts';
import { comparableReport as comparable } from '../../helpers/mergedReports.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const tmp = () => tempDir('dl-merge-');

function write(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

/** Writes one partial per range of `rangeBytes` (a multiple of the chunk size), the last one open-ended. */
async function partials(file: string, options: AnalyzeOptions, rangeBytes: number, dir: string) {
  const size = fs.statSync(file).size;
  const out: string[] = [];
  for (let start = 0, i = 0; start < size; start += rangeBytes, i++) {
    const target = path.join(dir, `part-${i}.dlpart`);
    const end = start + rangeBytes >= size ? undefined : start + rangeBytes;
    await writeAnalysisPartial(file, options, {
      out: target,
      range: end === undefined ? { start } : { start, end },
    });
    out.push(target);
  }
  return out;
}

const shuffled = <T>(a: T[]): T[] => [a[2], a[0], ...a.slice(3).reverse(), a[1]];

const cases = [
  {
    name: 'plain text with duplicates, templates, bad lines, group-by, a reference',
    lines: () => plainCorpus(11, 1600),
    options: { chunkBytes: 16 * 1024, groupBy: ['source'] },
    reference: () => plainCorpus(12, 500, 0),
  },
  {
    name: 'instruction rows, no reference',
    lines: () => instructionCorpus(13, 1200),
    options: { chunkBytes: 12 * 1024 },
    reference: null,
  },
  {
    // ranges start before and past the lowered sampling line: each task counts the lines before its range
    name: 'plain text, phrases sampled past line 701',
    lines: () => plainCorpus(14, 1600),
    options: { chunkBytes: 16 * 1024, phraseSampleFromLine: 701, phraseSampleAboveBytes: 0 },
    reference: null,
  },
];

for (const c of cases) {
  test(`merge of range partials (any order) = analyze — ${c.name}`, async () => {
    const dir = tmp();
    const file = write(dir, 'data.jsonl', c.lines());
    const reference = c.reference ? { path: write(dir, 'ref.jsonl', c.reference()) } : undefined;
    const size = fs.statSync(file).size;
    const chunk = c.options.chunkBytes;
    // 4+ ranges of 2 chunks each (the last one shorter)
    const parts = await partials(file, c.options, 2 * chunk, dir);
    assert.ok(parts.length >= 4, `expected at least 4 partials, got ${parts.length} (${size} bytes)`);
    const single = await analyzeFile(file, { ...c.options, ...(reference ? { reference } : {}) });
    assert.ok((single.timing.chunks ?? 0) >= 8, 'the single analysis runs in chunks');
    const merged = await mergePartialFiles(shuffled(parts), reference ? { reference } : {});
    assert.deepEqual(comparable(merged), comparable(single));
    if ('phraseSampleFromLine' in c.options) assert.ok(single.duplicates.templates.phrasesSampled);
    // the partials list is in file order, tiles the file, and counts every parsed row
    assert.deepEqual(
      merged.partials.map((p) => p.path),
      parts,
    );
    assert.equal(merged.partials[0].lines.start, 0);
    assert.equal(merged.partials.at(-1)!.lines.end, size);
    for (let i = 1; i < merged.partials.length; i++)
      assert.equal(merged.partials[i].lines.start, merged.partials[i - 1].lines.end);
    assert.equal(
      merged.partials.reduce((s, p) => s + p.rows, 0),
      single.rows.parsed,
    );
  });
}

test('merge: ranges off the chunk multiples still give every exact figure and every line number', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(21, 900));
  const options = { chunkBytes: 8 * 1024 };
  const size = fs.statSync(file).size;
  const cuts = [0, 5000, 23456, 40001, size];
  const parts: string[] = [];
  for (let i = 0; i + 1 < cuts.length; i++) {
    const out = path.join(dir, `odd-${i}.dlpart`);
    await writeAnalysisPartial(file, options, { out, range: { start: cuts[i], end: cuts[i + 1] } });
    parts.push(out);
  }
  const merged = comparable(await mergePartialFiles(parts));
  const single = comparable(await analyzeFile(file, options));
  // extra cuts give extra gzip streams (compression is per chunk) and another float summation order
  for (const r of [merged, single]) {
    delete r.lexical.compressionRatio;
    for (const h of ['tokens', 'distinct1', 'distinct2'])
      r.lexical.perRow[h].mean = Math.round(r.lexical.perRow[h].mean * 1e9);
    delete r.verdict;
  }
  assert.deepEqual(merged.rows, single.rows); // bad lines at the same line numbers
  assert.deepEqual(merged.duplicates.exact, single.duplicates.exact);
  assert.deepEqual(merged.duplicates.near, single.duplicates.near);
  assert.deepEqual(merged.lexical, single.lexical);
  assert.deepEqual(merged.tails, single.tails);
});

test('merge refuses partials made with another --near-threshold, naming the file and the difference', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(31, 400));
  const a = path.join(dir, 'a.dlpart');
  const b = path.join(dir, 'b.dlpart');
  const size = fs.statSync(file).size;
  const half = Math.floor(size / 2);
  await writeAnalysisPartial(file, { chunkBytes: 4096 }, { out: a, range: { start: 0, end: half } });
  await writeAnalysisPartial(
    file,
    { chunkBytes: 4096, nearThreshold: 0.9 },
    { out: b, range: { start: half } },
  );
  await assert.rejects(mergePartialFiles([a, b]), (e: Error) => {
    assert.match(
      e.message,
      /b\.dlpart: made with other options than .*a\.dlpart: nearThreshold 0\.8 vs 0\.9/,
    );
    return true;
  });
});

test('merge refuses a partial of another chunk-partial version by name, before reading any chunk', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(33, 400));
  const a = path.join(dir, 'a.dlpart');
  const b = path.join(dir, 'b.dlpart');
  // split on a chunk multiple, so that the merge equals one analysis
  const half = 4096 * Math.floor(fs.statSync(file).size / 2 / 4096);
  await writeAnalysisPartial(file, { chunkBytes: 4096 }, { out: a, range: { start: 0, end: half } });
  await writeAnalysisPartial(file, { chunkBytes: 4096 }, { out: b, range: { start: half } });
  const single = await analyzeFile(file, { chunkBytes: 4096 });
  const b0 = path.join(dir, 'b0.dlpart');
  fs.copyFileSync(b, b0);
  // rewrite b's header to the previous partial version (same length, so the file's lengths still hold)
  const bytes = fs.readFileSync(b);
  const headerLen = bytes.readUInt32LE(8);
  const header = bytes.subarray(12, 12 + headerLen).toString('utf8');
  const old = header.replace(
    `"partialVersion":${CHUNK_PARTIAL_VERSION}`,
    `"partialVersion":${CHUNK_PARTIAL_VERSION - 1}`,
  );
  assert.notEqual(old, header);
  // and its trailer's checksum (over everything before the trailer) to the rewritten bytes, as an old build wrote it
  const rewritten = Buffer.concat([bytes.subarray(0, 12), Buffer.from(old), bytes.subarray(12 + headerLen)]);
  const trailerLen = rewritten.readUInt32LE(rewritten.length - 12);
  const trailerStart = rewritten.length - 12 - trailerLen;
  const trailer = rewritten.subarray(trailerStart, rewritten.length - 12).toString('utf8');
  const was = createHash('sha256').update(bytes.subarray(0, trailerStart)).digest('hex');
  const now = createHash('sha256').update(rewritten.subarray(0, trailerStart)).digest('hex');
  assert.ok(trailer.includes(was));
  const resealed = Buffer.from(trailer.replace(was, now));
  fs.writeFileSync(
    b,
    Buffer.concat([rewritten.subarray(0, trailerStart), resealed, rewritten.subarray(rewritten.length - 12)]),
  );
  const refused = new RegExp(
    `b\\.dlpart: made by diversity-lens \\S+ with partial version ${CHUNK_PARTIAL_VERSION - 1}; this build merges partial version ${CHUNK_PARTIAL_VERSION}`,
  );
  // alone, and beside a partial of this build in either order
  await assert.rejects(mergePartialFiles([b]), refused);
  await assert.rejects(mergePartialFiles([a, b]), refused);
  await assert.rejects(mergePartialFiles([b, a]), refused);
  // the pair as written merges to the one analysis
  assert.deepEqual(comparable(await mergePartialFiles([a, b0])), comparable(single));
});

test('merge refuses a missing range, an overlap, and partials of another file or of a changed file', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(41, 600));
  const other = write(dir, 'other.jsonl', plainCorpus(42, 600));
  const o = { chunkBytes: 4096 };
  const mk = async (name: string, f: string, start: number, end?: number) => {
    const out = path.join(dir, name);
    await writeAnalysisPartial(f, o, { out, range: end === undefined ? { start } : { start, end } });
    return out;
  };
  const p0 = await mk('p0.dlpart', file, 0, 8192);
  const p1 = await mk('p1.dlpart', file, 8192, 16384);
  const p2 = await mk('p2.dlpart', file, 16384);
  const wide = await mk('wide.dlpart', file, 4096, 16384);
  const foreign = await mk('foreign.dlpart', other, 8192, 16384);
  await assert.rejects(
    mergePartialFiles([p0, p2]),
    /p2\.dlpart: missing range: no partial holds the lines starting in bytes \d+:\d+/,
  );
  await assert.rejects(mergePartialFiles([p0, p1]), /missing range: .* \(the end of the file\)/);
  await assert.rejects(mergePartialFiles([p1, p2]), /missing range: .*the start of the file/);
  await assert.rejects(mergePartialFiles([p0, wide, p1, p2]), /overlapping ranges: .*(wide|p1)\.dlpart/);
  await assert.rejects(
    mergePartialFiles([p0, foreign, p2]),
    /foreign\.dlpart: is a partial of .*other\.jsonl, but .*p0\.dlpart is of .*data\.jsonl/,
  );
  // the file changes after the first tasks: a later partial sees another size
  fs.appendFileSync(file, JSON.stringify({ text: 'one more row' }) + '\n');
  const late = await mk('late.dlpart', file, 16384);
  await assert.rejects(
    mergePartialFiles([p0, p1, late]),
    /late\.dlpart: saw .*data\.jsonl at \d+ bytes.*the file changed between the tasks/,
  );
});

test('merge: rows of a file that moved away are still counted; clusters just have no representative text', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(51, 500));
  const out = path.join(dir, 'all.dlpart');
  await writeAnalysisPartial(file, { chunkBytes: 4096 }, { out });
  const before = await mergePartialFiles([out]);
  assert.ok(before.duplicates.exact.clusters.some((c) => typeof c.representativeText === 'string'));
  fs.renameSync(file, file + '.moved');
  const after = await mergePartialFiles([out]);
  assert.ok(after.duplicates.exact.clusters.length > 0);
  assert.ok(after.duplicates.exact.clusters.every((c) => c.representativeText === undefined));
  assert.deepEqual(after.rows, before.rows);
  assert.equal(after.tokens.total, before.tokens.total);
});

test('analyze --partial refuses --strict, a reference, and a byte range of a gzip file', async () => {
  const dir = tmp();
  const file = write(dir, 'data.jsonl', plainCorpus(61, 50));
  const out = path.join(dir, 'x.dlpart');
  await assert.rejects(writeAnalysisPartial(file, { strict: true }, { out }), /--strict has no partials/);
  await assert.rejects(
    writeAnalysisPartial(file, { reference: { path: file } }, { out }),
    /give it to `diversity-lens merge`/,
  );
  const gz = path.join(dir, 'data.jsonl.gz');
  fs.writeFileSync(gz, (await import('node:zlib')).gzipSync(fs.readFileSync(file)));
  await assert.rejects(
    writeAnalysisPartial(gz, {}, { out, range: { start: 0, end: 100 } }),
    /gzip-compressed/,
  );
  await assert.rejects(writeAnalysisPartial(file, {}, { out, range: { start: 1e9 } }), /starts past the end/);
  assert.equal(fs.existsSync(out), false, 'no partial file left behind');
  assert.deepEqual(
    fs.readdirSync(dir).filter((n) => n.includes('.tmp')),
    [],
    'no temporary file left behind',
  );
});

test('a gzip file is one whole partial; its merge equals analyze', async () => {
  const dir = tmp();
  const plain = write(dir, 'data.jsonl', plainCorpus(71, 700));
  const gz = path.join(dir, 'data.jsonl.gz');
  fs.writeFileSync(gz, (await import('node:zlib')).gzipSync(fs.readFileSync(plain)));
  const options = { chunkBytes: 8 * 1024 };
  const out = path.join(dir, 'gz.dlpart');
  await writeAnalysisPartial(gz, options, { out });
  const merged = await mergePartialFiles([out]);
  const single = await analyzeFile(gz, options);
  assert.ok((single.timing.chunks ?? 0) > 1);
  assert.deepEqual(comparable(merged), comparable(single));
});
