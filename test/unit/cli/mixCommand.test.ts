// `diversity-lens mix` as a user runs it (the built bundle): by default reference rows are written in the
// dataset's schema and the summary says how; `--map` moves a field; a bad `--map` exits 2 with the reason;
// `--keep-schemas` keeps both schemas (issue #12).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';
import { words as w, writeDollyReference } from '../helpers/mixRows.ts';

const { dir, run } = builtCli('dl-cli-mix-');

const alpacaLines = Array.from(
  { length: 50 },
  (_, i) =>
    `{"instruction": "${w(i, 4, 'q')}", "input": "", "output": "${w(i, 10, 'a')}", "source": "synthetic"}`,
);
const data = path.join(dir, 'alpaca.jsonl');
const { ref, lines: dolly } = writeDollyReference(dir, true);
fs.writeFileSync(data, alpacaLines.join('\n') + '\n');
/** `mix` of the Alpaca dataset with the Dolly reference at 40% real rows, then `args`. */
const mix = (...args: string[]) => run('mix', data, '--reference', ref, '--real-fraction', '0.4', ...args);
const rowsOf = (file: string): Record<string, unknown>[] =>
  fs
    .readFileSync(file, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));

test("mix writes reference rows in the dataset's schema by default and says how", () => {
  const out = path.join(dir, 'default.jsonl');
  const r = mix('--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(
    r.stdout,
    /Reference rows: written in the dataset's schema \(alpaca; 0 already in it, 30 converted, 0 left out\)/,
  );
  assert.match(
    r.stdout,
    /dolly → alpaca: instruction → instruction, context → input, response → output, category dropped/,
  );
  const rows = rowsOf(out);
  for (const row of rows) assert.deepEqual(Object.keys(row), ['instruction', 'input', 'output', 'source']);
  const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  const fromDataset = lines.filter((l) => alpacaLines.includes(l)).length;
  assert.equal(
    rows.filter((x) => x.source === null).length,
    lines.length - fromDataset,
    'converted rows: source null',
  );
  const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
  assert.equal(recipe.model.referenceSchema.mode, 'dataset');
  assert.deepEqual(recipe.model.referenceSchema.map, []);
});

test('mix --map moves a reference field; --json reports the mapping; a bad --map exits 2', () => {
  const out = path.join(dir, 'mapped.jsonl');
  const r = mix('--map', 'category=source', '--out', out, '--json');
  assert.equal(r.status, 0, r.stderr);
  const doc = JSON.parse(r.stdout);
  assert.equal(doc.referenceSchema.mode, 'dataset');
  assert.deepEqual(doc.referenceSchema.map, [{ from: 'category', to: 'source' }]);
  assert.deepEqual(doc.referenceSchema.mapping.dolly.at(-1), { from: 'category', to: 'source' });
  const sources = new Set(rowsOf(out).map((x) => x.source));
  assert.deepEqual([...sources].sort(), ['c0', 'c1', 'c2', 'synthetic']);
  const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
  assert.deepEqual(recipe.model.referenceSchema.map, [{ from: 'category', to: 'source' }]);

  const bad = mix('--map', 'category=nope');
  assert.equal(bad.status, 2);
  assert.match(
    bad.stderr,
    /the dataset has no field "nope" \(its fields: instruction, input, output, source\)/,
  );
  const both = mix('--keep-schemas', '--map', 'a=source');
  assert.equal(both.status, 2);
  assert.match(both.stderr, /--map applies only when reference rows are converted/);
});

test('mix --keep-schemas copies reference rows as they are', () => {
  const out = path.join(dir, 'kept.jsonl');
  const r = mix('--keep-schemas', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /Reference rows: copied as they are \(both schemas kept\)/);
  const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.ok(lines.every((l) => alpacaLines.includes(l) || dolly.includes(l)));
  assert.ok(lines.some((l) => dolly.includes(l)));
});
