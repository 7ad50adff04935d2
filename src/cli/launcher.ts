/**
 * The CLI's entry (`dist/cli.js`, the `diversity-lens` bin). A command that reads data runs in a child process whose
 * environment tunes glibc's malloc (launchPolicy.ts says when and why); every other case runs main.ts here.
 *
 * The launcher only waits and relays: the command inherits stdin, stdout and stderr; a signal the launcher gets is
 * passed on over IPC (the command merges it with its own copy of the same signal: signals.ts); the launcher exits
 * with the command's exit code, or says in one line which signal ended the command (SIGKILL: often the kernel's
 * out-of-memory killer) and exits 128 + its number. Killing the launcher makes the command stop as on SIGHUP.
 * Why a separate bundle: the launcher stays small (~40 MB of RSS beside the command), as it does not load the analysis.
 */
import { spawn } from 'node:child_process';
import path from 'node:path';
import { runsOnGlibc } from '../core/mallocTuning.ts';
import { launchPlan, type LaunchPlan } from './launchPolicy.ts';
import { INTERRUPT_SIGNALS, interruptExitCode, type InterruptSignal } from './signals.ts';

/** The bundle of the command line itself (src/cli/main.ts), beside this one in dist/. */
const MAIN = path.join(__dirname, 'cliMain.js');

const args = process.argv.slice(2);
const plan = launchPlan({
  args,
  env: process.env,
  platform: process.platform,
  execArgv: process.execArgv,
  isGlibc: runsOnGlibc,
});
if (plan === null) runInPlace();
else runLaunched(plan);

function runInPlace(): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- the command line's own bundle, loaded only here
  require(MAIN);
}

function runLaunched(p: LaunchPlan): void {
  const child = spawn(process.execPath, [...p.execArgv, MAIN, ...args], {
    stdio: ['inherit', 'inherit', 'inherit', 'ipc'],
    env: { ...process.env, ...p.env },
  });
  /** Passes a signal on: over IPC (the command merges it with its own copy), or as a signal once IPC is gone. */
  const relay = (s: InterruptSignal) => (): void => {
    if (child.connected) child.send({ diversityLensSignal: s }, (err) => err && child.kill(s));
    else child.kill(s);
  };
  const relays = INTERRUPT_SIGNALS.map((s) => [s, relay(s)] as const);
  for (const [s, fn] of relays) process.on(s, fn);
  let started = false;
  child.on('spawn', () => (started = true));
  child.on('error', () => {
    if (started) return; // 'exit' follows and decides
    // the child could not be started at all: run the command here, with glibc's defaults
    for (const [s, fn] of relays) process.off(s, fn);
    runInPlace();
  });
  child.on('exit', (code, signal) => {
    if (signal !== null) {
      const hint = signal === 'SIGKILL' ? ' (killed: out of memory, or kill -9)' : '';
      process.stderr.write(`diversity-lens: the ${args[0]} process ended by ${signal}${hint}\n`);
      process.exit(interruptExitCode(signal));
    }
    process.exit(code ?? 1);
  });
}
