// `diversity-lens mix` on a JSON-array dataset (issue #14): the output is JSONL whose dataset rows are the
// elements' bytes — byte for byte from a minified array; from a pretty-printed one each element on one line with
// only the whitespace outside its strings removed (a big integer keeps every digit) — and the recipe, which says
// so, reproduces it, also from a gzipped array.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { builtCli } from '../helpers/cliRunner.ts';
import { words as w, writeDollyReference } from '../helpers/mixRows.ts';

const { dir, run } = builtCli('dl-cli-mix-array-');

// the id is above 2^53: JSON.parse would round it, so only a byte-level copy keeps it
const elements = Array.from(
  { length: 50 },
  (_, i) =>
    `{"id": 90071992547409930${String(i).padStart(2, '0')}, "instruction": "${w(i, 4, 'q')}", "input": "a  \\"b\\"\\n  c", "output": "${w(i, 10, 'a')}"}`,
);
const pretty = (e: string): string =>
  e.replace('{', '{\n    ').replace(/, "/g, ',\n    "').replace(/}$/, '\n  }');
const { ref } = writeDollyReference(dir, false);
const minified = path.join(dir, 'alpaca.min.json');
fs.writeFileSync(minified, `[${elements.join(',')}]`);
const prettyText = `[\n  ${elements.map(pretty).join(',\n  ')}\n]\n`;
const prettyFile = path.join(dir, 'alpaca.json');
fs.writeFileSync(prettyFile, prettyText);
const gzFile = path.join(dir, 'alpaca.json.gz');
fs.writeFileSync(gzFile, gzipSync(prettyText));

/** `mix` of `data` with 40% real rows, then `args`; the output's lines. */
function mixLines(data: string, out: string): string[] {
  const r = run('mix', data, '--reference', ref, '--real-fraction', '0.4', '--keep-schemas', '--out', out);
  assert.equal(r.status, 0, r.stderr);
  return fs.readFileSync(out, 'utf8').trimEnd().split('\n');
}

/** The compact form the writer must produce from a pretty element: whitespace removed outside strings only. */
const compact = (e: string): string =>
  e.replace(/("(?:[^"\\]|\\.)*")|\s+/g, (_m, s: string | undefined) => s ?? '');

test('mix on a minified JSON array writes each chosen element byte for byte as one JSONL line', () => {
  const lines = mixLines(minified, path.join(dir, 'min-out.jsonl'));
  const fromDataset = lines.filter((l) => l.startsWith('{"id"'));
  assert.ok(fromDataset.length > 10);
  for (const l of fromDataset) assert.ok(elements.includes(l), l);
  const recipe = JSON.parse(fs.readFileSync(path.join(dir, 'min-out.jsonl.recipe.json'), 'utf8'));
  assert.equal(recipe.inputs.dataset.format, 'json-array');
  assert.match(recipe.inputs.dataset.rows, /numbered by 1-based index/);
  assert.equal(recipe.inputs.reference.format, undefined);
});

test('mix on a pretty-printed (and a gzipped) JSON array writes each element on one line, digits and strings intact; the recipe reproduces it', () => {
  const want = new Set(elements.map((e) => compact(pretty(e))));
  for (const e of elements) assert.ok(want.has(compact(e)), 'the test oracle: pretty → compact = minified');
  for (const [name, data] of [
    ['pretty', prettyFile],
    ['gzip', gzFile],
  ]) {
    const out = path.join(dir, `${name}-out.jsonl`);
    const lines = mixLines(data, out);
    const fromDataset = lines.filter((l) => l.startsWith('{"id"'));
    assert.ok(fromDataset.length > 10, name);
    for (const l of fromDataset) {
      assert.ok(want.has(l), `${name}: ${l}`);
      assert.match(l, /^\{"id":90071992547\d+,"instruction":"[^"]+","input":"a {2}\\"b\\"\\n {2}c",/);
    }
    const again = path.join(dir, `${name}-again.jsonl`);
    const r = run('mix', '--recipe', `${out}.recipe.json`, '--out', again);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(fs.readFileSync(again, 'utf8'), fs.readFileSync(out, 'utf8'), name);
  }
});
