/**
 * core/threadStop.ts: a worker is asked to stop (STOP_THREAD), exits by itself at a turn of its event loop after
 * stopping its own threads (leaves first), runs its exit hooks, and is terminated only when it does not answer in
 * time. Real worker threads (eval'd through tsx), no mocks.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { fileURLToPath } from 'node:url';
import fs from 'node:fs';
import path from 'node:path';
import { tempDir } from '../helpers/tempDir.ts';
import {
  stopThread,
  ownThread,
  startThread,
  liveThreadCount,
  stopOwnThreads,
} from '../../../src/core/threadStop.ts';
import { isStopThread, STOP_THREAD } from '../../../src/protocol/stopThreadProtocol.ts';

const THREAD_STOP = fileURLToPath(new URL('../../../src/core/threadStop.ts', import.meta.url));

/** The code of a worker running `body` with threadStop's exports in scope (`ts`) and its parent port as `port`. */
function code(body: string): string {
  return `require('tsx/cjs/api').register();
const ts = require(${JSON.stringify(THREAD_STOP)});
const { parentPort: port, Worker, workerData } = require('node:worker_threads');
${body}`;
}

/** A worker running `code(body)`, registered but outside any stop tree (it is asked by message only). */
function worker(body: string): Worker {
  return ownThread(new Worker(code(body), { eval: true }));
}

/** Whether `w.terminate()` gets called from now on (the fallback of stopThread). */
function watchTerminate(w: Worker): () => boolean {
  let called = false;
  const terminate = w.terminate.bind(w);
  w.terminate = () => ((called = true), terminate());
  return () => called;
}

const message = (w: Worker): Promise<unknown> => new Promise((r) => w.once('message', r));
const exitCode = (w: Worker): Promise<number> => new Promise((r) => w.once('exit', r));

test('STOP_THREAD: exactly { stopThread: true }; other shapes are not it', () => {
  assert.equal(isStopThread(STOP_THREAD), true);
  assert.equal(isStopThread({ stopThread: true }), true);
  for (const m of [null, {}, { stopThread: 1 }, { stopThread: true, type: 'chunk' }, [true], 'stopThread'])
    assert.equal(isStopThread(m), false, JSON.stringify(m));
});

test('a worker that answers STOP_THREAD exits with code 0 and runs its exit hooks; no terminate', async () => {
  const w = worker(`
process.on('exit', (code) => port.postMessage({ hook: code }));
port.on('message', (m) => ts.answerStopThread(m) || port.postMessage({ echo: m }));
port.postMessage('ready');`);
  assert.equal(await message(w), 'ready');
  // its own messages still reach it
  w.postMessage('hello');
  assert.deepEqual(await message(w), { echo: 'hello' });
  const hook = message(w);
  const code = exitCode(w);
  const terminated = watchTerminate(w);
  await stopThread(w, 10_000);
  assert.deepEqual(await hook, { hook: 0 });
  assert.equal(await code, 0);
  assert.equal(terminated(), false);
  assert.equal(w.threadId, -1);
  // asking again: the same finished promise
  assert.equal(stopThread(w), stopThread(w));
  await stopThread(w);
});

test('a stopped worker stops its own threads first (leaves first), and they run their exit hooks', async () => {
  // the parent starts a child, which reports its exit hook to the parent; the parent forwards it and then exits
  const w = worker(`
const child = ts.ownThread(new Worker(
  "require('tsx/cjs/api').register();" +
  "const ts = require(" + JSON.stringify(${JSON.stringify(THREAD_STOP)}) + ");" +
  "const { parentPort } = require('node:worker_threads');" +
  "process.on('exit', () => parentPort.postMessage('child hook'));" +
  "parentPort.on('message', (m) => ts.answerStopThread(m));" +
  "parentPort.postMessage('child ready');",
  { eval: true }));
const order = [];
child.on('message', (m) => order.push(m) && m === 'child ready' && port.postMessage('ready'));
child.on('exit', (code) => order.push('child exit ' + code));
process.on('exit', () => port.postMessage({ order, live: ts.liveThreadCount() }));
port.on('message', (m) => ts.answerStopThread(m));`);
  assert.equal(await message(w), 'ready');
  const last = message(w);
  await stopThread(w, 10_000);
  assert.deepEqual(await last, { order: ['child ready', 'child hook', 'child exit 0'], live: 0 });
});

test('a worker that does not answer (stuck in a synchronous loop) is terminated after the grace', async () => {
  const w = worker(`port.postMessage('ready'); for (;;) {}`);
  assert.equal(await message(w), 'ready');
  const code = exitCode(w);
  const terminated = watchTerminate(w);
  const t0 = performance.now();
  await stopThread(w, 200);
  const ms = performance.now() - t0;
  assert.equal(terminated(), true, 'the fallback terminated it');
  assert.equal(await code, 1, 'a terminated worker exits with code 1');
  console.log(`# stuck worker terminated ${ms.toFixed(0)} ms after the stop request (grace 200 ms)`);
});

test("a thread started with terminateOnStop is terminated at once, by the main thread or by its tree's root, whatever the grace", async () => {
  // a root asked by its parent, and (inside the root) a child of its tree: neither ever reads its messages
  const stuck = startThread(
    code(`port.postMessage('ready'); for (;;) {}`),
    { eval: true },
    { terminateOnStop: true },
  );
  assert.equal(await message(stuck), 'ready');
  const code_ = exitCode(stuck);
  const terminated = watchTerminate(stuck);
  // a grace of 10 minutes: only the at-once terminate lets this resolve within the test's time
  await stopThread(stuck, 600_000);
  assert.equal(terminated(), true);
  assert.equal(await code_, 1, 'a terminated worker exits with code 1');

  // inside a tree: a root stops its own terminateOnStop child with a 10-minute grace; it is gone at once
  const root = startThread(
    code(`const child = ts.startThread(${JSON.stringify(`require('node:worker_threads').parentPort.postMessage('child ready'); for (;;) {}`)}, { eval: true }, { terminateOnStop: true });
child.on('message', (m) => port.postMessage(m));
child.on('exit', (c) => port.postMessage('child exit ' + c));
port.on('message', (m) => {
  if (ts.answerStopThread(m)) return;
  if (m === 'stop child') void ts.stopThread(child, 600000).then(() => port.postMessage('child stopped'));
});`),
    { eval: true },
  );
  assert.equal(await message(root), 'child ready');
  const replies: unknown[] = [];
  const twoReplies = new Promise<void>((resolve) =>
    root.on('message', (m) => replies.push(m) === 2 && resolve()),
  );
  root.postMessage('stop child');
  await twoReplies;
  assert.deepEqual(replies.sort(), ['child exit 1', 'child stopped']);
  await stopThread(root, 10_000);
});

test('stopOwnThreads stops every registered worker; a worker that already exited resolves at once', async () => {
  const ws = [0, 1, 2].map(() =>
    worker(`port.on('message', (m) => ts.answerStopThread(m)); port.postMessage('ready');`),
  );
  await Promise.all(ws.map(message));
  const gone = worker(`port.postMessage('bye');`);
  await exitCode(gone);
  await stopThread(gone);
  assert.equal(liveThreadCount(), 3);
  await stopOwnThreads(10_000);
  assert.equal(liveThreadCount(), 0);
  assert.ok(ws.every((w) => w.threadId === -1));
});

test('a tree stops while its root is stuck: the child wakes on the shared flag and exits by itself, then the root is terminated', async () => {
  // the child's exit hook marks `seen`; a child torn down with a terminated parent would run no hook
  const seen = new Int32Array(new SharedArrayBuffer(4));
  const child = code(`process.on('exit', () => Atomics.store(workerData.seen, 0, 1));
port.postMessage('child ready');
setInterval(() => {}, 1000);`);
  const root = startThread(
    code(`const c = ts.startThread(${JSON.stringify(child)}, { eval: true, workerData: { seen: workerData.seen } });
c.once('message', () => { port.postMessage('ready'); for (;;) {} });`),
    { eval: true, workerData: { seen } },
  );
  assert.equal(await message(root), 'ready');
  const code_ = exitCode(root);
  await stopThread(root, 1000);
  assert.equal(await code_, 1, 'the stuck root was terminated');
  assert.equal(Atomics.load(seen, 0), 1, 'its child had exited by itself, running its exit hook');
});

test('a thread started after its tree was stopped stops at once (it finds the flag already set)', async () => {
  const seen = new Int32Array(new SharedArrayBuffer(4));
  const stopped = new Int32Array(new SharedArrayBuffer(4));
  const child = code(
    `process.on('exit', () => Atomics.store(workerData.seen, 0, 1)); setInterval(() => {}, 1000);`,
  );
  // the root tells the test it is busy, stays busy until the test has stopped its tree, then starts a child
  const root = startThread(
    code(`port.on('message', (m) => {
  if (m !== 'spawn') return ts.answerStopThread(m);
  port.postMessage('busy');
  while (Atomics.load(workerData.stopped, 0) === 0) {}
  ts.startThread(${JSON.stringify(child)}, { eval: true, workerData: { seen: workerData.seen } });
});
port.postMessage('ready');`),
    { eval: true, workerData: { seen, stopped } },
  );
  assert.equal(await message(root), 'ready');
  root.postMessage('spawn');
  assert.equal(await message(root), 'busy');
  const code_ = exitCode(root);
  const gone = stopThread(root, 10_000);
  Atomics.store(stopped, 0, 1); // the tree's flag is set: now the root starts its child
  await gone;
  assert.equal(await code_, 0, 'the root answered: it was not terminated');
  assert.equal(Atomics.load(seen, 0), 1, 'the late child stopped by itself and ran its exit hook');
});

test('stopRequested: a synchronous loop that asks between items ends on its tree’s stop, and the thread exits unterminated', async () => {
  const root = startThread(
    code(`port.on('message', (m) => ts.answerStopThread(m));
port.postMessage(String(ts.stopRequested()));
setImmediate(() => { while (!ts.stopRequested()) {} port.postMessage('loop ended'); });`),
    { eval: true },
  );
  assert.equal(await message(root), 'false', 'not requested before the stop');
  const ended = message(root);
  const code_ = exitCode(root);
  const terminated = watchTerminate(root);
  await stopThread(root, 10_000);
  assert.equal(await ended, 'loop ended');
  assert.equal(await code_, 0);
  assert.equal(terminated(), false);
});

test('a thread stopped while an atomic write is in its commit window finishes that write, then exits', async () => {
  const dir = tempDir('dl-stop-commit-');
  const target = path.join(dir, 'mix.jsonl');
  const release = new Int32Array(new SharedArrayBuffer(4));
  const atomic = fileURLToPath(new URL('../../../src/core/io/atomicWrite.ts', import.meta.url));
  const root = startThread(
    code(`const { writeAtomically } = require(${JSON.stringify(atomic)});
port.on('message', (m) => ts.answerStopThread(m));
void writeAtomically(${JSON.stringify(target)}, async (fh) => { await fh.writeFile('{"a":1}\\n'); }, {
  // the commit window: held until the test releases it (polled, so the thread's event loop keeps turning)
  beforeRename: () => new Promise((resolve) => {
    port.postMessage('in commit');
    const poll = () => (Atomics.load(workerData.release, 0) ? resolve() : setTimeout(poll, 5));
    poll();
  }),
});`),
    { eval: true, workerData: { release } },
  );
  assert.equal(await message(root), 'in commit');
  const code_ = exitCode(root);
  const gone = stopThread(root, 10_000);
  // not an assertion on time: without the wait the thread would have exited by now, the write never renamed
  await new Promise((r) => setTimeout(r, 300));
  Atomics.store(release, 0, 1);
  await gone;
  assert.equal(await code_, 0, 'it exited by itself');
  assert.equal(fs.readFileSync(target, 'utf8'), '{"a":1}\n', 'the write was completed');
  assert.deepEqual(fs.readdirSync(dir), ['mix.jsonl'], 'no temporary file');
});
