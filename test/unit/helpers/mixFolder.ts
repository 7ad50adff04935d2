/** Shared helper of the CLI's interrupt and launcher tests: a folder holding a first mix. (Not a test file itself.) */
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { SpawnSyncReturns } from 'node:child_process';
import { writeDataAndReference } from './mixRows.ts';

/**
 * A dataset and a reference of 2,000 small rows each in `root/name`, and a first mix already written there by `run`
 * (the built CLI). Returns the folder, the mix command's arguments (`--quiet`) and every file's bytes before the test.
 */
export function writtenMixFolder(
  root: string,
  name: string,
  run: (...args: string[]) => SpawnSyncReturns<string>,
): { dir: string; args: string[]; before: Record<string, string> } {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const { data, ref } = writeDataAndReference(dir, 2000);
  const args = [
    'mix',
    data,
    '--reference',
    ref,
    '--real-fraction',
    '0.5',
    '--out',
    path.join(dir, 'mixed.jsonl'),
    '--quiet',
  ];
  const first = run(...args);
  assert.equal(first.status, 0, first.stderr);
  return { dir, args, before: snapshotFiles(dir) };
}

/** Every file of `dir` with its bytes (a temporary file left behind shows up as an extra entry). */
export function snapshotFiles(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .sort()
      .map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]),
  );
}
