/**
 * A fresh folder in os.tmpdir() for a test, removed when the test file's process exits. Why: tests that made folders
 * with mkdtempSync and never removed them left about 115 folders in the temp folder per `npm run test:unit`. Why an
 * exit hook rather than node:test's `after`: `after` called inside a running test belongs to that test, so folders made
 * by later tests of the file would be missed; node --test runs each file in its own process, and the hook runs once
 * at its end, whatever test made the folder. (Not a test file itself.)
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const made: string[] = [];

/** Makes `os.tmpdir()/<prefix>XXXXXX` and registers it for removal at exit; returns its path. */
export function tempDir(prefix: string): string {
  if (made.length === 0) process.once('exit', removeAll);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  made.push(dir);
  return dir;
}

function removeAll(): void {
  for (const dir of made.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
}
