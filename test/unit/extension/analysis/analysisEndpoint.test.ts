// The editor's analysis in a child process (src/extension/analysis/analysisEndpoint.ts, src/worker/analysisProcess.ts):
// when it is chosen, that the process gets glibc's malloc settings and background priority, that it gives the thread's
// report, line marks and lost types, that its crash, exit, out-of-memory and a kill from outside each fail that run
// with a clear message, that Cancel ends the process and leaves none of its temporary files, and that the process
// stops when its host goes away. The relay and the analysis worker run from source (tsx bootstraps in
// test/unit/workers/); the minimal workers there stand in for what the real one never does on purpose.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fork } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  analysisLaunch,
  IN_PROCESS_VARIABLE,
  type AnalysisLaunch,
} from '../../../../src/extension/analysis/analysisEndpoint.ts';
import {
  ANALYSIS_OUT_OF_MEMORY,
  AnalysisCancelledError,
  AnalysisRunner,
} from '../../../../src/extension/analysis/analysisRunner.ts';
import { HUGE_PAGES_TUNABLE, tunedMallocEnv, userTunesMalloc } from '../../../../src/core/mallocTuning.ts';
import { NEAR_SPILL_PREFIX } from '../../../../src/core/duplicates/nearSpillFile.ts';
import { SPOOL_PREFIX } from '../../../../src/core/lexical/tokenSpool.ts';
import { BACKGROUND_NICE } from '../../../../src/core/threadPriority.ts';
import { STOP_THREAD } from '../../../../src/protocol/stopThreadProtocol.ts';
import { parseRelayStart } from '../../../../src/protocol/processRelayProtocol.ts';
import { rng } from '../../helpers/testRng.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const workers = (name: string): string =>
  fileURLToPath(new URL(`../../workers/${name}.cjs`, import.meta.url));
const RELAY = workers('analysisProcess');
const PROCESS: AnalysisLaunch = { kind: 'process', relayScript: RELAY, env: tunedMallocEnv({}) };
const onLinux = process.platform === 'linux';

/** The pids of this process's child processes (Linux: every thread's children). */
function children(): number[] {
  return fs
    .readdirSync('/proc/self/task')
    .flatMap((t) => fs.readFileSync(`/proc/self/task/${t}/children`, 'utf8').trim().split(' '))
    .filter(Boolean)
    .map(Number);
}

async function waitFor<T>(get: () => T | undefined | false, what: string, timeoutMs = 30_000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = get();
    if (v !== undefined && v !== false) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

/** The environment of a running process, as a map. */
function environOf(pid: number): Map<string, string> {
  const raw = fs.readFileSync(`/proc/${pid}/environ`, 'utf8').split('\0').filter(Boolean);
  return new Map(raw.map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]));
}

const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/** Temporary entries of ours in the temp folder made by process `pid`. */
const tempsOf = (pid: number): string[] =>
  fs
    .readdirSync(os.tmpdir())
    .filter((n) => n.startsWith(`${SPOOL_PREFIX}${pid}-`) || n.startsWith(`${NEAR_SPILL_PREFIX}${pid}-`));

function corpus(file: string, rows: number, seed: number): void {
  const r = rng(seed);
  const word = () => `w${Math.floor(r() * r() * 5000)}`;
  const lines: string[] = [];
  for (let i = 0; i < rows; i++) {
    const text = Array.from({ length: 25 }, word).join(' ');
    // a tenth of the rows twice: exact duplicates, so the line marks have clusters to mark
    lines.push(JSON.stringify({ text, source: i % 3 === 0 ? 'b' : 'a' }));
    if (i % 10 === 0) lines.push(JSON.stringify({ text, source: 'c' }));
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
}

test('analysisLaunch: a process with the CLI’s malloc settings on Linux with glibc; threads when the user tunes malloc, asks for threads, or elsewhere', () => {
  const linux = (env: NodeJS.ProcessEnv, glibc = true) =>
    analysisLaunch('/x/relay.js', env, 'linux', () => glibc);
  assert.deepEqual(linux({}), {
    kind: 'process',
    relayScript: '/x/relay.js',
    env: {
      MALLOC_ARENA_MAX: '1',
      MALLOC_MMAP_THRESHOLD_: '8388608',
      GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
    },
  });
  // the user's other tunables are kept, ours goes after them
  assert.equal(
    (linux({ GLIBC_TUNABLES: 'glibc.rtld.nns=8' }) as { env: Record<string, string> }).env.GLIBC_TUNABLES,
    `glibc.rtld.nns=8:${HUGE_PAGES_TUNABLE}`,
  );
  assert.deepEqual(linux({ [IN_PROCESS_VARIABLE]: '1' }), { kind: 'thread' });
  assert.deepEqual(linux({ MALLOC_ARENA_MAX: '4' }), { kind: 'thread' });
  assert.deepEqual(linux({ MALLOC_TOP_PAD_: '0' }), { kind: 'thread' });
  assert.deepEqual(linux({ GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' }), { kind: 'thread' });
  assert.deepEqual(linux({}, false), { kind: 'thread' }, 'musl: the settings would mean nothing');
  assert.deepEqual(
    analysisLaunch('/x/relay.js', {}, 'darwin', () => true),
    { kind: 'thread' },
  );
  assert.equal(userTunesMalloc({ MALLOC_ARENA_MAX: undefined }), false);
  // the relay's start argument is checked before use
  assert.deepEqual(parseRelayStart('{"script":"/w.js"}'), { script: '/w.js' });
  assert.deepEqual(parseRelayStart('{"script":"/w.js","resourceLimits":{"maxOldGenerationSizeMb":96}}'), {
    script: '/w.js',
    resourceLimits: { maxOldGenerationSizeMb: 96 },
  });
  // keys Node would act on but the host never sends are dropped, not passed to the worker
  assert.deepEqual(
    parseRelayStart(
      '{"script":"/w.js","extra":1,"resourceLimits":{"maxYoungGenerationSizeMb":8,"stackSizeMb":1e9,"codeRangeSizeMb":1}}',
    ),
    { script: '/w.js', resourceLimits: { maxYoungGenerationSizeMb: 8 } },
  );
  for (const bad of [
    undefined,
    '',
    'x',
    '{}',
    '{"script":""}',
    '{"script":"/w.js","resourceLimits":{"maxOldGenerationSizeMb":-1}}',
  ])
    assert.equal(parseRelayStart(bad), null, String(bad));
});

test(
  'in a process: the same report as in a thread, with line marks and lost types; the process has the malloc settings and background priority',
  { skip: !onLinux },
  async () => {
    const dir = tempDir('dl-endpoint-');
    const data = path.join(dir, 'data.jsonl');
    const ref = path.join(dir, 'ref.jsonl');
    corpus(data, 4000, 1);
    corpus(ref, 3000, 2);
    const options = { workers: 2, chunkBytes: 64 * 1024, groupBy: ['source'], reference: { path: ref } };
    const run = async (launch: AnalysisLaunch) => {
      const runner = new AnalysisRunner(workers('analysisWorker'), undefined, launch);
      let marks: unknown = null;
      let lost: unknown = null;
      let pid: number | undefined;
      const before = new Set(children());
      const handle = runner.start(
        data,
        options,
        () => (pid ??= children().find((c) => !before.has(c))),
        undefined,
        (m) => (marks = m),
        (l) => (lost = l),
      );
      const report = await handle.result;
      runner.dispose();
      return { report: { ...report, timing: undefined }, marks, lost, pid };
    };
    const inThread = await run({ kind: 'thread' });
    assert.equal(inThread.pid, undefined, 'a thread run starts no process');
    // the process's environment and priority, read while it runs (a worker that never answers keeps it alive)
    const silent = new AnalysisRunner(workers('silentWorker'), undefined, PROCESS);
    const before = new Set(children());
    const waiting = silent.start('/nowhere', {});
    const pid = await waitFor(() => children().find((c) => !before.has(c)), 'the analysis process');
    const env = await waitFor(() => {
      const e = environOf(pid);
      return e.get('MALLOC_ARENA_MAX') === '1' ? e : undefined;
    }, 'the process to start');
    assert.equal(env.get('MALLOC_MMAP_THRESHOLD_'), '8388608');
    assert.equal(env.get('GLIBC_TUNABLES'), HUGE_PAGES_TUNABLE);
    assert.match(fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8'), /analysisProcess\.cjs/);
    await waitFor(() => {
      const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(') ') + 2).split(' ')[16]) === BACKGROUND_NICE;
    }, 'the process to lower its priority');
    silent.dispose();
    await assert.rejects(waiting.result, AnalysisCancelledError);
    await waitFor(() => !alive(pid), 'the process to exit after Cancel');

    const inProcess = await run(PROCESS);
    assert.ok(inProcess.pid !== undefined, 'the run had its own process');
    await waitFor(() => !alive(inProcess.pid!), 'the process to exit once the run ended');
    assert.deepEqual(inProcess.report, inThread.report);
    assert.ok(inThread.report.rows.parsed === 4400 && inThread.report.slices !== undefined);
    // the typed arrays crossed the process boundary as typed arrays, with the same contents
    assert.deepEqual(inProcess.marks, inThread.marks);
    assert.deepEqual(inProcess.lost, inThread.lost);
    assert.ok(inThread.marks !== null && inThread.lost !== null);
  },
);

test(
  'in a process: a crash, an exit and an out-of-memory of the worker fail that run with the thread’s messages; the next run works',
  { skip: !onLinux },
  async () => {
    const dir = tempDir('dl-endpoint-faults-');
    const good = path.join(dir, 'good.jsonl');
    fs.writeFileSync(good, '{"text":"a b c"}\n{"text":"a b c"}\n');
    const runner = new AnalysisRunner(
      workers('faultyAnalysisWorker'),
      { maxOldGenerationSizeMb: 96 },
      PROCESS,
    );
    await assert.rejects(
      runner.start('/nowhere/CRASH.jsonl', {}).result,
      /^Error: analysis worker crashed: boom$/,
    );
    await assert.rejects(
      runner.start('/nowhere/EXIT.jsonl', {}).result,
      /exited unexpectedly \(exit code 3\)/,
    );
    // the worker's exit is told from a failure of the process by the relay's message, not by stderr being empty
    await assert.rejects(
      runner.start('/nowhere/WARN.jsonl', {}).result,
      /^Error: analysis worker exited unexpectedly \(exit code 3\)$/,
    );
    // a thrown value that is not an Error still reaches the user
    await assert.rejects(
      runner.start('/nowhere/STRING.jsonl', {}).result,
      /^Error: analysis worker crashed: a plain string$/,
    );
    await assert.rejects(
      runner.start('/nowhere/NULL.jsonl', {}).result,
      /^Error: analysis worker crashed: null$/,
    );
    await assert.rejects(runner.start('/nowhere/OOM.jsonl', {}).result, (err: Error) => {
      assert.equal(err.message, ANALYSIS_OUT_OF_MEMORY);
      assert.equal((err as { code?: string }).code, 'ERR_WORKER_OUT_OF_MEMORY');
      return true;
    });
    assert.equal((await runner.start(good, {}).result).rows.parsed, 2, 'the run after the faults works');
    assert.equal(runner.activeCount, 0);
    runner.dispose();
  },
);

test(
  'in a process: a failure of the process itself names its error, not its stack',
  { skip: !onLinux },
  async () => {
    const dir = tempDir('dl-endpoint-relay-');
    const data = path.join(dir, 'data.jsonl');
    corpus(data, 30_000, 4); // still being read when the relay fails
    const failing = new AnalysisRunner(workers('analysisWorker'), undefined, {
      ...PROCESS,
      relayScript: workers('failingAnalysisProcess'),
    });
    await assert.rejects(
      failing.start(data, { chunkBytes: 64 * 1024 }).result,
      /^Error: analysis worker crashed: the analysis process failed: a bug in the relay$/,
    );
    failing.dispose();
    const broken = new AnalysisRunner(workers('analysisWorker'), undefined, {
      ...PROCESS,
      relayScript: workers('brokenAnalysisProcess'),
    });
    await assert.rejects(
      broken.start(data, {}).result,
      /^Error: analysis worker crashed: its process exited with code 1 \(TypeError: cannot start the relay\)$/,
    );
    broken.dispose();
  },
);

test(
  'in a process killed from outside: the run fails saying so, and the files the process left are removed',
  { skip: !onLinux },
  async () => {
    const runner = new AnalysisRunner(workers('silentWorker'), undefined, PROCESS);
    const before = new Set(children());
    const handle = runner.start('/nowhere', {});
    const pid = await waitFor(() => children().find((c) => !before.has(c)), 'the analysis process');
    // what a killed run leaves: a spill file and a spool folder named by its pid
    const spill = path.join(os.tmpdir(), `${NEAR_SPILL_PREFIX}${pid}-t1-0123456789abcdef.bin`);
    const spool = path.join(os.tmpdir(), `${SPOOL_PREFIX}${pid}-t1-test`);
    fs.writeFileSync(spill, 'x');
    fs.mkdirSync(spool);
    process.kill(pid, 'SIGKILL');
    await assert.rejects(
      handle.result,
      /^Error: analysis worker crashed: its process was ended by SIGKILL: out of memory, or kill -9$/,
    );
    assert.deepEqual(tempsOf(pid), [], 'the killed process’s files are gone');
    runner.dispose();
  },
);

test(
  'in a process: Cancel while reading ends the process within its grace and leaves none of its files',
  { skip: !onLinux },
  async () => {
    const dir = tempDir('dl-endpoint-cancel-');
    const data = path.join(dir, 'data.jsonl');
    corpus(data, 30_000, 3); // ~5 MB in 64 KiB chunks: still reading when cancelled
    const runner = new AnalysisRunner(workers('analysisWorker'), undefined, PROCESS);
    const before = new Set(children());
    let pid: number | undefined;
    let cancelledAt = 0;
    const handle = runner.start(data, { workers: 2, chunkBytes: 64 * 1024 }, (p) => {
      pid ??= children().find((c) => !before.has(c));
      if (!cancelledAt && p.phase === 'reading' && p.bytesRead > p.totalBytes / 4) {
        cancelledAt = performance.now();
        handle.cancel();
      }
    });
    await assert.rejects(handle.result, AnalysisCancelledError);
    assert.ok(pid !== undefined && cancelledAt > 0, 'cancelled while its process was reading');
    await waitFor(() => !alive(pid!), 'the process to exit');
    console.log(
      `# the analysis process exited ${Math.round(performance.now() - cancelledAt)} ms after Cancel (upper bound: polled)`,
    );
    assert.deepEqual(tempsOf(pid), []);
    runner.dispose();
  },
);

test(
  'the analysis process stops when its host goes away (the IPC channel closes)',
  { skip: !onLinux },
  async () => {
    const child = fork(RELAY, [JSON.stringify({ script: workers('silentWorker') })], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    child.send({ type: 'analyze', requestId: 1, path: '/nowhere', options: {} }); // the silent worker now hangs
    await new Promise((r) => setTimeout(r, 300));
    child.disconnect();
    assert.equal(await exited, 0, 'it stopped its worker and exited by itself');
    // and a STOP_THREAD is answered the same way
    const again = fork(RELAY, [JSON.stringify({ script: workers('silentWorker') })], {
      serialization: 'advanced',
      execArgv: [],
      stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    });
    const exitedAgain = new Promise<number | null>((resolve) => again.on('exit', (code) => resolve(code)));
    again.send(STOP_THREAD);
    assert.equal(await exitedAgain, 0);
    // a start without its argument is refused with a message
    const bad = fork(RELAY, [], { execArgv: [], stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
    let stderr = '';
    bad.stderr!.on('data', (d: Buffer) => (stderr += d));
    assert.equal(await new Promise((resolve) => bad.on('exit', resolve)), 2);
    assert.match(stderr, /must be forked with an IPC channel and a JSON start argument/);
  },
);
