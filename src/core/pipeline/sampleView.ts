/**
 * The text view of a dataset is decided once, from its first rows (shape detection, field choice), and then
 * applied to every row. A chunk analysed in a worker must use exactly the view the whole file gets, so it
 * derives it the same way: from the file's first SAMPLE_ROWS parsed rows.
 */
import { readJsonl } from '../reader/jsonlReader.ts';
import { createTextView, type TextView } from '../fields/textView.ts';
import { trackedSliceFields } from '../fields/sliceCandidates.ts';
import type { AnalyzeOptions } from './analyzeOptions.ts';
import type { JsonlRecord } from '../types.ts';

/** Rows sampled from the start of the file to detect the shape and suggest slice fields. */
export const SAMPLE_ROWS = 200;

/** The view chosen from `sample` (the first parsed rows of the file) and the options. */
export function viewOfSample(sample: JsonlRecord[], options: AnalyzeOptions): TextView {
  return createTextView(
    sample.map((r) => r.value),
    {
      fields: options.fields && options.fields.length ? options.fields : undefined,
      view: options.view ?? 'default',
    },
  );
}

/**
 * The sample-then-view step, written once: holds a file's first parsed rows until SAMPLE_ROWS are in (or the file
 * ends), then decides the view and hands the held rows back so the caller feeds them before any later row.
 * Why one class: the one-pass analysis, every chunk (through readSampleView) and the reference corpus must decide
 * the view from the same rows in the same way, or a chunked run and a one-pass run would read different text.
 */
export class ViewSampler<R = JsonlRecord> {
  private readonly held: R[] = [];
  private decided: TextView | null = null;

  /** `decide` builds the view from the held rows (default: viewOfSample with the analysis options). */
  constructor(private readonly decide: (sample: R[]) => TextView) {}

  /** The view once decided, else null. */
  get view(): TextView | null {
    return this.decided;
  }

  /**
   * Takes the next row in file order. Returns the rows to feed now: [] while sampling, the held rows (this one
   * included) when it completes the sample; null once the view is decided (the caller feeds `row` itself).
   */
  offer(row: R): R[] | null {
    if (this.decided) return null;
    this.held.push(row);
    if (this.held.length < SAMPLE_ROWS) return [];
    return this.settle();
  }

  /** At the end of the file: decides the view from the rows held so far (fewer than SAMPLE_ROWS) and returns them. */
  finish(): R[] {
    return this.decided ? [] : this.settle();
  }

  private settle(): R[] {
    this.decided = this.decide(this.held);
    return this.held.splice(0);
  }
}

/** A ViewSampler of parsed records that decides the view with the analysis options (viewOfSample). */
export function recordSampler(options: AnalyzeOptions): ViewSampler<JsonlRecord> {
  return new ViewSampler((sample) => viewOfSample(sample, options));
}

/** Reads the first SAMPLE_ROWS parsed rows of `path` and returns the view and the slice fields to count (trackedSliceFields). */
export async function readSampleView(
  path: string,
  options: AnalyzeOptions,
  maxLineBytes: number,
  signal?: AbortSignal,
): Promise<{ view: TextView; sliceFields: string[]; sample: unknown[] }> {
  const sampler = recordSampler(options);
  let sample: JsonlRecord[] = [];
  const reader = readJsonl(path, { maxLineBytes, signal });
  outer: for await (const batch of reader.batches) {
    for (const rec of batch) {
      const ready = sampler.offer(rec);
      if (ready !== null && ready.length > 0) {
        sample = ready;
        break outer;
      }
    }
  }
  if (!sampler.view) sample = sampler.finish();
  const values = sample.map((r) => r.value);
  return { ...viewOfSampleValues(values, options), sample: values };
}

/**
 * The view and the slice fields to count, from the sample's parsed values alone. Why separate: `merge` rebuilds the
 * view of a file it may not be able to read from the sample values a partial file carries (partialFile.ts).
 */
export function viewOfSampleValues(
  values: unknown[],
  options: AnalyzeOptions,
): { view: TextView; sliceFields: string[] } {
  return {
    view: viewOfSample(
      values.map((value) => ({ value }) as JsonlRecord),
      options,
    ),
    sliceFields: trackedSliceFields(values),
  };
}
