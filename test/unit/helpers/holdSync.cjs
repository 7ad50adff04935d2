// Preloaded (`node --require`) into a CLI child by the interrupt tests (test/unit/cli/interrupt.signals.test.ts): an
// atomic write's fsync of its temporary file (a name starting with '.') never completes; the child prints
// "held-sync <temporary path>" on stderr and waits, so the test can signal it mid-write (the temporary file exists,
// the commit window — recipe, rename — not yet entered). Why a preload: no test seam in the shipped code.
const fs = require('node:fs');
const path = require('node:path');

const open = fs.promises.open;
fs.promises.open = async function heldOpen(file, flags, mode) {
  const fh = await open.call(this, file, flags, mode);
  if (flags === 'wx' && path.basename(String(file)).startsWith('.')) {
    fh.sync = () => {
      process.stderr.write(`held-sync ${file}\n`);
      setInterval(() => {}, 1000); // keep the process alive until it is signalled
      return new Promise(() => {});
    };
  }
  return fh;
};
