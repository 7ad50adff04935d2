// The real Mix & Correct worker (src/worker/mixWorker.ts, through tsx) with faults on demand: a `write` job whose
// outPath contains "CRASH" throws (an uncaught error), "OOM" allocates until the worker's heap limit stops it
// (ERR_WORKER_OUT_OF_MEMORY; run it with small resourceLimits), "MIDCRASH" lets the real write start and throws once
// its temporary file exists (a crash in the middle of a write). Every other job runs as usual, so one
// MixWorkerClient shows that the worker is replaced and works again (extension/mix/mixWorkerClient.test.ts).
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (job) => {
  if (!job || job.type !== 'write') return;
  const out = String(job.outPath || '');
  if (out.includes('MIDCRASH')) {
    const fs = require('node:fs');
    const path = require('node:path');
    const temp = new RegExp(
      `^\\.${path.basename(out).replace(/[.]/g, '\\.')}\\.${process.pid}\\.[0-9a-f]{12}\\.tmp$`,
    );
    const poll = setInterval(() => {
      if (fs.readdirSync(path.dirname(out)).some((n) => temp.test(n))) {
        clearInterval(poll);
        throw new Error('boom mid-write');
      }
    }, 1);
    return;
  }
  if (out.includes('CRASH')) throw new Error('boom');
  if (out.includes('OOM')) {
    const hoard = [];
    for (;;) hoard.push(new Array(1 << 16).fill({ out }));
  }
});
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/mixWorker.ts'));
