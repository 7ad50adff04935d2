// The Get Started walkthrough's files (src/extension/walkthrough/sampleFiles.ts): the bundled sample copied to the
// extension's storage, and its human rows, byte for byte, as the reference.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ensureSampleFiles, humanRows } from '../../../../src/extension/walkthrough/sampleFiles.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));

test('the bundled sample is copied unchanged; the reference is its human rows, unchanged', async () => {
  const storage = tempDir('dl-walkthrough-');
  const bundled = path.join(ROOT, 'samples/sample.jsonl');
  const files = await ensureSampleFiles(bundled, path.join(storage, 'nested'));
  assert.ok(fs.readFileSync(files.dataset).equals(fs.readFileSync(bundled)));
  const lines = fs.readFileSync(files.reference, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 1200);
  const all = new Set(fs.readFileSync(bundled, 'utf8').split('\n'));
  for (const l of lines) {
    assert.ok(all.has(l), 'a line of the sample, byte for byte');
    assert.equal(JSON.parse(l).source, 'human');
  }
  // a second call keeps the files (and restores a changed copy)
  fs.writeFileSync(files.dataset, 'edited\n');
  await ensureSampleFiles(bundled, path.join(storage, 'nested'));
  assert.ok(fs.readFileSync(files.dataset).equals(fs.readFileSync(bundled)));
});

test('humanRows keeps only rows with source "human" and skips blank or broken lines', () => {
  const text = [
    '{"source":"human","t":1}',
    '',
    '{broken',
    '{"source":"templated"}',
    '{"source":"human","t":2}',
  ].join('\n');
  assert.deepEqual(humanRows(text), ['{"source":"human","t":1}', '{"source":"human","t":2}']);
});
