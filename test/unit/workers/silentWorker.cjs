// A worker that never answers: only cancel or dispose can settle its analysis (extension/analysis/analysisRunner.test.ts).
require('node:worker_threads').parentPort.on('message', () => setInterval(() => {}, 1000));
