/** Shared helpers of the reader tests: temp files and a full read. (Not a test file itself.) */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { readJsonl, type ReaderOptions } from '../../../src/core/reader/jsonlReader.ts';
import type { JsonlRecord, ReaderStats } from '../../../src/core/types.ts';

/** A temp folder under os.tmpdir(); call `cleanup()` in an `after` hook. */
export function makeTempDir(): {
  file: (name: string, content: string | Buffer) => string;
  cleanup: () => void;
} {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'dl-reader-'));
  return {
    file: (name, content) => {
      const p = path.join(dir, name);
      writeFileSync(p, content);
      return p;
    },
    cleanup: () => rmSync(dir, { recursive: true, force: true }),
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
