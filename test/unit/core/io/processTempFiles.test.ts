// What the CLI's signal handler (and the main thread's exit hooks) remove, in-process: removeProcessSpoolDirs and
// removeProcessNearSpillFiles sweep this pid's files left by a terminated worker thread (both kinds, in os.tmpdir()
// and in a custom folder this thread also used), never another process's; removeLiveTemps removes an atomic write's
// temporary file mid-write; the commit window (beforeRename → rename) is visible to the handler.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { removeProcessSpoolDirs, SPOOL_PREFIX, TokenSpool } from '../../../../src/core/lexical/tokenSpool.ts';
import {
  NEAR_SPILL_PREFIX,
  NearSpillFile,
  removeProcessNearSpillFiles,
} from '../../../../src/core/duplicates/nearSpillFile.ts';
import {
  commitRunning,
  commitsSettled,
  removeLiveTemps,
  writeAtomically,
} from '../../../../src/core/io/atomicWrite.ts';

const SPOOL = fileURLToPath(new URL('../../../../src/core/lexical/tokenSpool.ts', import.meta.url));
const NEAR = fileURLToPath(new URL('../../../../src/core/duplicates/nearSpillFile.ts', import.meta.url));

/** A worker that makes a spool directory and a near spill file in `dir` (its default os.tmpdir() if null), says so, idles. */
const SPILLER = (dir: string | null) => `
require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const { TokenSpool } = require(${JSON.stringify(SPOOL)});
const { NearSpillFile } = require(${JSON.stringify(NEAR)});
const dir = ${dir === null ? "require('node:os').tmpdir()" : JSON.stringify(dir)};
const spool = new TokenSpool({ memoryBytes: 16, tmpDir: dir });
for (let i = 0; i < 100; i++) spool.push(i);
new NearSpillFile(dir).append(Uint32Array.of(1, 2, 3));
parentPort.postMessage('spilled');
setInterval(() => {}, 1000);
`;

async function spillInWorker(dir: string | null): Promise<Worker> {
  const w = new Worker(SPILLER(dir), { eval: true });
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  return w;
}

const ours = (dir: string): string[] =>
  fs
    .readdirSync(dir)
    .filter(
      (n) =>
        n.startsWith(`${SPOOL_PREFIX}${process.pid}-`) || n.startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-`),
    )
    .sort();

test('the main thread removes a terminated worker’s spool directory and spill file, in os.tmpdir() and in a custom folder it used, and no other process’s', async () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-process-temps-'));
  const defaultTmp = path.join(root, 'tmpdir');
  const custom = path.join(root, 'custom');
  fs.mkdirSync(defaultTmp);
  fs.mkdirSync(custom);
  const previousTmp = process.env.TMPDIR;
  process.env.TMPDIR = defaultTmp; // os.tmpdir() of this thread and of the workers started now
  try {
    // this thread spools in the custom folder (so it knows that folder), then two workers spill and are terminated
    const mine = new TokenSpool({ memoryBytes: 16, tmpDir: custom });
    for (let i = 0; i < 100; i++) mine.push(i);
    const myNear = new NearSpillFile(custom);
    const workers = [await spillInWorker(null), await spillInWorker(custom)];
    for (const w of workers) await w.terminate();
    // another process's files of both kinds (a pid that is not ours)
    const other = [`${SPOOL_PREFIX}1-t1-abcdef`, `${NEAR_SPILL_PREFIX}1-t1-0123456789abcdef.bin`];
    fs.mkdirSync(path.join(custom, other[0]));
    fs.writeFileSync(path.join(custom, other[1]), '');
    assert.equal(ours(defaultTmp).length, 2, `the first worker's files: ${ours(defaultTmp).join(', ')}`);
    assert.equal(ours(custom).length, 4, `this thread's and the second worker's: ${ours(custom).join(', ')}`);

    assert.equal(removeProcessSpoolDirs(), 3);
    assert.equal(removeProcessNearSpillFiles(), 3);
    assert.deepEqual(ours(defaultTmp), []);
    assert.deepEqual(ours(custom), []);
    assert.deepEqual(
      fs.readdirSync(custom).sort(),
      [...other].sort(),
      'another process’s files are never touched',
    );
    assert.equal(myNear.isOpen, false);
    mine.dispose(); // idempotent after the sweep
  } finally {
    if (previousTmp === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previousTmp;
    fs.rmSync(root, { recursive: true, force: true });
  }
});

test('removeLiveTemps removes the temporary file of a write in progress; the target is untouched', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-live-temps-'));
  try {
    const target = path.join(dir, 'mixed.jsonl');
    fs.writeFileSync(target, 'previous\n');
    let release: () => void = () => undefined;
    const filling = new Promise<void>((resolve) => (release = resolve));
    let sawTemp: string[] = [];
    const write = writeAtomically(target, async (fh) => {
      await fh.write('half of the new');
      sawTemp = fs.readdirSync(dir).filter((n) => n.startsWith('.'));
      assert.equal(removeLiveTemps(), 1, 'what a signal handler does while the write runs');
      await filling;
    });
    release();
    await assert.rejects(
      write,
      /ENOENT/,
      'the rename of the removed temporary file fails: nothing is renamed',
    );
    assert.equal(sawTemp.length, 1);
    assert.deepEqual(fs.readdirSync(dir), ['mixed.jsonl']);
    assert.equal(fs.readFileSync(target, 'utf8'), 'previous\n');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('the commit window (beforeRename to the rename) is visible, and commitsSettled resolves once it ends', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-commit-'));
  try {
    const target = path.join(dir, 'out.txt');
    let during = false;
    let settledAfterRename: boolean | null = null;
    assert.equal(commitRunning(), false);
    await writeAtomically(target, (fh) => fh.writeFile('new'), {
      beforeRename: async () => {
        during = commitRunning();
        void commitsSettled().then(() => (settledAfterRename = fs.existsSync(target)));
      },
    });
    await new Promise((r) => setImmediate(r));
    assert.equal(during, true);
    assert.equal(settledAfterRename, true, 'the waiter ran once the target was in place');
    assert.equal(commitRunning(), false);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
