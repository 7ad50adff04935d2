/**
 * Where a worker-thread entry lives for the code that is running: `dist/<name>.js` beside the bundle this module was
 * bundled into (every bundle sits in dist/), or — when running from source under tsx (tests, `node --import tsx`) —
 * a tiny eval bootstrap that registers tsx and requires src/worker/<name>.ts. Why one module: the chunk pool and the
 * gzip thread both start workers this way, and two copies of the rule had already drifted.
 */
import { dirname, join } from 'node:path';
import type { ResourceLimits } from 'node:worker_threads';

/** How to start a worker: a script path, or (eval) bootstrap code; optionally its heap limits (tests). */
export interface WorkerEntry {
  script: string;
  eval?: boolean;
  resourceLimits?: ResourceLimits;
}

/** The entry of src/worker/`name`.ts for this build (its bundled file is not checked for existence). */
export function workerEntry(name: string): WorkerEntry {
  const here = typeof __filename === 'string' ? __filename : '';
  if (here.endsWith('.ts')) {
    const source = join(dirname(here), '..', 'worker', `${name}.ts`);
    return { script: `require('tsx/cjs/api').register(); require(${JSON.stringify(source)});`, eval: true };
  }
  return { script: join(dirname(here), `${name}.js`) };
}
