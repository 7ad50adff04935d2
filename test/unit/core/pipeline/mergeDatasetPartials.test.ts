// Partials of a dataset of several files (issue #13, docs/scale.md): every file of `analyze FILE…` split into
// partials (byte ranges of plain JSONL files; a gzip file, a JSON array whole), merged in any order, give the report
// `analyze FILE…` gives (JSON equal except `timing` and the `partials` list), lines numbered through the files as
// analyze numbers them; a file no partial holds, a gap or an overlap inside a file, partials of another dataset and a
// dataset that changed between the tasks are refused, naming the partials.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../../src/core/pipeline/mergePartials.ts';
import type { AnalyzeOptions } from '../../../../src/core/pipeline/analyzeOptions.ts';
import { instructionCorpus, plainCorpus } from '../../helpers/corpora.ts';
import { comparableReport as comparable } from '../../helpers/mergedReports.ts';

const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-merge-dataset-'));
after(() => fs.rmSync(root, { recursive: true, force: true }));
let dirs = 0;
const tmp = () => {
  const d = path.join(root, String(dirs++));
  fs.mkdirSync(d);
  return d;
};

/**
 * A dataset of three files cut from one corpus (so duplicates run across files): a.jsonl (plain, its last line
 * without a newline), b.jsonl.gz (gzip), c.jsonl (plain); absolute paths.
 */
function threeFiles(dir: string, lines: string[]) {
  const third = Math.ceil(lines.length / 3);
  const [x, y, z] = [lines.slice(0, third), lines.slice(third, 2 * third), lines.slice(2 * third)];
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl.gz');
  const c = path.join(dir, 'c.jsonl');
  fs.writeFileSync(a, x.join('\n')); // no newline at the end: the next file's first line is still a line of its own
  fs.writeFileSync(b, zlib.gzipSync(y.join('\n') + '\n'));
  fs.writeFileSync(c, z.join('\n') + '\n');
  return [a, b, c];
}

/** The partials of `file` of the dataset: ranges of `rangeBytes` (plain JSONL), or the whole file. */
async function partialsOf(
  dataset: { files: string[]; label: string },
  file: string,
  options: AnalyzeOptions,
  dir: string,
  rangeBytes?: number,
): Promise<string[]> {
  const size = fs.statSync(file).size;
  const out: string[] = [];
  const base = path.basename(file);
  if (rangeBytes === undefined) {
    const target = path.join(dir, `${base}.whole.dlpart`);
    await writeAnalysisPartial(file, options, { out: target, dataset });
    return [target];
  }
  for (let start = 0; start < size; start += rangeBytes) {
    const target = path.join(dir, `${base}.${start}.dlpart`);
    const end = start + rangeBytes >= size ? undefined : start + rangeBytes;
    await writeAnalysisPartial(file, options, {
      out: target,
      range: end === undefined ? { start } : { start, end },
      dataset,
    });
    out.push(target);
  }
  return out;
}

/** A fixed shuffle: reversed, then every other one first. */
const shuffled = <T>(a: T[]): T[] => {
  const r = [...a].reverse();
  return [...r.filter((_, i) => i % 2 === 1), ...r.filter((_, i) => i % 2 === 0)];
};

for (const sampled of [false, true])
  test(`merge of the partials of a dataset of JSONL + gzip + JSONL files (shuffled) = analyze FILE…, lines through the files${sampled ? ', phrases sampled past line 301' : ''}`, async () => {
    const dir = tmp();
    const files = threeFiles(dir, plainCorpus(91, 2400));
    const reference = { path: path.join(dir, 'ref.jsonl') };
    fs.writeFileSync(reference.path, plainCorpus(92, 400, 0).join('\n') + '\n');
    const options: AnalyzeOptions = {
      chunkBytes: 8 * 1024,
      groupBy: ['source'],
      ...(sampled ? { phraseSampleFromLine: 301, phraseSampleAboveBytes: 0 } : {}),
    };
    const dataset = { files, label: files[0] };
    const parts = [
      ...(await partialsOf(dataset, files[0], options, dir, 2 * 8 * 1024)),
      ...(await partialsOf(dataset, files[1], options, dir)),
      ...(await partialsOf(dataset, files[2], options, dir, 3 * 8 * 1024)),
    ];
    assert.ok(parts.length >= 5, `${parts.length} partials`);
    const single = await analyzeDataset(dataset, { ...options, reference });
    assert.ok((single.timing.chunks ?? 0) >= 6, 'the dataset analysis runs in chunks');
    const merged = await mergePartialFiles(shuffled(parts), { reference });
    assert.deepEqual(comparable(merged), comparable(single));
    assert.equal(single.duplicates.templates.phrasesSampled !== undefined, sampled);
    // the line numbering through the files: a's last line has no newline, yet b's first line is line a.lines + 1
    assert.deepEqual(merged.files, single.files);
    assert.equal(merged.files!.length, 3);
    assert.equal(merged.files![1].firstLine, merged.files![0].firstLine + merged.files![0].lines);
    assert.ok(merged.duplicates.exact.clusters.length > 0);
    assert.ok(merged.duplicates.exact.clusters.some((c) => typeof c.representativeText === 'string'));
    // the partials list: in dataset order, each naming its file
    assert.deepEqual(
      merged.partials.map((p) => p.path),
      parts,
    );
    assert.deepEqual([...new Set(merged.partials.map((p) => p.file))], files);
    assert.equal(
      merged.partials.reduce((s, p) => s + p.rows, 0),
      single.rows.parsed,
    );
  });

test('a dataset named by its folder, with a JSON array file among JSONL files; and a folder of one file', async () => {
  const dir = tmp();
  const folder = path.join(dir, 'data');
  fs.mkdirSync(folder);
  const rows = instructionCorpus(93, 1500);
  const a = path.join(folder, '1.jsonl');
  const b = path.join(folder, '2.json');
  const c = path.join(folder, '3.jsonl');
  fs.writeFileSync(a, rows.slice(0, 500).join('\n') + '\n');
  fs.writeFileSync(b, '[\n' + rows.slice(500, 900).join(',\n') + '\n]\n');
  fs.writeFileSync(c, rows.slice(900).join('\n') + '\n');
  const options: AnalyzeOptions = { chunkBytes: 16 * 1024 };
  const dataset = { files: [a, b, c], label: folder };
  const parts = [
    ...(await partialsOf(dataset, a, options, dir, 16 * 1024)),
    ...(await partialsOf(dataset, b, options, dir)),
    ...(await partialsOf(dataset, c, options, dir, 32 * 1024)),
  ];
  await assert.rejects(
    writeAnalysisPartial(b, options, {
      out: path.join(dir, 'x.dlpart'),
      range: { start: 0, end: 100 },
      dataset,
    }),
    /2\.json is one JSON array: --byte-range cuts byte ranges of JSONL lines/,
  );
  const merged = await mergePartialFiles(shuffled(parts));
  const single = await analyzeDataset(dataset, options);
  assert.deepEqual(comparable(merged), comparable(single));
  assert.equal(merged.file.path, folder);
  assert.deepEqual(
    merged.files!.map((f) => f.format),
    ['jsonl', 'json-array', 'jsonl'],
  );

  // a folder holding one file is still a dataset: named by the folder, its file listed
  const one = path.join(dir, 'one');
  fs.mkdirSync(one);
  const only = path.join(one, 'only.jsonl');
  fs.writeFileSync(only, plainCorpus(94, 600).join('\n') + '\n');
  const oneSet = { files: [only], label: one };
  const oneParts = await partialsOf(oneSet, only, { chunkBytes: 8 * 1024 }, dir, 8 * 1024);
  const oneMerged = await mergePartialFiles(oneParts.reverse());
  const oneSingle = await analyzeDataset(oneSet, { chunkBytes: 8 * 1024 });
  assert.deepEqual(comparable(oneMerged), comparable(oneSingle));
  assert.equal(oneMerged.file.path, one);
  assert.equal(oneMerged.files!.length, 1);
});

test('merge of a dataset refuses a missing file, a gap or an overlap in a file, another dataset, a file alone and a change', async () => {
  const dir = tmp();
  const files = threeFiles(dir, plainCorpus(95, 1200));
  const o: AnalyzeOptions = { chunkBytes: 4096 };
  const dataset = { files, label: files[0] };
  const mk = async (name: string, file: string, range?: { start: number; end?: number }, d = dataset) => {
    const out = path.join(dir, name);
    await writeAnalysisPartial(file, o, { out, ...(range ? { range } : {}), dataset: d });
    return out;
  };
  const a = await mk('a.dlpart', files[0]);
  const b = await mk('b.dlpart', files[1]);
  const c0 = await mk('c0.dlpart', files[2], { start: 0, end: 8192 });
  const c1 = await mk('c1.dlpart', files[2], { start: 8192 });
  assert.ok((await mergePartialFiles([c1, b, a, c0])).rows.parsed > 0, 'the full set merges');

  // a file of the dataset no partial holds
  await assert.rejects(mergePartialFiles([a, c0, c1]), (e: Error) => {
    assert.match(
      e.message,
      /b\.jsonl\.gz: missing file: no partial holds it \(file 2 of the 3 of the dataset .*a\.jsonl\)/,
    );
    return true;
  });
  // a gap, and an overlap, inside one file of the dataset
  await assert.rejects(
    mergePartialFiles([a, b, c1]),
    /c1\.dlpart: missing range: no partial holds the lines starting in bytes 0:\d+ of .*c\.jsonl/,
  );
  const cWide = await mk('c-wide.dlpart', files[2], { start: 4096 });
  await assert.rejects(
    mergePartialFiles([a, b, c0, cWide]),
    /overlapping ranges: .*(c-wide|c0)\.dlpart .* and .*(c-wide|c0)\.dlpart/,
  );
  // a partial of the gzip file cannot be a byte range, and two partials of it are refused
  await assert.rejects(
    writeAnalysisPartial(files[1], o, {
      out: path.join(dir, 'bz.dlpart'),
      range: { start: 0, end: 10 },
      dataset,
    }),
    /gzip-compressed/,
  );
  const b2 = await mk('b2.dlpart', files[1]);
  await assert.rejects(
    mergePartialFiles([a, b, b2, c0, c1]),
    /b2?\.dlpart: .*b\.jsonl\.gz is compressed, so it has one partial \(the whole file\); got 2/,
  );
  // another dataset (the same files, another order), and a partial of a file alone
  const other = await mk('other.dlpart', files[0], undefined, {
    files: [files[0], files[2]],
    label: files[0],
  });
  await assert.rejects(
    mergePartialFiles([a, b, c0, c1, other]),
    /other\.dlpart: is a partial of the dataset .*a\.jsonl \(2 files\), but .*a\.dlpart is of the dataset .*a\.jsonl \(3 files\): merge combines the partials of one dataset/,
  );
  const alone = path.join(dir, 'alone.dlpart');
  await writeAnalysisPartial(files[2], o, { out: alone });
  await assert.rejects(
    mergePartialFiles([a, b, alone]),
    /alone\.dlpart: is a partial of .*c\.jsonl alone, but .*a\.dlpart is of the dataset .*a\.jsonl \(3 files\)/,
  );
  // the dataset changes between the tasks: a later partial sees another size of c.jsonl
  fs.appendFileSync(files[2], JSON.stringify({ text: 'one more row', source: 'web' }) + '\n');
  const late = await mk('late.dlpart', files[2], { start: 8192 });
  await assert.rejects(
    mergePartialFiles([a, b, c0, late]),
    /late\.dlpart: saw .*c\.jsonl \(file 3 of the dataset\) at \d+ bytes.*the file changed between the tasks/,
  );
  // a file that is not one of the dataset's
  await assert.rejects(
    writeAnalysisPartial(alone, o, { out: path.join(dir, 'y.dlpart'), dataset }),
    /alone\.dlpart is not a file of the dataset/,
  );
});
