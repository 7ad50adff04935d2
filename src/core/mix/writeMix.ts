/**
 * Writes the corrected dataset: the rows chooseRows picks (the same rule as the preview), as byte-exact
 * copies of their source lines (reference rows converted to the dataset's schema unless both schemas are kept:
 * referenceSchema.ts), atomically, never onto an input, with `<out>.recipe.json` beside it (the recipe is put in
 * place just before the mix, so a failed write changes neither).
 * The CLI (`mix --out`) and the panel's save dialog both call writeMix. An input of several files (a folder of
 * shards) is written from each of its files (inputFiles.ts); the recipe records the file of every chosen row.
 */
import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { chooseRows } from './chooseRows.ts';
import { heldOutFor, HOLDOUT_STREAM, DEFAULT_HOLDOUT } from './heldOut.ts';
import { writeLinesAtomically, replaceTextUndoably, type WrittenFile } from './atomicLines.ts';
import { assertNotAnInput } from './pathGuard.ts';
import { describeMixInput, formatRecipe, makeRecipe, recipePathFor, type MixRecipe } from './recipe.ts';
import { FileSources, fileIndexOfLine, filesOf } from './inputFiles.ts';
import { referenceLineTransform } from './referenceSchema.ts';
import type { MixInputFile, MixInputInfo, MixModel, MixSettings, Selection } from './mixTypes.ts';

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

/** Refuses when an input's file changed on disk since the model read it (its offsets would be wrong). */
async function assertUnchanged(role: MixInputInfo['role'], file: MixInputFile): Promise<void> {
  const st = await stat(file.path);
  if (st.size !== file.bytes || st.mtimeMs !== file.mtimeMs) {
    throw new Error(
      `the ${role} ${file.path} changed since it was analysed; analyse it again before writing`,
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
  const inputPaths = inputs.flatMap((i) => filesOf(i).map((f) => f.path));
  await assertNotAnInput(outPath, inputPaths);
  await assertNotAnInput(recipePath, inputPaths);
  for (const i of inputs) for (const f of filesOf(i)) await assertUnchanged(i.role, f);

  const schema = model.options.referenceSchema;
  const written = { kept: 0, converted: 0 };
  const transform = schema.mode === 'dataset' ? referenceLineTransform(schema, written) : undefined;
  // one source per file of each input (an input of several files numbers its lines through them: inputFiles.ts)
  const sources = new FileSources(inputs, [undefined, transform]);
  const n = selection.rows.length;
  const order = { input: new Uint32Array(n), line: new Uint32Array(n) };
  const lines = { dataset: [] as number[], reference: [] as number[] };
  const fileOfRow = { dataset: [] as number[], reference: [] as number[] };
  let order1 = '';
  for (let i = 0; i < n; i++) {
    const g = selection.rows[i];
    const k = g < model.nDataset ? 0 : 1;
    const at = sources.place(k, model.line[g], model.offset[g], model.length[g]);
    order.input[i] = at.source;
    order.line[i] = at.line;
    (k === 0 ? lines.dataset : lines.reference).push(model.line[g]);
    (k === 0 ? fileOfRow.dataset : fileOfRow.reference).push(sources.fileIndex(k, at.source));
    order1 += k === 0 ? 'D' : 'R';
  }
  const described = [
    await describeMixInput(model.dataset, hooks.signal),
    await describeMixInput(model.reference, hooks.signal),
  ];
  const heldOutLines = Array.from(split.heldOutRows, (g) => model.line[g]);
  // the recipe is put in place BEFORE the mix is renamed over its target: a recipe that cannot be written (disk
  // full) leaves both the previous mix and its recipe as they were, never a new mix beside a stale recipe
  let recipe: MixRecipe | undefined;
  const file = await writeLinesAtomically(outPath, sources.inputs, order, {
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
        order: order1,
        referenceRows: transform ? written : { kept: lines.reference.length, converted: 0 },
        lines: {
          ...lines,
          heldOut: heldOutLines,
          // an input of several files: the file (index in its `files`) of every chosen and held-out row
          ...(model.dataset.files ? { datasetFiles: fileOfRow.dataset } : {}),
          ...(model.reference.files
            ? {
                referenceFiles: fileOfRow.reference,
                heldOutFiles: heldOutLines.map((l) => fileIndexOfLine(model.reference.files!, l)),
              }
            : {}),
        },
      });
      return replaceTextUndoably(recipePath, formatRecipe(recipe));
    },
  });
  if (!recipe) throw new Error('internal: the mix was written without its recipe');
  return { file, recipePath, recipe, selection };
}
