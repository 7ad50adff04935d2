// io/staleTemps.ts: a later process removes the spool folders and spill files a killed process left, and nothing
// else — not a live process's, not this process's, not a recent one (another pid namespace may share the folder),
// not a look-alike. Real processes: a child is started and ended to get a pid that no longer runs; a real child is
// SIGKILLed while it spills, and the next spill in its folder sweeps what it left.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  processRuns,
  removeDeadProcessTemps,
  removeExitedProcessTemps,
  STALE_TEMP_AFTER_MS,
} from '../../../../src/core/io/staleTemps.ts';
import { NearSpillFile } from '../../../../src/core/duplicates/nearSpillFile.ts';
import { tempDir } from '../../helpers/tempDir.ts';

/** A pid that ran a moment ago and runs no more. */
function deadPid(): number {
  const r = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))']);
  const pid = Number(r.stdout.toString());
  assert.equal(processRuns(pid), false, `pid ${pid} should be gone`);
  return pid;
}

/** Sets an entry's modification time `ms` in the past. */
function age(p: string, ms: number): void {
  const t = new Date(Date.now() - ms);
  fs.utimesSync(p, t, t);
}

test('processRuns: this process runs; an ended child does not', () => {
  assert.equal(processRuns(process.pid), true);
  assert.equal(processRuns(deadPid()), false);
});

test('removeDeadProcessTemps removes a dead pid’s old spool folder and spill file, and nothing else', () => {
  const dir = tempDir('dl-stale-');
  const dead = deadPid();
  const old = STALE_TEMP_AFTER_MS + 60_000;
  const make = (name: string, kind: 'dir' | 'file', ms: number): string => {
    const p = path.join(dir, name);
    if (kind === 'dir') {
      fs.mkdirSync(p);
      fs.writeFileSync(path.join(p, 'ids.bin'), Buffer.alloc(64));
    } else fs.writeFileSync(p, Buffer.alloc(64));
    age(p, ms);
    return p;
  };
  const gone = [
    make(`diversity-lens-spool-${dead}-t0-AbC123`, 'dir', old),
    make(`diversity-lens-near-${dead}-t3-keys-0123456789abcdef.bin`, 'file', old),
  ];
  const kept = [
    make(`diversity-lens-near-${dead}-t3-fedcba9876543210.bin`, 'file', 60_000), // recent: maybe a live run elsewhere
    make(`diversity-lens-near-${process.pid}-t0-0011223344556677.bin`, 'file', old), // this process's
    make(`diversity-lens-near-${process.ppid}-t0-8899aabbccddeeff.bin`, 'file', old), // a live process's
    make(`diversity-lens-spool-${dead}-t0-file`, 'file', old), // our name, but a spool is a folder
    make(`diversity-lens-near-${dead}-t0-folder.bin`, 'dir', old), // our name, but a spill is a file
    make(`diversity-lens-nearly-${dead}-t0-x.bin`, 'file', old), // look-alikes
    make(`other-${dead}.bin`, 'file', old),
  ];
  const removed = removeDeadProcessTemps(dir);
  assert.deepEqual(removed.sort(), gone.sort());
  for (const p of gone) assert.equal(fs.existsSync(p), false, p);
  for (const p of kept) assert.equal(fs.existsSync(p), true, p);
  // a second sweep finds nothing more; a missing folder is no error
  assert.deepEqual(removeDeadProcessTemps(dir), []);
  assert.deepEqual(removeDeadProcessTemps(path.join(dir, 'missing')), []);
});

test('removeExitedProcessTemps removes what one exited child left while it ran, and nothing of another pid or time', () => {
  const dir = tempDir('dl-exited-');
  const child = deadPid();
  const other = deadPid();
  const now = Date.now();
  const [from, to] = [now - 60_000, now]; // the child ran for the last minute
  const make = (name: string, kind: 'dir' | 'file', agoMs = 0): string => {
    const p = path.join(dir, name);
    if (kind === 'dir') fs.mkdirSync(p);
    else fs.writeFileSync(p, Buffer.alloc(16));
    age(p, agoMs);
    return p;
  };
  const gone = [
    make(`diversity-lens-spool-${child}-t1-Q1w2E3`, 'dir', 30_000),
    make(`diversity-lens-near-${child}-t2-0123456789abcdef.bin`, 'file'), // written at its exit: still the child's
  ];
  const kept = [
    make(`diversity-lens-near-${other}-t2-0123456789abcdef.bin`, 'file', 30_000), // another pid: the sweep's
    make(`diversity-lens-near-${process.pid}-t0-0011223344556677.bin`, 'file', 30_000), // this process's
    make(`diversity-lens-spool-${child}-t0-file`, 'file', 30_000), // our name, the wrong kind
    make(`diversity-lens-near-${child}1-t0-x.bin`, 'file', 30_000), // a pid that only starts with the child's
    make(`diversity-lens-near-${child}-t0-before.bin`, 'file', 65_000), // an earlier process with this pid
    make(`diversity-lens-near-${child}-t0-after.bin`, 'file', -5_000), // a later one (the pid was reused)
  ];
  assert.deepEqual(removeExitedProcessTemps(child, dir, from, to).sort(), gone.sort());
  for (const p of gone) assert.equal(fs.existsSync(p), false, p);
  for (const p of kept) assert.equal(fs.existsSync(p), true, p);
  assert.deepEqual(removeExitedProcessTemps(process.pid, dir), [], 'never this process');
  assert.deepEqual(removeExitedProcessTemps(child, path.join(dir, 'missing')), []);
});

test('a SIGKILLed process’s spill file is removed by the next process’s first spill in that folder', async () => {
  const dir = tempDir('dl-stale-kill-');
  const nearSpill = fileURLToPath(
    new URL('../../../../src/core/duplicates/nearSpillFile.ts', import.meta.url),
  );
  const code = `const { NearSpillFile } = require(${JSON.stringify(nearSpill)});
const f = new NearSpillFile(${JSON.stringify(dir)});
f.append(new Uint32Array(1024));
process.stdout.write(f.path + '\\n');
setInterval(() => {}, 1000);`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', code], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const left = await new Promise<string>((resolve) =>
    child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
  );
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGKILL');
  await exited;
  assert.equal(fs.existsSync(left), true, 'SIGKILL runs no exit hook: the spill file stays');
  age(left, STALE_TEMP_AFTER_MS + 1000);
  // this process's first spill in the folder sweeps it
  const mine = new NearSpillFile(dir);
  try {
    assert.equal(fs.existsSync(left), false, 'the next spill in the folder removed it');
    assert.equal(fs.existsSync(mine.path), true);
  } finally {
    mine.delete();
  }
});
