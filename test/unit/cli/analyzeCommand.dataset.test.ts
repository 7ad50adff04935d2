// `diversity-lens analyze` on a dataset of several files, as a user runs it (the built bundle): a folder, a glob
// and a file list give one report with `files`; what a dataset of several files cannot do is a one-line error.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';
import { plainCorpus } from '../helpers/corpora.ts';

const { dir, run } = builtCli('dl-cli-dataset-');

test('analyze FOLDER, analyze GLOB and analyze A B give the same dataset report with its files', () => {
  const lines = plainCorpus(101, 600);
  const shards = path.join(dir, 'shards');
  fs.mkdirSync(shards);
  const names = ['part-0.jsonl', 'part-1.jsonl', 'part-2.jsonl'];
  names.forEach((n, k) =>
    fs.writeFileSync(path.join(shards, n), lines.slice(k * 200, (k + 1) * 200).join('\n') + '\n'),
  );
  const byFolder = run('analyze', shards, '--json');
  assert.equal(byFolder.status, 0, byFolder.stderr);
  const byGlob = run('analyze', path.join(shards, 'part-*.jsonl'), '--json');
  assert.equal(byGlob.status, 0, byGlob.stderr);
  const byList = run('analyze', ...names.map((n) => path.join(shards, n)), '--json');
  assert.equal(byList.status, 0, byList.stderr);
  const strip = (out: string) => {
    const r = JSON.parse(out);
    delete r.timing;
    delete r.file;
    return r;
  };
  assert.deepEqual(strip(byGlob.stdout), strip(byFolder.stdout));
  assert.deepEqual(strip(byList.stdout), strip(byFolder.stdout));
  const report = JSON.parse(byFolder.stdout);
  assert.equal(report.file.path, shards);
  assert.deepEqual(
    report.files.map((f: { path: string; firstLine: number; lines: number }) => [
      path.basename(f.path),
      f.firstLine,
      f.lines,
    ]),
    [
      ['part-0.jsonl', 1, 200],
      ['part-1.jsonl', 201, 200],
      ['part-2.jsonl', 401, 200],
    ],
  );
  // the summary names the dataset
  const summary = run('analyze', shards);
  assert.equal(summary.status, 0, summary.stderr);
  assert.match(summary.stdout, /shards/);
});

test('analyze on several files: --partial without --range-file, --strict and an empty glob are one-line errors (exit 2)', () => {
  const a = path.join(dir, 'a.jsonl');
  const b = path.join(dir, 'b.jsonl');
  fs.writeFileSync(a, plainCorpus(102, 20).join('\n') + '\n');
  fs.writeFileSync(b, plainCorpus(103, 20).join('\n') + '\n');
  const cases: [string[], RegExp][] = [
    [
      ['analyze', a, b, '--partial', path.join(dir, 'x.dlpart')],
      /the dataset has 2 files and a partial holds one file \(or a byte range of it\): name it with --range-file FILE/,
    ],
    [['analyze', a, b, '--strict'], /--strict reads one file in one pass/],
    [['analyze', path.join(dir, '*.parquet')], /\*\.parquet: no file matches/],
    [['analyze', path.join(dir, 'missing')], /no such file or folder: .*missing/],
  ];
  for (const [args, want] of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
});
