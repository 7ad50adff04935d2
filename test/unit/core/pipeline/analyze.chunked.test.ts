// The equal-report test of the chunked analysis: on several generated corpora, `--workers 1` and `--workers N`
// (real worker threads, bootstrapped through tsx) and the in-thread chunk loop give the same report, JSON equal
// except `timing`; and the chunked report equals the one-pass report on every exact figure.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import type { ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';
import { planChunks } from '../../../../src/core/pipeline/chunkPlan.ts';
import { analyzeChunk } from '../../../../src/core/pipeline/chunkAnalysis.ts';
import { instructionCorpus, plainCorpus, winkLearningCorpus } from '../../helpers/corpora.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));
const chunkWorker: ChunkWorkerScript = {
  script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
  eval: true,
};

function write(name: string, lines: string[], bom = false): string {
  const dir = tempDir('dl-chunked-');
  const file = path.join(dir, name);
  fs.writeFileSync(file, (bom ? '\ufeff' : '') + lines.join('\n') + '\n');
  return file;
}

const withoutTiming = (r: AnalysisReport) => JSON.parse(JSON.stringify({ ...r, timing: null }));

const corpora = [
  {
    name: 'plain text with duplicates, templates and bad lines',
    file: () => write('plain.jsonl', plainCorpus(1, 1500), true),
    chunkBytes: 16 * 1024,
  },
  {
    name: 'instruction rows',
    file: () => write('instr.jsonl', instructionCorpus(2, 1200)),
    chunkBytes: 24 * 1024,
    // a sample smaller than the rows: the instruction figures must come from the same sampled rows in every run
    extra: { instructionSample: 300 },
  },
  {
    name: 'plain text, many small chunks',
    file: () => write('plain2.jsonl', plainCorpus(3, 800)),
    chunkBytes: 4 * 1024,
  },
  {
    // the phrase sample's line lowered from 100,001 and its 1 GiB file size to 0 (internal options): chunks past it sample by byte offset
    name: 'plain text, phrases sampled past line 301',
    file: () => write('plain3.jsonl', plainCorpus(4, 1500)),
    chunkBytes: 16 * 1024,
    extra: { phraseSampleFromLine: 301, phraseSampleAboveBytes: 0 },
  },
  {
    // wink learns texts as it reads (tokenize/winkRows.ts): rows that teach it "client's" whole, and rows where a
    // fresh instance splits it; each worker's instance reads other rows before a given row
    name: '--tokenizer wink on rows that trigger its learning',
    file: () => write('wink.jsonl', winkLearningCorpus(5, 700)),
    chunkBytes: 8 * 1024,
    extra: { tokenizer: 'wink' as const },
  },
];

for (const c of corpora) {
  test(`chunked analysis — ${c.name}: --workers 1 = --workers 2 = --workers 3 = in-thread`, async () => {
    const file = c.file();
    const options = { chunkBytes: c.chunkBytes, ...c.extra };
    const inThread = await analyzeFile(file, options);
    assert.ok((inThread.timing.chunks ?? 0) > 3, `expected several chunks, got ${inThread.timing.chunks}`);
    const want = withoutTiming(inThread);
    for (const workers of [1, 2, 3]) {
      const got = await analyzeFile(file, { ...options, workers }, { chunkWorker });
      assert.equal(got.timing.workers, workers);
      assert.deepEqual(withoutTiming(got), want, `--workers ${workers}`);
    }
  });

  test(`chunked analysis — ${c.name}: equals the one-pass report on every exact figure`, async () => {
    const file = c.file();
    const chunked = await analyzeFile(file, { chunkBytes: c.chunkBytes, ...c.extra });
    const onePass = await analyzeFile(file, { ...c.extra });
    assert.equal(onePass.timing.chunks, undefined);
    const a = withoutTiming(chunked);
    const b = withoutTiming(onePass);
    // the two documented differences: one gzip stream per chunk, and float sums added per chunk
    assert.equal(a.lexical.compressionMethod, 'per-chunk');
    assert.equal(b.lexical.compressionMethod, 'single-stream');
    // (tiny test chunks of 4–24 KiB compress visibly worse than one stream; 64 MiB chunks differ by ~0.1 %)
    assert.ok(a.lexical.compressionRatio > 1 && a.lexical.compressionRatio <= b.lexical.compressionRatio);
    for (const h of ['tokens', 'distinct1', 'distinct2']) {
      assert.ok(Math.abs(a.lexical.perRow[h].mean - b.lexical.perRow[h].mean) < 1e-9);
      a.lexical.perRow[h].mean = b.lexical.perRow[h].mean;
    }
    a.lexical.compressionMethod = b.lexical.compressionMethod;
    a.lexical.compressionRatio = b.lexical.compressionRatio;
    a.verdict = b.verdict;
    assert.deepEqual(a.rows, b.rows);
    assert.deepEqual(a.tokens, b.tokens);
    assert.deepEqual(a.lexical, b.lexical);
    assert.deepEqual(a.duplicates.exact, b.duplicates.exact);
    assert.deepEqual(a.duplicates.near, b.duplicates.near);
    // templates: Count-Min and SpaceSaving merges are exact only while the sketches never evicted (docs/metrics.md,
    // "merging chunk partials"); the leading opening and the row counts are always the same here
    const ta = a.duplicates.templates;
    const tb = b.duplicates.templates;
    assert.equal(ta.rowsWithTokens, tb.rowsWithTokens);
    assert.deepEqual(ta.openings[0], tb.openings[0]);
    // a phrase seen once in each of two chunks is never a candidate of either chunk: only frequent phrases must agree
    for (const ph of tb.phrases.filter((x: { rows: number }) => x.rows >= 10)) {
      const same = ta.phrases.find((x: { text: string }) => x.text === ph.text);
      assert.equal(same?.rows, ph.rows, ph.text);
    }
    a.duplicates.templates = tb;
    assert.deepEqual(a.tails, b.tails);
    assert.deepEqual(a.instructions, b.instructions);
    if (c.extra?.instructionSample) assert.equal(b.instructions.sampledRows, c.extra.instructionSample);
    if (c.extra?.phraseSampleFromLine) {
      // the same rows are sampled in one pass and in chunks: the same flag
      assert.ok(tb.phrasesSampled && tb.phrasesSampled.counted < tb.phrasesSampled.rows);
      assert.deepEqual(ta.phrasesSampled, tb.phrasesSampled);
    }
    assert.deepEqual(a, b);
  });
}

test('chunked analysis: cancel rejects with AbortError; strict mode reads in one pass', async () => {
  const file = write('c.jsonl', plainCorpus(5, 600));
  const ac = new AbortController();
  const run = analyzeFile(
    file,
    { chunkBytes: 4096, workers: 2 },
    { chunkWorker, signal: ac.signal, onProgress: () => ac.abort() },
  );
  await assert.rejects(run, (e: Error) => e.name === 'AbortError');
  // strict mode reads in one pass and reports the first bad line in file order
  await assert.rejects(analyzeFile(file, { chunkBytes: 4096, strict: true }), /broken|Unexpected|JSON/);
});

test('running partials: the view and the counts so far come before the report, growing, in both passes', async () => {
  const file = write('p.jsonl', plainCorpus(9, 900));
  for (const options of [{}, { chunkBytes: 8 * 1024 }]) {
    const seen: number[] = [];
    const report = await analyzeFile(file, options, { onPartial: (p) => seen.push(p.rows?.parsed ?? -1) });
    assert.ok(seen.length >= 2, `${JSON.stringify(options)}: ${seen.length} partials`);
    // one pass: the first partial comes once the view is known (200 rows); chunked: before any chunk is merged
    if ('chunkBytes' in options) assert.equal(seen[0], 0);
    else assert.ok(seen[0] >= 200 && seen[0] < report.rows.parsed, `first partial at ${seen[0]} rows`);
    for (let i = 1; i < seen.length; i++) assert.ok(seen[i] >= seen[i - 1]);
    assert.equal(seen[seen.length - 1], report.rows.parsed);
  }
});

test('running partials include the rows of chunks still being analysed (in-thread and 2 workers)', async () => {
  // chunks of 256 KiB are read in 64 KiB batches: a chunk reports its rows after its first batch, before it merges
  // only well-formed object rows, so a chunk's parsed rows are its lines
  const rows = plainCorpus(11, 9000).filter((l) => {
    try {
      const v: unknown = JSON.parse(l);
      return typeof v === 'object' && v !== null && !Array.isArray(v);
    } catch {
      return false;
    }
  });
  const file = write('inflight.jsonl', rows);
  const chunkBytes = 256 * 1024;
  const size = fs.statSync(file).size;
  const chunks = await planChunks(file, size, chunkBytes);
  assert.ok(chunks.length >= 3, `${chunks.length} chunks`);
  // the counts a partial could show from merged chunks alone: 0 and the sums of whole chunks' rows
  const lines = fs.readFileSync(file, 'utf8').split('\n').length - 1;
  const wholeChunkSums = new Set<number>([0]);
  for (let i = 1; i <= chunks.length; i++) wholeChunkSums.add((chunks[i]?.firstLine ?? lines + 1) - 1);
  for (const hooks of [{}, { chunkWorker }]) {
    const seen: number[] = [];
    const report = await analyzeFile(
      file,
      { chunkBytes, workers: 2 },
      { ...hooks, onPartial: (p) => seen.push(p.rows?.parsed ?? -1) },
    );
    assert.equal(report.rows.parsed, lines);
    const inFlight = seen.filter((n) => !wholeChunkSums.has(n));
    assert.ok(
      inFlight.length > 0,
      `a partial between whole chunks: ${seen.join(', ')} (chunk sums ${[...wholeChunkSums].join(', ')})`,
    );
    for (let i = 1; i < seen.length; i++)
      assert.ok(seen[i] >= seen[i - 1], `counts never go back: ${seen.join(', ')}`);
  }
});

test('running partials: a chunked run shows its first merged chunk at once, not after the one-second throttle', async () => {
  const file = write('q.jsonl', plainCorpus(9, 900));
  const chunkBytes = 8 * 1024;
  // rows of the first chunk: the lines that start inside its first chunkBytes bytes
  const text = fs.readFileSync(file, 'utf8');
  const firstChunkRows = text.slice(0, chunkBytes).split('\n').length;
  const seen: number[] = [];
  const report = await analyzeFile(
    file,
    { chunkBytes },
    { onPartial: (p) => seen.push(p.rows?.parsed ?? -1) },
  );
  assert.ok((report.timing.chunks ?? 0) > 3);
  // the view first (0 rows), then the first merged chunk's rows (not several chunks' worth a second later)
  assert.equal(seen[0], 0);
  assert.ok(
    seen[1] > 0 && seen[1] <= firstChunkRows,
    `second partial at ${seen[1]} rows; first chunk ${firstChunkRows}`,
  );
});

test('line marks of a chunked analysis (in-thread and 2 workers) equal the one-pass marks', async () => {
  const file = write('m.jsonl', plainCorpus(4, 1500, 0.35));
  const marksOf = async (options: object, hooks: object = {}) => {
    let marks: unknown = null;
    const report = await analyzeFile(file, options, { ...hooks, onLineMarks: (m) => (marks = m) });
    return { marks, chunks: report.timing.chunks };
  };
  const one = await marksOf({});
  const chunked = await marksOf({ chunkBytes: 8 * 1024 });
  const parallel = await marksOf({ chunkBytes: 8 * 1024, workers: 2 }, { chunkWorker });
  assert.equal(one.chunks, undefined);
  assert.ok((chunked.chunks ?? 0) > 5);
  assert.ok(one.marks !== null);
  const plain = (m: unknown) =>
    JSON.parse(JSON.stringify(m, (_k, v) => (ArrayBuffer.isView(v) ? Array.from(v as Uint32Array) : v)));
  const want = plain(one.marks);
  assert.ok(
    want.exact.lines.length > 0 && want.near.lines.length > 0 && want.template.lines.length > 0,
    'the corpus has every kind of mark',
  );
  assert.deepEqual(plain(chunked.marks), want);
  assert.deepEqual(plain(parallel.marks), want);
});

// --group-by runs chunked too: each chunk's slices are merged in chunk order (slices.ts, "Chunked analysis")
const sliceCorpora = [
  {
    name: 'plain text by source',
    file: () => write('plain.jsonl', plainCorpus(11, 1500)),
    chunkBytes: 16 * 1024,
    groupBy: ['source'],
  },
  {
    name: 'instruction rows by category',
    file: () => write('instr.jsonl', instructionCorpus(12, 1200)),
    chunkBytes: 24 * 1024,
    groupBy: ['category'],
  },
];

for (const c of sliceCorpora) {
  test(`chunked slices — ${c.name}: --workers 1 = --workers 2 = in-thread, and equal to one pass`, async () => {
    const file = c.file();
    const options = { chunkBytes: c.chunkBytes, groupBy: c.groupBy };
    const inThread = await analyzeFile(file, options);
    assert.ok((inThread.timing.chunks ?? 0) > 3, `expected several chunks, got ${inThread.timing.chunks}`);
    const want = withoutTiming(inThread);
    assert.ok(
      want.slices && want.slices.groups[0].values.filter((v: { pooled: boolean }) => !v.pooled).length === 2,
    );
    for (const workers of [1, 2]) {
      const got = await analyzeFile(file, { ...options, workers }, { chunkWorker });
      assert.equal(got.timing.workers, workers);
      assert.deepEqual(withoutTiming(got), want, `--workers ${workers}`);
    }
    const onePass = await analyzeFile(file, { groupBy: c.groupBy });
    assert.equal(onePass.timing.chunks, undefined);
    // every slice figure, compression ratios included (a slice's prefix is replayed across chunks), flags too
    assert.deepEqual(want.slices, withoutTiming(onePass).slices);
  });
}

test('chunked slices: a hand-checkable case — 3 chunks, 2 values, one value missing from a chunk', async () => {
  const rows: string[] = [];
  // chunk boundaries fall on line starts after ≥ chunkBytes; 40-byte rows, 10 per chunk of 400 bytes
  const text = (i: number) => `w${i % 7} w${(i * 3) % 5} shared tail`;
  for (let i = 0; i < 30; i++) {
    const source = i < 10 ? (i % 2 ? 'b' : 'a') : i < 20 ? 'a' : i % 3 ? 'b' : 'a';
    rows.push(JSON.stringify({ text: text(i), source }));
  }
  const file = write('hand.jsonl', rows);
  const size = fs.statSync(file).size;
  const options = { chunkBytes: Math.ceil(size / 3) - 8, groupBy: ['source'], minSliceRows: 1 };
  const chunked = await analyzeFile(file, options);
  assert.equal(chunked.timing.chunks, 3);
  const one = await analyzeFile(file, { groupBy: ['source'], minSliceRows: 1 });
  assert.deepEqual(withoutTiming(chunked).slices, withoutTiming(one).slices);
  const values = chunked.slices!.groups[0].values;
  const byValue = new Map(values.map((v) => [v.value, v]));
  // by hand: a = rows 0,2,4,6,8 (5) + 10…19 (10) + 21,24,27 (3) = 18 rows; b = 12 rows; 4 tokens per row
  assert.equal(byValue.get('a')!.rows, 18);
  assert.equal(byValue.get('b')!.rows, 12);
  assert.equal(byValue.get('a')!.tokens, 72);
  assert.equal(byValue.get('b')!.tokens, 48);
  // types of a: w0…w6 seen as i % 7 over a's rows, w0…w4 as (3i) % 5, plus "shared" and "tail"
  const typesOf = (idx: number[]) => new Set(idx.flatMap((i) => text(i).split(' '))).size;
  const aRows = [0, 2, 4, 6, 8, ...Array.from({ length: 10 }, (_, k) => 10 + k), 21, 24, 27];
  const bRows = Array.from({ length: 30 }, (_, i) => i).filter((i) => !aRows.includes(i));
  assert.equal(byValue.get('a')!.types, typesOf(aRows));
  assert.equal(byValue.get('b')!.types, typesOf(bRows));
  assert.equal(chunked.slices!.groups[0].trackedValues, 2);
});

test('a missing reference fails before the dataset is read', async () => {
  const file = write('r.jsonl', plainCorpus(6, 300));
  let progress = 0;
  await assert.rejects(
    analyzeFile(
      file,
      { reference: { path: path.join(os.tmpdir(), 'no-such-reference.jsonl') } },
      { onProgress: () => progress++ },
    ),
    (e: NodeJS.ErrnoException) => e.code === 'ENOENT',
  );
  assert.equal(progress, 0);
});

test('a .gz file: one decompressing reader feeds the chunk workers; same report for 1 and 2 workers, equal to the one pass on exact figures', async () => {
  const lines = plainCorpus(8, 1500);
  const dir = tempDir('dl-chunked-gz-');
  const file = path.join(dir, 'c.jsonl.gz');
  fs.writeFileSync(file, zlib.gzipSync('\ufeff' + lines.join('\n') + '\n'));
  const size = fs.statSync(file).size;
  // a gzip file is chunked when it is over a quarter chunk on disk; a third of its size per chunk gives many chunks
  const chunkBytes = Math.max(16 * 1024, Math.ceil(size / 3));
  const one = await analyzeFile(file, { chunkBytes: 8 * size }); // under the threshold: one pass
  assert.equal(one.timing.chunks, undefined);
  const inThread = await analyzeFile(file, { chunkBytes });
  assert.ok((inThread.timing.chunks ?? 0) > 3, `chunks: ${inThread.timing.chunks}`);
  const want = withoutTiming(inThread);
  for (const workers of [1, 2]) {
    const got = await analyzeFile(file, { chunkBytes, workers }, { chunkWorker });
    assert.deepEqual(withoutTiming(got), want, `--workers ${workers}`);
  }
  assert.equal(want.file.compression, 'gzip');
  assert.deepEqual(want.rows, withoutTiming(one).rows);
  assert.deepEqual(want.tokens, withoutTiming(one).tokens);
  assert.deepEqual(
    { ...want.lexical, compressionRatio: 0, compressionMethod: '', perRow: 0 },
    { ...withoutTiming(one).lexical, compressionRatio: 0, compressionMethod: '', perRow: 0 },
  );
  assert.deepEqual(want.duplicates.exact, withoutTiming(one).duplicates.exact);
  assert.deepEqual(want.duplicates.near, withoutTiming(one).duplicates.near);
});

test('a file over compressionSampleAboveBytes: the ratio is measured on block 0 and one 1 MiB block in 8, and the report says so', async () => {
  // ~9 MB of rows: 3 chunks of 3 MiB, each 2–3 blocks of 1 MiB of text; sampling on from 0 bytes
  const lines = plainCorpus(21, 48_000);
  const file = write('big.jsonl', lines);
  const chunkBytes = 3 * 1024 * 1024;
  const full = await analyzeFile(file, { chunkBytes });
  const sampled = await analyzeFile(file, { chunkBytes, compressionSampleAboveBytes: 0 });
  assert.equal(full.lexical.compressionSampleRate, undefined);
  assert.equal(sampled.lexical.compressionSampleRate, 1 / 8);
  const a = full.lexical.compressionRatio!;
  const b = sampled.lexical.compressionRatio!;
  assert.notEqual(a, b); // some blocks were left out
  assert.ok(Math.abs(b / a - 1) < 0.02, `${b} vs ${a}`);
  // everything else is the same report
  assert.deepEqual(
    { ...withoutTiming(sampled), lexical: null, options: null },
    { ...withoutTiming(full), lexical: null, options: null },
  );
});

test('a chunk given the previous chunk distinct-n table sizes as a reserve gives the same partial, and reports its own', async () => {
  const file = write('reserve.jsonl', plainCorpus(23, 3000));
  const size = fs.statSync(file).size;
  const chunks = await planChunks(file, size, Math.ceil(size / 2));
  assert.ok(chunks.length >= 2);
  const reserves: (readonly number[])[] = [];
  const plain = await analyzeChunk(file, chunks[1], {}, { onDistinctReserve: (r) => reserves.push(r) });
  const first = await analyzeChunk(file, chunks[0], {}, { onDistinctReserve: (r) => reserves.push(r) });
  assert.equal(reserves.length, 2);
  // capacities of exact tables: powers of two from 1,024 up, one per order
  for (const r of reserves) for (const c of r) assert.ok(c >= 1024 && Number.isInteger(Math.log2(c)), `${r}`);
  const reserved = await analyzeChunk(file, chunks[1], {}, { distinctReserve: [1 << 16, 1 << 17, 1 << 18] });
  const strip = (p: typeof plain) => ({ ...p, ms: null });
  assert.deepEqual(strip(reserved), strip(plain));
  assert.ok(first.lexical.distinct.orders.every((o) => o.pairs !== null));
});

test('first figures: the counts come after the first row, not after a cold first batch (one pass, in-thread, 2 workers)', async () => {
  // every row has 3 word tokens, so the first figures with tokens can be checked exactly: 1 row analysed, 3 tokens
  const file = write(
    'first.jsonl',
    Array.from({ length: 3000 }, (_, i) => JSON.stringify({ text: `w${i} x${i % 7} y` })),
  );
  for (const [name, options, hooks] of [
    ['one pass', {}, {}],
    ['chunked, in-thread', { chunkBytes: 16 * 1024, workers: 2 }, {}],
    ['chunked, 2 workers', { chunkBytes: 16 * 1024, workers: 2 }, { chunkWorker }],
  ] as const) {
    const seen: { rows: number; tokens: number }[] = [];
    const report = await analyzeFile(file, options, {
      ...hooks,
      onPartial: (p) => seen.push({ rows: p.rows?.parsed ?? -1, tokens: p.tokens?.total ?? -1 }),
    });
    assert.equal(report.tokens.total, 9000, name);
    const first = seen.find((s) => s.tokens > 0);
    assert.equal(first?.tokens, 3, `${name}: first figures with tokens ${JSON.stringify(seen.slice(0, 4))}`);
    // a chunk counts the rows it analysed; one pass counts the rows its reader read (the view's sample, held back
    // until the view is decided, is read before its first row is analysed)
    if (name !== 'one pass') assert.equal(first?.rows, 1, name);
    else assert.ok(first!.rows >= 1, name);
  }
});
