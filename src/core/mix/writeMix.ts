/**
 * Writes the corrected dataset: the rows chooseRows picks (the same rule as the preview), as byte-exact
 * copies of their source lines (reference rows converted to the dataset's schema unless both schemas are kept:
 * referenceSchema.ts), atomically, never onto an input, with `<out>.recipe.json` beside it (the recipe is put in
 * place just before the mix, so a failed write changes neither).
 * The CLI (`mix --out`) and the panel's save dialog both call writeMix.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chooseRows } from './chooseRows.ts';
import { heldOutFor, HOLDOUT_STREAM, DEFAULT_HOLDOUT } from './heldOut.ts';
import { writeLinesAtomically, replaceTextUndoably, type WrittenFile } from './atomicLines.ts';
import { assertNotAnInput } from './pathGuard.ts';
import { describeInput, formatRecipe, makeRecipe, recipePathFor, type MixRecipe } from './recipe.ts';
import { referenceLineTransform } from './referenceSchema.ts';
import type { MixInputInfo, MixModel, MixSettings, Selection } from './mixTypes.ts';

export interface WriteMixHooks {
  signal?: AbortSignal;
  /** Lines written so far / lines to write. */
  onProgress?: (written: number, total: number) => void;
  /** Test seam: called after each line; throwing simulates a failure mid-write. */
  onLineWritten?: (written: number) => void;
}

export interface WriteMixResult {
  file: WrittenFile;
  recipePath: string;
  recipe: MixRecipe;
  selection: Selection;
}

/** Refuses when an input changed on disk since the model read it (its offsets would be wrong). */
async function assertUnchanged(info: MixInputInfo): Promise<void> {
  const st = await stat(info.path);
  if (st.size !== info.bytes || st.mtimeMs !== info.mtimeMs) {
    throw new Error(
      `the ${info.role} ${info.path} changed since it was analysed; analyse it again before writing`,
    );
  }
}

/** Chooses the rows for `settings` and writes them (plus the recipe) to `outPath`. */
export async function writeMix(
  model: MixModel,
  settings: MixSettings,
  outPath: string,
  hooks: WriteMixHooks = {},
): Promise<WriteMixResult> {
  const selection = chooseRows(model, settings);
  const split = heldOutFor(model, settings);
  const inputs = [model.dataset, model.reference];
  const recipePath = recipePathFor(outPath);
  await assertNotAnInput(
    outPath,
    inputs.map((i) => i.path),
  );
  await assertNotAnInput(
    recipePath,
    inputs.map((i) => i.path),
  );
  for (const i of inputs) await assertUnchanged(i);

  const n = selection.rows.length;
  const order = { input: new Uint8Array(n), line: new Uint32Array(n) };
  const locs = [
    new Map<number, { offset: number; length: number }>(),
    new Map<number, { offset: number; length: number }>(),
  ];
  const lines = { dataset: [] as number[], reference: [] as number[] };
  let sources = '';
  for (let i = 0; i < n; i++) {
    const g = selection.rows[i];
    const k = g < model.nDataset ? 0 : 1;
    order.input[i] = k;
    order.line[i] = model.line[g];
    locs[k].set(model.line[g], { offset: model.offset[g], length: model.length[g] });
    (k === 0 ? lines.dataset : lines.reference).push(model.line[g]);
    sources += k === 0 ? 'D' : 'R';
  }
  const described = [
    await describeInput(model.dataset.path, model.dataset.compression, hooks.signal),
    await describeInput(model.reference.path, model.reference.compression, hooks.signal),
  ];
  const schema = model.options.referenceSchema;
  const written = { kept: 0, converted: 0 };
  const transform = schema.mode === 'dataset' ? referenceLineTransform(schema, written) : undefined;
  // the recipe is put in place BEFORE the mix is renamed over its target: a recipe that cannot be written (disk
  // full) leaves both the previous mix and its recipe as they were, never a new mix beside a stale recipe
  let recipe: MixRecipe | undefined;
  const file = await writeLinesAtomically(
    outPath,
    inputs.map((inp, k) => ({
      path: inp.path,
      compression: inp.compression,
      locs: inp.compression === 'none' ? locs[k] : undefined,
      transform: k === 1 ? transform : undefined,
    })),
    order,
    {
      ...hooks,
      beforeRename: async (out) => {
        recipe = makeRecipe({
          inputs: { dataset: described[0], reference: described[1] },
          model: model.options,
          settings: { ...settings, seed: settings.seed ?? 1, holdout: settings.holdout ?? DEFAULT_HOLDOUT },
          heldOut: {
            share: split.share,
            seed: split.seed,
            stream: HOLDOUT_STREAM,
            rows: split.heldOutRows.length,
            tokens: split.tokens,
            poolRows: split.poolRows.length,
          },
          output: { path: resolve(outPath), rows: out.rows, bytes: out.bytes, sha256: out.sha256 },
          order: sources,
          referenceRows: transform ? written : { kept: lines.reference.length, converted: 0 },
          lines: { ...lines, heldOut: Array.from(split.heldOutRows, (g) => model.line[g]) },
        });
        return replaceTextUndoably(recipePath, formatRecipe(recipe));
      },
    },
  );
  if (!recipe) throw new Error('internal: the mix was written without its recipe');
  return { file, recipePath, recipe, selection };
}
