// A dataset of several files (src/core/pipeline/analyzeDataset.ts, datasetFiles.ts): shards of one file give that
// file's report (one pass: JSON equal except the `file` block, `files` and `timing`; chunked: every exact figure),
// line numbers run through the files, and folders and globs resolve to the files in a stated order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as zlib from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { globToRegExp, resolveDatasetFiles } from '../../../../src/core/pipeline/datasetFiles.ts';
import type { ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import { plainCorpus } from '../../helpers/corpora.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));
const chunkWorker: ChunkWorkerScript = {
  script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
  eval: true,
};

const tmp = () => tempDir('dl-dataset-');

/** `lines` as one file, and as `n` shards (consecutive runs of lines) in a folder `shards/`. */
function sharded(lines: string[], n: number) {
  const dir = tmp();
  const whole = path.join(dir, 'whole.jsonl');
  fs.writeFileSync(whole, lines.join('\n') + '\n');
  const folder = path.join(dir, 'shards');
  fs.mkdirSync(folder);
  const shards: string[] = [];
  const per = Math.ceil(lines.length / n);
  for (let k = 0; k < n; k++) {
    const f = path.join(folder, `train-${String(k).padStart(5, '0')}-of-${String(n).padStart(5, '0')}.jsonl`);
    fs.writeFileSync(f, lines.slice(k * per, (k + 1) * per).join('\n') + '\n');
    shards.push(f);
  }
  return { dir, whole, folder, shards };
}

const without = (r: AnalysisReport, ...keys: string[]) => {
  const o = JSON.parse(JSON.stringify(r));
  for (const k of ['timing', 'file', 'files', ...keys]) delete o[k];
  return o;
};

test('4 shards in one pass = the concatenated file (JSON equal except file, files, timing), lines run through', async () => {
  const lines = plainCorpus(91, 1200);
  const { whole, shards, folder } = sharded(lines, 4);
  const options = { groupBy: ['source'] };
  const single = await analyzeFile(whole, options);
  const files = await resolveDatasetFiles([folder]);
  assert.deepEqual(files, shards);
  const ds = await analyzeDataset({ files, label: folder }, options);
  assert.deepEqual(without(ds), without(single));
  assert.equal(ds.file.path, folder);
  assert.equal(
    ds.file.bytes,
    shards.reduce((s, f) => s + fs.statSync(f).size, 0),
  );
  // the files' spans tile the dataset's lines; each file's rows add up to the whole
  const per = Math.ceil(lines.length / 4);
  assert.deepEqual(
    ds.files!.map((f) => [path.basename(f.path), f.firstLine, f.lines]),
    shards.map((f, k) => [path.basename(f), k * per + 1, Math.min(per, lines.length - k * per)]),
  );
  assert.equal(
    ds.files!.reduce((s, f) => s + f.rows, 0),
    single.rows.parsed,
  );
  // a bad line of shard 3 is reported at its dataset line, which maps back to the shard's own line
  const bad = ds.rows.errors.find((e) => e.line > 2 * per);
  assert.ok(bad, 'a bad line past the second shard');
  const f = [...ds.files!].reverse().find((x) => x.firstLine <= bad.line)!;
  const localLine = bad.line - f.firstLine + 1;
  const text = fs.readFileSync(f.path, 'utf8').split('\n')[localLine - 1];
  assert.equal(text, lines[bad.line - 1]);
});

test('shards in chunks (1 and 2 workers) = each other, and the concatenated file on every exact figure', async () => {
  const lines = plainCorpus(92, 1600);
  const { whole, folder } = sharded(lines, 3);
  const options = { chunkBytes: 16 * 1024 };
  const files = await resolveDatasetFiles([folder]);
  const inThread = await analyzeDataset({ files, label: folder }, options);
  assert.ok((inThread.timing.chunks ?? 0) >= 6, `chunks: ${inThread.timing.chunks}`);
  for (const workers of [1, 2]) {
    const got = await analyzeDataset({ files, label: folder }, { ...options, workers }, { chunkWorker });
    assert.deepEqual(without(got), without(inThread), `--workers ${workers}`);
    assert.deepEqual(got.files, inThread.files);
  }
  const single = await analyzeFile(whole, options);
  const a = without(inThread);
  const b = without(single);
  // chunk cuts at the shard boundaries: another gzip stream per chunk, another float summation order
  for (const r of [a, b]) {
    delete r.lexical.compressionRatio;
    delete r.verdict;
    for (const h of ['tokens', 'distinct1', 'distinct2'])
      r.lexical.perRow[h].mean = Math.round(r.lexical.perRow[h].mean * 1e9);
  }
  assert.deepEqual(a.rows, b.rows);
  assert.deepEqual(a.lexical, b.lexical);
  assert.deepEqual(a.duplicates.exact, b.duplicates.exact);
  assert.deepEqual(a.duplicates.near, b.duplicates.near);
  assert.deepEqual(a.tails, b.tails);
});

test('a gzip shard among plain ones; the view comes from the dataset first rows, across a short first file', async () => {
  const dir = tmp();
  const chat = (i: number) =>
    JSON.stringify({
      messages: [
        { role: 'user', content: `q ${i}` },
        { role: 'assistant', content: `answer ${i} ok` },
      ],
    });
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl.gz');
  const whole = path.join(dir, 'whole.jsonl');
  const first = Array.from({ length: 50 }, (_, i) => chat(i)); // fewer than the 200 sample rows
  const rest = Array.from({ length: 300 }, (_, i) => chat(i + 50));
  fs.writeFileSync(a, first.join('\n') + '\n');
  fs.writeFileSync(b, zlib.gzipSync(rest.join('\n') + '\n'));
  fs.writeFileSync(whole, [...first, ...rest].join('\n') + '\n');
  const ds = await analyzeDataset({ files: [a, b], label: dir }, {});
  const single = await analyzeFile(whole, {});
  assert.deepEqual(without(ds), without(single));
  assert.equal(ds.shape, 'openai-chat');
  assert.deepEqual(
    ds.files!.map((f) => f.compression),
    ['none', 'gzip'],
  );
});

test('resolveDatasetFiles: files in order, folders below (sorted, hidden skipped), globs, duplicates once, clear errors', async () => {
  const dir = tmp();
  const mk = (rel: string) => {
    const p = path.join(dir, rel);
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, '{"text":"x"}\n');
    return p;
  };
  const b = mk('data/b.jsonl');
  const a = mk('data/a.jsonl.gz');
  const nested = mk('data/sub/c.parquet');
  mk('data/.hidden.jsonl');
  mk('data/notes.txt');
  const z = mk('z.json');
  assert.deepEqual(await resolveDatasetFiles([path.join(dir, 'data')]), [a, b, nested]);
  assert.deepEqual(await resolveDatasetFiles([z, path.join(dir, 'data', '*.jsonl*')]), [z, a, b]);
  assert.deepEqual(await resolveDatasetFiles([b, path.join(dir, 'data')]), [b, a, nested]);
  await assert.rejects(
    resolveDatasetFiles([path.join(dir, 'nope.jsonl')]),
    /no such file or folder: .*nope\.jsonl/,
  );
  await assert.rejects(resolveDatasetFiles([path.join(dir, 'data', '*.csv')]), /\*\.csv: no file matches/);
  fs.mkdirSync(path.join(dir, 'empty'));
  await assert.rejects(
    resolveDatasetFiles([path.join(dir, 'empty')]),
    /empty: a folder with no dataset files/,
  );
  await assert.rejects(
    resolveDatasetFiles([path.join(dir, '*', 'b.jsonl')]),
    /wildcards work in the last part/,
  );
  assert.ok(globToRegExp('train-*-of-0000[0-9].parquet').test('train-00001-of-00004.parquet'));
  assert.ok(!globToRegExp('a?.jsonl').test('abc.jsonl'));
  assert.ok(globToRegExp('[!x]*.json').test('a.json') && !globToRegExp('[!x]*.json').test('x.json'));
});

test('a dataset of several files refuses --strict and line marks, with the reason', async () => {
  const { shards } = sharded(plainCorpus(93, 40), 2);
  await assert.rejects(
    analyzeDataset({ files: shards, label: 'x' }, { strict: true }),
    /--strict reads one file/,
  );
  await assert.rejects(
    analyzeDataset({ files: shards, label: 'x' }, {}, { onLineMarks: () => undefined }),
    /line marks are kept for one file/,
  );
});

test('a folder (or glob) of one file is still a dataset: named by its label, its file listed', async () => {
  const { shards, folder } = sharded(plainCorpus(94, 60), 1);
  const files = await resolveDatasetFiles([folder]);
  const asFolder = await analyzeDataset({ files, label: folder }, {});
  const asFile = await analyzeDataset({ files, label: shards[0] }, {});
  assert.equal(asFile.files, undefined, 'a file named as itself has no files block');
  assert.equal(asFile.file.path, shards[0]);
  assert.equal(asFolder.file.path, folder);
  assert.deepEqual(
    asFolder.files!.map((f) => [f.path, f.firstLine, f.rows]),
    [[shards[0], 1, asFile.rows.parsed]],
  );
  assert.deepEqual(without(asFolder), without(asFile));
});

test('a JSON array and a Parquet file after a JSONL file: their rows numbered after the earlier files (one pass and chunked)', async () => {
  const { fixtureRows, jsonlLine, writeFixtureParquet } = await import('../../helpers/parquetFixtures.ts');
  const dir = tmp();
  const rows = fixtureRows(900);
  const [x, y, z] = [rows.slice(0, 300), rows.slice(300, 600), rows.slice(600)];
  const plain = ['x.jsonl', 'y.jsonl', 'z.jsonl'].map((n) => path.join(dir, n));
  fs.writeFileSync(plain[0], x.map((r) => jsonlLine(r) + '\n').join(''));
  fs.writeFileSync(plain[1], y.map((r) => jsonlLine(r) + '\n').join(''));
  const array = path.join(dir, 'y.json');
  fs.writeFileSync(array, '[\n' + y.map(jsonlLine).join(',\n') + '\n]\n');
  const parquet = path.join(dir, 'z.parquet');
  await writeFixtureParquet(plain[2], parquet, z, 'snappy');
  const mixed = [plain[0], array, parquet];
  // every figure that carries a line number: the rows' bad lines, duplicates' and templates' example lines, and the
  // clusters' representative texts (read back from the JSON array by byte range, from the Parquet file by row)
  const lined = (r: AnalysisReport) =>
    JSON.parse(
      JSON.stringify({
        dup: r.duplicates,
        templates: r.duplicates.templates,
        rows: r.rows,
        files: r.files!.map((f) => [f.firstLine, f.lines, f.rows]),
      }),
      (k, v) => (k === 'readBytes' ? undefined : v),
    );
  for (const options of [{}, { chunkBytes: 16 * 1024, workers: 2, chunkWorker }]) {
    const { chunkWorker: worker, ...o } = options as { chunkWorker?: ChunkWorkerScript };
    const a = await analyzeDataset({ files: mixed, label: dir }, o, { chunkWorker: worker });
    const b = await analyzeDataset({ files: plain, label: dir }, o, { chunkWorker: worker });
    assert.equal(a.files![2].firstLine, 601);
    const parquetCluster = a.duplicates.exact.clusters.find((c) => c.representativeLine > 600);
    assert.ok(parquetCluster?.representativeText, 'a cluster whose row is in the Parquet file has its text');
    assert.ok(
      a.duplicates.exact.clusters.some((c) => c.lines.some((l) => l > 300)),
      'duplicates in the later files',
    );
    // (chunked, the template lists may differ: the array and the Parquet file are one chunk each, the JSONL files several)
    if ('chunkBytes' in o) for (const r of [a, b]) r.duplicates.templates.phrases = [];
    assert.deepEqual(lined(a), lined(b), JSON.stringify(o));
  }
});

test('phrases sampled past a lowered line of each file: one pass, chunks and 1 or 2 workers sample the same rows', async () => {
  const lines = plainCorpus(93, 1600);
  const { folder, shards } = sharded(lines, 3);
  const files = await resolveDatasetFiles([folder]);
  // lines 201+ of each file are sampled (the rule counts lines within a file)
  const sample = { phraseSampleFromLine: 201, phraseSampleAboveBytes: 0 };
  const onePass = await analyzeDataset({ files, label: folder }, sample);
  assert.equal(onePass.timing.chunks, undefined);
  const flag = onePass.duplicates.templates.phrasesSampled!;
  assert.equal(flag.fromLine, 201);
  // each shard's rows on lines ≥ 201 (all but its few bad or empty lines), about half of them counted
  const past = shards.reduce((s, f) => s + fs.readFileSync(f, 'utf8').split('\n').length - 1 - 200, 0);
  assert.ok(flag.rows > 0.9 * past && flag.rows <= past, `${flag.rows} rows of ${past} lines`);
  assert.ok(flag.counted > 0.4 * flag.rows && flag.counted < 0.6 * flag.rows, `${flag.counted} counted`);
  const options = { chunkBytes: 16 * 1024, ...sample };
  const inThread = await analyzeDataset({ files, label: folder }, options);
  assert.ok((inThread.timing.chunks ?? 0) >= 6, `chunks: ${inThread.timing.chunks}`);
  assert.deepEqual(inThread.duplicates.templates.phrasesSampled, flag);
  for (const workers of [1, 2]) {
    const got = await analyzeDataset({ files, label: folder }, { ...options, workers }, { chunkWorker });
    assert.deepEqual(without(got), without(inThread), `--workers ${workers}`);
  }
});
