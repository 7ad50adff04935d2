/** Shared helper of the CLI tests: the built bundle run as a user runs it. (Not a test file itself.) */
import { before } from 'node:test';
import path from 'node:path';
import { spawnSync, execFileSync, type SpawnSyncReturns } from 'node:child_process';
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
