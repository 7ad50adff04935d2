/**
 * Where the chunk worker lives for the code that is running (core/workerEntry.ts): `dist/chunkWorker.js` beside a
 * bundle, or the tsx bootstrap of src/worker/chunkWorker.ts when running from source.
 */
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { ChunkWorkerScript } from '../core/pipeline/chunkRunner.ts';
import { workerEntry } from '../core/workerEntry.ts';

/** The chunk worker for this build, or undefined when none can be found (chunks then run in-thread). */
export function chunkWorkerScript(): ChunkWorkerScript | undefined {
  const entry = workerEntry('chunkWorker');
  return entry.eval || (isAbsolute(entry.script) && existsSync(entry.script)) ? entry : undefined;
}
