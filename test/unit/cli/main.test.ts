// The CLI as a user runs it: the built bundle, real files, exit codes and outputs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';

const { dir, run } = builtCli('dl-cli-');

const rows = [
  'alpha beta gamma delta',
  'alpha beta gamma delta',
  'one two three four five six',
  'seven eight nine',
];
const data = path.join(dir, 'd.jsonl');
fs.writeFileSync(data, rows.map((t) => JSON.stringify({ text: t })).join('\n') + '\n{bad\n');

test('analyze prints a summary ending with the verdict line and exits 0', () => {
  const r = run('analyze', data);
  assert.equal(r.status, 0, r.stderr);
  const last = r.stdout.trim().split('\n').at(-1) ?? '';
  assert.match(last, /^Verdict: (healthy|watch|collapse-prone)/);
  assert.match(r.stdout, /line 5:\d+ malformed/);
});

test('--json prints the report; --out writes .json and .md', () => {
  const r = run('analyze', data, '--json');
  assert.equal(r.status, 0, r.stderr);
  const rep = JSON.parse(r.stdout);
  assert.equal(rep.rows.parsed, 4);
  assert.equal(rep.rows.malformed, 1);
  assert.equal(rep.duplicates.exact.rows, 1);
  const out = path.join(dir, 'out/rep');
  const w = run('analyze', data, '--out', out, '--quiet');
  assert.equal(w.status, 0, w.stderr);
  assert.deepEqual(JSON.parse(fs.readFileSync(`${out}.json`, 'utf8')).rows, rep.rows);
  assert.match(fs.readFileSync(`${out}.md`, 'utf8'), /^# Diversity Lens report/);
});

test('--fail-on exits 1 when a gate breaks, 0 when it holds', () => {
  // exact duplicates: 1 of 4 rows = 0.25
  assert.equal(run('analyze', data, '--quiet', '--fail-on', 'exact.rows>0.2').status, 1);
  assert.equal(run('analyze', data, '--quiet', '--fail-on', 'exact.rows>0.3').status, 0);
  // a key the report does not have is a usage error (exit 2), not a data failure (exit 1)
  const typo = run('analyze', data, '--quiet', '--fail-on', 'foo.bar>1');
  assert.equal(typo.status, 2);
  assert.match(typo.stderr, /no number at foo\.bar/);
  const noRef = run('analyze', data, '--quiet', '--fail-on', 'tails.typeCoverage<0.4');
  assert.equal(noRef.status, 2);
  assert.match(noRef.stderr, /needs --reference/);
});

test('usage and input errors exit 2 with one line on stderr', () => {
  for (const args of [
    ['analyze'],
    ['analyze', path.join(dir, 'missing.jsonl')],
    ['analyze', data, '--tokenizer', 'bpe'],
    ['frobnicate'],
  ]) {
    const r = run(...args);
    assert.equal(r.status, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.ok(r.stderr.trim().length > 0);
  }
  const strict = run('analyze', data, '--strict');
  assert.equal(strict.status, 2);
  assert.equal(strict.stderr.trim().split('\n').length, 1);
  assert.match(strict.stderr, /d\.jsonl:5:\d+: /);
});

test('analyze --help, mix -h and help analyze print the command help and exit 0', () => {
  for (const [args, re] of [
    [['analyze', '--help'], /usage: diversity-lens analyze/],
    [['analyze', data, '-h'], /usage: diversity-lens analyze/],
    [['help', 'analyze'], /usage: diversity-lens analyze/],
    [['mix', '--help'], /usage: diversity-lens mix/],
    [['mix', '-h'], /usage: diversity-lens mix/],
    [['help', 'mix'], /usage: diversity-lens mix/],
    [['--help'], /Commands:/],
  ] as [string[], RegExp][]) {
    const r = run(...args);
    assert.equal(r.status, 0, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stdout, re, args.join(' '));
    assert.equal(r.stderr, '', args.join(' '));
  }
  const a = run('analyze', '--help').stdout;
  // options with their ranges and defaults (from the options table), and an example
  assert.match(a, /--near-threshold T +Word 5-gram Jaccard .*\(0\.5…1; default 0\.8\)/s);
  assert.match(a, /--fail-on RULE/);
  assert.match(a, /Examples:\n {2}diversity-lens analyze /);
  assert.match(run('mix', '--help').stdout, /--real-fraction F/);
  // no command: the overview on stderr, exit 2 (usage error); help on an unknown topic: exit 2
  const none = run();
  assert.equal(none.status, 2);
  assert.match(none.stderr, /Commands:/);
  assert.equal(run('help', 'frobnicate').status, 2);
});

test('an unknown option is a usage error with balanced quotes that points at the help', () => {
  for (const cmd of ['analyze', 'mix']) {
    const r = run(cmd, data, '--frobnicate');
    assert.equal(r.status, 2, r.stderr);
    const line = r.stderr.trim();
    assert.equal(line.split('\n').length, 1, line);
    assert.match(line, new RegExp(`unknown option --frobnicate .*diversity-lens ${cmd} --help`));
    assert.equal((line.match(/"/g) ?? []).length % 2, 0, `balanced double quotes: ${line}`);
    assert.equal((line.match(/'/g) ?? []).length % 2, 0, `balanced single quotes: ${line}`);
  }
});

test('an empty file says "empty file" in the summary and the verdict (exit 0), and exits 2 with --strict', () => {
  const emptyFile = path.join(dir, 'empty.jsonl');
  fs.writeFileSync(emptyFile, '');
  const r = run('analyze', emptyFile);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^ {2}empty file \(0 bytes\): no rows to measure$/m);
  assert.match(r.stdout.trim().split('\n').at(-1) ?? '', /^Verdict: watch \(empty file\) — empty file/);
  const strict = run('analyze', emptyFile, '--strict');
  assert.equal(strict.status, 2);
  assert.equal(strict.stderr.trim().split('\n').length, 1);
  assert.match(strict.stderr, /empty\.jsonl: empty file/);
  // blank lines only are empty too
  const blanks = path.join(dir, 'blanks.jsonl');
  fs.writeFileSync(blanks, '\n  \n\n');
  assert.match(run('analyze', blanks).stdout, /empty file \(only 3 blank lines\)/);
  assert.equal(run('analyze', blanks, '--strict').status, 2);
});

test('analyze names the path of a folder with no dataset files, and reads a file whose name lies as what it is (#14)', () => {
  const folder = path.join(dir, 'shards');
  fs.mkdirSync(folder, { recursive: true });
  const d = run('analyze', folder);
  assert.equal(d.status, 2);
  assert.match(
    d.stderr.trim(),
    new RegExp(`^diversity-lens: ${folder.replace(/[.\\/]/g, '\\$&')}: a folder with no dataset files`),
  );
  const parquet = path.join(dir, 'train.jsonl');
  fs.writeFileSync(parquet, Buffer.concat([Buffer.from('PAR1'), Buffer.alloc(32), Buffer.from('PAR1')]));
  const p = run('analyze', parquet);
  assert.equal(p.status, 2);
  assert.match(p.stderr, new RegExp(`^diversity-lens: ${parquet.replace(/[.\\/]/g, '\\$&')}: `));
  const array = path.join(dir, 'alpaca.jsonl');
  fs.writeFileSync(array, JSON.stringify([{ instruction: 'a', output: 'b' }], null, 2));
  const a = run('analyze', array, '--json');
  assert.equal(a.status, 0, a.stderr);
  assert.equal(JSON.parse(a.stdout).file.format, 'json-array');
});
