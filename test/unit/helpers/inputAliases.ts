/**
 * Other names for existing input files of a folder `dir`: a symlink, a hard link, a `dir/a/../` spelling and a `../`
 * through a symlinked directory elsewhere (which the OS resolves to `dir`, while the string names `elsewhere`). Why a
 * helper: the Mix writer's path guard (src/core/mix/pathGuard.ts) must see through every one of them, and its own test
 * and the writer's tests (writeMix, reproduceRecipe) check the same set. (Not a test file.)
 */
import { linkSync, mkdirSync, symlinkSync } from 'node:fs';
import { basename, join } from 'node:path';

/** One path per kind of alias: what it names (a file of `dir`) as an argument, the alias itself as a result. */
interface AliasKinds {
  /** `dir/link.jsonl`, a symlink. */
  symlink: string;
  /** `dir/hard.jsonl`, a hard link. */
  hardLink: string;
  /** `dir/a/../<name>`: through the subfolder `a`. */
  dotDot: string;
  /** `elsewhere/sub/../<name>`: `sub` is a symlink to `dir/a`, so the OS reads `dir/<name>` (lexically elsewhere). */
  throughLink: string;
}

/** The aliases made, and all four in the order above (for a list of targets that must be refused). */
export interface InputAliases extends AliasKinds {
  all: string[];
}

/**
 * Why: makes the aliases in `dir` (link.jsonl, hard.jsonl, the folder `a`) and `elsewhere` (the symlink `sub`) of
 * the files of `dir` named in `to`, so each test lists the targets it expects refused; the caller owns and removes
 * both folders.
 */
export function makeInputAliases(dir: string, elsewhere: string, to: AliasKinds): InputAliases {
  const symlink = join(dir, 'link.jsonl');
  const hardLink = join(dir, 'hard.jsonl');
  symlinkSync(to.symlink, symlink);
  linkSync(to.hardLink, hardLink);
  mkdirSync(join(dir, 'a'));
  symlinkSync(join(dir, 'a'), join(elsewhere, 'sub'));
  const dotDot = `${dir}/a/../${basename(to.dotDot)}`;
  const throughLink = `${elsewhere}/sub/../${basename(to.throughLink)}`;
  return { symlink, hardLink, dotDot, throughLink, all: [symlink, hardLink, dotDot, throughLink] };
}
