// The editor's analysis process (as analysisProcess.cjs) with a bug of its own: as soon as the host's first message
// (the job) has reached it, the relay throws (an uncaught TypeError), so the test sees what the host is told when the
// relay itself fails while a run is under way.
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/analysisProcess.ts'));
process.once('message', () =>
  setImmediate(() => {
    throw new TypeError('a bug in the relay');
  }),
);
