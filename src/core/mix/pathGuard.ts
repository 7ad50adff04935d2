/**
 * Refuses to write a mix onto one of its inputs. A mix is written by renaming a temporary file over the
 * target, which would silently replace a dataset; so the target is compared with every input by real path
 * (catches symlinks and spellings like ./a/../x) and by (device, inode) (catches hard links).
 */
import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';

/** Thrown when the output path would overwrite an input (message names both paths). */
export class UnsafeOutputError extends Error {
  override name = 'UnsafeOutputError';
}

/**
 * Real path of `p` as the OS resolves it (symlinks first, then ".."), or of its folder plus its name when `p`
 * itself does not exist (yet). `p` is not normalised lexically first: `link/../x` must follow `link`.
 */
async function realTarget(p: string): Promise<string> {
  try {
    return await realpath(p);
  } catch {
    try {
      return join(await realpath(dirname(p)), basename(p));
    } catch {
      return resolve(p);
    }
  }
}

/**
 * Throws UnsafeOutputError when `target` is, or resolves to, or is a hard link of one of `inputs`, or is a
 * directory. Call it for the data file and the recipe file before anything is written.
 */
export async function assertNotAnInput(target: string, inputs: readonly string[]): Promise<void> {
  const outReal = await realTarget(target);
  let outId: { dev: number; ino: number } | null = null;
  try {
    const s = await stat(target);
    if (s.isDirectory()) throw new UnsafeOutputError(`output ${target} is a directory`);
    outId = { dev: s.dev, ino: s.ino };
  } catch (err) {
    if (err instanceof UnsafeOutputError) throw err;
    outId = null; // does not exist (or a dangling symlink, which a rename replaces without following)
  }
  for (const input of inputs) {
    const inReal = await realTarget(input);
    // (an input that is gone — a merge's source on another machine — can only match by path)
    const s = await stat(input).catch(() => null);
    const same =
      outReal === inReal || (outId !== null && s !== null && outId.dev === s.dev && outId.ino === s.ino);
    if (same)
      throw new UnsafeOutputError(
        `refusing to write ${target}: it is the input ${input} (same file${outReal === inReal ? '' : ' through a hard link'})`,
      );
  }
}
