// The instruction figures wired into the analysis (issue #16): on by default whenever rows have a prompt side, the
// same seeded sample in one pass, in chunks (1 or N workers), in a dataset of several files and in merged
// --byte-range partials; the options recorded in partials; the reference's overlap and missing pairs; per slice.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { EARLY_REFERENCE_BYTES } from '../../../../src/core/pipeline/finishReport.ts';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { writeAnalysisPartial } from '../../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../../src/core/pipeline/mergePartials.ts';
import type { ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';

import { validateReport } from '../../../../src/core/report/validateReport.ts';
import { renderMarkdown } from '../../../../src/core/report/markdown.ts';
import { renderSummary } from '../../../../src/cli/summary.ts';
import { rng } from '../../helpers/testRng.ts';
import { plainCorpus } from '../../helpers/corpora.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));
const chunkWorker: ChunkWorkerScript = {
  script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
  eval: true,
};

const NOUNS = ['poem', 'story', 'essay', 'letter', 'summary', 'list', 'recipe', 'email', 'title', 'joke'];
const TOPICS = ['the sea', 'a cat', 'winter', 'a robot', 'my town', 'friendship', 'the moon', 'coffee'];
const OTHER_VERBS = [
  'Describe',
  'Explain',
  'Translate',
  'Summarize',
  'Classify',
  'Rewrite',
  'Compare',
  'List',
];

/**
 * Alpaca-style rows where one pair dominates: `share` of the rows ask "Write a poem about …"; the rest use 8 other
 * verbs with 10 nouns ("Describe the story of …"). Every row has a `category` (the dominant rows: "poetry").
 */
function dominantRows(seed: number, rows: number, share: number): string[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  for (let i = 0; i < rows; i++) {
    const dominant = r() < share;
    const instruction = dominant
      ? `Write a poem about ${pick(TOPICS)}.`
      : `${pick(OTHER_VERBS)} the ${pick(NOUNS)} of ${pick(TOPICS)}.`;
    out.push(
      JSON.stringify({
        instruction,
        input: '',
        output: `Here is my answer about ${pick(TOPICS)} number ${i}.`,
        category: dominant ? 'poetry' : 'other',
      }),
    );
  }
  return out;
}

function tmpDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-instr-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

function write(dir: string, name: string, lines: string[]): string {
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

test('one dominant pair: its share, the top-10 share, the entropy and the example lines are the generated ones', async (t) => {
  const dir = tmpDir(t);
  const lines = dominantRows(1, 600, 0.7);
  const file = write(dir, 'dominant.jsonl', lines);
  const r = await analyzeFile(file, {});
  const ins = r.instructions!;
  assert.ok(ins, 'instructions are on by default for rows with a prompt side');
  const dominant = lines
    .map((l, i) => [JSON.parse(l).instruction as string, i + 1] as const)
    .filter(([s]) => s.startsWith('Write a poem'));
  assert.equal(ins.rows, 600);
  assert.equal(ins.promptRows, 600);
  assert.equal(ins.sampledRows, 600);
  assert.equal(ins.noVerbRows, 0);
  const top = ins.topPairs[0];
  assert.deepEqual([top.verb, top.noun], ['write', 'poem']);
  assert.equal(top.rows, dominant.length);
  assert.equal(top.share, dominant.length / 600);
  assert.deepEqual(
    top.lines,
    dominant.slice(0, 2).map(([, line]) => line),
  );
  assert.ok(ins.top10Share! > 0.75 && ins.top10Share! <= 1, `top10Share ${ins.top10Share}`);
  // entropy: well below the uniform log2(distinctPairs), above the dominant pair's own share of it
  assert.ok(ins.pairEntropy! < Math.log2(ins.distinctPairs) - 1, `entropy ${ins.pairEntropy}`);
  assert.ok(ins.pairEntropy! > 0.5);
  assert.ok(ins.overlap && ins.overlap.median! > 0.7, 'templated prompts overlap strongly');
  assert.equal(validateReport(JSON.parse(JSON.stringify(r))).ok, true);
});

test('the sample: --instruction-sample rows, the same for one pass, chunks with 1 and 3 workers, and a dataset of two files', async (t) => {
  const dir = tmpDir(t);
  const lines = dominantRows(2, 1500, 0.4);
  const file = write(dir, 'all.jsonl', lines);
  const options = { instructionSample: 200 };
  const onePass = await analyzeFile(file, options);
  const ins = onePass.instructions!;
  assert.equal(ins.sampledRows, 200);
  assert.equal(ins.sampleSize, 200);
  assert.equal(ins.promptRows, 1500);
  const chunkBytes = 16 * 1024;
  const chunked = await analyzeFile(file, { ...options, chunkBytes });
  assert.ok((chunked.timing.chunks ?? 0) > 3);
  assert.deepEqual(chunked.instructions, ins);
  for (const workers of [1, 3]) {
    const got = await analyzeFile(file, { ...options, chunkBytes, workers }, { chunkWorker });
    assert.equal(got.timing.workers, workers);
    assert.deepEqual(got.instructions, ins, `--workers ${workers}`);
  }
  // a dataset of two files samples the rows of their concatenation (one pass and in chunks)
  const a = write(dir, 'a.jsonl', lines.slice(0, 700));
  const b = write(dir, 'b.jsonl', lines.slice(700));
  for (const o of [options, { ...options, chunkBytes }]) {
    const ds = await analyzeDataset({ files: [a, b], label: dir }, o);
    assert.deepEqual(ds.instructions, ins, JSON.stringify(o));
  }
  // another sample size: another sample (the seed is fixed, the cap differs)
  const other = await analyzeFile(file, { instructionSample: 199 });
  assert.equal(other.instructions!.sampledRows, 199);
});

test("partials: a whole-file partial merges into analyze's figures; byte-range partials sample by byte offset, the same rows for any ranges", async (t) => {
  const dir = tmpDir(t);
  const file = write(dir, 'data.jsonl', dominantRows(3, 1200, 0.5));
  const options = { chunkBytes: 12 * 1024, instructionSample: 150, groupBy: ['category'] };
  const size = fs.statSync(file).size;
  const single = await analyzeFile(file, options);
  assert.equal(single.instructions!.sampledRows, 150);
  const whole = path.join(dir, 'whole.dlpart');
  await writeAnalysisPartial(file, options, { out: whole });
  assert.deepEqual((await mergePartialFiles([whole])).instructions, single.instructions);
  /** Byte-range partials cut every `step` bytes, merged in reverse order. */
  const ranges = async (step: number, tag: string) => {
    const parts: string[] = [];
    for (let start = 0, i = 0; start < size; start += step, i++) {
      const out = path.join(dir, `${tag}${i}.dlpart`);
      const end = start + step;
      await writeAnalysisPartial(file, options, { out, range: end >= size ? { start } : { start, end } });
      parts.push(out);
    }
    return parts.reverse();
  };
  const aParts = await ranges(2 * options.chunkBytes, 'a');
  assert.ok(aParts.length >= 3);
  const a = await mergePartialFiles(aParts);
  const b = await mergePartialFiles(await ranges(3 * options.chunkBytes, 'b'));
  assert.equal(a.instructions!.sampledRows, 150);
  assert.deepEqual(a.instructions, b.instructions);
  // another sample than analyze's (offsets, not lines), of the same population
  assert.notDeepEqual(a.instructions!.topPairs, single.instructions!.topPairs);
  assert.equal(a.instructions!.promptRows, single.instructions!.promptRows);
  // the partials record the instruction options and the sample ids: mixing is refused by name
  const odd = path.join(dir, 'odd.dlpart');
  await writeAnalysisPartial(file, { ...options, instructionSample: 151 }, { out: odd });
  await assert.rejects(
    mergePartialFiles([odd, whole]),
    /instructionSample 151 vs 150|instructionSample 150 vs 151/,
  );
  // partials keyed by line and by offset merge (a dataset's ranged JSONL beside its whole gzip files); here the two
  // cover the same bytes, which is refused as an overlap, not for their keys
  const [last] = await ranges(size, 'c');
  await assert.rejects(
    mergePartialFiles([whole, last]),
    (e: Error) => !/instructionSampleIds/.test(e.message),
  );
});

test('--no-instructions leaves the key out; rows without a prompt side give null; --instruction-field picks the field', async (t) => {
  const dir = tmpDir(t);
  const file = write(dir, 'd.jsonl', dominantRows(4, 300, 0.5));
  const off = await analyzeFile(file, { noInstructions: true });
  assert.equal('instructions' in off, false);
  assert.equal(validateReport(JSON.parse(JSON.stringify(off))).ok, true);
  const plain = write(dir, 'plain.jsonl', plainCorpus(5, 200));
  assert.equal((await analyzeFile(plain, {})).instructions, null);
  // the answer side as the prompt: its rows all read "Here is my answer about …", a statement with no verb
  const field = await analyzeFile(file, { instructionField: 'output' });
  assert.equal(field.instructions!.sampledRows, 300);
  assert.equal(field.instructions!.noVerbRows, 300);
  assert.equal((await analyzeFile(file, {})).instructions!.noVerbRows, 0);
});

test('with a reference: overlap with its prompts, its common pairs missing from the dataset, its own figures', async (t) => {
  const dir = tmpDir(t);
  const file = write(dir, 'd.jsonl', dominantRows(6, 300, 0.9));
  // the reference asks "Plan a trip to …" (absent from the dataset) and "Write a poem about …"
  const refRows: string[] = [];
  for (let i = 0; i < 100; i++)
    refRows.push(
      JSON.stringify({
        instruction:
          i % 2 ? `Plan a trip to ${TOPICS[i % TOPICS.length]}.` : `Write a poem about ${TOPICS[i % 8]}.`,
        output: 'ok',
      }),
    );
  const ref = write(dir, 'ref.jsonl', refRows);
  const r = await analyzeFile(file, { reference: { path: ref } });
  const ins = r.instructions!;
  assert.deepEqual(ins.missingReferencePairs, [
    { verb: 'plan', noun: 'trip', referenceRows: 50, referenceShare: 0.5 },
  ]);
  assert.equal(ins.referenceOverlap!.referencePrompts, 100);
  assert.ok(ins.referenceOverlap!.median! > 0.7, "the dataset's poems have near twins in the reference");
  assert.deepEqual(ins.reference, {
    promptRows: 100,
    sampledRows: 100,
    distinctPairs: 2,
    top10Share: 1,
    pairEntropy: 1,
  });
  // a reference without a prompt side: no overlap figures against it, reference null
  const plainRef = write(dir, 'plainref.jsonl', plainCorpus(7, 100));
  const r2 = await analyzeFile(file, { reference: { path: plainRef } });
  assert.equal(r2.instructions!.reference, null);
  assert.equal(r2.instructions!.referenceOverlap, undefined);
  assert.equal(validateReport(JSON.parse(JSON.stringify(r))).ok, true);
  // the summary and the Markdown show the headline figures
  const summary = renderSummary(r);
  for (const s of [
    'Instructions sampled',
    'top 10 cover',
    'entropy',
    'write → poem',
    'above 0.7',
    'plan → trip',
    'lemma / token',
  ])
    assert.ok(summary.includes(s), `summary lacks ${s}`);
  const md = renderMarkdown(r);
  for (const s of [
    '## Instructions',
    '### Most common verb–noun pairs',
    '### Reference pairs missing from the dataset',
  ])
    assert.ok(md.includes(s), `markdown lacks ${s}`);
});

test("per slice: each group-by value's headline figures on its sampled rows", async (t) => {
  const dir = tmpDir(t);
  const file = write(dir, 'd.jsonl', dominantRows(8, 800, 0.5));
  const r = await analyzeFile(file, { groupBy: ['category'] });
  const slices = r.instructions!.slices!;
  assert.deepEqual(slices.map((s) => s.value).sort(), ['other', 'poetry']);
  const poetry = slices.find((s) => s.value === 'poetry')!;
  assert.equal(poetry.field, 'category');
  assert.equal(poetry.distinctPairs, 1);
  assert.equal(poetry.top10Share, 1);
  assert.equal(poetry.pairEntropy, 0);
  assert.deepEqual([poetry.topPair!.verb, poetry.topPair!.noun, poetry.topPair!.share], ['write', 'poem', 1]);
  const other = slices.find((s) => s.value === 'other')!;
  assert.equal(poetry.sampledRows + other.sampledRows, 800);
  assert.ok(other.distinctPairs > 20 && other.pairEntropy! > 4);
  assert.ok(renderMarkdown(r).includes('### Instructions per slice'));
  // chunked with slices: the same figures
  const chunked = await analyzeFile(file, { groupBy: ['category'], chunkBytes: 16 * 1024 });
  assert.deepEqual(chunked.instructions, r.instructions);
});

test("a dataset's partials: two files with the same rows are sampled at different positions (the later file's ids kept apart)", async (t) => {
  const dir = tmpDir(t);
  const rows = dominantRows(21, 600, 0.3);
  const a = write(dir, 'a.jsonl', rows);
  const b = write(dir, 'b.jsonl', rows);
  const options = { instructionSample: 100 };
  const dataset = { files: [a, b], label: dir };
  const parts = [path.join(dir, 'a.dlpart'), path.join(dir, 'b.dlpart')];
  await writeAnalysisPartial(a, options, { out: parts[0], dataset });
  await writeAnalysisPartial(b, options, { out: parts[1], dataset });
  const merged = await mergePartialFiles(parts);
  const sampled = merged.instructions!;
  assert.equal(sampled.sampledRows, 100);
  assert.equal(sampled.promptRows, 1200);
  // the dataset's own analysis samples as many (its ids are the dataset's lines)
  const direct = await analyzeDataset({ files: [a, b], label: dir }, options);
  assert.equal(direct.instructions!.sampledRows, 100);
  // within the merged sample, a file's sampled positions are not mirrored in the other file: an identical pair of
  // files sampled at mirrored positions would list every example line twice (line n and n + 600)
  const lines = sampled.topPairs.flatMap((p) => p.lines);
  const mirrored = lines.filter((l) => lines.includes(l <= 600 ? l + 600 : l - 600));
  assert.ok(mirrored.length < lines.length, `example lines mirrored across the files: ${lines.join(',')}`);
  // the overlap within the sample: identical files sampled at mirrored positions give every prompt an exact twin
  assert.ok(sampled.overlap!.shareAbove07! < 1, `share above 0.7: ${sampled.overlap!.shareAbove07}`);
});

test('a reference read first (session 20): its sample and the dataset sample tagged on one thread equal the in-thread figures', async (t) => {
  const dir = tmpDir(t);
  // ≥ 2,000 prompts on each side, so the tagging runs on a thread (TAG_THREAD_MIN_PROMPTS)
  const file = write(dir, 'd.jsonl', dominantRows(11, 2600, 0.4));
  const ref = write(
    dir,
    'ref.jsonl',
    dominantRows(12, 2200, 0.1).map((line, i) =>
      i % 3
        ? line
        : line.replace(/"instruction":"[^"]*"/, `"instruction":"Plan a trip to ${TOPICS[i % 8]}."`),
    ),
  );
  assert.ok(fs.statSync(ref).size <= EARLY_REFERENCE_BYTES, 'the reference is read first');
  const threaded = await analyzeFile(file, { reference: { path: ref } }, { chunkWorker });
  const inThread = await analyzeFile(file, { reference: { path: ref } });
  assert.equal(threaded.instructions!.reference!.promptRows, 2200);
  assert.ok(
    threaded.instructions!.missingReferencePairs!.some((p) => p.verb === 'plan' && p.noun === 'trip'),
  );
  // equal apart from timing
  assert.deepEqual({ ...threaded, timing: null }, { ...inThread, timing: null });
});
