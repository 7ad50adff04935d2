// A worker that exits with code 3 on its first message: AnalysisRunner must reject with the exit code (extension/analysis/analysisRunner.test.ts).
require('node:worker_threads').parentPort.on('message', () => process.exit(3));
