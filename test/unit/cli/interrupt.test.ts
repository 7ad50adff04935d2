// The CLI's signal handler (src/cli/interrupt.ts) as a state machine, in-process with a fake exit: what it removes,
// says and exits with; a signal during an atomic write's commit waits for it; a second signal exits at once; later
// signals do nothing. (The real signals on the built CLI: interrupt.signals.test.ts.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createInterruptHandler, type InterruptEnv } from '../../../src/cli/interrupt.ts';
import { interruptExitCode } from '../../../src/cli/signals.ts';

/** A fake process: records what the handler does; `commit` is an atomic write's commit window, open or not. */
function fake(commitOpen: boolean) {
  const log: string[] = [];
  let open = commitOpen;
  let settle: () => void = () => undefined;
  const settled = new Promise<void>((resolve) => (settle = resolve));
  const env: InterruptEnv = {
    removeTemps: () => {
      log.push('remove');
      return 3;
    },
    commitRunning: () => open,
    commitsSettled: () => (open ? settled : Promise.resolve()),
    say: (line) => log.push(`say ${line}`),
    exit: (code) => log.push(`exit ${code}`),
  };
  return {
    log,
    handle: createInterruptHandler(env),
    endCommit: async () => {
      open = false;
      settle();
      await settled;
      await new Promise((r) => setImmediate(r));
    },
  };
}

test('exit codes are 128 + the signal number: SIGINT 130, SIGTERM 143, SIGHUP 129', () => {
  assert.equal(interruptExitCode('SIGINT'), 130);
  assert.equal(interruptExitCode('SIGTERM'), 143);
  assert.equal(interruptExitCode('SIGHUP'), 129);
});

test('a signal removes the temporary files, then says so in one line, then exits; later signals do nothing', () => {
  const f = fake(false);
  f.handle('SIGTERM');
  f.handle('SIGINT');
  f.handle('SIGHUP');
  assert.deepEqual(f.log, [
    'remove',
    'say diversity-lens: interrupted (SIGTERM): stopped; 3 temporary files removed',
    'exit 143',
  ]);
});

test('a signal inside an atomic write’s commit window waits for the commit, then exits', async () => {
  const f = fake(true);
  f.handle('SIGINT');
  assert.deepEqual(f.log, [], 'nothing removed or exited while the recipe and the mix are being renamed');
  await f.endCommit();
  assert.deepEqual(f.log, [
    'remove',
    'say diversity-lens: interrupted (SIGINT): stopped; 3 temporary files removed',
    'exit 130',
  ]);
});

test('a second signal while waiting for the commit exits at once; the commit’s end then does nothing more', async () => {
  const f = fake(true);
  f.handle('SIGINT');
  f.handle('SIGINT');
  assert.deepEqual(f.log, [
    'remove',
    'say diversity-lens: interrupted (SIGINT): stopped; 3 temporary files removed',
    'exit 130',
  ]);
  await f.endCommit();
  assert.equal(f.log.length, 3);
});

test('a handler whose removal throws still says its line and exits', () => {
  const log: string[] = [];
  const handle = createInterruptHandler({
    removeTemps: () => {
      throw new Error('EACCES');
    },
    commitRunning: () => false,
    commitsSettled: () => Promise.resolve(),
    say: (line) => log.push(line),
    exit: (code) => log.push(String(code)),
  });
  handle('SIGHUP');
  assert.deepEqual(log, ['diversity-lens: interrupted (SIGHUP): stopped; 0 temporary files removed', '129']);
});
