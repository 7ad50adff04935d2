// The scale test of issue #13: examples/dask/analyze_on_dask.py on a real Dask LocalCluster (2 worker
// processes, Debian's python3-distributed) over 8 byte ranges of a generated corpus, whose merged report must equal
// one single-process `analyze` with the same --chunk-bytes (except `timing` and `partials`); and the plumbing
// around it — ranges, options passed through, failures reported with their range, no partial left behind — with
// test/scale/fake-cli.mjs standing in for the CLI. And a dataset of several files (a folder): each plain file cut
// into ranges, a gzip file one task, the merged report equal to `analyze FOLDER`.
// Run: npm run test:scale (installs Dask with scripts/setup-python.sh and builds dist/ first).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import zlib from 'node:zlib';

const HERE = path.dirname(fileURLToPath(import.meta.url));
const ROOT = path.resolve(HERE, '../..');
const SCRIPT = path.join(ROOT, 'examples/dask/analyze_on_dask.py');
const CLI = path.join(ROOT, 'dist/cli.js');
const FAKE_CLI = `${process.execPath} ${path.join(HERE, 'fake-cli.mjs')}`;
const CHUNK = 262144;
// --range-bytes 400000 is rounded up to 2 chunks (524288); a corpus of ~3.8 MiB then makes 8 ranges.
const RANGE = 400000;
const RANGE_ROUNDED = 2 * CHUNK;
const TIMEOUT = 180_000;

let tmp;
let corpus;

/** Runs the example with the PATH's python3, as a user would (it re-runs itself under Debian's python3 when needed). */
function dask(args, env = {}) {
  const r = spawnSync('python3', [SCRIPT, ...args], {
    encoding: 'utf8',
    env: { ...process.env, ...env },
    timeout: TIMEOUT,
  });
  if (r.error) throw r.error;
  return r;
}

/**
 * Runs the example over `input` (the corpus, or a dataset folder) in byte ranges of `rangeBytes` (chunks of CHUNK),
 * writing `out`; `more` are the further flags (--cli, --n-workers, …), `env` as for dask().
 */
function daskRanges(input, out, rangeBytes, more, env = {}) {
  return dask(
    [input, '--out', out, '--range-bytes', String(rangeBytes), '--chunk-bytes', String(CHUNK), ...more],
    env,
  );
}

/**
 * `analyze` of `input` in one process with the chunks of the Dask runs, its JSON report written to `out`. Why: every
 * merged report is checked against this one, which must be computed the same way each time.
 */
function analyzeInOneProcess(input, out) {
  const a = spawnSync(
    process.execPath,
    [CLI, 'analyze', input, '--chunk-bytes', String(CHUNK), '--json', '--out', out, '--quiet'],
    { encoding: 'utf8' },
  );
  assert.equal(a.status, 0, a.stderr);
}

/**
 * A report without what differs by construction between a merge and one analyze: `timing`, the `partials` list, and
 * which rows the instruction sample holds — byte-range tasks (and a dataset's later files) key it by byte offset, so
 * a merge samples other rows of the same population (docs/scale.md); the population it samples must agree.
 */
const comparable = (report) => {
  const { timing, partials, instructions, ...rest } = report;
  void timing;
  void partials;
  const population = instructions && {
    rows: instructions.rows,
    promptRows: instructions.promptRows,
    sampledRows: instructions.sampledRows,
    sampleSize: instructions.sampleSize,
  };
  return { ...rest, instructionPopulation: population };
};

/** A test of this file: every one runs Dask (or its plumbing) on the corpus, so each gets the TIMEOUT. */
const daskTest = (name, fn) => test(name, { timeout: TIMEOUT }, fn);

/** The folders a run left next to its --out (the default --workdir is `.dlparts-*` there). */
const leftovers = (dir) => fs.readdirSync(dir).filter((name) => name.startsWith('.dlparts-'));

before(() => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diversity-lens-scale-'));
  corpus = path.join(tmp, 'corpus.jsonl');
  const gen = spawnSync(
    process.execPath,
    [path.join(ROOT, 'bench/generate-corpus.mjs'), '--bytes', '4000000', '--text', 'email', '--out', corpus],
    { encoding: 'utf8' },
  );
  assert.equal(gen.status, 0, gen.stderr);
  const size = fs.statSync(corpus).size;
  assert.ok(
    size > 7 * RANGE_ROUNDED && size <= 8 * RANGE_ROUNDED,
    `corpus of ${size} bytes does not make 8 ranges`,
  );
});

after(() => {
  if (tmp && !process.env.SCALE_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

daskTest(
  'Dask plumbing: 8 chunk-aligned ranges cover the file, options reach every task, partials removed',
  () => {
    const out = path.join(tmp, 'fake-report.json');
    const r = daskRanges(corpus, out, RANGE, [
      '--n-workers',
      '2',
      '--cli',
      FAKE_CLI,
      '--group-by',
      'source',
      '--',
      '--view',
      'full',
    ]);
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stderr, /--range-bytes 400000 rounded up to 524288/);
    assert.match(r.stderr, /8 task\(s\)/);
    assert.match(r.stderr, /LocalCluster \(2 workers\)/);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    const size = fs.statSync(corpus).size;
    const ranges = report.partials.map((p) => p.range.split(':').map(Number)).sort((a, b) => a[0] - b[0]);
    assert.equal(ranges.length, 8);
    let at = 0;
    for (const [start, end] of ranges) {
      assert.equal(start, at, 'ranges are contiguous');
      assert.equal(start % CHUNK, 0, `range start ${start} is a multiple of --chunk-bytes`);
      assert.ok(
        end === size || end % CHUNK === 0,
        `range end ${end} is a multiple of --chunk-bytes or the end`,
      );
      at = end;
    }
    assert.equal(at, size, 'the ranges end at the end of the file');
    for (const p of report.partials) {
      assert.equal(p.file, corpus, 'tasks get the absolute input path');
      const args = p.args.join(' ');
      assert.match(args, /--chunk-bytes 262144/);
      assert.match(args, /--workers 1 --quiet/);
      assert.match(args, /--group-by source/);
      assert.match(args, /--view full/);
    }
    // merge got the partials by absolute path in the default work folder next to --out, in file order
    const names = report.args.filter((a) => a.endsWith('.dlpart'));
    assert.equal(names.length, 8);
    for (const name of names) assert.equal(path.dirname(path.dirname(name)), tmp);
    assert.match(names[0], /\.dlparts-/);
    assert.deepEqual(names, [...names].sort());
    assert.deepEqual(leftovers(tmp), [], 'the default --workdir is removed after success');
  },
);

daskTest('Dask plumbing: a last piece shorter than one chunk joins the range before it', () => {
  const out = path.join(tmp, 'fake-tail.json');
  const size = fs.statSync(corpus).size;
  const full = Math.floor(size / CHUNK); // ranges of one chunk; the file ends 0 < rest < CHUNK bytes after the last
  assert.ok(size % CHUNK > 0);
  const r = daskRanges(corpus, out, CHUNK, ['--cli', FAKE_CLI]);
  assert.equal(r.status, 0, r.stderr);
  const ranges = JSON.parse(fs.readFileSync(out, 'utf8'))
    .partials.map((p) => p.range)
    .sort((a, b) => Number(a.split(':')[0]) - Number(b.split(':')[0]));
  assert.equal(ranges.length, full);
  assert.equal(ranges.at(-1), `${(full - 1) * CHUNK}:${size}`);
});

daskTest('Dask: a failing task is reported with its range and stderr, exit 1, no partial left behind', () => {
  const dir = fs.mkdtempSync(path.join(tmp, 'fail-'));
  const out = path.join(dir, 'report.json');
  const r = daskRanges(corpus, out, RANGE, ['--cli', FAKE_CLI], {
    FAKE_CLI_FAIL_AT: String(2 * RANGE_ROUNDED),
  });
  assert.equal(r.status, 1, r.stderr);
  assert.match(r.stderr, /1 of 8 task\(s\) failed/);
  assert.match(r.stderr, new RegExp(`bytes ${2 * RANGE_ROUNDED}:${3 * RANGE_ROUNDED} on .*: exit 2`));
  assert.match(r.stderr, /fake failure at 1048576:1572864/);
  assert.ok(!fs.existsSync(out), 'no report is written');
  assert.deepEqual(leftovers(dir), [], 'the partials of the other tasks are removed');
});

daskTest(
  'Dask: usage errors — a missing input, a folder without dataset files, a CLI that does not run — exit 2 with a clear message',
  () => {
    const out = path.join(tmp, 'never.json');
    const missing = dask([path.join(tmp, 'nope.jsonl'), '--out', out, '--cli', FAKE_CLI]);
    assert.equal(missing.status, 2, missing.stderr);
    assert.match(missing.stderr, /no such file or folder: .*nope\.jsonl/);
    const empty = fs.mkdtempSync(path.join(tmp, 'empty-'));
    const several = dask([corpus, empty, '--out', out, '--cli', FAKE_CLI]);
    assert.equal(several.status, 2, several.stderr);
    assert.match(several.stderr, /empty-\w+: a folder with no dataset files/);
    const noCli = dask([corpus, '--out', out, '--cli', path.join(tmp, 'no-such-cli')]);
    assert.equal(noCli.status, 2, noCli.stderr);
    assert.match(noCli.stderr, /the CLI does not run here/);
    assert.doesNotMatch(missing.stderr + several.stderr + noCli.stderr, /Traceback/);
    assert.ok(!fs.existsSync(out));
    assert.deepEqual(leftovers(tmp), []);
  },
);

daskTest('Dask LocalCluster, 2 workers, 8 ranges: the merged report equals a single-process analyze', () => {
  const merged = path.join(tmp, 'merged.json');
  const single = path.join(tmp, 'single.json');
  const r = daskRanges(corpus, merged, RANGE, ['--n-workers', '2', '--cli', `${process.execPath} ${CLI}`]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stderr, /8 task\(s\)/);
  analyzeInOneProcess(corpus, single);
  const m = JSON.parse(fs.readFileSync(merged, 'utf8'));
  assert.equal(m.partials?.length, 8, 'the merged report lists its 8 partials');
  assert.ok(m.rows.total > 3000, `the merged report counts every row (${m.rows.total})`);
  assert.deepEqual(comparable(m), comparable(JSON.parse(fs.readFileSync(single, 'utf8'))));
  assert.deepEqual(leftovers(tmp), []);
});

/**
 * A dataset of two files in a folder: `a.jsonl` (the first 2,400,000 bytes' lines of the corpus: 5 ranges) and
 * `b.jsonl.gz` (the rest, gzip: one task). Made once, for the two tests below.
 */
function twoFileDataset() {
  const folder = path.join(tmp, 'dataset');
  if (fs.existsSync(folder)) return folder;
  fs.mkdirSync(folder);
  const text = fs.readFileSync(corpus);
  const cut = text.indexOf(10, 2_400_000) + 1;
  fs.writeFileSync(path.join(folder, 'a.jsonl'), text.subarray(0, cut));
  fs.writeFileSync(path.join(folder, 'b.jsonl.gz'), zlib.gzipSync(text.subarray(cut)));
  return folder;
}

daskTest(
  'Dask plumbing, a dataset folder of two files: one file cut into ranges, the gzip file whole, every task names the dataset',
  () => {
    const folder = twoFileDataset();
    const [a, b] = ['a.jsonl', 'b.jsonl.gz'].map((n) => path.join(folder, n));
    const out = path.join(tmp, 'fake-dataset.json');
    const run = daskRanges(folder, out, RANGE, ['--cli', FAKE_CLI]);
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stderr, /6 task\(s\) .* over 2 file\(s\)/);
    const report = JSON.parse(fs.readFileSync(out, 'utf8'));
    const of = (f) => report.partials.filter((p) => p.file === f);
    assert.equal(of(a).length, 5);
    assert.deepEqual(
      of(b).map((p) => p.range),
      [null],
      'the gzip file is one task, without --byte-range',
    );
    for (const p of report.partials) {
      assert.deepEqual(p.dataset, [folder], 'every task names the dataset as given (absolute)');
      assert.match(p.args.join(' '), /--range-file /);
    }
    assert.deepEqual(leftovers(tmp), []);
  },
);

daskTest(
  'Dask LocalCluster, a dataset folder of JSONL + gzip: the merged report equals analyze FOLDER',
  () => {
    const folder = twoFileDataset();
    const merged = path.join(tmp, 'merged-dataset.json');
    const single = path.join(tmp, 'single-dataset.json');
    const r = daskRanges(folder, merged, RANGE, ['--cli', `${process.execPath} ${CLI}`]);
    assert.equal(r.status, 0, r.stderr);
    analyzeInOneProcess(folder, single);
    const m = JSON.parse(fs.readFileSync(merged, 'utf8'));
    assert.equal(m.partials?.length, 6);
    assert.equal(m.files.length, 2);
    assert.equal(m.file.path, folder);
    assert.deepEqual(comparable(m), comparable(JSON.parse(fs.readFileSync(single, 'utf8'))));
    assert.deepEqual(leftovers(tmp), []);
  },
);
