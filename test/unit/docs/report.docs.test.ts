// docs/report.md against real reports: every key the document names — in the key column, in a `{a, b}` type and
// in the backticked names of the meaning column — must exist in a report that analyzeFile produces on generated
// datasets (without and with a reference, with group-by, chunked, role-marked text, merged from partials, several files), and every top-level key and
// every `rows` key of a report must be documented. So the reference and the code cannot drift apart again
// (the document once named `tails.zipfExponent` for `tails.zipf.exponent` and a `notJsonl` count never produced).
// Conventions of the document this test relies on: JSON string values are written with their quotes (`"gzip"`);
// a backticked bare name or dotted path is a key (`a.{b,c}` for two), relative to the row's key or absolute.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyzeFile } from '../../../src/core/pipeline/analyze.ts';
import { writeAnalysisPartial } from '../../../src/core/pipeline/partialAnalysis.ts';
import { mergePartialFiles } from '../../../src/core/pipeline/mergePartials.ts';
import { analyzeDataset } from '../../../src/core/pipeline/analyzeDataset.ts';
import { rng } from '../helpers/testRng.ts';
import { compareDatasets } from '../../../src/core/compare/compareDatasets.ts';
import { tempDir } from '../helpers/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const FULL_DOC = fs.readFileSync(path.join(ROOT, 'docs/report.md'), 'utf8');
/** The analysis report's part of the document, and the compare report's (its own section and table). */
const COMPARE_HEADING = '\n## Compare report';
const DOC = FULL_DOC.slice(0, FULL_DOC.indexOf(COMPARE_HEADING));
const COMPARE_DOC = FULL_DOC.slice(FULL_DOC.indexOf(COMPARE_HEADING));
const dir = tempDir('dl-report-doc-');

/** Rows of seeded words (a Zipf-ish vocabulary), a `source` field to group by, some exact and near repeats. */
function dataset(name: string, seed: number, rows: number, wrap = (t: string) => t): string {
  const r = rng(seed);
  const vocab = Array.from({ length: 3000 }, (_, i) => `w${i}`);
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const text =
      i % 17 === 3 && i > 20
        ? JSON.parse(lines[i - 10]).text // an exact repeat
        : Array.from({ length: 30 }, () => vocab[Math.floor(vocab.length * r() ** 2.5)]).join(' ');
    lines.push(JSON.stringify({ text: wrap(text), source: `s${i % 3}` }));
  }
  const file = path.join(dir, name);
  fs.writeFileSync(file, lines.join('\n') + '\n{broken\n');
  return file;
}

type Json = unknown;
const reports: Json[] = [];
const compareReports: Json[] = [];

before(async () => {
  const data = dataset('data.jsonl', 1, 800);
  const reference = dataset('reference.jsonl', 2, 800);
  const chat = dataset(
    'chat.jsonl',
    3,
    300,
    (t) => `<|im_start|>user\n${t}<|im_end|>\n<|im_start|>assistant\nok ${t}<|im_end|>`,
  );
  // prompts with a verb: the instruction figures with their reference and per-slice keys
  const asks = dataset(
    'asks.jsonl',
    4,
    300,
    (t) => `<|im_start|>user\nWrite a poem about ${t}<|im_end|>\n<|im_start|>assistant\nok<|im_end|>`,
  );
  reports.push(
    await analyzeFile(asks, { groupBy: ['source'], minSliceRows: 10, reference: { path: asks } }),
    await analyzeFile(data, { groupBy: ['source'], minSliceRows: 10 }),
    await analyzeFile(data, { groupBy: ['source'], minSliceRows: 10, reference: { path: reference } }),
    await analyzeFile(data, { chunkBytes: 16 * 1024 }),
    await analyzeFile(chat, {}),
    // phrase counts sampled past a lowered line, with the 1 GiB size threshold lowered (internal options)
    await analyzeFile(data, { phraseSampleFromLine: 101, phraseSampleAboveBytes: 0 }),
  );
  // a merged report (diversity-lens merge): two partials of the data file
  const parts = [path.join(dir, 'a.dlpart'), path.join(dir, 'b.dlpart')];
  await writeAnalysisPartial(
    data,
    { chunkBytes: 16 * 1024 },
    { out: parts[0], range: { start: 0, end: 32 * 1024 } },
  );
  await writeAnalysisPartial(data, { chunkBytes: 16 * 1024 }, { out: parts[1], range: { start: 32 * 1024 } });
  reports.push(await mergePartialFiles(parts));
  // a dataset of several files (analyze FOLDER): the data file and the chat file as two shards
  reports.push(await analyzeDataset({ files: [data, chat], label: dir }, {}));
  // compare reports (diversity-lens compare --json): three datasets, the default and another baseline, a field
  compareReports.push(
    await compareDatasets([data, reference, chat], {}, { cache: false }),
    await compareDatasets([data, reference], { baseline: reference, fields: ['text'] }, { cache: false }),
  );
});

/** The key table of a part of the document (default: the analysis report's): [key, type, meaning] per row. */
function tableRows(doc = DOC): [string, string, string][] {
  const out: [string, string, string][] = [];
  for (const line of doc.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const cells = line
      .slice(1, -1)
      .split(/(?<!\\)\|/)
      .map((c) => c.trim());
    assert.equal(cells.length, 3, `a table row has three cells: ${line}`);
    out.push(cells as [string, string, string]);
  }
  assert.ok(out.length > 20, 'the key table was found');
  return out;
}

const backticked = (cell: string): string[] => [...cell.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
/** A key path as the document writes it: `a`, `a.b`, `a.{b,c}` (expanded). */
const KEY_PATH = /^[A-Za-z_]\w*(\.(\w+|\{\w+(,\w+)*\}))*$/;
function expand(p: string): string[][] {
  let paths: string[][] = [[]];
  for (const seg of p.split('.')) {
    const alts = seg.startsWith('{') ? seg.slice(1, -1).split(',') : [seg];
    paths = paths.flatMap((prefix) => alts.map((a) => [...prefix, a]));
  }
  return paths;
}

/** The values at `segments` under `node` (arrays: every element), keys present even when null. */
function at(node: Json, segments: string[]): Json[] {
  if (segments.length === 0) return [node];
  if (Array.isArray(node)) return node.flatMap((e) => at(e, segments));
  if (node === null || typeof node !== 'object') return [];
  const [head, ...rest] = segments;
  return Object.hasOwn(node, head) ? at((node as Record<string, Json>)[head], rest) : [];
}

/** Every object node under `node` (itself included). */
function descendants(node: Json): Json[] {
  if (node === null || typeof node !== 'object') return [];
  const kids = Array.isArray(node) ? node : Object.values(node as object);
  return [node, ...kids.flatMap(descendants)];
}

test('every key in the key column exists in a real report', () => {
  for (const [keyCell] of tableRows())
    for (const key of backticked(keyCell)) {
      assert.match(key, KEY_PATH, `key column: ${key}`);
      for (const p of expand(key))
        assert.ok(
          reports.some((r) => at(r, p).length > 0),
          `docs/report.md names \`${p.join('.')}\`, which no report has`,
        );
    }
});

test('every key named in the type and meaning columns exists under its row (or from the root)', () => {
  const missing: string[] = [];
  for (const [keyCell, typeCell, meaning] of tableRows()) {
    const rowKeys = backticked(keyCell).flatMap(expand);
    const subtrees = reports.flatMap((r) => rowKeys.flatMap((k) => at(r, k)));
    const nodes = subtrees.flatMap(descendants);
    const typeKeys = backticked(typeCell).flatMap((t) =>
      /^\{[\w, ]+\}$/.test(t) ? t.slice(1, -1).split(/,\s*/) : [],
    );
    const names = [...typeKeys, ...backticked(meaning).filter((t) => KEY_PATH.test(t))];
    for (const name of names)
      for (const p of expand(name)) {
        const found = nodes.some((n) => at(n, p).length > 0) || reports.some((r) => at(r, p).length > 0);
        if (!found) missing.push(`${backticked(keyCell).join(', ')}: \`${p.join('.')}\``);
      }
  }
  assert.deepEqual(missing, [], 'documented keys that no report has');
});

test('every top-level key and every rows key of a report is documented', () => {
  const documented = new Set(
    tableRows().flatMap(([k]) =>
      backticked(k)
        .flatMap(expand)
        .map((p) => p.join('.')),
    ),
  );
  const isDocumented = (key: string) =>
    documented.has(key) || [...documented].some((d) => d.startsWith(`${key}.`));
  for (const r of reports) {
    const report = r as Record<string, Record<string, unknown>>;
    for (const k of Object.keys(report))
      assert.ok(isDocumented(k), `report key \`${k}\` is not in docs/report.md`);
    for (const k of Object.keys(report.rows))
      assert.ok(isDocumented(`rows.${k}`), `report key \`rows.${k}\` is not in docs/report.md`);
  }
});

test('rows.byReason documents exactly the reasons a report counts', () => {
  const row = tableRows().find(([k]) => k === '`rows.byReason`');
  assert.ok(row);
  const documented = backticked(row[2])
    .filter((t) => KEY_PATH.test(t))
    .sort();
  const produced = Object.keys((reports[0] as { rows: { byReason: object } }).rows.byReason).sort();
  assert.deepEqual(documented, produced);
});

test('compare report: every key of its table exists in a real compare report, and every key is documented', () => {
  const rows = tableRows(COMPARE_DOC);
  const documented = new Set(
    rows.flatMap(([k]) =>
      backticked(k)
        .flatMap(expand)
        .map((p) => p.join('.')),
    ),
  );
  const missing: string[] = [];
  for (const [keyCell, typeCell, meaning] of rows) {
    for (const key of backticked(keyCell))
      for (const p of expand(key))
        if (!compareReports.some((r) => at(r, p).length > 0)) missing.push(`key column: ${p.join('.')}`);
    const rowKeys = backticked(keyCell).flatMap(expand);
    const nodes = compareReports.flatMap((r) => rowKeys.flatMap((k) => at(r, k))).flatMap(descendants);
    const typeKeys = backticked(typeCell).flatMap((t) =>
      /^\{[\w, ]+\}$/.test(t) ? t.slice(1, -1).split(/,\s*/) : [],
    );
    for (const name of [...typeKeys, ...backticked(meaning).filter((t) => KEY_PATH.test(t))])
      for (const p of expand(name))
        if (!nodes.some((n) => at(n, p).length > 0) && !compareReports.some((r) => at(r, p).length > 0))
          missing.push(`${keyCell}: ${p.join('.')}`);
  }
  assert.deepEqual(missing, [], 'documented compare keys that no compare report has');
  // every key of the report, the datasets' keys at every depth, and the trend's
  const undocumented: string[] = [];
  for (const r of compareReports as Record<string, unknown>[]) {
    const walk = (node: unknown, prefix: string) => {
      if (node === null || typeof node !== 'object' || Array.isArray(node)) return;
      for (const [k, v] of Object.entries(node)) {
        const key = prefix ? `${prefix}.${k}` : k;
        if (documented.has(key)) {
          if (k === 'datasets') for (const d of v as unknown[]) walk(d, 'datasets');
          else if (!['tool', 'options', 'trend', 'timing'].includes(key)) walk(v, key);
        } else if (![...documented].some((d) => d.startsWith(`${key}.`))) undocumented.push(key);
        else walk(v, key);
      }
    };
    walk(r, '');
  }
  assert.deepEqual([...new Set(undocumented)], [], 'compare report keys missing from docs/report.md');
});
