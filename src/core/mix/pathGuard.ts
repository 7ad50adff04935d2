/**
 * The one "is this output one of the inputs?" check every writer calls before it writes (mix write, recipe
 * reproduce, `analyze --out`, `merge --out`, `analyze --partial`, Export Report). Outputs are written by renaming a
 * temporary file over the target, which would silently replace a dataset; so the target is compared with every
 * input by real path (catches symlinks and spellings like ./a/../x or link/../x) and by (device, inode) after the
 * OS resolved it (catches hard links and, on a case-insensitive file system, case variants such as DS.JSONL for
 * ds.jsonl: the OS opens the same file, so its inode is the input's). The file-system lookups are injectable so
 * tests can simulate a case-insensitive file system on Linux.
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Thrown when the output path would overwrite an input (message names both paths). */
export class UnsafeOutputError extends Error {
  override name = 'UnsafeOutputError';
}

/** The two lookups the check makes (node:fs/promises by default; tests pass a simulated file system). */
export interface PathLookup {
  realpath(p: string): Promise<string>;
  stat(p: string): Promise<{ dev: number | bigint; ino: number | bigint; isDirectory(): boolean }>;
}

/** The real file system. */
export const nodePathLookup: PathLookup = { realpath: (p) => realpath(p), stat: (p) => stat(p) };

/**
 * Real path of `p` as the OS resolves it (symlinks first, then ".."), or of its folder plus its name when `p`
 * itself does not exist (yet). `p` is not normalised lexically first: `link/../x` must follow `link`.
 */
async function realTarget(p: string, fs: PathLookup): Promise<string> {
  try {
    return await fs.realpath(p);
  } catch {
    try {
      return join(await fs.realpath(dirname(p)), basename(p));
    } catch {
      return resolve(p);
    }
  }
}

/**
 * Why writing `target` would destroy an input — it is, resolves to, or is a hard link (or case variant) of one of
 * `inputs`, or it is a directory — or null when it is safe to write. The message names both paths. Why: the
 * panel's Export Report shows it as a message; assertNotAnInput throws it.
 */
export async function inputConflict(
  target: string,
  inputs: readonly string[],
  fs: PathLookup = nodePathLookup,
): Promise<string | null> {
  const outReal = await realTarget(target, fs);
  const s = await fs.stat(target).catch(() => null); // missing, or a dangling symlink (a rename replaces it)
  if (s?.isDirectory()) return `output ${target} is a directory`;
  for (const input of inputs) {
    const inReal = await realTarget(input, fs);
    // (an input that is gone — a merge's source on another machine — can only match by path)
    const i = await fs.stat(input).catch(() => null);
    const byPath = outReal === inReal;
    if (byPath || (s !== null && i !== null && s.dev === i.dev && s.ino === i.ino))
      return `refusing to write ${target}: it is the input ${input} (same file${byPath ? '' : ' through a hard link or another spelling'})`;
  }
  return null;
}

/**
 * Throws UnsafeOutputError when `target` is, or resolves to, or is a hard link of one of `inputs`, or is a
 * directory (see inputConflict). Call it for every file a writer writes, before anything is written.
 */
export async function assertNotAnInput(
  target: string,
  inputs: readonly string[],
  fs: PathLookup = nodePathLookup,
): Promise<void> {
  const problem = await inputConflict(target, inputs, fs);
  if (problem) throw new UnsafeOutputError(problem);
}
