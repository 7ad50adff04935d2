// Inspect Selection as Dataset (issue #14): the explorer's multi-selection as ONE dataset. The selection's identity
// (common folder + files in the URI's query) and its order rule (sorted by path, each file once), the checks on a
// query that comes back from a webview's saved state, the real analysis worker reading the selected files in that
// order (line numbers through the files), and the real mix worker building and writing a mix of those files — the
// panel's Mix on a folder or a selection — with the report's Mix messages no longer dropped.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  commonFolder,
  datasetInputOf,
  orderSelection,
  selectionFiles,
  selectionKey,
  selectionName,
  MAX_SELECTION_FILES,
} from '../../../../src/extension/analysis/selectionDataset.ts';
import { AnalysisRunner } from '../../../../src/extension/analysis/analysisRunner.ts';
import { MixWorkerClient } from '../../../../src/extension/mix/mixWorkerClient.ts';
import { livePanelMessages } from '../../../../src/extension/panel/panelMessages.ts';
import type { PanelState } from '../../../../src/protocol/panelProtocol.ts';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';

const worker = (name: string): string => fileURLToPath(new URL(`../../workers/${name}.cjs`, import.meta.url));

test('selection order: sorted by path in code-point order, each file once, whatever the click order', () => {
  assert.deepEqual(
    orderSelection(['/d/shards/b.jsonl', '/d/shards/a.jsonl', '/d/B.jsonl', '/d/shards/b.jsonl']),
    ['/d/B.jsonl', '/d/shards/a.jsonl', '/d/shards/b.jsonl'],
  );
  assert.equal(commonFolder(['/d/shards/a.jsonl', '/d/shards/b.jsonl']), '/d/shards');
  assert.equal(commonFolder(['/d/B.jsonl', '/d/shards/a.jsonl']), '/d');
  assert.equal(commonFolder(['/data/x.jsonl', '/dat/y.jsonl']), '/');
});

test('selection key: the same files in any order give one key; the query names them relative to the common folder and reads back', () => {
  const a = selectionKey(['/d/s/train-1.jsonl', '/d/s/sub/x y%.parquet', '/d/s/train-0.jsonl']);
  const b = selectionKey(['/d/s/train-0.jsonl', '/d/s/train-1.jsonl', '/d/s/sub/x y%.parquet']);
  assert.deepEqual(a, b);
  assert.equal(a.folder, '/d/s');
  const files = selectionFiles(a.folder, a.query);
  assert.deepEqual(files, ['/d/s/sub/x y%.parquet', '/d/s/train-0.jsonl', '/d/s/train-1.jsonl']);
  assert.deepEqual(datasetInputOf(a.folder, a.query), { label: files![0], files });
  // a plain file or folder URI has no selection
  assert.equal(datasetInputOf('/d/s', ''), '/d/s');
  assert.equal(selectionName('/d/s', files!), '3 files in s');
});

test('selection query from a saved state: anything but 1…MAX relative paths inside the folder is refused', () => {
  const q = (v: unknown): string => `files=${encodeURIComponent(JSON.stringify(v))}`;
  for (const bad of [
    'files=%5Bnot json',
    q('a.jsonl'),
    q([]),
    q([1]),
    q(['../etc/passwd']),
    q(['a/../../b.jsonl']),
    q(['/etc/passwd']),
    q(['C:\\x.jsonl']),
    q(['']),
    q(Array.from({ length: MAX_SELECTION_FILES + 1 }, (_, i) => `f${i}.jsonl`)),
    'other=1',
  ]) {
    assert.equal(selectionFiles('/d', bad), undefined, bad.slice(0, 60));
    // never read as the folder the query sits in
    assert.throws(() => datasetInputOf('/d', bad), /selection of files is not valid/);
  }
});

/** Two shards written in the reverse of their path order, and a JSONL reference. */
function shards(): { dir: string; files: string[]; reference: string; lines: string[][] } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-selection-'));
  const lines = [
    [
      '{"text": "alpha beta gamma", "id": 9007199254740993}',
      '{"text":"delta epsilon"}',
      '{"text":"alpha beta gamma"}',
    ],
    ['{"text":"zeta eta theta iota"}', '{ "text" : "kappa lambda" }'],
  ];
  const files = [path.join(dir, 'part-0.jsonl'), path.join(dir, 'part-1.jsonl')];
  fs.writeFileSync(files[1], lines[1].map((l) => `${l}\n`).join(''));
  fs.writeFileSync(files[0], lines[0].map((l) => `${l}\n`).join(''));
  const reference = path.join(dir, 'ref.jsonl');
  fs.writeFileSync(
    reference,
    ['mu nu', 'xi omicron pi', 'rho sigma', 'tau upsilon'].map((t) => `{"text":"${t}"}\n`).join(''),
  );
  return { dir, files, reference, lines };
}

test('the analysis worker reads a selection as one dataset: its files in order, lines running through them', async () => {
  const { dir, files } = shards();
  const runner = new AnalysisRunner(worker('analysisWorker'));
  try {
    const target = datasetInputOf(dir, selectionKey([files[1], files[0]]).query);
    assert.ok(typeof target !== 'string');
    const report = await runner.start(target, {}).result;
    assert.equal(report.file.path, files[0]);
    assert.deepEqual(
      report.files?.map((f) => [f.path, f.firstLine, f.lines, f.rows]),
      [
        [files[0], 1, 3, 3],
        [files[1], 4, 2, 2],
      ],
    );
    assert.equal(report.rows.parsed, 5);
    assert.deepEqual(report.duplicates.exact.clusters[0]?.lines, [1, 3]);
  } finally {
    runner.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("the panel's Mix on a selection (or folder): the mix worker builds from the report's files and writes their rows byte for byte", async () => {
  const { dir, files, reference, lines } = shards();
  const client = new MixWorkerClient(worker('mixWorker'));
  try {
    const info = await client.build({ label: dir, files }, reference, { referenceSchema: 'keep' });
    assert.equal(info.datasetRows, 5);
    const out = path.join(dir, 'selection.mixed.jsonl');
    const w = await client.write({ realFraction: 0.3, seed: 1 }, out);
    const written = fs.readFileSync(out, 'utf8').trimEnd().split('\n');
    assert.equal(written.length, w.rows);
    for (const l of [...lines[0], ...lines[1]])
      assert.ok(written.includes(l), `row written byte for byte: ${l}`);
    const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
    assert.deepEqual(
      recipe.inputs.dataset.files.map((f: { path: string }) => f.path),
      files,
    );
    const measured = await client.measure(out, { realFraction: 0.3, seed: 1 });
    assert.equal(measured.rows.parsed, w.rows);
  } finally {
    client.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test("a folder's or selection's panel passes its Mix messages on (they were dropped before)", async () => {
  const handled: unknown[] = [];
  const state = {
    report: { files: [{ path: '/d/a.jsonl' }, { path: '/d/b.jsonl' }] } as unknown as AnalysisReport,
  } as PanelState;
  const on = livePanelMessages({
    state: () => state,
    post: () => undefined,
    analyze: async () => undefined,
    cancel: () => undefined,
    revealLine: async () => undefined,
    applyChoices: async () => false,
    lost: { answer: async () => undefined },
    mix: { handle: async (m) => void handled.push(m) },
  });
  await on({ type: 'mixOpen' });
  assert.equal(handled.length, 1);
});
