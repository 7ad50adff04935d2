// Preloaded (`node --require`) into a CLI child by the kill-mid-write tests (test/unit/core/io/atomicWrite.faults.test.ts):
// the atomic writer's rename of a temporary file into place never happens; instead the child prints
// "held <temporary path>" on stderr and waits, so the test can SIGKILL it at the worst moment (the new contents
// fully in the temporary file, the target not yet replaced). Why a preload: no test seam in the shipped code.
const fs = require('node:fs');
const path = require('node:path');

const rename = fs.promises.rename;
fs.promises.rename = function heldRename(from, to) {
  if (!path.basename(String(from)).startsWith('.')) return rename.call(this, from, to);
  process.stderr.write(`held ${from}\n`);
  setInterval(() => {}, 1000); // keep the process alive until it is killed
  return new Promise(() => {});
};
