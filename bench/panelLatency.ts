// What a user of the panel waits for (issue #10): the first partial figures (rows and tokens so far) after an
// analysis starts, and how long Cancel takes to stop every worker thread — in each phase: reading, finishing (after
// the last row) and reading the reference — with the temporary files left behind, and the host thread's event-loop
// delay meanwhile. Runs the panel's own path: AnalysisRunner (the extension's client) on the bundled worker
// dist/worker.js and its chunk workers, launched as the extension launches them (analysisEndpoint.ts: in a child process
// dist/analysisProcess.js with glibc's malloc tuned on Linux/glibc; `--launch thread` for threads of this process).
// "Every worker gone" means: this process has no child process left and its thread count is back. Prints figures; never asserts on time
// (the unit test analysisCancel.test.ts checks that every thread stops and no file is left, not how fast).
// Usage: bench/run.mjs bundles it with esbuild and runs it on its corpus, with plain node (under `node --import tsx`
// every worker thread would also load tsx, ~150–200 ms each, which the extension never pays). By hand, from the root:
//   npm run build && npx esbuild bench/panelLatency.ts --bundle --platform=node --outfile=/tmp/pl.cjs &&
//   node /tmp/pl.cjs --corpus FILE [--reference FILE] [--workers N] [--phases reading,finishing,reference] [--worker dist/worker.js]
//   [--launch process|thread] [--whole]
// --whole adds one complete run first: its wall time and the peak resident memory of the host (this process) and of
// the analysis process, the panel's counterpart of the CLI's figures.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { AnalysisCancelledError, AnalysisRunner } from '../src/extension/analysis/analysisRunner.ts';
import { analysisLaunch } from '../src/extension/analysis/analysisEndpoint.ts';
import type { AnalyzeOptions, AnalyzeProgress } from '../src/core/pipeline/analyzeOptions.ts';
import { SPOOL_PREFIX } from '../src/core/lexical/tokenSpool.ts';
import { NEAR_SPILL_PREFIX } from '../src/core/duplicates/nearSpillFile.ts';

const args = process.argv.slice(2);
const opt = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const corpus = opt('--corpus');
if (!corpus)
  throw new Error('usage: panelLatency.ts --corpus FILE [--reference FILE] [--workers N] [--phases …]');
const reference = opt('--reference');
const workers = Number(opt('--workers') ?? os.availableParallelism());
const phases = (opt('--phases') ?? 'reading,finishing,reference')
  .split(',')
  .filter(Boolean) as AnalyzeProgress['phase'][];
const worker = path.resolve(opt('--worker') ?? 'dist/worker.js');
if (!fs.existsSync(worker)) throw new Error(`${worker} not found: run npm run build first`);
const options: AnalyzeOptions = { workers, ...(reference ? { reference: { path: reference } } : {}) };
const whole = args.includes('--whole');
const launch =
  opt('--launch') === 'thread'
    ? ({ kind: 'thread' } as const)
    : analysisLaunch(path.join(path.dirname(worker), 'analysisProcess.js'));

/** This process' OS threads (Linux /proc; the chunk workers are threads of the analysis worker); null elsewhere. */
function threadCount(): number | null {
  try {
    return fs.readdirSync('/proc/self/task').length;
  } catch {
    return null;
  }
}

/** The number of child processes of this process (Linux /proc); 0 elsewhere. */
const childCount = (): number => childPids().length;

/** Token spool directories and near-duplicate spill files in the temp folder (this process's or its children's). */
const ourTemps = (): string[] =>
  fs.readdirSync(os.tmpdir()).filter((n) => n.startsWith(SPOOL_PREFIX) || n.startsWith(NEAR_SPILL_PREFIX));

/** performance.now() of the first 2 ms poll at which `done()` holds (the thread count has no event). */
async function waitUntil(done: () => boolean, timeoutMs = 60_000): Promise<number> {
  const start = performance.now();
  while (!done()) {
    if (performance.now() - start > timeoutMs) throw new Error(`not done within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
  return performance.now();
}

/**
 * Resolves once the thread count has not changed for 300 ms: a finished run's threads are gone and the process'
 * own pools (libuv, V8), which the first run creates, exist, so the next baseline is a true one.
 */
async function threadsSettled(): Promise<void> {
  const state = () => `${threadCount()}/${childCount()}`;
  let last = state();
  let since = performance.now();
  while (performance.now() - since < 300) {
    await new Promise((r) => setTimeout(r, 10));
    const now = state();
    if (now !== last) [last, since] = [now, performance.now()];
  }
}

const ms = (x: number): string => `${Math.round(x)} ms`;
const runner = new AnalysisRunner(worker, undefined, launch);
const label = `${path.basename(corpus)}${reference ? ' --reference' : ''}, ${workers} worker${workers === 1 ? '' : 's'}`;

/** The first line of /proc/PID/status's `field` in KiB (Linux), or 0 when the process is gone or elsewhere. */
function statusKiB(pid: number | 'self', field: 'VmHWM' | 'VmRSS'): number {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : 0;
  } catch {
    return 0;
  }
}

/** The pids of this process's child processes (Linux /proc: every thread's children). */
function childPids(): number[] {
  try {
    return fs
      .readdirSync('/proc/self/task')
      .flatMap((t) => fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(' '))
      .filter(Boolean)
      .map(Number);
  } catch {
    return [];
  }
}

/**
 * One complete run as the panel makes it: wall time, and the peak resident memory of this process (the host) and of
 * the analysis process (its VmHWM polled every 100 ms while it lives: a peak within the last 100 ms may be missed).
 */
async function wholeRun(): Promise<void> {
  const peaks = new Map<number, number>();
  const poll = setInterval(() => {
    for (const pid of childPids()) peaks.set(pid, Math.max(peaks.get(pid) ?? 0, statusKiB(pid, 'VmHWM')));
  }, 100);
  const t0 = performance.now();
  const handle = runner.start(
    corpus!,
    options,
    undefined,
    undefined,
    () => {},
    () => {},
  );
  try {
    await handle.result;
  } finally {
    clearInterval(poll);
  }
  const seconds = (performance.now() - t0) / 1000;
  const mib = (kib: number): string => `${Math.round(kib / 1024).toLocaleString('en')} MiB`;
  const bytes = fs.statSync(corpus!).size;
  const child = [...peaks.values()].reduce((a, b) => Math.max(a, b), 0);
  console.log(
    `  ${label}: whole run ${seconds.toFixed(1)} s (${(bytes / 1e6 / seconds).toFixed(1)} MB/s); peak RSS host ${mib(statusKiB('self', 'VmHWM'))}` +
      (launch.kind === 'process' ? `, analysis process ${mib(child)}` : ' (the analysis runs in it)'),
  );
}

/** One run until its first partial with rows and tokens, then cancelled: the time to first figures. */
async function firstFigures(): Promise<void> {
  const t0 = performance.now();
  let firstProgress = 0;
  let first: { at: number; rows: number; tokens: number } | null = null;
  const handle = runner.start(
    corpus!,
    options,
    () => (firstProgress ||= performance.now()),
    (p) => {
      const rows = p.rows?.parsed ?? 0;
      const tokens = p.tokens?.total ?? 0;
      if (first || rows === 0 || tokens === 0) return;
      first = { at: performance.now(), rows, tokens };
      handle.cancel();
    },
    () => {},
    () => {},
  );
  await handle.result.catch((e) => {
    if (!(e instanceof AnalysisCancelledError)) throw e;
  });
  await threadsSettled();
  const f = first as { at: number; rows: number; tokens: number } | null;
  console.log(
    `  ${label}: first progress after ${firstProgress ? ms(firstProgress - t0) : 'never'}, first partial figures after ` +
      (f
        ? `${ms(f.at - t0)} (${f.rows.toLocaleString('en')} rows, ${f.tokens.toLocaleString('en')} tokens so far)`
        : 'never (the run ended first)'),
  );
}

/** One run cancelled in `phase`: cancel → analysis worker exit → every worker thread gone, temp files left. */
async function cancelIn(phase: AnalyzeProgress['phase']): Promise<void> {
  await threadsSettled();
  const baseline = threadCount();
  const before = ourTemps();
  const loop = monitorEventLoopDelay({ resolution: 10 });
  loop.enable();
  let cancelledAt = 0;
  let threads: number | null = null;
  let children = 0;
  // reading: a quarter of the file read; finishing: at once; the reference: once its reading has started
  const when = (p: AnalyzeProgress): boolean =>
    p.phase === phase &&
    (phase === 'reading' ? p.bytesRead > p.totalBytes / 4 : phase === 'finishing' || p.bytesRead > 0);
  const t0 = performance.now();
  const handle = runner.start(
    corpus!,
    options,
    (p) => {
      if (cancelledAt || !when(p)) return;
      threads = threadCount();
      children = childCount();
      cancelledAt = performance.now();
      handle.cancel();
    },
    undefined,
    () => {},
    () => {},
  );
  const outcome = await handle.result.then(
    () => 'finished before the phase was reached',
    (e) => (e instanceof AnalysisCancelledError ? 'cancelled' : `failed: ${(e as Error).message}`),
  );
  if (!cancelledAt) {
    loop.disable();
    console.log(`  cancel while ${phase}: not measured (${outcome})`);
    return;
  }
  const back =
    baseline === null
      ? performance.now()
      : await waitUntil(() => childCount() === 0 && threadCount()! <= baseline);
  loop.disable();
  const left = ourTemps().filter((n) => !before.includes(n));
  console.log(
    `  cancel while ${phase} (at ${(cancelledAt - t0) / 1000 < 10 ? ((cancelledAt - t0) / 1000).toFixed(1) : Math.round((cancelledAt - t0) / 1000)} s, ` +
      `${threads !== null && baseline !== null ? threads - baseline : '?'} worker threads${children ? `, ${children} analysis process` : ''} running): every worker gone after ${ms(back - cancelledAt)}; ` +
      `temporary files left: ${left.length === 0 ? 'none' : left.join(', ')}; host event-loop delay max ${ms(loop.max / 1e6)}, p99 ${ms(loop.percentile(99) / 1e6)}`,
  );
}

/** The measurements in order; one runner, disposed at the end. */
async function main(): Promise<void> {
  console.log(
    `  (${launch.kind === 'process' ? 'in a child process, dist/analysisProcess.js, malloc tuned' : 'in worker threads of this process'})`,
  );
  try {
    if (whole) await wholeRun();
    // a short run first, so the process' thread pools exist before any baseline thread count is taken
    await firstFigures();
    await firstFigures();
    for (const phase of phases) await cancelIn(phase);
  } finally {
    runner.dispose();
  }
}

main().catch((e: unknown) => {
  console.error(e);
  process.exitCode = 1;
});
