/**
 * Everything one pass over rows accumulates — the RowFeed (vocabulary, lexical, duplicates, templates, row index),
 * the slices of --group-by, the value counts of the suggested slice fields and the editor's line marks — fed by one
 * `add` and released by one `dispose`.
 * Why: the one-pass analysis and every chunk feed rows the same way; written once, a row cannot be counted one way
 * in a chunk and another way in one pass, and the owner of a PassState has a single thing to dispose in its
 * `finally` (spool directories and spill files included), whatever fails. Every accumulator shares one lifecycle
 * (pipeline/accumulator.ts) and `dispose` releases them all in one loop, over the one list below.
 */
import { compilePath, type CompiledPath } from '../fields/path.ts';
import { groupValue, type TextView } from '../fields/textView.ts';
import { newSliceAccumulator, type SliceAccumulator } from '../slices/slices.ts';
import type { JsonlRecord, Tokenizer } from '../types.ts';
import type { AnalyzeOptions } from './analyzeOptions.ts';
import { LineMarkCollector } from '../lineMarks/lineMarkCollector.ts';
import { compressionSampleRateFor, RowFeed } from './rowFeed.ts';
import { PHRASE_SAMPLE_ABOVE_BYTES } from '../templates/phraseSample.ts';
import { SliceFieldCounter } from '../fields/sliceCandidates.ts';
import { disposeAll, type AnyAccumulator } from './accumulator.ts';
import { InstructionAccumulator } from '../instructions/instructionStats.ts';
import { createPromptSide } from '../instructions/promptSide.ts';
import type { DistinctReserve } from '../lexical/lexicalDistinct.ts';

export interface PassStateOptions {
  tokenizer: Tokenizer;
  opts: Required<Pick<AnalyzeOptions, 'mattrWindow' | 'nearThreshold' | 'tailMax' | 'minSliceRows'>> &
    Pick<
      AnalyzeOptions,
      | 'compressionSampleAboveBytes'
      | 'phraseSampleFromLine'
      | 'phraseSampleAboveBytes'
      | 'phraseLineShift'
      | 'instructionSample'
      | 'instructionField'
      | 'noInstructions'
      | 'instructionSampleIds'
      | 'instructionSampleIdBase'
    >;
  groupBy: string[];
  /** A chunk's state (kept for a merge) or the file's own. */
  chunk: boolean;
  /** Size of the whole file (the compression sample rate depends on it). */
  fileBytes: number;
  /** Seed of the compression sample (a chunk's start offset; 0 for the file). */
  compressionSampleSeed?: number;
  /** RowFeedOptions.distinctReserve. */
  distinctReserve?: DistinctReserve;
  /**
   * Collect line marks: `lineOf(i)` gives the line of the i-th row of the index (the file's own state), or true
   * for a chunk (its lines come from the merged row index, so the collector stores none).
   */
  lineMarks: ((i: number) => number) | boolean;
}

export class PassState {
  readonly feed: RowFeed;
  readonly slices: SliceAccumulator | null;
  readonly lineMarks: LineMarkCollector | null;
  /** Value counts of the candidate slice fields (set by countSliceFields once the first rows are known). */
  sliceFields: SliceFieldCounter | null = null;
  /**
   * The instruction figures' accumulator (set by startInstructions once the first rows are known): null before,
   * with --no-instructions, or when the first rows have no prompt side (then `instructionsOff` tells which).
   */
  instructions: InstructionAccumulator | null = null;
  /** True with --no-instructions: the report leaves the `instructions` key out (null: no prompt side). */
  readonly instructionsOff: boolean;
  /**
   * The instruction sample's row ids (instructionStats.ts addRow): the row's line (default; absolute in one pass,
   * in every chunk and in a dataset of several files) or, in an `analyze --byte-range` task, whose lines are
   * numbered from its range's start, the row's byte offset (absolute).
   */
  private readonly sampleByOffset: boolean;
  /** Added to every sample id (AnalyzeOptions.instructionSampleIdBase: a later file's partial in a dataset). */
  private readonly sampleIdBase: number;
  private readonly groupPaths: CompiledPath[];
  private readonly groupBy: string[];
  private readonly instructionOptions: { sampleSize?: number; field?: string };
  private disposed = false;

  constructor(o: PassStateOptions) {
    this.feed = new RowFeed({
      tokenizer: o.tokenizer,
      mattrWindow: o.opts.mattrWindow,
      nearThreshold: o.opts.nearThreshold,
      chunk: o.chunk,
      compressionSampleRate: compressionSampleRateFor(o.fileBytes, o.opts.compressionSampleAboveBytes),
      ...(o.compressionSampleSeed === undefined ? {} : { compressionSampleSeed: o.compressionSampleSeed }),
      phraseSampleFromLine: o.opts.phraseSampleFromLine,
      // the file's own size (a chunk stats its file): whether its rows past the line are sampled at all
      phraseSampleRows: o.fileBytes >= (o.opts.phraseSampleAboveBytes ?? PHRASE_SAMPLE_ABOVE_BYTES),
      phraseLineShift: o.opts.phraseLineShift,
      distinctReserve: o.distinctReserve,
    });
    this.groupPaths = o.groupBy.map((p) => compilePath(p));
    this.groupBy = o.groupBy;
    this.instructionsOff = o.opts.noInstructions === true;
    this.sampleByOffset = o.opts.instructionSampleIds === 'offset';
    this.sampleIdBase = o.opts.instructionSampleIdBase ?? 0;
    this.instructionOptions = { sampleSize: o.opts.instructionSample, field: o.opts.instructionField };
    this.slices = o.groupBy.length ? newSliceAccumulator(o.groupBy, o.opts, o.chunk) : null;
    const lineOf = typeof o.lineMarks === 'function' ? o.lineMarks : () => 0;
    this.lineMarks = o.lineMarks === false ? null : new LineMarkCollector(lineOf);
  }

  /** Counts the values of `fields` (trackedSliceFields of the file's first rows) in every row added from now on. */
  countSliceFields(fields: readonly string[]): void {
    this.sliceFields = new SliceFieldCounter(fields);
  }

  /**
   * Starts the instruction figures from the dataset's first rows (`sample`, the rows that decide the view): the
   * prompt side they show (or --instruction-field). Nothing with --no-instructions or when no row of the sample has
   * a prompt side. Called once, before the first row is added (as countSliceFields).
   */
  startInstructions(sample: readonly unknown[]): void {
    if (this.instructionsOff || this.instructions) return;
    const side = createPromptSide(sample, this.instructionOptions.field);
    if (side === null) return;
    const { sampleSize } = this.instructionOptions;
    this.instructions = new InstructionAccumulator(
      side,
      sampleSize === undefined ? {} : { sampleSize },
      this.groupBy,
    );
  }

  /** Feeds one parsed row through `view`; the time spent on slices, field counts, line marks and instructions counts as accumulating. */
  add(rec: JsonlRecord, view: TextView): void {
    const text = view.extract(rec.value);
    const fed = this.feed.add(rec, text);
    if (!this.lineMarks && !this.slices && !this.sliceFields && !this.instructions) return;
    const t0 = performance.now();
    this.sliceFields?.add(rec.value);
    this.lineMarks?.addRow(rec.line, fed.exactEntry, fed.keys);
    let groups: (string | null)[] | undefined;
    if (this.slices) {
      // (rec.source: the row's text, read with keepSource, gives an integer above 2^53 its own digits)
      groups = this.groupPaths.map((p) => groupValue(rec.value, p, rec.source));
      // the file's accumulators just hashed this row: the slices reuse their hashes
      this.slices.addRow(
        { line: rec.line, offset: rec.offset, length: rec.length, text, tokens: fed.ids, groups },
        fed,
        this.feed,
      );
    }
    this.instructions?.addRow(
      rec.line,
      rec.value,
      this.sampleIdBase + (this.sampleByOffset ? rec.offset : rec.line),
      groups,
    );
    this.feed.accumulating += performance.now() - t0;
  }

  /**
   * Releases every accumulator's memory and temporary files (lexical spool, near-duplicate spill, the slices'),
   * all of them even if one throws. Idempotent; safe mid-pass, after a failed finish and after they all finished.
   */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll(this.accumulators());
  }

  /** Every accumulator this state owns (null: not collected in this run); a new one is added here. */
  private accumulators(): (AnyAccumulator | null)[] {
    const { lexical, exact, near, templates } = this.feed;
    return [lexical, near, exact, templates, this.slices, this.lineMarks, this.instructions];
  }
}
