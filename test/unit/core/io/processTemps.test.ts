// io/processTemps.ts by hand: what a registry removes — its live entries through their owner's release, then (main
// thread) every entry of this pid with its prefix and suffix in the folders used — and what it never touches.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { threadId } from 'node:worker_threads';
import { ProcessTemps } from '../../../../src/core/io/processTemps.ts';
import { tempDir } from '../../helpers/tempDir.ts';

test('ProcessTemps: names, release of live entries, sweeps by thread and by process, nothing else touched', () => {
  const dir = tempDir('dl-ptemps-');
  const reg = new ProcessTemps('dl-test-kind-', '.bin');
  assert.equal(reg.threadPrefix(), `dl-test-kind-${process.pid}-t${threadId}-`);
  assert.equal(reg.threadPrefix(7), `dl-test-kind-${process.pid}-t7-`);
  const file = (name: string): string => {
    const p = path.join(dir, name);
    fs.writeFileSync(p, 'x');
    return p;
  };
  // a live entry of this thread: released by its owner's cleanup, which untracks it
  const live = file(`${reg.threadPrefix()}live.bin`);
  const released: string[] = [];
  reg.track(live, dir, () => {
    released.push(live);
    fs.rmSync(live, { force: true });
    reg.untrack(live);
  });
  // what a terminated worker (thread 7) left, and what is not ours to remove
  const left = file(`${reg.threadPrefix(7)}a.bin`);
  const otherThread = file(`${reg.threadPrefix(8)}b.bin`);
  const otherSuffix = file(`${reg.threadPrefix(7)}c.txt`);
  const otherPid = file(`dl-test-kind-${process.pid + 1}-t7-d.bin`);
  const otherKind = file(`dl-test-other-${process.pid}-t7-e.bin`);

  assert.equal(reg.removeThread(7, dir), 1);
  assert.equal(fs.existsSync(left), false);
  assert.equal(fs.existsSync(otherThread), true);
  assert.equal(fs.existsSync(otherSuffix), true);

  // the whole process: the live entry (released once, counted once), then this pid's other entries in the folders used
  assert.equal(reg.removeProcess(), 2);
  assert.deepEqual(released, [live]);
  assert.equal(fs.existsSync(live), false);
  assert.equal(fs.existsSync(otherThread), false);
  for (const p of [otherSuffix, otherPid, otherKind]) assert.equal(fs.existsSync(p), true, p);
  // nothing left to remove; an untracked entry is not released again
  assert.equal(reg.removeProcess(), 0);
  assert.deepEqual(released, [live]);
});
