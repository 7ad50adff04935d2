/**
 * Which analysis options change a figure, in the form a partial file records them. Why: partials made with
 * different options must never be merged into one report (a 0.8 and a 0.9 near-duplicate threshold would mix two
 * definitions), so every partial records these, defaults filled in, and `merge` refuses any difference, naming it.
 */
import { resolveOptions, type AnalyzeOptions } from './analyzeOptions.ts';
import { DEFAULT_CHUNK_BYTES } from './chunkPlan.ts';
import { PHRASE_SAMPLE_ABOVE_BYTES, PHRASE_SAMPLE_FROM_LINE } from '../templates/phraseSample.ts';

/**
 * Every AnalyzeOptions key: true when it changes a figure of the partial (recorded and compared), false when it
 * does not (the worker count; strict mode, which has no partials; the reference, given to `merge` itself). The
 * Record type makes a new option a compile error here until someone decides.
 */
const CHANGES_A_FIGURE: Record<keyof AnalyzeOptions, boolean> = {
  fields: true,
  view: true,
  tokenizer: true,
  strict: false,
  maxLineBytes: true,
  groupBy: true,
  reference: false,
  mattrWindow: true,
  nearThreshold: true,
  tailMax: true,
  minSliceRows: true,
  instructionSample: true,
  instructionField: true,
  noInstructions: true,
  // how the instruction sample keys rows (line or byte offset) is not compared: both keys are uniform hashes, so
  // partials keyed either way (a dataset's byte-range JSONL tasks beside its whole gzip or Parquet files) merge into
  // one uniform sample (docs/metrics.md "Instructions")
  instructionSampleIds: false,
  instructionSampleIdBase: false,
  workers: false,
  chunkBytes: true,
  compressionSampleAboveBytes: true,
  phraseSampleFromLine: true,
  phraseSampleAboveBytes: true,
  // a task's own line shift (its range's place in its file): the rule it serves is phraseSampleFromLine
  phraseLineShift: false,
};

/** The figure-changing options of `options`, defaults filled in, as plain JSON (Infinity written as a string). */
export function figureOptions(options: AnalyzeOptions): Record<string, unknown> {
  const resolved = resolveOptions(options) as unknown as Record<string, unknown>;
  const filled: Record<string, unknown> = {
    ...resolved,
    fields: resolved.fields ?? [],
    groupBy: resolved.groupBy ?? [],
    chunkBytes: resolved.chunkBytes ?? DEFAULT_CHUNK_BYTES,
    compressionSampleAboveBytes: resolved.compressionSampleAboveBytes ?? null,
    phraseSampleFromLine: resolved.phraseSampleFromLine ?? PHRASE_SAMPLE_FROM_LINE,
    phraseSampleAboveBytes: resolved.phraseSampleAboveBytes ?? PHRASE_SAMPLE_ABOVE_BYTES,
    instructionField: resolved.instructionField ?? null,
    noInstructions: resolved.noInstructions ?? false,
    instructionSampleIds: resolved.instructionSampleIds ?? 'line',
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(CHANGES_A_FIGURE) as (keyof AnalyzeOptions)[])
    if (CHANGES_A_FIGURE[key]) {
      const v = filled[key];
      out[key] = v === Infinity ? 'Infinity' : v;
    }
  return out;
}

/** The AnalyzeOptions a partial's recorded options stand for (the inverse of figureOptions). */
export function optionsOfFigures(recorded: Record<string, unknown>): AnalyzeOptions {
  const o: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(recorded)) {
    if (!(key in CHANGES_A_FIGURE) || v === null) continue;
    o[key] = v === 'Infinity' ? Infinity : v;
  }
  return o as AnalyzeOptions;
}

/** "nearThreshold 0.8 vs 0.9" for every recorded option on which `a` and `b` differ (also one recording it, one not). */
export function optionDifferences(a: Record<string, unknown>, b: Record<string, unknown>): string[] {
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  return keys
    .filter((k) => JSON.stringify(a[k]) !== JSON.stringify(b[k]))
    .map((k) => `${k} ${JSON.stringify(a[k]) ?? '(absent)'} vs ${JSON.stringify(b[k]) ?? '(absent)'}`);
}
