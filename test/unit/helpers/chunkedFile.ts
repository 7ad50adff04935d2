// A JSONL file of small rows planned in 16 KiB chunks, in a temporary folder: the fixture of the chunk pool's tests
// (chunkRunner.dispatch.test.ts, chunkRunner.faults.test.ts), which need several chunks of a real file for the real
// chunk worker. Why one helper: each test wrote the same rows, planned them and removed the folder itself.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { planChunks, type Chunk } from '../../../src/core/pipeline/chunkPlan.ts';

/** What `withChunkedFile` hands its body: the file, its chunks, and the folder for the body's own files (a log). */
export interface ChunkedFile {
  dir: string;
  file: string;
  chunks: Chunk[];
}

/**
 * Runs `body` on a file of `rows` rows `{"text": "row i word<i mod a> w<i mod b>"}` planned in 16 KiB chunks (at least
 * `minChunks` of them, asserted), then removes the folder whatever happened.
 */
export async function withChunkedFile<T>(
  rows: number,
  minChunks: number,
  body: (f: ChunkedFile) => Promise<T>,
  moduli: [number, number] = [89, 11],
): Promise<T> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-chunked-'));
  try {
    const file = path.join(dir, 'd.jsonl');
    fs.writeFileSync(
      file,
      Array.from({ length: rows }, (_, i) =>
        JSON.stringify({ text: `row ${i} word${i % moduli[0]} w${i % moduli[1]}` }),
      ).join('\n') + '\n',
    );
    const chunks = await planChunks(file, fs.statSync(file).size, 16 * 1024);
    assert.ok(chunks.length >= minChunks, `${chunks.length} chunks`);
    return await body({ dir, file, chunks });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A log file in `dir` that threads append events to (one per line), and the index of an event in it (asserted). */
export function eventLog(dir: string): {
  path: string;
  note: (e: string) => void;
  at: (e: string) => number;
  all: () => string;
} {
  const log = path.join(dir, 'log');
  fs.writeFileSync(log, '');
  const events = (): string[] => fs.readFileSync(log, 'utf8').trim().split('\n');
  return {
    path: log,
    note: (e) => fs.appendFileSync(log, `${e}\n`),
    all: () => events().join(', '),
    at: (e) => {
      const i = events().indexOf(e);
      assert.ok(i >= 0, `${e} in ${events().join(', ')}`);
      return i;
    },
  };
}
