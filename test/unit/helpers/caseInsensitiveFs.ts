/**
 * A simulated case-insensitive file system for the output-is-an-input tests (issue #15 item 13) on case-sensitive
 * Linux: a PathLookup (src/core/mix/pathGuard.ts) that folds the case of every path under `root` before asking the
 * real file system (as APFS/NTFS open `DS.JSONL` as `ds.jsonl`), and whose realpath keeps the caller's spelling when
 * no link is on the way (the worst case: a path comparison alone would miss the variant; (dev, ino) does not).
 * Files under `root` must be created in lower case.
 */
import { realpath, stat } from 'node:fs/promises';
import { resolve, sep } from 'node:path';
import type { PathLookup } from '../../../src/core/mix/pathGuard.ts';

/** The lookup of a case-insensitive, case-preserving file system over `root` (a real path). */
export function caseInsensitiveLookup(root: string): PathLookup {
  const fold = (p: string): string => {
    const r = resolve(p);
    return r.startsWith(root + sep) ? root + r.slice(root.length).toLowerCase() : r;
  };
  return {
    realpath: async (p) => {
      const real = await realpath(fold(p));
      return real === fold(p) ? resolve(p) : real;
    },
    stat: (p) => stat(fold(p)),
  };
}
