// CompareRunner: the comparison runs in the real compare worker (src/worker/compareWorker.ts through the tsx bootstrap
// test/unit/workers/compareWorker.cjs) and answers what compareDatasets answers in this thread, with the chain
// projection from the first dataset; bad inputs fail as usage errors; Cancel terminates the worker (how fast is printed; `npm run bench` measures the panel's cancel).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { CompareCancelledError, CompareRunner } from '../../../../src/extension/compare/compareRunner.ts';
import { compareDatasets } from '../../../../src/core/compare/compareDatasets.ts';
import type { CompareProgress } from '../../../../src/core/compare/compareDatasets.ts';

const script = fileURLToPath(new URL('../../workers/compareWorker.cjs', import.meta.url));

/** A chain of three small datasets: varied text, then repetitive, then templated. */
function chain(dir: string, rows = 120): string[] {
  const words =
    'alpha beta gamma delta epsilon zeta eta theta iota kappa lambda mu nu xi omicron pi rho sigma tau'.split(
      ' ',
    );
  const pick = (i: number, k: number) => words[(i * 7 + k * 13 + ((i * k) % 5)) % words.length];
  const files = ['gen0.jsonl', 'gen1.jsonl', 'gen2.jsonl'].map((n) => path.join(dir, n));
  const human = Array.from(
    { length: rows },
    (_, i) => `row ${i} ${pick(i, 1)} ${pick(i, 2)} word${i} ${pick(i, 3)} unique${i * 3}`,
  );
  const repetitive = Array.from(
    { length: rows },
    (_, i) => `row ${pick(i % 10, 1)} ${pick(i % 10, 2)} word${i % 20}`,
  );
  const templated = Array.from({ length: rows }, (_, i) => `As an AI model I answer ${pick(i % 3, 1)}`);
  [human, repetitive, templated].forEach((texts, k) =>
    fs.writeFileSync(files[k], texts.map((t) => JSON.stringify({ text: t })).join('\n') + '\n'),
  );
  return files;
}

test('the worker answers what compareDatasets answers here, with the projection from the first dataset', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-compare-runner-'));
  try {
    const files = chain(dir);
    const runner = new CompareRunner(script);
    const progress: CompareProgress[] = [];
    const handle = runner.start(
      { inputs: files, baseline: 0, options: {}, cacheDir: null, projection: true },
      (p) => progress.push(p),
    );
    const { report, projection } = await handle.result;
    const here = await compareDatasets(files, {}, { cache: false });
    const strip = (r: typeof report) => r.datasets.map((d) => ({ ...d, cached: undefined }));
    assert.deepEqual(strip(report), strip(here));
    assert.deepEqual(report.trend, here.trend);
    assert.ok(projection, 'a projection');
    assert.equal(projection.from, files[0]);
    assert.equal(projection.generations, 2);
    assert.equal(
      projection.regimes.replace?.[0].types,
      report.datasets[0].types,
      'generation 0 = the first dataset',
    );
    assert.ok(progress.length > 0, 'progress reached the host');
    assert.equal(runner.activeCount, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a missing dataset fails as a usage error', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-compare-runner-'));
  try {
    const [a] = chain(dir, 10);
    const runner = new CompareRunner(script);
    const handle = runner.start({
      inputs: [a, path.join(dir, 'missing.jsonl')],
      baseline: 0,
      options: {},
      cacheDir: null,
      projection: false,
    });
    await assert.rejects(handle.result, (e: Error & { usage?: boolean }) => e.usage === true);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('Cancel terminates the worker mid-analysis', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-compare-cancel-'));
  try {
    // ~40 MB over two files: the analysis is surely still running when the first progress arrives
    const line = (i: number) =>
      JSON.stringify({ text: `row ${i} some words here ${i % 977} and ${i % 131} more ${i}` }) + '\n';
    const files = ['a.jsonl', 'b.jsonl'].map((n) => path.join(dir, n));
    for (const f of files) {
      const fd = fs.openSync(f, 'w');
      let buf = '';
      for (let i = 0; i < 300_000; i++) {
        buf += line(i);
        if (buf.length > 1 << 20) {
          fs.writeSync(fd, buf);
          buf = '';
        }
      }
      fs.writeSync(fd, buf);
      fs.closeSync(fd);
    }
    const runner = new CompareRunner(script);
    let first!: () => void;
    const started = new Promise<void>((r) => (first = r));
    const handle = runner.start(
      { inputs: files, baseline: 0, options: { workers: 1 }, cacheDir: null, projection: true },
      () => first(),
    );
    await started;
    const t0 = performance.now();
    await handle.cancel();
    const ms = performance.now() - t0;
    console.log(`# cancel → worker exited in ${ms.toFixed(1)} ms`);
    await assert.rejects(handle.result, CompareCancelledError);
    assert.equal(runner.activeCount, 0);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
