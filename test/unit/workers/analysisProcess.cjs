// Test bootstrap of the editor's analysis process (src/worker/analysisProcess.ts; dist/analysisProcess.js in the
// packaged extension): the tests fork this file as AnalysisRunner's relay script; it registers tsx and loads the source.
require('tsx/cjs/api').register();
require(require('node:path').join(__dirname, '../../../src/worker/analysisProcess.ts'));
