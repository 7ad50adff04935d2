// A panel's analysis lifecycle (src/extension/panel/panelAnalysis.ts) with fake runs: at most one analysis per
// panel runs, a later request supersedes an earlier one even while that one is still in its setup awaits,
// and every run that was started ends (finished or cancelled); the lost tail types a run sends reach done().
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { AnalysisReport } from '../../../../src/core/report/reportTypes.ts';
import {
  AnalysisCancelledError,
  type AnalysisHandle,
} from '../../../../src/extension/analysis/analysisRunner.ts';
import { PanelAnalysis, type PanelAnalysisHost } from '../../../../src/extension/panel/panelAnalysis.ts';
import { buildLostTypesIndex, type LostTypesIndex } from '../../../../src/core/tails/lostTypes.ts';

interface FakeRun {
  handle: AnalysisHandle;
  cancelled: boolean;
  settled: boolean;
  finish(): void;
}

function deferred<T>(): { promise: Promise<T>; resolve(v: T): void } {
  let resolve!: (v: T) => void;
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

const tick = async (): Promise<void> => {
  for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
};

/**
 * A host whose setup (`wantsLineMarks`) waits until the test releases it, and whose runs start a fake worker
 * (after a macrotask, like withProgress) that ends when the test finishes or cancels it.
 */
function fakeHost() {
  const setups: { resolve(v: boolean): void }[] = [];
  const runs: FakeRun[] = [];
  const events: string[] = [];
  let nextId = 1;
  const host: PanelAnalysisHost = {
    wantsLineMarks() {
      const d = deferred<boolean>();
      setups.push(d);
      return d.promise;
    },
    start(onStart) {
      return new Promise<AnalysisReport>((resolve, reject) => {
        setImmediate(() => {
          const requestId = nextId++;
          const run: FakeRun = {
            cancelled: false,
            settled: false,
            finish() {
              if (run.settled) return;
              run.settled = true;
              resolve({ id: requestId } as unknown as AnalysisReport);
            },
            handle: {
              requestId,
              result: Promise.resolve({} as AnalysisReport),
              cancel() {
                if (run.settled) return;
                run.cancelled = run.settled = true;
                reject(new AnalysisCancelledError());
              },
            },
          };
          runs.push(run);
          onStart(run.handle);
        });
      });
    },
    started: (id) => events.push(`started ${id}`),
    progress: () => {},
    partial: () => {},
    done: (r) => events.push(`done ${(r as unknown as { id: number }).id}`),
    cancelled: () => events.push('cancelled'),
    failed: (m) => events.push(`failed ${m}`),
    runningChanged: () => {},
  };
  /** Runs started and neither finished nor cancelled. */
  const live = (): FakeRun[] => runs.filter((r) => !r.settled);
  return { host, setups, runs, events, live };
}

test('PanelAnalysis: two requests in the setup gap run one analysis; the earlier one never runs on', async () => {
  const f = fakeHost();
  const pa = new PanelAnalysis(f.host);
  const first = pa.analyze();
  const second = pa.analyze(); // arrives while the first still awaits its setup
  for (const s of f.setups) s.resolve(true);
  await tick();
  assert.ok(
    f.live().length <= 1,
    `at most one analysis runs (live: ${f.live().length}, started: ${f.runs.length})`,
  );
  assert.equal(f.live().length, 1, 'the later request runs');
  f.live()[0].finish();
  assert.equal(await first, undefined, 'the superseded request resolves with nothing');
  assert.ok(await second, 'the later request resolves with its report');
  assert.equal(pa.running, false);
  assert.equal(f.live().length, 0, 'nothing left running');
  assert.deepEqual(f.events.filter((e) => e.startsWith('done')).length, 1, 'one report shown');
  assert.ok(!f.events.includes('cancelled'), 'superseding is not shown as a cancellation');
});

test('PanelAnalysis: a request while the previous run is being started (setup done, worker not yet up) supersedes it', async () => {
  const f = fakeHost();
  const pa = new PanelAnalysis(f.host);
  const first = pa.analyze();
  f.setups[0].resolve(false);
  await Promise.resolve(); // the first has left its setup and asked for its run; the run starts on a later macrotask
  await Promise.resolve();
  const second = pa.analyze();
  f.setups[1].resolve(false);
  await tick();
  assert.equal(f.live().length, 1, `exactly one analysis runs (started: ${f.runs.length})`);
  f.live()[0].finish();
  assert.equal(await first, undefined);
  assert.ok(await second);
  assert.equal(f.live().length, 0);
});

/** A panel with one request whose setup is done and whose run is in progress (`a`: that request). */
async function oneRunInProgress() {
  const f = fakeHost();
  const pa = new PanelAnalysis(f.host);
  const a = pa.analyze();
  f.setups[0].resolve(true);
  await tick();
  return { f, pa, a };
}

test('PanelAnalysis: a request while a run is in progress cancels it; three rapid requests leave one run', async () => {
  const { f, pa, a } = await oneRunInProgress();
  assert.equal(pa.running, true);
  const b = pa.analyze();
  const c = pa.analyze();
  assert.equal(f.runs[0].cancelled, true, 'the running analysis is cancelled at once');
  for (const s of f.setups.slice(1)) s.resolve(true);
  await tick();
  assert.equal(f.live().length, 1);
  f.live()[0].finish();
  assert.deepEqual(await Promise.all([a, b, c]).then((r) => r.map((x) => x !== undefined)), [
    false,
    false,
    true,
  ]);
  assert.equal(pa.running, false);
});

test('PanelAnalysis: Cancel during the setup awaits: no analysis starts', async () => {
  const f = fakeHost();
  const pa = new PanelAnalysis(f.host);
  const a = pa.analyze();
  pa.cancel();
  f.setups[0].resolve(true);
  await tick();
  assert.equal(f.runs.length, 0, 'no worker started after Cancel');
  assert.equal(await a, undefined);
});

test('PanelAnalysis: Cancel of a running analysis shows it as cancelled', async () => {
  const { f, pa, a } = await oneRunInProgress();
  pa.cancel();
  assert.equal(await a, undefined);
  assert.deepEqual(f.events, ['started 1', 'cancelled']);
  assert.equal(pa.running, false);
});

test('PanelAnalysis: the lost tail types the run sends reach done() with its report', async () => {
  const f = fakeHost();
  const index = buildLostTypesIndex([{ token: 'kangaroo', referenceCount: 1 }]);
  let got: LostTypesIndex | undefined;
  const host: PanelAnalysisHost = {
    ...f.host,
    start: (onStart, onProgress, onPartial, onLineMarks, onLostTypes) => {
      assert.ok(onLostTypes, 'the panel always asks for the lost tail types');
      const run = f.host.start(onStart, onProgress, onPartial, onLineMarks);
      onLostTypes(index);
      return run;
    },
    done: (_r, _m, lost) => (got = lost),
  };
  const pa = new PanelAnalysis(host);
  const done = pa.analyze();
  f.setups[0].resolve(false);
  await tick();
  f.live()[0].finish();
  await done;
  assert.equal(got, index);
});
