// The event-loop monitor behind "Show Analysis Diagnostics" (src/extension/analysis/eventLoopStats.ts): a run
// that blocks the loop shows the block as its max delay; the last settled run's figures are kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { EventLoopMonitor } from '../../../../src/extension/analysis/eventLoopStats.ts';

test('a 150 ms block of the event loop is measured as a max delay of at least 100 ms', async () => {
  const monitor = new EventLoopMonitor();
  assert.equal(monitor.last, null);
  const stop = monitor.measure('/data/a.jsonl');
  await sleep(50);
  const until = Date.now() + 150;
  while (Date.now() < until); // block the loop
  await sleep(50);
  const s = stop();
  assert.equal(s.file, '/data/a.jsonl');
  assert.ok(s.samples > 0, `samples ${s.samples}`);
  assert.ok(s.maxDelayMs >= 100, `max delay ${s.maxDelayMs} ms`);
  assert.ok(s.p99DelayMs <= s.maxDelayMs && s.meanDelayMs <= s.maxDelayMs);
  assert.deepEqual(monitor.last, s);
});
