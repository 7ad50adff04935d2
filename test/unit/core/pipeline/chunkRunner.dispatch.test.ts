// Session 20: a chunk worker that finishes a chunk before an earlier one still running starts the next chunk while
// its partial waits for its turn to merge (at most `workers` + 1 chunks beyond the merge point); before, it sat idle
// until the earlier chunk was done (~4 s of every ~25 s per worker on 2 workers). Partials still arrive in chunk
// order. The chunk workers are the real one (src/worker/chunkWorker.ts through tsx) behind a logging prefix that
// holds chunk 0 until chunk 2 has started — or 20 s, which then fails the test.
// Session 21: a plain file's next chunk is pulled from the plan ahead of time, so a worker that finishes gets its next
// chunk at once — before the (synchronous) merge of its partial, not after it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { runChunks, type ChunkWorkerScript } from '../../../../src/core/pipeline/chunkRunner.ts';
import { eventLog, withChunkedFile } from '../../helpers/chunkedFile.ts';

const WORKER = fileURLToPath(new URL('../../../../src/worker/chunkWorker.ts', import.meta.url));

/** The real chunk worker; each job is logged as `start <index>`. */
function loggingChunkWorker(log: string): ChunkWorkerScript {
  return {
    script: `const fs = require('node:fs');
    require('node:worker_threads').parentPort.on('message', (job) => {
      if (job && job.chunk) fs.appendFileSync(${JSON.stringify(log)}, 'start ' + job.chunk.index + '\\n');
    });
    require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
    eval: true,
  };
}

/** The real chunk worker; each job is logged as `start <index>`; chunk 0 is held until `start 2` is logged (≤ 20 s). */
function holdingChunkWorker(log: string): ChunkWorkerScript {
  const at = JSON.stringify(log);
  return {
    script: `const fs = require('node:fs');
    require('node:worker_threads').parentPort.on('message', (job) => {
      if (!job || !job.chunk) return;
      fs.appendFileSync(${at}, 'start ' + job.chunk.index + '\\n');
      if (job.chunk.index !== 0) return;
      const nap = new Int32Array(new SharedArrayBuffer(4));
      const until = Date.now() + 20000;
      while (Date.now() < until && !fs.readFileSync(${at}, 'utf8').includes('start 2\\n')) Atomics.wait(nap, 0, 0, 20);
      fs.appendFileSync(${at}, 'released 0\\n');
    });
    require('tsx/cjs/api').register(); require(${JSON.stringify(WORKER)});`,
    eval: true,
  };
}

test('a worker that finishes out of turn starts the next chunk while the earlier one runs; partials stay in order', async () => {
  await withChunkedFile(3000, 5, async ({ dir, file, chunks }) => {
    const log = eventLog(dir);
    const merged: number[] = [];
    await runChunks(
      file,
      chunks,
      {},
      {
        workers: 2,
        worker: holdingChunkWorker(log.path),
        onPartial: (p) => merged.push(p.chunk.index),
      },
    );
    // chunk 1 finished on the other worker, whose next chunk (2) started while chunk 0 was still held …
    assert.ok(log.at('start 2') < log.at('released 0'), `chunk 2 started while chunk 0 ran: ${log.all()}`);
    // … but no third: chunks 0, 1 (waiting) and 2 are the workers + 1 allowed beyond the merge point
    assert.ok(log.at('start 3') > log.at('released 0'), `chunk 3 waited for chunk 0: ${log.all()}`);
    assert.deepEqual(
      merged,
      chunks.map((c) => c.index),
      'partials in chunk order',
    );
  });
});

test('the next chunk of a plain file is pulled ahead: a worker that finishes starts it before its partial is merged', async () => {
  await withChunkedFile(2000, 4, async ({ dir, file, chunks }) => {
    const log = eventLog(dir);
    // like the streamed plan (chunkPlan.ts streamChunks), each chunk is found after some I/O: a 50 ms timer here
    async function* streamed(): AsyncGenerator<{ chunk: (typeof chunks)[number] }> {
      for (const chunk of chunks) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        yield { chunk };
      }
    }
    const merged: number[] = [];
    await runChunks(
      file,
      streamed(),
      {},
      {
        workers: 2,
        worker: loggingChunkWorker(log.path),
        onPartial: (p) => {
          merged.push(p.chunk.index);
          if (p.chunk.index !== 0) return;
          // a long merge, synchronous as the real one (up to a second on a large file)
          log.note('merge 0 began');
          const until = Date.now() + 1500;
          while (Date.now() < until);
          log.note('merge 0 ended');
        },
      },
    );
    // chunk 2 was in hand when the first partial arrived: it started while merge 0 held this thread (a pull begun
    // only then settled after the merge, its timer waiting behind it)
    assert.ok(log.at('start 2') < log.at('merge 0 ended'), `chunk 2 started during merge 0: ${log.all()}`);
    assert.deepEqual(
      merged,
      chunks.map((c) => c.index),
      'partials in chunk order',
    );
  });
});
