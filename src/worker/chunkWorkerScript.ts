/**
 * Where the chunk worker lives for the code that is running: `dist/chunkWorker.js` beside a bundle
 * (dist/cli.js, dist/worker.js), or — when running from source under tsx (tests, `node --import tsx`) — a
 * tiny eval bootstrap that registers tsx and requires src/worker/chunkWorker.ts.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { ChunkWorkerScript } from '../core/pipeline/chunkRunner.ts';

/** The chunk worker for this build, or undefined when none can be found (chunks then run in-thread). */
export function chunkWorkerScript(): ChunkWorkerScript | undefined {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) {
    const source = join(dirname(here), 'chunkWorker.ts');
    return { script: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
  }
  const bundled = join(dirname(here), 'chunkWorker.js');
  return here && existsSync(bundled) ? { script: bundled } : undefined;
}
