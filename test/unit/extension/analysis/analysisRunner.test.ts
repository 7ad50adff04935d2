// AnalysisRunner: one worker per analysis, progress, every lost tail type, cancel, crash recovery. Uses the real worker entry
// (src/worker/analysisWorker.ts, loaded through tsx by the bootstrap test/unit/workers/analysisWorker.cjs) on a tiny
// generated file, plus minimal workers (test/unit/workers/) for what the real one never does on purpose (crash, hang).
import { writeFolder } from '../../helpers/folders.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  ANALYSIS_OUT_OF_MEMORY,
  AnalysisCancelledError,
  AnalysisRunner,
} from '../../../../src/extension/analysis/analysisRunner.ts';
import type { AnalyzeProgress } from '../../../../src/core/pipeline/analyzeOptions.ts';
import { queryLostTypes, type LostTypesIndex } from '../../../../src/core/tails/lostTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

// A worker cannot start from a .ts file directly: the bootstrap registers tsx, then requires it.
const worker = (name: string): string => fileURLToPath(new URL(`../../workers/${name}.cjs`, import.meta.url));
const realRunner = () => new AnalysisRunner(worker('analysisWorker'));

function tinyDataset(): string {
  const dir = tempDir('dl-runner-');
  const file = path.join(dir, 'tiny.jsonl');
  // line 1 ok, line 2 malformed, line 3 blank, line 4 ok (same text as line 1 → 1 exact duplicate row)
  fs.writeFileSync(file, '{"text":"a b c"}\n{"text": oops}\n\n{"text":"a b c"}\n');
  return file;
}

test('runs the real worker: progress, then the report of the file', async () => {
  const file = tinyDataset();
  const runner = realRunner();
  const progress: AnalyzeProgress[] = [];
  const handle = runner.start(file, {}, (p) => progress.push(p));
  assert.equal(runner.activeCount, 1);
  const report = await handle.result;
  // non-blank lines 1, 2, 4 → total 3; parsed 1 and 4 → 2; malformed line 2; blank line 3
  assert.deepEqual(
    {
      total: report.rows.total,
      parsed: report.rows.parsed,
      malformed: report.rows.malformed,
      blank: report.rows.blank,
    },
    { total: 3, parsed: 2, malformed: 1, blank: 1 },
  );
  assert.deepEqual(
    report.rows.errors.map((e) => e.line),
    [2],
  );
  // tokens: "a b c" twice → 6 tokens, 3 types
  assert.deepEqual([report.tokens.total, report.tokens.types], [6, 3]);
  assert.ok(
    progress.some((p) => p.phase === 'finishing'),
    'a finishing progress message arrived',
  );
  assert.equal(runner.activeCount, 0);
  runner.dispose();
});

test('a worker failure (missing file) rejects with its message and the next run works', async () => {
  const runner = realRunner();
  const missing = path.join(os.tmpdir(), 'dl-runner-does-not-exist.jsonl');
  await assert.rejects(
    runner.start(missing, {}).result,
    /no such file or folder: .*dl-runner-does-not-exist/,
  );
  const report = await runner.start(tinyDataset(), {}).result;
  assert.equal(report.rows.parsed, 2);
  runner.dispose();
});

test('a folder (Inspect Folder as Dataset): one report of its shards, with their files; no line marks; an empty folder is named', async () => {
  const { dir, folder } = writeFolder('dl-runner-folder-', 'shards', {
    'a.jsonl': '{"text":"a b c"}\n{"text":"d e"}\n',
    'b.jsonl': '{"text": oops}\n{"text":"a b c"}\n',
  });
  const runner = realRunner();
  let marks = 0;
  const report = await runner.start(folder, {}, undefined, undefined, () => marks++).result;
  assert.equal(report.file.path, folder);
  assert.deepEqual(
    report.files?.map((f) => [path.basename(f.path), f.firstLine, f.lines, f.rows]),
    [
      ['a.jsonl', 1, 2, 2],
      ['b.jsonl', 3, 2, 1],
    ],
  );
  assert.deepEqual(
    report.rows.errors.map((e) => e.line),
    [3],
  );
  assert.deepEqual(report.duplicates.exact.clusters[0]?.lines, [1, 4]);
  assert.equal(marks, 0, 'no line marks for a folder (they are one file’s)');
  // a folder of one file is still a folder: the report names it and lists the file
  const one = path.join(dir, 'one');
  fs.mkdirSync(one);
  fs.writeFileSync(path.join(one, 'x.jsonl'), '{"text":"a b c"}\n');
  const single = await runner.start(one, {}, undefined, undefined, () => marks++).result;
  assert.equal(single.file.path, one);
  assert.equal(single.files?.length, 1);
  assert.equal(marks, 0);
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  await assert.rejects(runner.start(empty, {}).result, /a folder with no dataset files/);
  runner.dispose();
});

test('a crashing worker rejects that analysis only', async () => {
  const crashing = new AnalysisRunner(worker('crashingWorker'));
  await assert.rejects(crashing.start('/nowhere', {}).result, /analysis worker crashed: boom/);
  assert.equal(crashing.activeCount, 0);
  const exiting = new AnalysisRunner(worker('exitingWorker'));
  await assert.rejects(exiting.start('/nowhere', {}).result, /exit code 3/);
});

test('a crash, an exit and an out-of-memory of the worker each fail that run with a clear message; the same runner’s next run works', async () => {
  // the real worker with faults on demand (by path), and a small heap so running out of memory is quick
  const runner = new AnalysisRunner(worker('faultyAnalysisWorker'), { maxOldGenerationSizeMb: 96 });
  const good = tinyDataset();
  // a run alongside the faults is not disturbed by them
  const alongside = runner.start(good, {}).result;
  await assert.rejects(
    runner.start('/nowhere/CRASH.jsonl', {}).result,
    /^Error: analysis worker crashed: boom$/,
  );
  assert.equal((await runner.start(good, {}).result).rows.parsed, 2, 'the run after a crash works');
  await assert.rejects(runner.start('/nowhere/EXIT.jsonl', {}).result, /exited unexpectedly \(exit code 3\)/);
  assert.equal((await runner.start(good, {}).result).rows.parsed, 2, 'the run after an exit works');
  // a thrown value that is not an Error (a string, null) is shown as text; the host's listener never throws on it
  await assert.rejects(
    runner.start('/nowhere/STRING.jsonl', {}).result,
    /^Error: analysis worker crashed: a plain string$/,
  );
  await assert.rejects(
    runner.start('/nowhere/NULL.jsonl', {}).result,
    /^Error: analysis worker crashed: null$/,
  );
  const t0 = performance.now();
  await assert.rejects(runner.start('/nowhere/OOM.jsonl', {}).result, (err: Error) => {
    assert.equal(err.message, ANALYSIS_OUT_OF_MEMORY);
    assert.equal((err as { code?: string }).code, 'ERR_WORKER_OUT_OF_MEMORY');
    return true;
  });
  console.log(`out of memory at a 96 MB heap limit after ${Math.round(performance.now() - t0)} ms`);
  assert.match(ANALYSIS_OUT_OF_MEMORY, /^the analysis ran out of memory .* Try fewer analysis threads/);
  assert.equal(
    (await runner.start(good, {}).result).rows.parsed,
    2,
    'the run after running out of memory works',
  );
  assert.equal((await alongside).rows.parsed, 2);
  assert.equal(runner.activeCount, 0);
  runner.dispose();
});

test('cancel terminates the worker and rejects with AnalysisCancelledError; dispose refuses new work', async () => {
  // a worker that never answers: only cancel can settle it
  const runner = new AnalysisRunner(worker('silentWorker'));
  const a = runner.start('/nowhere', {});
  const b = runner.start('/nowhere', {});
  assert.equal(runner.activeCount, 2);
  a.cancel();
  await assert.rejects(a.result, AnalysisCancelledError);
  assert.equal(runner.activeCount, 1);
  runner.dispose();
  await assert.rejects(b.result, AnalysisCancelledError);
  assert.equal(runner.activeCount, 0);
  assert.throws(() => runner.start('/nowhere', {}), /disposed/);
});

test('onLostTypes: the real worker sends every lost tail type (beyond the report’s 1,000) before the report', async () => {
  const dir = tempDir('dl-runner-lost-');
  const data = path.join(dir, 'data.jsonl');
  const ref = path.join(dir, 'ref.jsonl');
  fs.writeFileSync(data, '{"text":"river river"}\n');
  const numbers = Array.from({ length: 1200 }, (_, i) => String(10_000 + i)).join(' ');
  fs.writeFileSync(ref, `{"text":"river kangaroo ${numbers}"}\n`);
  const runner = realRunner();
  let index: LostTypesIndex | undefined;
  const handle = runner.start(data, { reference: { path: ref } }, undefined, undefined, undefined, (i) => {
    index = i;
  });
  const report = await handle.result;
  assert.equal(report.tails.mode, 'reference');
  if (report.tails.mode !== 'reference') return;
  assert.equal(report.tails.lostTypes.length, 1000);
  assert.equal(report.tails.lostTypesTotal, 1201);
  assert.ok(index, 'the index arrived before the report');
  const page = queryLostTypes(index, {
    query: 'kangaroo',
    hideNumbers: false,
    order: 'count',
    page: 0,
    pageSize: 50,
  });
  assert.deepEqual(page.items, [{ token: 'kangaroo', referenceCount: 1 }]);
  assert.deepEqual([page.kept, page.total, page.numeric], [1201, 1201, 1200]);
  runner.dispose();
});
