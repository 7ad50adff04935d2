/**
 * Other names for an existing input file: a symlink, a hard link, a `dir/a/../` spelling and a `../` through a
 * symlinked directory elsewhere (which the OS resolves to `dir`, while the string names `elsewhere`). Why a helper:
 * the Mix writer's path guard (src/core/mix/pathGuard.ts) must see through every one of them, and its own test and the
 * writer's tests (writeMix, reproduceRecipe) check the same set. (Not a test file.)
 */
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { join } from 'node:path';

/** The aliases made in a folder, as paths to pass as an output. */
export interface InputAliases {
  /** `dir/link.jsonl`, a symlink to the first input given. */
  symlink: string;
  /** `dir/hard.jsonl`, a hard link to the second input given. */
  hardLink: string;
  /** `dir/a/../<name>`: the file `name` of `dir` through the subfolder `a`. */
  dotDot: (name: string) => string;
  /** `elsewhere/sub/../<name>`: `sub` is a symlink to `dir/a`, so the OS reads `dir/<name>` (lexically elsewhere). */
  throughLink: (name: string) => string;
}

/**
 * Why: makes the aliases in `dir` (link.jsonl, hard.jsonl, the folder `a`) and `elsewhere` (the symlink `sub`) so
 * that each test lists the targets it expects refused; the caller owns and removes both folders.
 */
export function makeInputAliases(
  dir: string,
  elsewhere: string,
  symlinkTo: string,
  hardLinkTo: string,
): InputAliases {
  symlinkSync(symlinkTo, join(dir, 'link.jsonl'));
  linkSync(hardLinkTo, join(dir, 'hard.jsonl'));
  mkdirSync(join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(elsewhere, 'sub'));
  return {
    symlink: join(dir, 'link.jsonl'),
    hardLink: join(dir, 'hard.jsonl'),
    dotDot: (name) => `${dir}/a/../${name}`,
    throughLink: (name) => `${elsewhere}/sub/../${name}`,
  };
}
