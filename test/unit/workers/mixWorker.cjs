// Test bootstrap of the Mix & Correct worker: a worker thread cannot start from a .ts file, so the tests pass this
// file as MixWorkerClient's worker script; it registers tsx and loads src/worker/mixWorker.ts (dist/mixWorker.js in
// the packaged extension). Keeps test-only loading out of the shipped client.
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/mixWorker.ts'));
