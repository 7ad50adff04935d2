// When the CLI runs a command in a child with glibc's mmap threshold fixed (src/cli/launchPolicy.ts), and how the
// launched command merges a signal it gets from the system and from its launcher (src/cli/signals.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  HUGE_PAGES_TUNABLE,
  MALLOC_SETTINGS,
  childExecArgv,
  launchPlan,
  type LaunchFacts,
} from '../../../src/cli/launchPolicy.ts';
import { createSignalMerger, isForwardedSignal, type InterruptSignal } from '../../../src/cli/signals.ts';

const facts = (over: Partial<LaunchFacts> = {}): LaunchFacts => ({
  args: ['analyze', 'data.jsonl'],
  env: {},
  platform: 'linux',
  execArgv: [],
  isGlibc: () => true,
  ...over,
});

test('launchPlan: a data command on Linux with glibc runs in a child with one malloc arena, an 8 MiB mmap threshold and huge pages', () => {
  assert.deepEqual(MALLOC_SETTINGS, { MALLOC_ARENA_MAX: '1', MALLOC_MMAP_THRESHOLD_: '8388608' });
  assert.equal(HUGE_PAGES_TUNABLE, 'glibc.malloc.hugetlb=1');
  for (const command of ['analyze', 'mix', 'merge', 'compare']) {
    assert.deepEqual(launchPlan(facts({ args: [command, 'x'] })), {
      execArgv: [],
      env: {
        MALLOC_ARENA_MAX: '1',
        MALLOC_MMAP_THRESHOLD_: '8388608',
        GLIBC_TUNABLES: 'glibc.malloc.hugetlb=1',
        DIVERSITY_LENS_LAUNCHED: '1',
      },
    });
  }
});

test('launchPlan: everything else runs in place', () => {
  let asked = 0;
  const glibc = () => (asked++, true);
  const inPlace: Partial<LaunchFacts>[] = [
    { args: [] },
    { args: ['--version'] },
    { args: ['help', 'analyze'] },
    { args: ['analyse', 'x'] }, // a usage error
    { env: { DIVERSITY_LENS_LAUNCHED: '1' } }, // already the launched process: never again
    { env: { DIVERSITY_LENS_IN_PROCESS: '1' } },
    { env: { MALLOC_MMAP_THRESHOLD_: '1048576' } }, // the user's own choice wins
    { env: { MALLOC_ARENA_MAX: '4' } },
    { env: { GLIBC_TUNABLES: 'glibc.malloc.arena_max=2' } },
    { platform: 'darwin' },
    { platform: 'win32' },
    { execArgv: ['--inspect'] },
    { execArgv: ['--inspect-brk=9230'] },
    { env: { NODE_OPTIONS: '--max-old-space-size=4096 --inspect' } },
  ];
  for (const f of inPlace) assert.equal(launchPlan(facts({ ...f, isGlibc: glibc })), null, JSON.stringify(f));
  assert.equal(asked, 0, 'the C library is asked only when nothing else decided');
  assert.equal(launchPlan(facts({ isGlibc: () => false })), null, 'musl: the variable would do nothing');
  // other variables and tunables do not stop the launch; the user's tunables are kept, the huge pages added
  assert.equal(
    launchPlan(facts({ env: { GLIBC_TUNABLES: 'glibc.pthread.rseq=0', DIVERSITY_LENS_IN_PROCESS: '0' } }))!
      .env.GLIBC_TUNABLES,
    'glibc.pthread.rseq=0:glibc.malloc.hugetlb=1',
  );
});

test('childExecArgv: node flags pass on, code given on the command line does not', () => {
  assert.deepEqual(
    childExecArgv([
      '--max-old-space-size=4096',
      '-e',
      'code()',
      '--require',
      'hook.cjs',
      '--print',
      '1',
      '--cpu-prof',
    ]),
    ['--max-old-space-size=4096', '--require', 'hook.cjs', '--cpu-prof'],
  );
  assert.deepEqual(childExecArgv(['--eval=x()', '-i', '--print=2', '--stack-size=2000']), [
    '--stack-size=2000',
  ]);
  assert.equal(
    launchPlan(facts({ execArgv: ['-e', 'x', '--expose-gc'] }))!.execArgv.join(' '),
    '--expose-gc',
  );
});

/** A merger on a hand-moved clock; returns the signals handled. */
function merger(): {
  handled: InterruptSignal[];
  at: (ms: number) => void;
  m: ReturnType<typeof createSignalMerger>;
} {
  let now = 0;
  const handled: InterruptSignal[] = [];
  return {
    handled,
    at: (ms) => (now = ms),
    m: createSignalMerger(
      (s) => handled.push(s),
      () => now,
      1000,
    ),
  };
}

test('signal merger: one Ctrl-C reaching the command and its launcher is one event, in either order', () => {
  const a = merger();
  a.m.fromSystem('SIGINT');
  a.at(5);
  a.m.fromLauncher('SIGINT');
  assert.deepEqual(a.handled, ['SIGINT']);
  const b = merger();
  b.m.fromLauncher('SIGTERM');
  b.at(999);
  b.m.fromSystem('SIGTERM');
  assert.deepEqual(b.handled, ['SIGTERM']);
});

test('signal merger: a second Ctrl-C is a second event, and so is each copy out of the window or of another signal', () => {
  const a = merger();
  a.m.fromSystem('SIGINT'); // first press
  a.at(3);
  a.m.fromLauncher('SIGINT'); // its copy
  a.at(300);
  a.m.fromLauncher('SIGINT'); // second press, launcher's copy first this time
  a.at(302);
  a.m.fromSystem('SIGINT'); // its copy
  assert.deepEqual(a.handled, ['SIGINT', 'SIGINT']);

  const b = merger();
  b.m.fromLauncher('SIGTERM'); // a `kill` of the launcher alone, forwarded
  b.at(1001);
  b.m.fromSystem('SIGTERM'); // a later kill of the command: not the same event
  b.m.fromSystem('SIGHUP'); // another signal is never merged with SIGTERM
  assert.deepEqual(b.handled, ['SIGTERM', 'SIGTERM', 'SIGHUP']);

  const c = merger();
  c.m.fromSystem('SIGINT');
  c.m.fromSystem('SIGINT'); // two from the system are two
  assert.deepEqual(c.handled, ['SIGINT', 'SIGINT']);
});

test('isForwardedSignal: only the three signals, in the launcher’s shape', () => {
  assert.equal(isForwardedSignal({ diversityLensSignal: 'SIGINT' }), true);
  for (const m of [null, 'SIGINT', {}, { diversityLensSignal: 'SIGKILL' }, { diversityLensSignal: 2 }, []])
    assert.equal(isForwardedSignal(m), false, JSON.stringify(m));
});
