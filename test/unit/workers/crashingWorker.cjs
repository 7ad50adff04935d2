// A worker that throws on its first message: AnalysisRunner must reject that analysis only (extension/analysis/analysisRunner.test.ts).
require('node:worker_threads').parentPort.on('message', () => {
  throw new Error('boom');
});
