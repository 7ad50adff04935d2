// Dataset lines back to files (src/core/report/datasetLine.ts): the panel's row links of a folder dataset open
// (file, line in file); checked on hand-made spans and on a real analysis of three shards, where every line of an
// exact-duplicate cluster must map to a line holding that cluster's row.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeDataset } from '../../../../src/core/pipeline/analyzeDataset.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { resolveDatasetFiles } from '../../../../src/core/pipeline/datasetFiles.ts';
import { asFolderReport, fileOfDatasetLine } from '../../../../src/core/report/datasetLine.ts';
import type { DatasetFileInfo } from '../../../../src/core/report/reportTypes.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const info = (p: string, firstLine: number, lines: number): DatasetFileInfo => ({
  path: p,
  bytes: 1,
  compression: 'none',
  format: 'jsonl',
  firstLine,
  lines,
  rows: lines,
});

test('fileOfDatasetLine: each line of each span, the edges, and lines no file holds', () => {
  const files = [info('a', 1, 3), info('b', 4, 0), info('c', 4, 2), info('d', 6, 5)];
  assert.deepEqual(fileOfDatasetLine(files, 1), { path: 'a', line: 1 });
  assert.deepEqual(fileOfDatasetLine(files, 3), { path: 'a', line: 3 });
  // an empty file holds no line: line 4 is the next file's first
  assert.deepEqual(fileOfDatasetLine(files, 4), { path: 'c', line: 1 });
  assert.deepEqual(fileOfDatasetLine(files, 5), { path: 'c', line: 2 });
  assert.deepEqual(fileOfDatasetLine(files, 6), { path: 'd', line: 1 });
  assert.deepEqual(fileOfDatasetLine(files, 10), { path: 'd', line: 5 });
  assert.equal(fileOfDatasetLine(files, 11), undefined, 'past the last file');
  assert.equal(fileOfDatasetLine(files, 0), undefined);
  assert.equal(fileOfDatasetLine(files, 2.5), undefined);
  assert.equal(fileOfDatasetLine([], 1), undefined);
});

test('fileOfDatasetLine on a real three-shard analysis: every duplicate line maps to a line holding that row', async () => {
  const dir = tempDir('dl-dsline-');
  const folder = path.join(dir, 'shards');
  fs.mkdirSync(folder);
  const row = (i: number) =>
    JSON.stringify({ text: `row number ${i} says something ${i * 7919} of its own` });
  const dup = (k: number) => JSON.stringify({ text: `the same canned answer ${k} repeated across shards` });
  for (let s = 0; s < 3; s++) {
    const lines: string[] = [];
    for (let i = 0; i < 20 + s * 3; i++) lines.push(i % 6 === s ? dup(i % 2) : row(s * 100 + i));
    if (s === 1) lines.splice(4, 0, ''); // a blank line counts in the file's lines
    fs.writeFileSync(path.join(folder, `part-${s}.jsonl`), lines.join('\n') + '\n');
  }
  const files = await resolveDatasetFiles([folder]);
  const report = await analyzeDataset({ files, label: folder });
  assert.equal(report.files?.length, 3);
  const clusters = report.duplicates.exact.clusters;
  assert.ok(clusters.length >= 2, 'the canned answers are exact duplicates');
  const shardsSeen = new Set<string>();
  for (const c of clusters)
    for (const line of c.lines) {
      const at = fileOfDatasetLine(report.files!, line);
      assert.ok(at, `dataset line ${line} is in a file`);
      const text = fs.readFileSync(at.path, 'utf8').split('\n')[at.line - 1];
      assert.match(text, /the same canned answer/, `${at.path}:${at.line} (dataset line ${line})`);
      shardsSeen.add(path.basename(at.path));
    }
  assert.deepEqual([...shardsSeen].sort(), ['part-0.jsonl', 'part-1.jsonl', 'part-2.jsonl']);
});

test('asFolderReport: a folder of one file names the folder and lists its file; a files block is kept', async () => {
  const dir = tempDir('dl-dsline1-');
  const file = path.join(dir, 'only.jsonl');
  fs.writeFileSync(file, ['{"text":"a b c"}', '', '{"text":"d e f"}', 'not json'].join('\n') + '\n');
  const report = await analyzeFile(file);
  const folder = asFolderReport(report, dir);
  assert.equal(folder.file.path, dir);
  assert.deepEqual(folder.files, [
    {
      path: file,
      bytes: report.file.bytes,
      compression: 'none',
      format: 'jsonl',
      firstLine: 1,
      lines: 4,
      rows: 2,
    },
  ]);
  assert.deepEqual(fileOfDatasetLine(folder.files!, 3), { path: file, line: 3 });
  assert.equal(asFolderReport(folder, 'other'), folder);
});
