// Cancel leaves no temporary file: a worker stopped by terminate() runs no cleanup code, so its parent removes
// the MTLD spool directory and the near-duplicate spill file it left (what AnalysisRunner does on a worker's exit).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { removeSpoolDirs, SPOOL_PREFIX } from '../../../../src/core/lexical/tokenSpool.ts';
import { NEAR_SPILL_PREFIX, removeNearSpillFiles } from '../../../../src/core/duplicates/nearSpillFile.ts';

const SPOOL = fileURLToPath(new URL('../../../../src/core/lexical/tokenSpool.ts', import.meta.url));
const NEAR = fileURLToPath(new URL('../../../../src/core/duplicates/nearDuplicates.ts', import.meta.url));

/** A worker that spills a spool and a near-duplicate store into `dir`, says 'spilled', then idles until killed. */
const SPILLER = (dir: string) => `
require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
const { TokenSpool } = require(${JSON.stringify(SPOOL)});
const { NearDuplicateAccumulator } = require(${JSON.stringify(NEAR)});
const spool = new TokenSpool({ memoryBytes: 1024, tmpDir: ${JSON.stringify(dir)} });
for (let i = 0; i < 10000; i++) spool.push(i % 97);
const near = new NearDuplicateAccumulator({ shingleMemoryBytes: 1024, tmpDir: ${JSON.stringify(dir)} });
for (let r = 0; r < 400; r++) near.addRow(r + 1, Uint32Array.from({ length: 40 }, (_, i) => r * 1000 + i));
parentPort.postMessage('spilled');
setInterval(() => {}, 1000);
`;

const ours = (dir: string) =>
  fs
    .readdirSync(dir)
    .filter(
      (n) =>
        n.startsWith(`${SPOOL_PREFIX}${process.pid}-`) || n.startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-`),
    );

test('a terminated worker leaves its spool and spill files; the parent removes them by thread id', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-cleanup-'));
  const w = new Worker(SPILLER(dir), { eval: true });
  const thread = w.threadId;
  await new Promise<void>((resolve, reject) => {
    w.once('message', () => resolve());
    w.once('error', reject);
  });
  const before = ours(dir);
  assert.ok(
    before.some((n) => n.startsWith(`${SPOOL_PREFIX}${process.pid}-t${thread}-`)),
    `spool directory of thread ${thread} in ${before.join(', ')}`,
  );
  assert.ok(
    before.some((n) => n.startsWith(`${NEAR_SPILL_PREFIX}${process.pid}-t${thread}-`)),
    `near spill file of thread ${thread} in ${before.join(', ')}`,
  );
  await w.terminate();
  assert.deepEqual(ours(dir).sort(), before.sort(), 'terminate() ran no cleanup in the worker');
  assert.equal(removeSpoolDirs(thread, dir), 1);
  assert.equal(removeNearSpillFiles(thread, dir), 1);
  assert.deepEqual(ours(dir), []);
  // another thread's files are never touched
  assert.equal(removeSpoolDirs(thread + 1000, dir), 0);
  fs.rmSync(dir, { recursive: true, force: true });
});
