// Test bootstrap of the compare worker: a worker thread cannot start from a .ts file, so the tests pass this file as
// CompareRunner's worker script; it registers tsx and loads src/worker/compareWorker.ts (dist/compareWorker.js in the
// packaged extension).
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/compareWorker.ts'));
