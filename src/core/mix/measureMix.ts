/**
 * Measures a written mix with the real analysis (analyzeFile), reading it with the model's shared text
 * view, tokenizer and thresholds — the "measured" column next to the projection. The tail figures are
 * measured against the SAME held-out part the projection used: its rows (byte-exact reference lines) are
 * written to a temporary file beside the output and given to the analysis as its reference, so the written
 * file is never measured against rows it contains. The report carries no token tables, so the expected types
 * at a common size are counted here from the two files (same view and tokenizer).
 */
import { analyzeFile, type AnalyzeHooks } from '../pipeline/analyze.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';
import { readJsonl } from '../reader/jsonlReader.ts';
import { createTextView, type TextView } from '../fields/textView.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { writeLinesAtomically } from './atomicLines.ts';
import { removeTemp, tempPathFor } from '../io/atomicWrite.ts';
import { equalSizeFigures, figuresOfReport, type MixFigures } from './mixFigures.ts';
import type { HeldOutSplit } from './heldOut.ts';
import type { MixModel } from './mixTypes.ts';
import { referenceLineTransform } from './referenceSchema.ts';
import { FileSources } from './inputFiles.ts';

/**
 * Analyses `outPath` as the model would see it, against `split`'s held-out part, and returns the report and
 * the compared figures. The temporary held-out file is removed before returning.
 */
export async function measureWrittenMix(
  model: MixModel,
  outPath: string,
  split: HeldOutSplit,
  hooks: AnalyzeHooks = {},
): Promise<{ report: AnalysisReport; figures: MixFigures }> {
  const o = model.options;
  const view =
    'view' in o.effective
      ? { view: 'full' as const, fields: undefined }
      : { view: 'default' as const, fields: o.effective.fields };
  const heldOutPath = tempPathFor(outPath, 'heldout.jsonl');
  try {
    await writeHeldOut(model, split, heldOutPath, hooks.signal);
    const report = await analyzeFile(
      outPath,
      {
        fields: view.fields,
        view: view.view,
        tokenizer: o.tokenizer,
        maxLineBytes: o.maxLineBytes,
        nearThreshold: o.nearThreshold,
        mattrWindow: o.mattrWindow,
        tailMax: o.tailMax,
        reference: { path: heldOutPath, fields: view.fields },
      },
      hooks,
    );
    const [mixCounts, heldOutCounts] = [
      await countTokens(model, outPath, hooks.signal),
      await countTokens(model, heldOutPath, hooks.signal),
    ];
    const { expectedTypes } = equalSizeFigures(mixCounts, heldOutCounts, o.tailMax);
    return { report, figures: figuresOfReport(report, expectedTypes) };
  } finally {
    await removeTemp(heldOutPath);
  }
}

/**
 * Writes the held-out reference rows (file order) to `path`: byte-exact lines, or converted to the dataset's
 * schema as the model read them (so the yardstick is measured with the view the model used).
 */
export async function writeHeldOut(
  model: MixModel,
  split: HeldOutSplit,
  path: string,
  signal?: AbortSignal,
): Promise<void> {
  const n = split.heldOutRows.length;
  const schema = model.options.referenceSchema;
  // one source per file of the reference (a reference of several files numbers its lines through them)
  const sources = new FileSources(
    [model.reference],
    [schema.mode === 'dataset' ? referenceLineTransform(schema) : undefined],
  );
  const order = { input: new Uint32Array(n), line: new Uint32Array(n) };
  for (let i = 0; i < n; i++) {
    const g = split.heldOutRows[i];
    const at = sources.place(0, model.line[g], model.offset[g], model.length[g]);
    order.input[i] = at.source;
    order.line[i] = at.line;
  }
  await writeLinesAtomically(path, sources.inputs, order, { signal });
}

/** Token → count of a JSONL file read with the model's shared text view and tokenizer. */
async function countTokens(
  model: MixModel,
  path: string,
  signal?: AbortSignal,
): Promise<Map<string, number>> {
  const o = model.options;
  const spec =
    'view' in o.effective
      ? { view: 'full' as const }
      : { fields: o.effective.fields, view: 'default' as const };
  const tokenizer = getTokenizer(o.tokenizer);
  const counts = new Map<string, number>();
  let view: TextView | null = null;
  for await (const rec of readJsonl(path, { maxLineBytes: o.maxLineBytes, signal }).records) {
    view ??= createTextView([rec.value], spec);
    for (const t of tokenizer.tokenize(view.extract(rec.value))) counts.set(t, (counts.get(t) ?? 0) + 1);
  }
  return counts;
}
