// Test bootstrap of the analysis worker: a worker thread cannot start from a .ts file, so the tests pass this file as
// AnalysisRunner's worker script; it registers tsx and loads src/worker/analysisWorker.ts (dist/worker.js in the
// packaged extension). Keeps test-only loading out of the shipped client.
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/analysisWorker.ts'));
