/**
 * The text view of a dataset is decided once, from its first rows (shape detection, field choice), and then
 * applied to every row. A chunk analysed in a worker must use exactly the view the whole file gets, so it
 * derives it the same way: from the file's first SAMPLE_ROWS parsed rows.
 */
import { readJsonl } from '../reader/jsonlReader.ts';
import { createTextView, type TextView } from '../fields/textView.ts';
import { suggestSliceCandidates } from '../fields/sliceCandidates.ts';
import type { AnalyzeOptions } from './analyzeOptions.ts';
import type { JsonlRecord } from '../types.ts';

/** Rows sampled from the start of the file to detect the shape and suggest slice fields. */
export const SAMPLE_ROWS = 200;

/** The view chosen from `sample` (the first parsed rows of the file) and the options. */
export function viewOfSample(sample: JsonlRecord[], options: AnalyzeOptions): TextView {
  return createTextView(
    sample.map((r) => r.value),
    { fields: options.fields && options.fields.length ? options.fields : undefined, view: options.view ?? 'default' },
  );
}

/** Reads the first SAMPLE_ROWS parsed rows of `path` and returns the view and the slice-field suggestions. */
export async function readSampleView(
  path: string,
  options: AnalyzeOptions,
  maxLineBytes: number,
  signal?: AbortSignal,
): Promise<{ view: TextView; sliceCandidates: ReturnType<typeof suggestSliceCandidates> }> {
  const sample: JsonlRecord[] = [];
  const reader = readJsonl(path, { maxLineBytes, signal });
  outer: for await (const batch of reader.batches) {
    for (const rec of batch) {
      sample.push(rec);
      if (sample.length >= SAMPLE_ROWS) break outer;
    }
  }
  return { view: viewOfSample(sample, options), sliceCandidates: suggestSliceCandidates(sample.map((r) => r.value)) };
}
