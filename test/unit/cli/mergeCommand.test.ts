// `diversity-lens analyze --partial` and `diversity-lens merge` as a user runs them (the built bundle): byte ranges
// written as partials, merged in another order into the report `analyze` prints, and one-line errors (exit 2).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { builtCli } from '../helpers/cliRunner.ts';
import { plainCorpus } from '../helpers/corpora.ts';
import { comparableReport } from '../helpers/mergedReports.ts';

const { dir, run } = builtCli('dl-cli-merge-');

/** The report a run printed, less what differs by construction between a merge and one analyze. */
const comparable = (json: string) => comparableReport(JSON.parse(json));

/**
 * Why: a usage error is one line on stderr and exit 2 whatever the command; runs `runner` on each case's arguments
 * and checks that, the line matching the case's pattern.
 */
function assertUsageErrors(
  runner: (...args: string[]) => SpawnSyncReturns<string>,
  cases: [string[], RegExp][],
) {
  for (const [args, want] of cases) {
    const r = runner(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, want, args.join(' '));
    assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
  }
}

test('analyze --byte-range … --partial, then merge (reversed order) prints the report analyze prints', () => {
  const file = path.join(dir, 'data.jsonl');
  fs.writeFileSync(file, plainCorpus(81, 900).join('\n') + '\n');
  const size = fs.statSync(file).size;
  const chunk = 8192;
  const parts: string[] = [];
  for (let start = 0, i = 0; start < size; start += 2 * chunk, i++) {
    const out = path.join(dir, `p${i}.dlpart`);
    const end = start + 2 * chunk < size ? String(start + 2 * chunk) : '';
    const r = run(
      'analyze',
      file,
      '--chunk-bytes',
      String(chunk),
      '--byte-range',
      `${start}:${end}`,
      '--partial',
      out,
    );
    assert.equal(r.status, 0, r.stderr);
    assert.match(
      r.stderr,
      /^partial written: .*p\d+\.dlpart \([\d,]+ rows in \d+ chunks?; lines starting in bytes \d+:\d+ of /,
    );
    parts.push(out);
  }
  assert.ok(parts.length >= 4);
  const merged = run('merge', ...parts.reverse(), '--json');
  assert.equal(merged.status, 0, merged.stderr);
  const single = run('analyze', file, '--chunk-bytes', String(chunk), '--json');
  assert.equal(single.status, 0, single.stderr);
  assert.deepEqual(comparable(merged.stdout), comparable(single.stdout));
  assert.equal(JSON.parse(merged.stdout).partials.length, parts.length);
  // the summary and a gate work on a merged report as on an analysed one
  const gated = run('merge', ...parts, '--quiet', '--fail-on', 'rows.parsed<1');
  assert.equal(gated.status, 0, gated.stderr);
  const broken = run('merge', ...parts, '--quiet', '--fail-on', 'rows.parsed>1');
  assert.equal(broken.status, 1);
  assert.match(broken.stderr, /gate failed: rows\.parsed/);
});

test('usage errors of --partial, --byte-range and merge: one line, exit 2', () => {
  const file = path.join(dir, 'small.jsonl');
  fs.writeFileSync(file, plainCorpus(82, 30).join('\n') + '\n');
  const cases: [string[], RegExp][] = [
    [['analyze', file, '--byte-range', '0:100'], /--byte-range needs --partial/],
    [
      ['analyze', file, '--partial', path.join(dir, 'x.dlpart'), '--json'],
      /--partial writes no report, so it takes no --json/,
    ],
    [
      ['analyze', file, '--partial', path.join(dir, 'x.dlpart'), '--byte-range', '9:3'],
      /END is before START/,
    ],
    [
      ['analyze', file, '--partial', path.join(dir, 'x.dlpart'), '--byte-range', 'a:b'],
      /--byte-range must be START:END/,
    ],
    [['merge'], /expected one or more partial files/],
    [['merge', file], /small\.jsonl: not a Diversity Lens partial file/],
    [['merge', path.join(dir, 'missing.dlpart')], /missing\.dlpart: no such file/],
    [['merge', 'a.dlpart', '--near-threshold', '0.9'], /unknown option --near-threshold for "merge"/],
  ];
  assertUsageErrors(run, cases);
  assert.equal(fs.existsSync(path.join(dir, 'x.dlpart')), false);
});

test('analyze --partial refuses to write its partial over the dataset (path, symlink, hard link, `../`)', () => {
  const file = path.join(dir, 'part-src.jsonl');
  const content = plainCorpus(87, 40).join('\n') + '\n';
  fs.writeFileSync(file, content);
  fs.symlinkSync(file, path.join(dir, 'part-src-link.jsonl'));
  fs.linkSync(file, path.join(dir, 'part-src-hard.dlpart'));
  fs.mkdirSync(path.join(dir, 'part-sub'));
  for (const target of [
    file,
    path.join(dir, 'part-src-link.jsonl'),
    path.join(dir, 'part-src-hard.dlpart'),
    `${dir}/part-sub/../part-src.jsonl`,
  ]) {
    const r = run('analyze', file, '--partial', target, '--quiet');
    assert.equal(r.status, 2, `${target}: ${r.stderr}`);
    assert.match(r.stderr, /refusing to write .*: it is the input /, target);
    assert.equal(fs.readFileSync(file, 'utf8'), content, `${target}: the dataset is untouched`);
  }
  assert.equal(fs.lstatSync(path.join(dir, 'part-src-link.jsonl')).isSymbolicLink(), true);
});

test('analyze --out and merge --out refuse to write over an input (the dataset, a hard link of it, the reference, a partial)', () => {
  const file = path.join(dir, 'keep.jsonl');
  const content = plainCorpus(85, 40).join('\n') + '\n';
  fs.writeFileSync(file, content);
  const link = path.join(dir, 'keep-link.json');
  fs.linkSync(file, link);
  const ref = path.join(dir, 'ref.md');
  fs.writeFileSync(ref, plainCorpus(86, 40).join('\n') + '\n');
  const part = path.join(dir, 'keep.dlpart');
  assert.equal(run('analyze', file, '--partial', part, '--quiet').status, 0);
  const partBytes = fs.readFileSync(part);
  const cases: string[][] = [
    ['analyze', file, '--out', file, '--json'],
    ['analyze', file, '--out', link],
    ['analyze', file, '--reference', ref, '--out', ref],
    ['merge', part, '--out', part, '--json'],
    ['merge', part, '--out', file, '--json'],
  ];
  for (const args of cases) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /refusing to write .*: it is the input /, args.join(' '));
  }
  assert.equal(fs.readFileSync(file, 'utf8'), content, 'the dataset is untouched');
  assert.ok(fs.readFileSync(part).equals(partBytes), 'the partial is untouched');
  // `--out NAME` without an extension writes NAME.json and NAME.md: each is checked (here NAME.json is the dataset)
  const named = path.join(dir, 'rows.json');
  fs.writeFileSync(named, content);
  const stem = run('analyze', named, '--out', path.join(dir, 'rows'));
  assert.equal(stem.status, 2, stem.stderr);
  assert.match(stem.stderr, /refusing to write .*rows\.json: it is the input /);
  assert.equal(fs.readFileSync(named, 'utf8'), content);
  assert.equal(fs.existsSync(path.join(dir, 'rows.md')), false, 'nothing was written');
});

test('analyze FILE… --range-file F [--byte-range] --partial for every file, then merge (any order) = analyze FILE…', async () => {
  const { gzipSync } = await import('node:zlib');
  const ds = path.join(dir, 'ds');
  fs.mkdirSync(ds);
  const lines = plainCorpus(83, 1500);
  const a = path.join(ds, 'a.jsonl');
  const b = path.join(ds, 'b.jsonl.gz');
  fs.writeFileSync(a, lines.slice(0, 900).join('\n') + '\n');
  fs.writeFileSync(b, gzipSync(lines.slice(900).join('\n') + '\n'));
  const chunk = 8192;
  const size = fs.statSync(a).size;
  const parts: string[] = [];
  const analyze = (...args: string[]) => run('analyze', a, b, '--chunk-bytes', String(chunk), ...args);
  for (let start = 0; start < size; start += 2 * chunk) {
    const out = path.join(dir, `a${start}.dlpart`);
    const end = start + 2 * chunk < size ? String(start + 2 * chunk) : '';
    const r = analyze('--range-file', a, '--byte-range', `${start}:${end}`, '--partial', out);
    assert.equal(r.status, 0, r.stderr);
    parts.push(out);
  }
  const bPart = path.join(dir, 'b.dlpart');
  // the file named as the shell would name it relative to elsewhere: any spelling of a dataset file works
  const rb = analyze('--range-file', path.join(ds, '..', 'ds', 'b.jsonl.gz'), '--partial', bPart);
  assert.equal(rb.status, 0, rb.stderr);
  parts.push(bPart);
  const merged = run('merge', ...[...parts].reverse(), '--json');
  assert.equal(merged.status, 0, merged.stderr);
  const single = analyze('--json');
  assert.equal(single.status, 0, single.stderr);
  assert.deepEqual(comparable(merged.stdout), comparable(single.stdout));
  const report = JSON.parse(merged.stdout);
  assert.deepEqual(
    report.files.map((f: { path: string; firstLine: number }) => [f.path, f.firstLine]),
    [
      [a, 1],
      [b, 901],
    ],
  );
  // a missing file is refused, naming it
  const missing = run('merge', ...parts.slice(0, -1), '--json');
  assert.equal(missing.status, 2);
  assert.match(
    missing.stderr,
    /b\.jsonl\.gz: missing file: no partial holds it \(file 2 of the 2 of the dataset/,
  );
  // usage errors: which file, a file not of the dataset, --range-file alone (one line, exit 2)
  const cases: [string[], RegExp][] = [
    [
      ['--partial', path.join(dir, 'y.dlpart')],
      /the dataset has 2 files and a partial holds one file \(or a byte range of it\): name it with --range-file FILE, one of .*a\.jsonl, .*b\.jsonl\.gz/,
    ],
    [
      ['--range-file', file83(), '--partial', path.join(dir, 'y.dlpart')],
      /--range-file .* is not a file of the dataset/,
    ],
    [['--range-file', a], /--range-file needs --partial/],
    [
      ['--range-file', b, '--byte-range', '0:100', '--partial', path.join(dir, 'y.dlpart')],
      /gzip-compressed/,
    ],
  ];
  assertUsageErrors(analyze, cases);
  assert.equal(fs.existsSync(path.join(dir, 'y.dlpart')), false);
});

/** A file that is no file of the dataset above. */
function file83(): string {
  const f = path.join(dir, 'elsewhere.jsonl');
  fs.writeFileSync(f, plainCorpus(84, 10).join('\n') + '\n');
  return f;
}
