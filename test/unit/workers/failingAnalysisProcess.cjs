// The editor's analysis process (as analysisProcess.cjs) with a bug of its own: 300 ms after it starts, the relay
// throws (an uncaught TypeError), so the test sees what the host is told when the relay itself fails.
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/analysisProcess.ts'));
setTimeout(() => {
  throw new TypeError('a bug in the relay');
}, 300);
