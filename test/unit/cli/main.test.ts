// The CLI as a user runs it: the built bundle, real files, exit codes and outputs.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawnSync, execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'dist/cli.js');
const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-cli-'));
const run = (...args: string[]) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' });

before(() => {
  execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
});

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
