/**
 * The recipe of a written mix (`<out>.recipe.json`): the inputs (absolute path, size, sha256), every
 * setting and the seed, the tool version, and the chosen line numbers per input in output order — enough
 * to reproduce the file byte for byte without re-analysing anything (reproduceRecipe).
 * Format 2 adds the held-out split of the reference (`heldOut`, `lines.heldOut`: the reference lines that were
 * never mixed in and that the tail figures are measured against); format-1 recipes are still reproduced.
 * Format 3 adds how reference rows were written (`model.referenceSchema`: converted to the dataset's schema, with
 * the target, the `--map` entries and the mapping per reference shape, or kept as they are) and `referenceRows`
 * (written rows kept byte for byte / converted); reproduction converts them again by the same rule.
 * A Parquet input is marked `format: "parquet"` with `rowsWrittenAs`: its rows were written as canonical JSON, and
 * its `lines` are 1-based row numbers.
 */
import { createHash } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { resolve } from 'node:path';
import { TOOL_VERSION } from '../version.ts';
import {
  sha256File,
  writeLinesAtomically,
  replaceTextUndoably,
  type WriteLinesHooks,
  type WrittenFile,
} from './atomicLines.ts';
import { assertNotAnInput } from './pathGuard.ts';
import { detectFileFormat } from '../reader/jsonArray.ts';
import { referenceLineTransform } from './referenceSchema.ts';
import type { MixInputInfo, MixSettings, ResolvedMixOptions } from './mixTypes.ts';
import type { LineInput } from './atomicLines.ts';
import type { Compression } from '../types.ts';

export const RECIPE_KIND = 'diversity-lens/mix-recipe';
export const RECIPE_FORMAT = 3;
/** Formats readRecipe accepts (1: before the held-out split; 2: before reference rows were converted). */
export const RECIPE_FORMATS_READ: readonly number[] = [1, 2, 3];

export interface RecipeInput {
  /** The file; for an input of several files, the input's name (the folder, or the first file). */
  path: string;
  /** Its size; for several files, their sum. */
  bytes: number;
  /** sha256 of its bytes; for several files, of the text of `sha256  path` lines of its files (as sha256sum prints). */
  sha256: string;
  /** Its compression; for several files, the first file's (each file has its own). */
  compression: Compression;
  /**
   * Only for an input of several files (a folder of shards, a glob, a multi-selection): each file as a single-file
   * input is described, plus the span of input-wide lines it holds. The input's `lines` run through the files
   * (line L of the input is line L − firstLine + 1 of the file whose span holds it), and `lines.datasetFiles` /
   * `referenceFiles` / `heldOutFiles` give the file (index here) of every listed row.
   */
  files?: (RecipeInput & { firstLine: number; lines: number })[];
  /**
   * Only for a JSON-array or a Parquet input: its row numbers in `lines` are element indexes (JSON array) or 1-based
   * row numbers (Parquet). A JSON-array element spanning several lines was written with the whitespace outside its
   * strings removed (`rows` says so in words); Parquet rows were written as canonical JSON (`rowsWrittenAs`).
   * docs/mixing.md.
   */
  format?: 'json-array' | 'parquet';
  rows?: string;
  /** With `format: 'parquet'`: how its rows were written, in words (docs/mixing.md). */
  rowsWrittenAs?: string;
}

/** The recipe's words for how a JSON array's rows are numbered and written. */
export const JSON_ARRAY_ROWS_NOTE =
  "rows are the array's elements, numbered by 1-based index; each is copied byte for byte, except that an element spanning several lines is written on one line with the whitespace outside its strings removed (numbers, keys and escapes unchanged)";

/** `rowsWrittenAs` of a Parquet input. */
export const PARQUET_ROWS_WRITTEN_AS =
  'canonical JSON, one line per row: keys in column order, no spaces, integers with all their digits, timestamps as ISO strings, binary as base64 (docs/mixing.md)';

export interface MixRecipe {
  kind: typeof RECIPE_KIND;
  formatVersion: 1 | 2 | 3;
  tool: { name: 'diversity-lens'; version: string };
  createdAt: string;
  inputs: { dataset: RecipeInput; reference: RecipeInput };
  /** The model options the rows were chosen with (text view, tokenizer, thresholds…). */
  model: ResolvedMixOptions;
  /** Every control, the seed and (format 2) the held-out share included. */
  settings: MixSettings & { seed: number };
  /**
   * Format 2: the held-out split (seeded by settings.seed, PRNG stream `stream`; rule in heldOut.ts): share asked
   * for, rows and tokens held out, reference rows in the pool. Its line numbers are `lines.heldOut`.
   */
  heldOut?: { share: number; seed: number; stream: number; rows: number; tokens: number; poolRows: number };
  output: { path: string; rows: number; bytes: number; sha256: string };
  /** Format 3: written reference rows copied byte for byte (already in the dataset's schema) and converted. */
  referenceRows?: { kept: number; converted: number };
  /** One character per output row: "D" = next dataset line, "R" = next reference line. */
  order: string;
  /**
   * Chosen 1-based line numbers per input, in output order; `heldOut` (format 2): held-out reference lines, ascending.
   * For an input of several files (its `files`), the lines run through its files and `datasetFiles` /
   * `referenceFiles` / `heldOutFiles` give the index of each listed row's file (same order as the line lists).
   */
  lines: {
    dataset: number[];
    reference: number[];
    heldOut?: number[];
    datasetFiles?: number[];
    referenceFiles?: number[];
    heldOutFiles?: number[];
  };
}

/** Thrown when a recipe cannot be reproduced (inputs changed, malformed recipe). */
export class RecipeError extends Error {
  override name = 'RecipeError';
}

/** The recipe path that goes with an output file. */
export function recipePathFor(outPath: string): string {
  return `${outPath}.recipe.json`;
}

/** The order arrays (input index 0 = dataset, 1 = reference; line numbers) a recipe describes. */
export function recipeOrder(r: MixRecipe): { input: Uint8Array; line: Uint32Array } {
  const n = r.order.length;
  const input = new Uint8Array(n);
  const line = new Uint32Array(n);
  let d = 0;
  let q = 0;
  for (let i = 0; i < n; i++) {
    const c = r.order[i];
    if (c === 'D') line[i] = r.lines.dataset[d++];
    else if (c === 'R') {
      input[i] = 1;
      line[i] = r.lines.reference[q++];
    } else throw new RecipeError(`recipe order has an unknown source "${c}" at row ${i + 1}`);
  }
  if (d !== r.lines.dataset.length || q !== r.lines.reference.length)
    throw new RecipeError('recipe order and line lists disagree in length');
  return { input, line };
}

/** Reads and checks the shape of a recipe file. */
export async function readRecipe(path: string): Promise<MixRecipe> {
  let r: MixRecipe;
  try {
    r = JSON.parse(await fsp.readFile(path, 'utf8')) as MixRecipe;
  } catch (err) {
    throw new RecipeError(`cannot read recipe ${path}: ${err instanceof Error ? err.message : String(err)}`);
  }
  const ok =
    r &&
    r.kind === RECIPE_KIND &&
    RECIPE_FORMATS_READ.includes(r.formatVersion) &&
    r.inputs?.dataset?.path &&
    r.inputs?.reference?.path &&
    typeof r.order === 'string' &&
    Array.isArray(r.lines?.dataset) &&
    Array.isArray(r.lines?.reference) &&
    typeof r.output?.sha256 === 'string';
  if (!ok)
    throw new RecipeError(
      `${path} is not a diversity-lens mix recipe (format ${RECIPE_FORMATS_READ.join(' or ')})`,
    );
  return r;
}

/** Describes one input for a recipe (absolute path, size, sha256 of the bytes on disk). */
export async function describeInput(
  path: string,
  compression: Compression,
  signal?: AbortSignal,
): Promise<RecipeInput> {
  const abs = resolve(path);
  const st = await fsp.stat(abs);
  const format = await detectFileFormat(abs);
  const described: RecipeInput = {
    path: abs,
    bytes: st.size,
    sha256: await sha256File(abs, signal),
    compression,
  };
  if (format === 'json-array') return { ...described, format, rows: JSON_ARRAY_ROWS_NOTE };
  if (format === 'parquet') return { ...described, format, rowsWrittenAs: PARQUET_ROWS_WRITTEN_AS };
  return described;
}

/**
 * Why: the recipe's entry of a model input — describeInput of its file, or, for an input of several files, each file
 * described with its span of lines and the input's name, total size and the sha256 of its files' sha256 list.
 */
export async function describeMixInput(info: MixInputInfo, signal?: AbortSignal): Promise<RecipeInput> {
  if (!info.files) return describeInput(info.path, info.compression, signal);
  const files: NonNullable<RecipeInput['files']> = [];
  for (const f of info.files)
    files.push({
      ...(await describeInput(f.path, f.compression, signal)),
      firstLine: f.firstLine,
      lines: f.lines,
    });
  return {
    path: resolve(info.path),
    bytes: files.reduce((a, f) => a + f.bytes, 0),
    sha256: filesSha256(files),
    compression: info.compression,
    files,
  };
}

/** sha256 of the `sha256  path` lines of several files (sha256sum's output): the one digest of an input of several files. */
function filesSha256(files: readonly { path: string; sha256: string }[]): string {
  return createHash('sha256')
    .update(files.map((f) => `${f.sha256}  ${f.path}\n`).join(''))
    .digest('hex');
}

/**
 * Reproduces a recipe's output byte for byte at `outPath` (default: the recipe's own output path) and writes
 * the recipe beside it. Refuses, before writing anything, when an input's sha256 differs from the recipe's.
 */
export async function reproduceRecipe(
  recipePath: string,
  outPath?: string,
  hooks: WriteLinesHooks = {},
): Promise<{ file: WrittenFile; recipePath: string; recipe: MixRecipe }> {
  const recipe = await readRecipe(recipePath);
  const roles = [
    ['dataset', recipe.inputs.dataset],
    ['reference', recipe.inputs.reference],
  ] as const;
  // every file read must be the one the recipe hashed (an input of several files: each of its files)
  for (const [role, inp] of roles) {
    for (const f of inp.files ?? [inp]) {
      let sha: string;
      try {
        sha = await sha256File(f.path, hooks.signal);
      } catch (err) {
        throw new RecipeError(
          `the recipe's ${role} ${f.path} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
        );
      }
      if (sha !== f.sha256)
        throw new RecipeError(
          `the ${role} ${f.path} changed since the recipe was written (sha256 ${sha.slice(0, 12)}… ≠ ${f.sha256.slice(0, 12)}…); refusing to reproduce`,
        );
    }
  }
  const out = outPath ?? recipe.output.path;
  const newRecipePath = recipePathFor(out);
  const inputPaths = roles.flatMap(([, i]) => (i.files ?? [i]).map((f) => f.path));
  // the data file never replaces an input nor the recipe being read; its new recipe may replace that recipe (the
  // default output reproduces in place: same inputs, same lines), never an input
  await assertNotAnInput(out, [...inputPaths, recipePath]);
  await assertNotAnInput(newRecipePath, inputPaths);
  const schema = recipe.model?.referenceSchema;
  const transform = schema?.mode === 'dataset' ? referenceLineTransform(schema) : undefined;
  const { inputs, order } = recipeSources(recipe, transform);
  const copy: MixRecipe = { ...recipe, output: { ...recipe.output, path: resolve(out) } };
  const file = await writeLinesAtomically(out, inputs, order, {
    ...hooks,
    expectSha256: recipe.output.sha256,
    // the recipe first, then the file (as writeMix): a recipe that cannot be written changes neither
    beforeRename: () => replaceTextUndoably(newRecipePath, formatRecipe(copy)),
  });
  return { file, recipePath: newRecipePath, recipe: copy };
}

/**
 * Why: the writer's sources (one per file) and order (source, line in that file) of a recipe. An input of one file
 * is one source read at the listed lines; an input of several files one source per file, each listed row in the file
 * `lines.<role>Files` names, at line L − firstLine + 1 (refused when the line is outside that file's span).
 */
export function recipeSources(
  recipe: MixRecipe,
  transform: LineInput['transform'],
): { inputs: LineInput[]; order: { input: Uint32Array; line: Uint32Array } } {
  const byInput = recipeOrder(recipe);
  const roles = [recipe.inputs.dataset, recipe.inputs.reference];
  const fileLists = [recipe.lines.datasetFiles, recipe.lines.referenceFiles];
  const inputs: LineInput[] = [];
  const first: number[] = [];
  roles.forEach((inp, k) => {
    first.push(inputs.length);
    for (const f of inp.files ?? [inp])
      inputs.push({ path: f.path, compression: f.compression, transform: k === 1 ? transform : undefined });
  });
  const n = byInput.line.length;
  const order = { input: new Uint32Array(n), line: new Uint32Array(n) };
  const seen = [0, 0];
  for (let i = 0; i < n; i++) {
    const k = byInput.input[i];
    const j = seen[k]++;
    const files = roles[k].files;
    if (!files) {
      order.input[i] = first[k];
      order.line[i] = byInput.line[i];
      continue;
    }
    const role = k === 0 ? 'dataset' : 'reference';
    const f = fileLists[k]?.[j];
    const span = f === undefined ? undefined : files[f];
    const line = byInput.line[i];
    if (!span || !Number.isInteger(f) || line < span.firstLine || line >= span.firstLine + span.lines)
      throw new RecipeError(
        `the recipe's ${role} row ${j + 1} (line ${line}) has no file of the ${role}'s files that holds it (lines.${role}Files)`,
      );
    order.input[i] = first[k] + f!;
    order.line[i] = line - span.firstLine + 1;
  }
  return { inputs, order };
}

/** Assembles a recipe (pure). */
export function makeRecipe(
  parts: Omit<MixRecipe, 'kind' | 'formatVersion' | 'tool' | 'createdAt'>,
): MixRecipe {
  return {
    kind: RECIPE_KIND,
    formatVersion: RECIPE_FORMAT,
    tool: { name: 'diversity-lens', version: TOOL_VERSION },
    createdAt: new Date().toISOString(),
    ...parts,
  };
}

/** Recipe text: readable JSON, with the (long) line lists each on one line. */
export function formatRecipe(r: MixRecipe): string {
  const { lines, ...rest } = r;
  const head = JSON.stringify(rest, null, 2);
  const lists = Object.entries(lines)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `    ${JSON.stringify(k)}: ${JSON.stringify(v)}`);
  return `${head.slice(0, -2)},\n  "lines": {\n${lists.join(',\n')}\n  }\n}\n`;
}
