/**
 * core/threadPriority.ts: the editor's analysis threads run at background priority (nice 10) so the extension host's
 * thread answers first on a busy machine (#15 item 15), while the calling process's other threads keep theirs.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Worker } from 'node:worker_threads';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { BACKGROUND_NICE, thisThreadNice } from '../../../src/core/threadPriority.ts';
import { AnalysisRunner } from '../../../src/extension/analysis/analysisRunner.ts';

const linux = existsSync('/proc/thread-self/stat');

/** Runs `body` (CommonJS, tsx registered) in a worker and returns what it posts. */
function inWorker(body: string): Promise<unknown> {
  const script = `require('tsx/cjs/api').register();
const { parentPort } = require('node:worker_threads');
${body}`;
  return new Promise((resolve, reject) => {
    const w = new Worker(script, { eval: true });
    w.once('message', (m) => {
      resolve(m);
      void w.terminate();
    });
    w.once('error', reject);
  });
}

const src = (name: string): string =>
  JSON.stringify(new URL(`../../../src/${name}`, import.meta.url).pathname);

test(
  'lowerThisThreadPriority: the calling worker thread and the threads it starts get nice 10; the main thread keeps its own',
  { skip: !linux && 'Linux only (/proc/thread-self)' },
  async () => {
    const before = thisThreadNice();
    assert.equal(typeof before, 'number');
    const seen = (await inWorker(`
const { lowerThisThreadPriority, thisThreadNice } = require(${src('core/threadPriority.ts')});
const { Worker } = require('node:worker_threads');
const lowered = lowerThisThreadPriority();
const mine = thisThreadNice();
const child = new Worker("const fs = require('node:fs'); const s = fs.readFileSync('/proc/thread-self/stat', 'utf8'); require('node:worker_threads').parentPort.postMessage(Number(s.slice(s.lastIndexOf(') ') + 2).split(' ')[16]))", { eval: true });
child.once('message', (nice) => { parentPort.postMessage({ lowered, self: mine, child: nice }); child.terminate(); });
`)) as { lowered: boolean; self: number; child: number };
    assert.deepEqual(seen, { lowered: true, self: BACKGROUND_NICE, child: BACKGROUND_NICE });
    assert.equal(thisThreadNice(), before, 'the main thread keeps its priority');
  },
);

test(
  'the analysis worker the editor starts runs at background priority (its first statement)',
  { skip: !linux && 'Linux only (/proc/thread-self)' },
  async () => {
    // our threads at nice 10, sampled while the real analysis worker (the .ts entry behind its test bootstrap) runs
    const niceOf = (tid: string): number | null => {
      try {
        const s = readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
        return Number(s.slice(s.lastIndexOf(') ') + 2).split(' ')[16]);
      } catch {
        return null; // the thread ended between the listing and the read
      }
    };
    const background = (): string[] =>
      readdirSync('/proc/self/task').filter((t) => niceOf(t) === BACKGROUND_NICE);
    const runner = new AnalysisRunner(
      fileURLToPath(new URL('../workers/analysisWorker.cjs', import.meta.url)),
    );
    const dir = mkdtempSync(join(tmpdir(), 'dl-prio-'));
    // threads already at nice 10 (the first test's, or libuv's pool if a background thread started it) do not count
    const before = new Set(background());
    const fresh = new Set<string>();
    const poll = setInterval(() => background().forEach((t) => before.has(t) || fresh.add(t)), 2);
    try {
      const file = join(dir, 'd.jsonl');
      writeFileSync(
        file,
        Array.from({ length: 5000 }, (_, i) => `{"text":"row ${i} of some words"}\n`).join(''),
      );
      const report = await runner.start(file, {}).result;
      assert.equal(report.rows.parsed, 5000);
      assert.ok(fresh.size >= 1, 'a new thread (the analysis worker) ran at nice 10');
      assert.notEqual(thisThreadNice(), BACKGROUND_NICE, 'the host thread keeps its priority');
    } finally {
      clearInterval(poll);
      runner.dispose();
      rmSync(dir, { recursive: true, force: true });
    }
  },
);
