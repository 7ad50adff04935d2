/** Shared helpers of the reader tests: temp files, a full read and its expected failures. (Not a test file itself.) */
import assert from 'node:assert/strict';
import { after } from 'node:test';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonl, ReaderError, type ReaderOptions } from '../../../src/core/reader/jsonlReader.ts';
import type { JsonlRecord, ReaderStats } from '../../../src/core/types.ts';

/**
 * A temp folder under os.tmpdir(), removed after the file's tests (an `after` hook of the calling test file);
 * `file(name, content)` writes a file in it and returns its path.
 */
export function makeTempDir(): { file: (name: string, content: string | Buffer) => string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-reader-'));
  after(() => rmSync(dir, { recursive: true, force: true }));
  return {
    file: (name, content) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
  };
}

/** Reads a whole file and returns every record and the final stats. */
export async function readAll(
  file: string,
  options?: ReaderOptions,
): Promise<{ records: JsonlRecord[]; stats: ReaderStats }> {
  const reading = readJsonl(file, options);
  const records: JsonlRecord[] = [];
  for await (const r of reading.records) records.push(r);
  return { records, stats: reading.stats };
}

/** The error a promise rejects with (fails the test when it resolves). */
export async function rejection(p: Promise<unknown>): Promise<Error & Record<string, unknown>> {
  try {
    await p;
  } catch (err) {
    return err as Error & Record<string, unknown>;
  }
  throw new Error('expected a rejection');
}

/**
 * Reads `file` whole expecting it to fail with a ReaderError of `reason`; returns the error for checks of its
 * message. Why: a reader test of a bad file starts with exactly these checks.
 */
export async function readerFailure(
  file: string,
  reason: ReaderError['reason'],
  options?: ReaderOptions,
): Promise<ReaderError> {
  const err = await rejection(readAll(file, options));
  assert.ok(err instanceof ReaderError);
  assert.equal(err.reason, reason);
  return err;
}

/**
 * Asserts that `file` — two compressed members (gzip) or frames (zstd), `{"<key>":1}` and `{"<key>":2}` lines in the
 * first, `{"<key>":3}` in the second — reads as one stream: lines 1 to 3 at offsets 0, 8 and 16.
 */
export async function assertOneStream(file: string, key: string): Promise<void> {
  const { records } = await readAll(file);
  assert.deepEqual(
    records.map((r) => [r.line, r.offset, r.value]),
    [
      [1, 0, { [key]: 1 }],
      [2, 8, { [key]: 2 }],
      [3, 16, { [key]: 3 }],
    ],
  );
}
