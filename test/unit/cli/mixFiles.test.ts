// `diversity-lens mix` on a dataset of several files (issue #14): a folder, a glob or several files as the dataset,
// a folder as the reference; one JSONL output whose rows are the shards' own lines, a recipe naming the file of
// every chosen row, and `mix --recipe` reproducing it byte for byte.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';
import { words as w } from '../helpers/mixRows.ts';

const { dir, run } = builtCli('dl-cli-mix-files-');

const shards = path.join(dir, 'shards');
const real = path.join(dir, 'real');
fs.mkdirSync(shards);
fs.mkdirSync(real);
const datasetLines = new Map<string, string>();
for (const [name, from] of [
  ['train-00000-of-00002.jsonl', 0],
  ['train-00001-of-00002.jsonl', 40],
] as const) {
  const lines = Array.from(
    { length: 40 },
    (_, i) =>
      `{"text": "${w(from + i, 12, 's')}",  "id": 90071992547409930${String(from + i).padStart(2, '0')}}`,
  );
  lines.forEach((l) => datasetLines.set(l, name));
  fs.writeFileSync(path.join(shards, name), lines.map((l) => `${l}\n`).join(''));
}
for (const [name, from] of [
  ['a.jsonl', 0],
  ['b.jsonl', 30],
] as const)
  fs.writeFileSync(
    path.join(real, name),
    Array.from({ length: 30 }, (_, i) => `{"text":"${w(500 + from + i, 12, 'r')}"}\n`).join(''),
  );

for (const [what, args] of [
  ['a folder', [shards]],
  ['a glob', [path.join(shards, 'train-*.jsonl')]],
  [
    'two files',
    [path.join(shards, 'train-00000-of-00002.jsonl'), path.join(shards, 'train-00001-of-00002.jsonl')],
  ],
] as const) {
  test(`mix of ${what} with a folder as the reference: one JSONL file of the shards' own lines, reproduced from its recipe`, () => {
    const out = path.join(dir, `out-${what.replace(/ /g, '-')}.jsonl`);
    const r = run(
      'mix',
      ...args,
      '--reference',
      real,
      '--real-fraction',
      '0.3',
      '--keep-schemas',
      '--out',
      out,
      '--json',
    );
    assert.equal(r.status, 0, r.stderr);
    const doc = JSON.parse(r.stdout) as { output: { rows: number }; measured: { rows: { parsed: number } } };
    const lines = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, doc.output.rows);
    assert.equal(doc.measured.rows.parsed, doc.output.rows);
    const fromShard = new Set(lines.filter((l) => datasetLines.has(l)).map((l) => datasetLines.get(l)));
    assert.equal(fromShard.size, 2, 'rows of both shards, byte for byte');
    assert.equal(lines.filter((l) => datasetLines.has(l)).length, 80);
    const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
    assert.equal(recipe.inputs.dataset.files.length, 2);
    assert.equal(recipe.inputs.reference.files.length, 2);
    assert.equal(recipe.lines.datasetFiles.length, 80);
    const again = path.join(dir, `again-${what.replace(/ /g, '-')}.jsonl`);
    const rep = run('mix', '--recipe', `${out}.recipe.json`, '--out', again);
    assert.equal(rep.status, 0, rep.stderr);
    assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(out, 'utf8'));
  });
}

test('mix of a folder without dataset files: exit 2 naming the folder', () => {
  const empty = path.join(dir, 'empty');
  fs.mkdirSync(empty);
  const r = run('mix', empty, '--reference', real, '--real-fraction', '0.3');
  assert.equal(r.status, 2);
  assert.match(r.stderr, /empty: a folder with no dataset files/);
});
