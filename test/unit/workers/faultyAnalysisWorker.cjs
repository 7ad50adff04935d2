// The real analysis worker (src/worker/analysisWorker.ts, through tsx) with faults on demand, chosen by the job's
// path: "…CRASH…" throws (an uncaught error), "…EXIT…" exits with code 3, "…WARN…" writes a warning to stderr, then
// exits with code 3, "…STRING…" throws a string and "…NULL…" null (not Errors), "…OOM…" allocates until the worker's heap limit stops
// it (ERR_WORKER_OUT_OF_MEMORY; run it with small resourceLimits). Any other path is analysed as usual,
// so one AnalysisRunner shows that the run after a fault works (extension/analysis/analysisRunner.test.ts).
const { parentPort } = require('node:worker_threads');

parentPort.on('message', (job) => {
  const path = String((job && job.path) || '');
  if (path.includes('CRASH')) throw new Error('boom');
  if (path.includes('STRING')) throw 'a plain string';
  if (path.includes('NULL')) throw null;
  // (written to fd 2 at once and exited in this same handler, as EXIT does: an asynchronous write let the real
  // worker's own listener report the missing file first on a loaded machine)
  if (path.includes('WARN')) {
    require('node:fs').writeSync(2, '(node) a warning\n');
    process.exit(3);
  }
  if (path.includes('EXIT')) process.exit(3);
  if (path.includes('OOM')) {
    const hoard = [];
    for (;;) hoard.push(new Array(1 << 16).fill({ path }));
  }
});
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/analysisWorker.ts'));
