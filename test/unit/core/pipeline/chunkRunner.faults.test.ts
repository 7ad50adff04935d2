// Issue #15 item 10: a chunk worker of a multi-threaded run that crashes, exits or runs out of memory fails the run
// ONCE with a clear message, and every other chunk worker is stopped (each one's 'exit' seen, timed); the next run
// works. The chunk workers are the real one (src/worker/chunkWorker.ts through tsx) behind a fault on demand.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import {
  CHUNK_OUT_OF_MEMORY,
  runChunks,
  type ChunkWorkerScript,
} from '../../../../src/core/pipeline/chunkRunner.ts';
import { withChunkedFile } from '../../helpers/chunkedFile.ts';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { trackWorkers } from '../../helpers/workerTracker.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));

/** The real chunk worker, with `fault` run (before it) on the job of chunk `index`. */
function faultyChunkWorker(index: number, fault: string): ChunkWorkerScript {
  return {
    script: `require('node:worker_threads').parentPort.on('message', (job) => {
      if (job && job.chunk && job.chunk.index === ${index}) { ${fault} }
    });
    require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
    eval: true,
    resourceLimits: { maxOldGenerationSizeMb: 96 },
  };
}

const FAULTS = {
  crash: { code: `throw new Error('boom');`, message: /^a chunk worker crashed: boom$/ },
  exit: { code: `process.exit(3);`, message: /^chunk worker exited with code 3$/ },
  'out of memory': {
    code: `const hoard = []; for (;;) hoard.push(new Array(1 << 16).fill(job));`,
    message: new RegExp(`^${CHUNK_OUT_OF_MEMORY.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`),
  },
};

test('a chunk worker that crashes, exits or runs out of memory fails the run once, clearly; every worker stops; the next run works', async () => {
  await withChunkedFile(
    4000,
    8,
    async ({ file, chunks }) => {
      for (const [name, fault] of Object.entries(FAULTS)) {
        const tracked = trackWorkers();
        let failures = 0;
        let merged = 0;
        try {
          await assert.rejects(
            runChunks(
              file,
              chunks,
              {},
              {
                workers: 3,
                worker: faultyChunkWorker(2, fault.code),
                onPartial: () => merged++,
              },
            ).catch((err: Error) => {
              failures++;
              throw err;
            }),
            (err: Error) => {
              assert.match(err.message, fault.message);
              return true;
            },
          );
          const failedAt = performance.now();
          // every worker of the pool exits (the faulty one by itself, the others terminated)
          while (tracked.lastExit() === null) await new Promise((r) => setTimeout(r, 5));
          const ms = Math.max(0, tracked.lastExit()! - failedAt);
          console.log(
            `${name}: ${tracked.workers.length} chunk workers, all exited ${Math.round(ms)} ms after the failure`,
          );
          assert.equal(tracked.workers.length, 3);
        } finally {
          tracked.restore();
        }
        assert.equal(failures, 1, 'one failure');
        assert.ok(merged < chunks.length, 'the run did not complete');
      }
      // the next run (same file, real workers) works and gives the one-thread report
      const chunkWorker = {
        script: `require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
        eval: true,
      };
      const report = await analyzeFile(file, { chunkBytes: 16 * 1024, workers: 3 }, { chunkWorker });
      assert.equal(report.rows.parsed, 4000);
    },
    [97, 13],
  );
});
