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
import type { MixSettings, ResolvedMixOptions } from './mixTypes.ts';
import type { Compression } from '../types.ts';

export const RECIPE_KIND = 'diversity-lens/mix-recipe';
export const RECIPE_FORMAT = 3;
/** Formats readRecipe accepts (1: before the held-out split; 2: before reference rows were converted). */
export const RECIPE_FORMATS_READ: readonly number[] = [1, 2, 3];

export interface RecipeInput {
  path: string;
  bytes: number;
  sha256: string;
  compression: Compression;
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
  /** Chosen 1-based line numbers per input, in output order; `heldOut` (format 2): held-out reference lines, ascending. */
  lines: { dataset: number[]; reference: number[]; heldOut?: number[] };
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
 * Reproduces a recipe's output byte for byte at `outPath` (default: the recipe's own output path) and writes
 * the recipe beside it. Refuses, before writing anything, when an input's sha256 differs from the recipe's.
 */
export async function reproduceRecipe(
  recipePath: string,
  outPath?: string,
  hooks: WriteLinesHooks = {},
): Promise<{ file: WrittenFile; recipePath: string; recipe: MixRecipe }> {
  const recipe = await readRecipe(recipePath);
  const inputs = [recipe.inputs.dataset, recipe.inputs.reference];
  for (const [role, inp] of [
    ['dataset', recipe.inputs.dataset],
    ['reference', recipe.inputs.reference],
  ] as const) {
    let sha: string;
    try {
      sha = await sha256File(inp.path, hooks.signal);
    } catch (err) {
      throw new RecipeError(
        `the recipe's ${role} ${inp.path} cannot be read: ${err instanceof Error ? err.message : String(err)}`,
      );
    }
    if (sha !== inp.sha256)
      throw new RecipeError(
        `the ${role} ${inp.path} changed since the recipe was written (sha256 ${sha.slice(0, 12)}… ≠ ${inp.sha256.slice(0, 12)}…); refusing to reproduce`,
      );
  }
  const out = outPath ?? recipe.output.path;
  const newRecipePath = recipePathFor(out);
  const inputPaths = inputs.map((i) => i.path);
  // the data file never replaces an input nor the recipe being read; its new recipe may replace that recipe (the
  // default output reproduces in place: same inputs, same lines), never an input
  await assertNotAnInput(out, [...inputPaths, recipePath]);
  await assertNotAnInput(newRecipePath, inputPaths);
  const order = recipeOrder(recipe);
  const schema = recipe.model?.referenceSchema;
  const transform = schema?.mode === 'dataset' ? referenceLineTransform(schema) : undefined;
  const copy: MixRecipe = { ...recipe, output: { ...recipe.output, path: resolve(out) } };
  const file = await writeLinesAtomically(
    out,
    inputs.map((i, k) => ({
      path: i.path,
      compression: i.compression,
      transform: k === 1 ? transform : undefined,
    })),
    order,
    {
      ...hooks,
      expectSha256: recipe.output.sha256,
      // the recipe first, then the file (as writeMix): a recipe that cannot be written changes neither
      beforeRename: () => replaceTextUndoably(newRecipePath, formatRecipe(copy)),
    },
  );
  return { file, recipePath: newRecipePath, recipe: copy };
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
  const heldOut = lines.heldOut ? `,\n    "heldOut": ${JSON.stringify(lines.heldOut)}` : '';
  return `${head.slice(0, -2)},\n  "lines": {\n    "dataset": ${JSON.stringify(lines.dataset)},\n    "reference": ${JSON.stringify(lines.reference)}${heldOut}\n  }\n}\n`;
}
