// The request/reply helper every worker boundary uses (src/protocol/channel.ts), over a fake endpoint: replies go to
// their request, parts (progress) only to theirs, stale and malformed replies are dropped, failures reject, and a
// closed or dead endpoint rejects everything pending. Ids come from one counter (one id scheme).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import {
  Channel,
  RequestEndedError,
  WORKER_OUT_OF_MEMORY,
  workerChannel,
  workerFailure,
  type ChannelSpec,
} from '../../../src/protocol/channel.ts';

type Req = { type: 'ask'; requestId: number; q: string };
type Rep =
  | { type: 'tick'; requestId: number; n: number }
  | { type: 'answer'; requestId: number; a: string }
  | { type: 'oops'; requestId: number; message: string };

const SPEC: ChannelSpec<Rep> = {
  isReply: (x): x is Rep =>
    typeof x === 'object' &&
    x !== null &&
    Number.isSafeInteger((x as Rep).requestId) &&
    ['tick', 'answer', 'oops'].includes((x as Rep).type),
  kind: (m) => (m.type === 'answer' ? 'final' : m.type === 'oops' ? new Error(m.message) : 'part'),
};

/** A postMessage endpoint that records what was sent and lets the test deliver replies. */
class FakeWorker extends EventEmitter {
  readonly sent: Req[] = [];
  postMessage(m: Req): void {
    this.sent.push(m);
  }
  reply(m: unknown): void {
    this.emit('message', m);
  }
}

function setup() {
  const w = new FakeWorker();
  const ch = workerChannel<Req, Rep>(w, SPEC, 'fake worker');
  return { w, ch };
}

test('channel: each reply settles its own request; parts reach only their request', async () => {
  const { w, ch } = setup();
  const ticksA: number[] = [];
  const ticksB: number[] = [];
  const a = ch.request(
    (requestId) => ({ type: 'ask', requestId, q: 'a' }),
    (m) => m.type === 'tick' && ticksA.push(m.n),
  );
  const b = ch.request(
    (requestId) => ({ type: 'ask', requestId, q: 'b' }),
    (m) => m.type === 'tick' && ticksB.push(m.n),
  );
  assert.deepEqual(w.sent, [
    { type: 'ask', requestId: a.requestId, q: 'a' },
    { type: 'ask', requestId: b.requestId, q: 'b' },
  ]);
  assert.equal(ch.size, 2);
  w.reply({ type: 'tick', requestId: b.requestId, n: 1 });
  w.reply({ type: 'tick', requestId: a.requestId, n: 2 });
  w.reply({ type: 'answer', requestId: b.requestId, a: 'B' });
  w.reply({ type: 'answer', requestId: a.requestId, a: 'A' });
  assert.deepEqual(await a.result, { type: 'answer', requestId: a.requestId, a: 'A' });
  assert.deepEqual(await b.result, { type: 'answer', requestId: b.requestId, a: 'B' });
  assert.deepEqual(ticksA, [2]);
  assert.deepEqual(ticksB, [1]);
  assert.equal(ch.size, 0);
});

test('channel: stale, foreign and malformed replies are dropped', async () => {
  const { w, ch } = setup();
  const ticks: number[] = [];
  const done = ch.request(
    (requestId) => ({ type: 'ask', requestId, q: 'x' }),
    (m) => m.type === 'tick' && ticks.push(m.n),
  );
  w.reply({ type: 'answer', requestId: done.requestId, a: 'first' });
  // after the final reply: a late part and a second answer are stale
  w.reply({ type: 'tick', requestId: done.requestId, n: 9 });
  w.reply({ type: 'answer', requestId: done.requestId, a: 'second' });
  assert.equal((await done.result).type === 'answer' && ((await done.result) as { a: string }).a, 'first');
  const ended = ch.request(
    (requestId) => ({ type: 'ask', requestId, q: 'y' }),
    (m) => m.type === 'tick' && ticks.push(m.n),
  );
  ended.end(); // superseded: later replies are stale, the result rejects
  await assert.rejects(ended.result, RequestEndedError);
  w.reply({ type: 'tick', requestId: ended.requestId, n: 8 });
  w.reply({ type: 'answer', requestId: ended.requestId, a: 'late' });
  // never asked for, or not a reply at all
  const open = ch.request(
    (requestId) => ({ type: 'ask', requestId, q: 'z' }),
    (m) => m.type === 'tick' && ticks.push(m.n),
  );
  for (const junk of [
    { type: 'tick', requestId: open.requestId + 1000, n: 7 },
    { type: 'tick', n: 6 },
    { type: 'eval', requestId: open.requestId },
    null,
    'answer',
    [open.requestId],
  ])
    w.reply(junk);
  assert.deepEqual(ticks, []);
  assert.equal(ch.size, 1);
  w.reply({ type: 'answer', requestId: open.requestId, a: 'ok' });
  assert.equal(((await open.result) as { a: string }).a, 'ok');
});

test('channel: a failure reply rejects its request only; end(reason) rejects with the reason', async () => {
  const { w, ch } = setup();
  const bad = ch.request((requestId) => ({ type: 'ask', requestId, q: 'bad' }));
  const good = ch.request((requestId) => ({ type: 'ask', requestId, q: 'good' }));
  w.reply({ type: 'oops', requestId: bad.requestId, message: 'no such file' });
  await assert.rejects(bad.result, /no such file/);
  const cancelled = ch.request((requestId) => ({ type: 'ask', requestId, q: 'c' }));
  cancelled.end(new Error('cancelled by the user'));
  cancelled.end(new Error('twice')); // idempotent
  await assert.rejects(cancelled.result, /cancelled by the user/);
  w.reply({ type: 'answer', requestId: good.requestId, a: 'fine' });
  assert.equal(((await good.result) as { a: string }).a, 'fine');
});

test('channel: a crash or an exit of the worker rejects every pending request, and later requests at once', async () => {
  const crashing = setup();
  const p1 = crashing.ch.request((requestId) => ({ type: 'ask', requestId, q: '1' }));
  const p2 = crashing.ch.request((requestId) => ({ type: 'ask', requestId, q: '2' }));
  crashing.w.emit('error', new Error('boom'));
  await assert.rejects(p1.result, /fake worker crashed: boom/);
  await assert.rejects(p2.result, /fake worker crashed: boom/);
  assert.equal(crashing.ch.size, 0);
  assert.equal(crashing.ch.closed, true);
  const after = crashing.ch.request((requestId) => ({ type: 'ask', requestId, q: '3' }));
  await assert.rejects(after.result, /fake worker crashed: boom/);
  assert.equal(crashing.w.sent.length, 2, 'nothing is posted to a dead endpoint');

  const exiting = setup();
  const p3 = exiting.ch.request((requestId) => ({ type: 'ask', requestId, q: '4' }));
  exiting.w.emit('exit', 3);
  await assert.rejects(p3.result, /fake worker exited unexpectedly \(exit code 3\)/);
  exiting.w.emit('error', new Error('later')); // the first reason stays
  await assert.rejects(
    exiting.ch.request((requestId) => ({ type: 'ask', requestId, q: '5' })).result,
    /exit code 3/,
  );
});

test('channel: a worker stopped at its heap limit rejects with the out-of-memory message, not Node’s code', async () => {
  const oom = () =>
    Object.assign(new Error('Worker terminated due to reaching memory limit: JS heap out of memory'), {
      code: 'ERR_WORKER_OUT_OF_MEMORY',
    });
  const w = new FakeWorker();
  const ch = workerChannel<Req, Rep>(w, SPEC, 'fake worker', 'the fake ran out of memory; try less');
  const p = ch.request((requestId) => ({ type: 'ask', requestId, q: 'x' }));
  w.emit('error', oom());
  w.emit('exit', 1); // Node's order: 'error', then 'exit'; the first reason stays
  await assert.rejects(p.result, (err: Error) => {
    assert.equal(err.message, 'the fake ran out of memory; try less');
    assert.equal((err as { code?: string }).code, WORKER_OUT_OF_MEMORY);
    return true;
  });
  // without a message of its own: still said in words
  assert.equal(workerFailure(oom(), 'mix worker').message, 'mix worker ran out of memory and was stopped');
  assert.equal(workerFailure(new Error('boom'), 'mix worker').message, 'mix worker crashed: boom');
});

test('channel: close() by the owner rejects pending requests with its reason', async () => {
  const sent: Req[] = [];
  const ch = new Channel<Req, Rep>((m) => sent.push(m), SPEC);
  const p = ch.request((requestId) => ({ type: 'ask', requestId, q: 'x' }));
  ch.close(new Error('the view was closed'));
  await assert.rejects(p.result, /the view was closed/);
  ch.receive({ type: 'answer', requestId: p.requestId, a: 'too late' }); // dropped, nothing throws
});

test('channel: a post that throws rejects that request; ids come from one increasing counter across channels', async () => {
  const failing = new Channel<Req, Rep>(() => {
    throw new Error('cannot post');
  }, SPEC);
  const r = failing.request((requestId) => ({ type: 'ask', requestId, q: 'x' }));
  await assert.rejects(r.result, /cannot post/);
  assert.equal(failing.size, 0);
  const other = setup();
  const s = other.ch.request((requestId) => ({ type: 'ask', requestId, q: 'y' }));
  const t = failing.request((requestId) => ({ type: 'ask', requestId, q: 'z' }));
  assert.ok(
    r.requestId >= 1 && r.requestId < s.requestId && s.requestId < t.requestId,
    `${r.requestId} < ${s.requestId} < ${t.requestId}`,
  );
});

test('channel: an ended request nobody awaits raises no unhandled rejection', async () => {
  const unhandled: unknown[] = [];
  const onUnhandled = (e: unknown): void => void unhandled.push(e);
  process.on('unhandledRejection', onUnhandled);
  try {
    const { ch } = setup();
    ch.request((requestId) => ({ type: 'ask', requestId, q: 'preview' })).end();
    ch.request((requestId) => ({ type: 'ask', requestId, q: 'preview' }));
    ch.close(new Error('closed'));
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    assert.deepEqual(unhandled, []);
  } finally {
    process.off('unhandledRejection', onUnhandled);
  }
});
