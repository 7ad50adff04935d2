// Reading a saved report and finding its dataset (src/extension/panel/reportSource.ts), behind "Open Report…":
// the size cap, the report check with the file's problems, and row links only for the very file the report
// describes (found, of the recorded size), looked for as given, next to the report, then in the workspace folders.
import { writeFolder } from '../../helpers/folders.ts';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import os from 'node:os';
import {
  locateDataset,
  locateSource,
  readReportFile,
  sourceCandidates,
} from '../../../../src/extension/panel/reportSource.ts';
import { MAX_REPORT_BYTES } from '../../../../src/core/report/validateReport.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';

test('candidates: an absolute path as it is; a relative one next to the report, then in each workspace folder', () => {
  assert.deepEqual(sourceCandidates('/r/out/report.json', '/data/x.jsonl', ['/ws']), ['/data/x.jsonl']);
  assert.deepEqual(sourceCandidates('/r/out/report.json', 'data/x.jsonl', ['/ws', '/ws2']), [
    '/r/out/data/x.jsonl',
    '/ws/data/x.jsonl',
    '/ws2/data/x.jsonl',
  ]);
  assert.deepEqual(sourceCandidates('/ws/report.json', 'x.jsonl', ['/ws']), ['/ws/x.jsonl'], 'no path twice');
});

test('the source is reachable only with the recorded size; moved or rewritten → off, saying why', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-report-source-'));
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const data = path.join(dir, 'data.jsonl');
    fs.writeFileSync(data, '{"text":"a b c"}\n');
    const bytes = fs.statSync(data).size;
    const report = path.join(dir, 'out', 'report.json');

    assert.deepEqual(await locateSource(report, { path: data, bytes }, []), {
      path: data,
      reachable: true,
      why: null,
    });
    // relative to the workspace folder (the CLI ran there)
    assert.equal((await locateSource(report, { path: 'data.jsonl', bytes }, [dir])).reachable, true);

    const changed = await locateSource(report, { path: data, bytes: bytes + 5 }, []);
    assert.equal(changed.reachable, false);
    assert.match(
      changed.why ?? '',
      /has changed since the report was made \(17 bytes now, 22 in the report\)/,
    );

    fs.renameSync(data, path.join(dir, 'moved.jsonl'));
    const gone = await locateSource(report, { path: data, bytes }, []);
    assert.deepEqual(gone.path, data);
    assert.equal(gone.reachable, false);
    assert.match(
      gone.why ?? '',
      new RegExp(`^The source file ${data.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is not reachable`),
    );

    // a folder of that name is not the dataset
    fs.mkdirSync(data);
    assert.equal((await locateSource(report, { path: data, bytes }, [])).reachable, false);
  } finally {
    cleanup();
  }
});

test('locateDataset: a report of several files is reachable when every listed file is, each with its size', async () => {
  const { dir, folder: shards } = writeFolder('dl-locate-ds-', 'shards', {
    'a.jsonl': '{"text":"a"}\n',
    'b.jsonl': '{"text":"bb"}\n',
  });
  const report = path.join(dir, 'report.json');
  // relative paths, as the CLI run in `dir` writes them
  const files = [
    { path: 'shards/a.jsonl', bytes: 13 },
    { path: 'shards/b.jsonl', bytes: 14 },
  ];
  const ok = await locateDataset(report, { file: { path: 'shards', bytes: 27 }, files }, []);
  assert.deepEqual(ok, { path: shards, reachable: true, why: null });
  fs.appendFileSync(path.join(shards, 'b.jsonl'), '{"text":"more"}\n');
  const off = await locateDataset(report, { file: { path: 'shards', bytes: 27 }, files }, []);
  assert.equal(off.reachable, false);
  assert.match(off.why ?? '', /One of the dataset's 2 files is off\. The source file .*b\.jsonl has changed/);
  // without `files`: the one file, as locateSource
  const single = await locateDataset(report, { file: { path: 'shards/a.jsonl', bytes: 13 } }, []);
  assert.deepEqual(single, { path: path.join(shards, 'a.jsonl'), reachable: true, why: null });
});

test('readReportFile: a report passes; foreign, truncated, too large, missing files give the problem', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-report-source-'));
  const cleanup = (): void => fs.rmSync(dir, { recursive: true, force: true });
  try {
    const data = path.join(dir, 'data.jsonl');
    fs.writeFileSync(
      data,
      Array.from({ length: 50 }, (_, i) => JSON.stringify({ text: `row ${i} alpha beta ${i % 7}` })).join(
        '\n',
      ),
    );
    const report = await analyzeFile(data, {});
    const good = path.join(dir, 'report.json');
    fs.writeFileSync(good, JSON.stringify(report, null, 2));
    const ok = await readReportFile(good);
    assert.ok(ok.ok, ok.ok ? '' : ok.problem);
    assert.equal(ok.report.rows.parsed, 50);

    const problem = async (file: string): Promise<string> => {
      const c = await readReportFile(file);
      assert.equal(c.ok, false, file);
      return c.ok ? '' : c.problem;
    };
    const foreign = path.join(dir, 'package.json');
    fs.writeFileSync(foreign, '{"name":"x","version":"1.0.0"}');
    assert.match(await problem(foreign), /^not a Diversity Lens analysis report/);

    const cut = path.join(dir, 'cut.json');
    fs.writeFileSync(cut, JSON.stringify(report).slice(0, 3000));
    assert.match(await problem(cut), /looks truncated/);

    const big = path.join(dir, 'big.json');
    fs.writeFileSync(big, '');
    fs.truncateSync(big, MAX_REPORT_BYTES + 1); // sparse: nothing is read
    assert.match(await problem(big), /^it is 64 MB; a Diversity Lens report is at most a few tens of MB/);

    assert.match(await problem(path.join(dir, 'nope.json')), /^it cannot be read: ENOENT/);
    assert.equal(await problem(dir), 'it is not a file');
  } finally {
    cleanup();
  }
});
