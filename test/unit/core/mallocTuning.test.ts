// core/mallocTuning.ts: whether this process runs on glibc is read from its memory map (cheap, no diagnostic report);
// glibc's C library mapped (libc.so.6, or libc-2.NN.so before glibc 2.34) means glibc, a musl loader means musl (even beside a libc.so.6 compatibility shim), nothing
// readable means no. The environment rules (userTunesMalloc, tunedMallocEnv) are tested in cli/launchPolicy.test.ts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { runsOnGlibc } from '../../../src/core/mallocTuning.ts';
import { tempDir } from '../helpers/tempDir.ts';

const line = (file: string): string =>
  `7fc757f0d000-7fc757f33000 r--p 00000000 fe:00 339380                     ${file}\n`;

test('runsOnGlibc: glibc’s libc.so.6 in the map is glibc; a musl loader, no libc or no map is not', () => {
  const dir = tempDir('dl-maps-');
  const maps = (name: string, files: string[]): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(
      p,
      files.map(line).join('') + '7ffd1a2b3000-7ffd1a2d4000 rw-p 00000000 00:00 0    [stack]\n',
    );
    return p;
  };
  assert.equal(runsOnGlibc(maps('debian', ['/usr/bin/node', '/usr/lib/x86_64-linux-gnu/libc.so.6'])), true);
  assert.equal(runsOnGlibc(maps('rhel8', ['/usr/libexec/platform-python', '/usr/lib64/libc-2.28.so'])), true);
  assert.equal(
    runsOnGlibc(maps('upgraded', ['/usr/bin/node', '/usr/lib/x86_64-linux-gnu/libc.so.6 (deleted)'])),
    true,
  );
  assert.equal(runsOnGlibc(maps('alpine', ['/usr/bin/node', '/lib/ld-musl-x86_64.so.1'])), false);
  assert.equal(
    runsOnGlibc(maps('gcompat', ['/usr/bin/node', '/lib/libc.so.6', '/lib/ld-musl-aarch64.so.1'])),
    false,
    'a glibc shim on musl is still musl',
  );
  assert.equal(runsOnGlibc(maps('static', ['/usr/local/bin/node'])), false);
  assert.equal(runsOnGlibc(maps('lookalike', ['/opt/libc.so.6.bak'])), false);
  assert.equal(runsOnGlibc(path.join(dir, 'missing')), false);
  // this process: the same answer as node's diagnostic report (slow in a host with many sockets, fine here)
  const report = process.report.getReport() as { header: { glibcVersionRuntime?: string } };
  assert.equal(runsOnGlibc(), typeof report.header.glibcVersionRuntime === 'string');
});
