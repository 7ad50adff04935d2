/** Shared helper of the CLI tests: the built bundle run as a user runs it. (Not a test file itself.) */
import { before } from 'node:test';
import path from 'node:path';
import { spawn, spawnSync, execFileSync, type ChildProcess, type SpawnSyncReturns } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { tempDir } from './tempDir.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const cli = path.join(root, 'dist/cli.js');

/**
 * Builds the bundle before the file's tests (a `before` hook of the calling test file) and returns a fresh temp
 * folder (named after `tempPrefix`) and `run`, which runs `dist/cli.js` with the given arguments and returns its
 * status, stdout and stderr.
 */
export function builtCli(tempPrefix: string): {
  dir: string;
  run: (...args: string[]) => SpawnSyncReturns<string>;
} {
  before(() => {
    execFileSync(process.execPath, [path.join(root, 'esbuild.mjs')], { cwd: root, stdio: 'ignore' });
  });
  return {
    dir: tempDir(tempPrefix),
    run: (...args) => spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8' }),
  };
}

/** A CLI started in the background: its process, its stderr so far, and how it ended. */
export interface StartedCli {
  child: ChildProcess;
  stderr: () => string;
  /** Resolves on 'close': the process ended and its stderr (shared with the launched command) is closed. */
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Starts the built CLI (`dist/cli.js`) with `args`, stderr captured. `preload`: a `--require` module; `env`: added to
 * this process' environment; `detached`: in a process group of its own (as a terminal's job is).
 */
export function startCli(
  args: string[],
  o: { preload?: string; env?: NodeJS.ProcessEnv; detached?: boolean } = {},
): StartedCli {
  const child = spawn(process.execPath, [...(o.preload ? ['--require', o.preload] : []), cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, ...o.env },
    detached: o.detached ?? false,
  });
  let stderr = '';
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (c: string) => (stderr += c));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('close', (code, signal) => resolve({ code, signal })),
  );
  return { child, stderr: () => stderr, exit };
}
