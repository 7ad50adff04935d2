/**
 * The per-row hot path shared by the one-pass analysis and by each chunk of a chunked analysis: tokenize and
 * intern a row's text, derive its tokens' content keys, and feed the dataset-wide accumulators.
 *
 * Why one class: a chunk analysed in a worker and the same rows analysed in one pass must be fed identically,
 * or the merged report would drift from the one-pass report. Hashed structures (distinct-n, shingles, phrases,
 * openings) receive the tokens' CONTENT keys (Vocabulary.keysOf: two hash lanes of the token's characters), not
 * vocabulary ids, so chunks with their own vocabularies hash an n-gram to the same value and their tables merge.
 */
import type { JsonlRecord, Tokenizer } from '../types.ts';
import { Vocabulary } from '../tokenize/vocabulary.ts';
import { WinkIds } from '../tokenize/winkIds.ts';
import { LexicalAccumulator } from '../lexical/lexical.ts';
import { ExactDuplicateAccumulator } from '../duplicates/exactDuplicates.ts';
import { NearDuplicateAccumulator } from '../duplicates/nearDuplicates.ts';
import { TemplateAccumulator } from '../templates/templates.ts';
import { RowIndex } from './rowIndex.ts';
import { PHRASE_SAMPLE_FROM_LINE, PHRASE_SAMPLE_WEIGHT } from '../templates/phraseSample.ts';
import type { DistinctReserve } from '../lexical/lexicalDistinct.ts';

/** What the caller may still need of the row just fed (valid until the next add). */
export interface FedRow {
  ids: Uint32Array;
  /** Content keys (lane A) of the tokens: what the hashed accumulators saw. */
  keys: Uint32Array;
  /** Content keys (lane B) of the tokens (the distinct-n fingerprints' second half). */
  keysHi: Uint32Array;
  /** Exact-duplicate entry of the row (ExactDuplicateAccumulator.addRow). */
  exactEntry: number;
}

export interface RowFeedOptions {
  tokenizer: Tokenizer;
  mattrWindow: number;
  nearThreshold: number;
  /** Chunk mode: accumulators will be snapshotted and merged (LexicalOptions.chunk). */
  chunk: boolean;
  /** LexicalOptions.compressionSampleRate (compressionSampleRateFor). */
  compressionSampleRate?: number;
  /** LexicalOptions.compressionSampleSeed: the chunk's start offset (0 for one pass). */
  compressionSampleSeed?: number;
  /** AnalyzeOptions.phraseSampleFromLine (default PHRASE_SAMPLE_FROM_LINE; Infinity: phrases never sampled). */
  phraseSampleFromLine?: number;
  /** AnalyzeOptions.phraseLineShift (default 0). */
  phraseLineShift?: number;
  /** False: no row's phrases are sampled (a file below PHRASE_SAMPLE_ABOVE_BYTES); default true. */
  phraseSampleRows?: boolean;
  /** LexicalOptions.distinctReserve (a chunk worker's previous chunk). */
  distinctReserve?: DistinctReserve;
}

/** Files larger than this have their compression ratio measured on a sample of their text (default 256 MiB). */
export const COMPRESSION_SAMPLE_ABOVE_BYTES = 256 * 1024 * 1024;
/**
 * The fraction of 1 MiB text blocks gzipped in such files: block 0 of each chunk and one in every 8 later blocks
 * (compression.ts sampledBlock), so at least 12.5 % of the blocks (the issue's floor is 10 % of the bytes). Why 1/8
 * (sessions 3–14 used a random quarter): gzip at level 6 runs at ~29 MB/s here, the sampled quarter (≈ 30 % of the
 * text with the chunks' block 0) cost ~9 CPU-s of a 1 GiB run; the ratio stays within 0.1 % (docs/performance.md).
 */
export const COMPRESSION_SAMPLE_RATE = 1 / 8;

/** Why a function: the one-pass analysis and every chunk worker must pick the same rate for the same file. */
export function compressionSampleRateFor(
  fileBytes: number,
  aboveBytes: number = COMPRESSION_SAMPLE_ABOVE_BYTES,
): number {
  return fileBytes > aboveBytes ? COMPRESSION_SAMPLE_RATE : 1;
}

/** Tokenizes rows and feeds the dataset-wide accumulators, timing both. */
export class RowFeed {
  readonly vocab = new Vocabulary();
  readonly lexical: LexicalAccumulator;
  readonly exact: ExactDuplicateAccumulator;
  readonly near: NearDuplicateAccumulator;
  readonly templates: TemplateAccumulator;
  /**
   * Added to a row's line to get its line in its own file, which decides whether its phrases are sampled
   * (phraseSample.ts): 0 for a file's own lines; minus the lines of the files before it in a dataset of several
   * files (whose lines run through the files); the `\n` count before a `--byte-range` task's first line (capped at
   * the sampling line, which is all the rule needs). Mutable: a dataset read in one pass sets it per file.
   */
  phraseLineShift: number;
  private readonly phraseFromLine: number;
  readonly index = new RowIndex();
  emptyText = 0;
  /** Milliseconds spent tokenizing / accumulating. */
  tokenizing = 0;
  accumulating = 0;
  private readonly tokenizer: Tokenizer;
  private readonly fused: boolean;
  /** `wink`: its tokens interned by wink lexeme (winkIds.ts); null for other tokenizers. */
  private readonly winkIds: WinkIds | null;
  private keyLo = new Uint32Array(256);
  private keyHi = new Uint32Array(256);

  constructor(o: RowFeedOptions) {
    this.tokenizer = o.tokenizer;
    const fromLine = o.phraseSampleFromLine ?? PHRASE_SAMPLE_FROM_LINE;
    this.phraseLineShift = o.phraseLineShift ?? 0;
    // the accumulator's sample options are the file's (a merge checks them); whether rows are sampled is the feed's
    this.phraseFromLine = o.phraseSampleRows === false ? Infinity : fromLine;
    this.templates = new TemplateAccumulator(
      fromLine === Infinity ? {} : { phraseSample: { weight: PHRASE_SAMPLE_WEIGHT, fromLine } },
    );
    // `word`: tokenize and intern in one char-code scan (identical tokens, no per-token strings)
    this.fused = o.tokenizer.name === 'word';
    // `wink`: the same tokens, interned per wink lexeme instead of per token string
    this.winkIds = o.tokenizer.name === 'wink' ? new WinkIds(this.vocab) : null;
    // the vocabulary's ids are dense in first-appearance order over exactly these rows
    this.lexical = new LexicalAccumulator({
      mattrWindow: o.mattrWindow,
      denseIds: true,
      chunk: o.chunk,
      compressionSampleRate: o.compressionSampleRate,
      compressionSampleSeed: o.compressionSampleSeed,
      distinctReserve: o.distinctReserve,
    });
    // a chunk keeps every line and shingle set (bounded by the chunk itself): the merge applies the file's caps in
    // row order, exactly as one pass would (duplicates/*: merging chunk partials)
    this.exact = new ExactDuplicateAccumulator(o.chunk ? { maxStoredLines: Infinity } : {});
    // (a chunk never spills: its sets are bounded by the chunk, and a terminated worker could not delete a file;
    // the file's own accumulator spills in the background, so a merge does not wait for the disk)
    this.near = new NearDuplicateAccumulator({
      threshold: o.nearThreshold,
      ...(o.chunk
        ? { maxShingleBytes: Infinity, shingleMemoryBytes: Infinity, bandMemoryBytes: Infinity }
        : { writeBehind: true }),
    });
  }

  /** Feeds one parsed row whose text view is `text`. */
  add(rec: JsonlRecord, text: string): FedRow {
    if (text.length === 0) this.emptyText++;
    const t0 = performance.now();
    // (the fused path's ids are the scanner's buffer: FedRow is valid until the next add anyway)
    const ids = this.fused
      ? this.vocab.addTextView(text)
      : this.winkIds
        ? this.winkIds.addText(text)
        : this.vocab.addTokens(this.tokenizer.tokenize(text));
    const k = ids.length;
    let lo: Uint32Array;
    let hi: Uint32Array;
    if (this.fused) {
      // the scanner's own lanes of this row's tokens (= keysOf(ids), without a read per id)
      ({ lo, hi } = this.vocab.scannedKeys());
    } else {
      if (k > this.keyLo.length) {
        this.keyLo = new Uint32Array(2 * k);
        this.keyHi = new Uint32Array(2 * k);
      }
      lo = this.keyLo.subarray(0, k);
      hi = this.keyHi.subarray(0, k);
      this.vocab.keysOf(ids, lo, hi);
    }
    const t1 = performance.now();
    this.tokenizing += t1 - t0;
    this.index.add(rec.line, rec.offset, rec.length);
    this.lexical.addRow(ids, text, lo, hi);
    const exactEntry = this.exact.addRow(rec.line, text);
    this.near.addRow(rec.line, lo);
    // past the sampling line of its file, the row's phrases are sampled by its (absolute) byte offset
    const sampleAt = rec.line + this.phraseLineShift >= this.phraseFromLine ? rec.offset : -1;
    this.templates.addRow(rec.line, ids, lo, sampleAt);
    this.accumulating += performance.now() - t1;
    return { ids, keys: lo, keysHi: hi, exactEntry };
  }
}
