/**
 * The comparison's report cache: a dataset whose files (path, size, mtime) and options are unchanged is not
 * analysed again and gives the same figures; a changed file or other options miss; a corrupt, truncated or
 * other-version entry is ignored and rewritten; entries are written atomically (no temporary file stays).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compareDatasets, CompareInputError } from '../../../../src/core/compare/compareDatasets.ts';
import {
  cacheEntryPath,
  cacheKeyOf,
  COMPARE_CACHE_FOLDER,
  defaultCacheDir,
  readCacheHeader,
} from '../../../../src/core/compare/compareCache.ts';
import type { CompareReport } from '../../../../src/core/compare/compareTypes.ts';
import { plainCorpus } from '../../helpers/corpora.ts';

function setup() {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-compare-cache-'));
  const write = (name: string, rows: string[]) => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, rows.map((t) => JSON.stringify({ text: t })).join('\n') + '\n');
    return p;
  };
  const a = write('a.jsonl', plainCorpus(1, 300));
  const b = write('b.jsonl', plainCorpus(2, 200, 0.5));
  const cache = { dir: path.join(dir, 'cache') };
  const entries = () => fs.readdirSync(path.join(cache.dir, COMPARE_CACHE_FOLDER)).sort();
  return { dir, a, b, cache, entries };
}

/** The entry with the counts of two unigram lines of different counts swapped (same types, same tokens). */
function swapCounts(entry: string): string {
  const lines = entry.split('\n');
  const parsed = lines.map((l, i) =>
    i > 0 && l.startsWith('[') ? (JSON.parse(l) as [string, number]) : null,
  );
  const i = parsed.findIndex((e) => e !== null);
  const j = parsed.findIndex((e) => e !== null && e[1] !== parsed[i]![1]);
  assert.ok(i > 0 && j > 0);
  lines[i] = JSON.stringify([parsed[i]![0], parsed[j]![1]]);
  lines[j] = JSON.stringify([parsed[j]![0], parsed[i]![1]]);
  return lines.join('\n');
}

/** The figures of a report without what legitimately differs between runs (timing, the cached flags). */
const figures = (r: CompareReport) => ({
  ...r,
  timing: null,
  datasets: r.datasets.map((d) => ({ ...d, cached: null })),
});

test('a second comparison of unchanged files reuses every report and gives the same figures', async () => {
  const { dir, a, b, cache, entries } = setup();
  try {
    const first = await compareDatasets([a, b], {}, { cache });
    assert.deepEqual(
      first.datasets.map((d) => d.cached),
      [false, false],
    );
    assert.equal(entries().length, 2);
    assert.ok(
      entries().every((n) => /^[0-9a-f]{32}\.jsonl$/.test(n)),
      entries().join(', '),
    ); // no temp file stays
    const phases: string[] = [];
    const second = await compareDatasets([a, b], {}, { cache, onProgress: (p) => phases.push(p.phase) });
    assert.deepEqual(
      second.datasets.map((d) => d.cached),
      [true, true],
    );
    assert.ok(!phases.includes('analyzing'));
    assert.deepEqual(figures(second), figures(first));
    // the cache is a cache: off, the figures are the same
    assert.deepEqual(figures(await compareDatasets([a, b], {}, { cache: false })), figures(first));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a changed file (size or mtime) and other options miss; workers do not', async () => {
  const { dir, a, b, cache, entries } = setup();
  try {
    await compareDatasets([a, b], {}, { cache });
    const later = new Date(Date.now() + 5000);
    fs.utimesSync(b, later, later);
    let r = await compareDatasets([a, b], { workers: 3 }, { cache });
    assert.deepEqual(
      r.datasets.map((d) => d.cached),
      [true, false],
    );
    r = await compareDatasets([a, b], { tailMax: 3 }, { cache });
    assert.deepEqual(
      r.datasets.map((d) => d.cached),
      [false, false],
    );
    assert.equal(entries().length, 5);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a corrupt, truncated or other-version entry is ignored, the dataset analysed again and the entry rewritten', async () => {
  const { dir, a, b, cache } = setup();
  try {
    const first = await compareDatasets([a, b], {}, { cache });
    const entry = cacheEntryPath(cache.dir, await cacheKeyOf([a], {}));
    const good = fs.readFileSync(entry, 'utf8');
    const damage = [
      'not json at all\n',
      good.slice(0, Math.floor(good.length * 0.7)), // truncated: the unigram lines do not add up
      good.replace('"version":1', '"version":0'),
      swapCounts(good), // two counts swapped: the totals still add up, the checksum does not
      '',
    ];
    for (const bad of damage) {
      fs.writeFileSync(entry, bad);
      const r = await compareDatasets([a, b], {}, { cache });
      assert.deepEqual(
        r.datasets.map((d) => d.cached),
        [false, true],
        JSON.stringify(bad.slice(0, 40)),
      );
      assert.deepEqual(figures(r), figures(first));
      assert.notEqual(await readCacheHeader(entry, await cacheKeyOf([a], {})), null); // rewritten whole
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('usage problems: fewer than 2 datasets, a missing one, a baseline not among them', async () => {
  const { dir, a, b } = setup();
  try {
    await assert.rejects(compareDatasets([a], {}, { cache: false }), CompareInputError);
    await assert.rejects(
      compareDatasets([a, path.join(dir, 'nope.jsonl')], {}, { cache: false }),
      (e: Error) => e instanceof CompareInputError && /nope\.jsonl/.test(e.message),
    );
    await assert.rejects(
      compareDatasets([a, b], { baseline: 'c.jsonl' }, { cache: false }),
      (e: Error) => e instanceof CompareInputError && /c\.jsonl/.test(e.message),
    );
    const r = await compareDatasets([a, b], { baseline: b }, { cache: false });
    assert.equal(r.baseline, 1);
    assert.equal(r.datasets[1].jsDivergence, 0);
    assert.equal(r.datasets[1].tails.typeCoverage, 1);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a dataset that cannot be analysed fails the comparison naming it; a cancel rejects', async () => {
  const { dir, a, cache } = setup();
  try {
    const bad = path.join(dir, 'bad.jsonl');
    fs.writeFileSync(bad, Buffer.from(Array.from({ length: 3000 }, (_, i) => (i * 7919) % 256)));
    await assert.rejects(compareDatasets([a, bad, a], { workers: 2 }, { cache }), /bad\.jsonl: not JSONL/);
    const ac = new AbortController();
    ac.abort(new Error('cancelled by the test'));
    await assert.rejects(compareDatasets([a, a], {}, { cache, signal: ac.signal }), /cancelled by the test/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test(
  "the cache is private: the default is the user's cache folder, entries 0600 in a 0700 folder, and a folder others can write to is neither read nor written",
  { skip: process.platform === 'win32' },
  async () => {
    assert.ok(!defaultCacheDir().startsWith(os.tmpdir() + path.sep), defaultCacheDir());
    const { dir, a, b, cache, entries } = setup();
    try {
      await compareDatasets([a, b], {}, { cache });
      const folder = path.join(cache.dir, COMPARE_CACHE_FOLDER);
      assert.equal(fs.statSync(folder).mode & 0o777, 0o700);
      for (const n of entries()) assert.equal(fs.statSync(path.join(folder, n)).mode & 0o777, 0o600, n);
      // a folder group or others can write to (another user could plant entries): not read, not written
      fs.chmodSync(folder, 0o777);
      const again = await compareDatasets([a, b], {}, { cache });
      assert.deepEqual(
        again.datasets.map((d) => d.cached),
        [false, false],
        'entries in a shared-writable folder are not trusted',
      );
      assert.equal(fs.statSync(folder).mode & 0o777, 0o777, 'left as it was');
      fs.chmodSync(folder, 0o700);
      const trusted = await compareDatasets([a, b], {}, { cache });
      assert.deepEqual(
        trusted.datasets.map((d) => d.cached),
        [true, true],
      );
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  },
);
