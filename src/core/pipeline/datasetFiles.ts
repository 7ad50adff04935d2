/**
 * Which files make a dataset: the command line's files, folders and globs, resolved to one ordered list. Why here:
 * a Hugging Face dataset is `data/train-00000-of-00004.parquet` …, a pre-training corpus a folder of shards; users
 * name them the way their shell and hub do, and every front end must read the same files in the same order.
 *
 * Rules (docs/reader.md): the arguments keep their order; a folder stands for every dataset file below it (any
 * depth, hidden files and folders skipped), a glob (`*`, `?` or `[…]` in the last path segment) for the matching
 * files of its folder; both sorted by path in code-point order, which is the shard order of `…-00000-of-00004` names.
 * A file named twice is read once (at its first place). No file at all is an error naming what was given.
 */
import { readdir, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { regularFileStat } from '../reader/decompress.ts';

/** File names a folder or glob contributes: JSON Lines, JSON arrays and Parquet, plain or compressed. */
export const DATASET_FILE = /\.(jsonl|ndjson|json)(\.gz|\.zst)?$|\.parquet$/i;

const GLOB_CHARS = /[*?[]/;

/** The files of a dataset given as `inputs` (files, folders, globs), in the stated order. Throws a clear Error. */
export async function resolveDatasetFiles(inputs: string[]): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (f: string) => {
    const key = resolve(f);
    if (!seen.has(key)) {
      seen.add(key);
      out.push(f);
    }
  };
  for (const input of inputs) {
    const dir = dirname(input);
    if (GLOB_CHARS.test(dir) && !(await exists(input)))
      throw new Error(`${input}: wildcards work in the last part of a path only (the folder must be named)`);
    if (GLOB_CHARS.test(basename(input)) && !(await exists(input))) {
      const re = globToRegExp(basename(input));
      const names = (await readdir(dir, { withFileTypes: true }))
        // (as in a shell, `*` does not match a leading dot: hidden files only when the pattern starts with one)
        .filter(
          (e) =>
            e.isFile() && re.test(e.name) && (!e.name.startsWith('.') || basename(input).startsWith('.')),
        )
        .map((e) => e.name)
        .sort(codePointOrder);
      if (names.length === 0) throw new Error(`${input}: no file matches`);
      for (const n of names) add(join(dir, n));
      continue;
    }
    const st = await stat(input).catch((e: NodeJS.ErrnoException) => {
      throw new Error(e.code === 'ENOENT' ? `no such file or folder: ${input}` : `${input}: ${e.message}`);
    });
    if (st.isDirectory()) {
      const files = await datasetFilesBelow(input);
      if (files.length === 0)
        throw new Error(
          `${input}: a folder with no dataset files (looked for .jsonl, .ndjson, .json — each also .gz or .zst — and .parquet, at any depth)`,
        );
      for (const f of files) add(f);
    } else if (!st.isFile()) {
      await regularFileStat(input); // a named pipe, /dev/zero…: refused with what it is, before anything opens it
    } else add(input);
  }
  if (out.length === 0) throw new Error('no dataset file given');
  return out;
}

/** Every dataset file below `dir`, hidden entries skipped, sorted by path in code-point order. */
async function datasetFilesBelow(dir: string): Promise<string[]> {
  const found: string[] = [];
  const walk = async (d: string): Promise<void> => {
    for (const e of await readdir(d, { withFileTypes: true })) {
      if (e.name.startsWith('.')) continue;
      const p = join(d, e.name);
      if (e.isDirectory()) await walk(p);
      else if (e.isFile() && DATASET_FILE.test(e.name)) found.push(p);
    }
  };
  await walk(dir);
  return found.sort(codePointOrder);
}

/** `*` any run of characters, `?` one, `[…]` a class (`[!…]` negated); everything else literal. */
export function globToRegExp(glob: string): RegExp {
  let re = '';
  for (let i = 0; i < glob.length; i++) {
    const c = glob[i];
    if (c === '*') re += '.*';
    else if (c === '?') re += '.';
    else if (c === '[') {
      const close = glob.indexOf(']', i + 2);
      if (close < 0) re += '\\[';
      else {
        let body = glob.slice(i + 1, close);
        if (body.startsWith('!')) body = `^${body.slice(1)}`;
        re += `[${body.replace(/\\/g, '\\\\')}]`;
        i = close;
      }
    } else re += c.replace(/[.+^${}()|\\/]/g, '\\$&');
  }
  return new RegExp(`^${re}$`);
}

function codePointOrder(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

async function exists(p: string): Promise<boolean> {
  return stat(p).then(
    () => true,
    () => false,
  );
}
