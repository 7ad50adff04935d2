/**
 * Everything kept for one slice value: the per-slice sub-accumulators (lexical, exact / near
 * duplicates, templates) and the slice's unigram / bigram frequency tables for rarefaction and
 * tail coverage. One instance per (group-by path, tracked value).
 */
import type { TokenizedRow } from '../types.ts';
import type { Vocabulary } from '../tokenize/vocabulary.ts';
import { LexicalAccumulator, type LexicalPartial, type LexicalReport } from '../lexical/lexical.ts';
import { ExactDuplicateAccumulator, type ExactDuplicatesPartial } from '../duplicates/exactDuplicates.ts';
import { NearDuplicateAccumulator, type NearDuplicatesPartial } from '../duplicates/nearDuplicates.ts';
import { TemplateAccumulator, type TemplatesPartial } from '../templates/templates.ts';
import { SliceCountMap, type SliceCountMapPartial } from './sliceCountMap.ts';
import { SliceCompression, type SliceCompressionPartial } from './sliceCompression.ts';
import { countMapPartialOfTypes } from './sliceTypeCounts.ts';
import { BatchedCountMap } from './batchedCountMap.ts';
import { disposeAll, type Accumulator } from '../pipeline/accumulator.ts';

/** The slice's own figures (from its sub-accumulators), before comparison with the rest. */
export interface SliceFigures {
  rows: number;
  tokens: number;
  /** Distinct token types in the slice. */
  types: number | null;
  mattr: number | null;
  mtld: number | null;
  distinct: LexicalReport['distinct'] | null;
  compressionRatio: number | null;
  /** Within-slice exact duplicate rate (duplicate rows / slice rows). */
  exactDuplicateRate: number | null;
  /** Within-slice near-duplicate removable rate (removable rows / slice rows). */
  nearDuplicateRate: number | null;
  /** The slice's most common opening (≥ 3 tokens) and the share of its rows (with tokens) that start with it. */
  topOpening: { text: string; share: number; rows: number } | null;
}

/** Per-slice budget of stored shingle hashes for near-duplicate detection (rows past it are not considered). */
export const SLICE_SHINGLE_BYTES = 64 * 1024 * 1024;
/** Per-slice in-memory budget of the lexical token spool (backward MTLD); past it ids spill to a temp file. */
export const SLICE_SPOOL_BYTES = 4 * 1024 * 1024;
/** Bigrams a chunk's slice buffers before counting them (256 KiB per slice). */
export const SLICE_BIGRAM_BATCH = 1 << 16;
/** Per-slice budget of the exact distinct-2/3/4 tables; past it an order switches to HyperLogLog. */
export const SLICE_DISTINCT_BYTES = 16 * 1024 * 1024;

/** A chunk's SliceState as plain data (token ids chunk-local; see SliceState.snapshot / merge). */
export interface SliceStatePartial {
  rows: number;
  tokens: number;
  bigrams: number;
  unigrams: SliceCountMapPartial;
  bigramTable: SliceCountMapPartial;
  lexical: LexicalPartial;
  exact: ExactDuplicatesPartial;
  near: NearDuplicatesPartial;
  templates: TemplatesPartial;
  compression: SliceCompressionPartial;
}

export interface SliceStateOptions {
  mattrWindow?: number;
  nearThreshold?: number;
  maxBigrams: number;
  /** Chunk mode: this state sees one chunk and will be snapshotted, then merged into the file's state. */
  chunk?: boolean;
}

/**
 * The file's own accumulators of the row a slice is given (RowFeed has them): a slice reuses the hashes they just
 * computed for that row instead of hashing it again (group-by would otherwise nearly double the work).
 */
export interface FileRowAccumulators {
  lexical: LexicalAccumulator;
  exact: ExactDuplicateAccumulator;
  near: NearDuplicateAccumulator;
}

/**
 * The content keys of a row's tokens (Vocabulary.keysOf, two hash lanes; RowFeed's FedRow carries them) for the
 * hashed structures (bigrams, distinct-n, shingles, openings).
 */
export interface RowKeys {
  /** Lane A: what the hashed accumulators saw. */
  keys: Uint32Array;
  /** Lane B: the distinct-n fingerprints' second half. */
  keysHi: Uint32Array;
}

/** The token ids as keys: fine for one accumulator alone (tests), but it cannot be merged across vocabularies. */
export const idKeys = (row: TokenizedRow): RowKeys => ({ keys: row.tokens, keysHi: row.tokens });

export class SliceState implements Accumulator<
  [row: TokenizedRow, bigramHashes: Uint32Array, keys?: RowKeys, from?: FileRowAccumulators],
  SliceFigures,
  [vocab: Vocabulary]
> {
  rows = 0;
  tokens = 0;
  /** Bigram occurrences inside rows (Σ max(0, len − 1)). */
  bigrams = 0;
  /**
   * Exact token-id → count table of the slice. Chunk mode leaves it empty: the snapshot takes the same counts from
   * the slice's lexical accumulator (sliceTypeCounts.ts).
   */
  readonly unigramTable = new SliceCountMap(Infinity, 64);
  /** Bigram-hash → count table (hash-sampled past maxBigrams types); empty in chunk mode (see chunkBigrams). */
  readonly bigramTable: SliceCountMap;
  /** Chunk mode: the bigram table is only snapshotted, so it is counted in batches (batchedCountMap.ts). */
  private readonly chunkBigrams: BatchedCountMap | null;
  private readonly lexical: LexicalAccumulator;
  private readonly exact = new ExactDuplicateAccumulator({ maxClusters: 0, maxStoredLines: 0 });
  private readonly near: NearDuplicateAccumulator;
  /**
   * Only the top opening is needed: SpaceSaving finds any opening above 1/1,024 of rows, and no phrase sketch
   * is kept (a slice's phrases were never reported).
   */
  private readonly templates = new TemplateAccumulator({ top: 5, openingCounters: 1024, phrases: false });
  private readonly compression: SliceCompression;
  private readonly chunk: boolean;
  private disposed = false;

  constructor(options: SliceStateOptions) {
    this.chunk = options.chunk ?? false;
    this.bigramTable = new SliceCountMap(options.maxBigrams, 64);
    this.chunkBigrams = this.chunk ? new BatchedCountMap(options.maxBigrams, SLICE_BIGRAM_BATCH) : null;
    // Per-slice budgets are small: large slices spill the MTLD spool to disk / switch distinct-n to HLL,
    // and compression is measured on a bounded prefix (no gzip thread per slice).
    // A chunk's lexical state keeps its ids for the merge (chunk mode: no spool); the distinct-n budget stays:
    // a chunk's n-grams are a subset of the file's, so a chunk that switches to HyperLogLog means the file does.
    this.lexical = new LexicalAccumulator({
      mattrWindow: options.mattrWindow,
      compression: false,
      spoolMemoryBytes: SLICE_SPOOL_BYTES,
      distinctMemoryBudgetBytes: SLICE_DISTINCT_BYTES,
      chunk: this.chunk,
    });
    // a chunk keeps every shingle set in memory (bounded by the chunk): the merge applies the slice's budget in
    // row order, as one pass does (nearDuplicates.ts, "Partials and merging")
    this.near = new NearDuplicateAccumulator({
      ...(options.nearThreshold === undefined ? {} : { threshold: options.nearThreshold }),
      maxClusters: 0,
      ...(this.chunk
        ? { maxShingleBytes: Infinity, shingleMemoryBytes: Infinity, bandMemoryBytes: Infinity }
        : { maxShingleBytes: SLICE_SHINGLE_BYTES }),
    });
    this.compression = new SliceCompression(undefined, this.chunk);
  }

  /**
   * Adds one row of this slice to every sub-accumulator and table (`bigramHashes[i]` = hash of tokens i, i+1).
   * The row's keys (RowKeys) feed the hashed structures (distinct-n, shingles, openings); by default the token
   * ids (then the state cannot be merged with another vocabulary's).
   * `from`: the file's accumulators, just given this same row with the same keys; their hashes of the row (n-gram
   * fingerprints, normalised-text key, shingle set and band keys) are reused rather than computed again.
   */
  addRow(
    row: TokenizedRow,
    bigramHashes: Uint32Array,
    { keys: keyLo, keysHi: keyHi }: RowKeys = idKeys(row),
    from?: FileRowAccumulators,
  ): void {
    const t = row.tokens;
    this.rows++;
    this.tokens += t.length;
    if (!this.chunk) for (let i = 0; i < t.length; i++) this.unigramTable.add(t[i]);
    const table = this.chunkBigrams ?? this.bigramTable;
    for (let i = 0; i < bigramHashes.length; i++) table.add(bigramHashes[i]);
    this.bigrams += bigramHashes.length;
    this.lexical.addRow(t, row.text, keyLo, keyHi, from?.lexical);
    this.compression.addText(row.text);
    this.exact.addRow(row.line, row.text, from?.exact);
    this.near.addRow(row.line, keyLo, from?.near);
    this.templates.addRow(row.line, t, keyLo);
  }

  /** Chunk mode: the state as plain data (typed arrays own their buffers); frees the state. */
  async snapshot(): Promise<SliceStatePartial> {
    if (!this.chunk) throw new Error('SliceState.snapshot needs the chunk option');
    const lexical = await this.lexical.snapshot();
    // (the lexical accumulator was given every token of the slice's rows, the ids the unigram table would count)
    const summary = lexical.summary;
    if (summary === undefined || summary.types === null)
      throw new Error('SliceState.snapshot: the lexical partial has no type counts');
    const out: SliceStatePartial = {
      rows: this.rows,
      tokens: this.tokens,
      bigrams: this.bigrams,
      unigrams: countMapPartialOfTypes(summary.types, summary.counts),
      bigramTable: this.chunkBigrams!.snapshot(),
      lexical,
      exact: this.exact.snapshot(),
      near: this.near.snapshot(),
      templates: this.templates.snapshot(),
      compression: this.compression.snapshot(),
    };
    this.dispose();
    return out;
  }

  /**
   * Folds in the state of the same slice from a LATER chunk (`remap`: the chunk's token id → this run's id,
   * Vocabulary.merge). Every figure of finish() then equals one pass's over the same rows, with the sketch
   * caveats of the sub-accumulators (templates: openings exact while the slice has ≤ 1,024 distinct openings of a
   * length; see TemplateAccumulator.merge).
   */
  merge(p: SliceStatePartial, remap: Uint32Array): void {
    if (this.chunk) throw new Error('SliceState.merge into a chunk-mode state');
    this.rows += p.rows;
    this.tokens += p.tokens;
    this.bigrams += p.bigrams;
    this.unigramTable.merge(p.unigrams, remap);
    this.bigramTable.merge(p.bigramTable);
    this.lexical.merge(p.lexical, remap);
    this.exact.merge(p.exact);
    this.near.merge(p.near);
    this.templates.merge(p.templates, remap);
    this.compression.merge(p.compression);
  }

  /** The slice's own figures. */
  async finish(vocab: Vocabulary): Promise<SliceFigures> {
    const lex = await this.lexical.finish();
    const exact = this.exact.finish();
    const near = this.near.finish();
    const tpl = this.templates.finish(vocab);
    let top: SliceFigures['topOpening'] = null;
    // Openings are n = 3…6 with prefixes subsumed by an equally frequent longer opening removed, so the
    // most frequent opening of any length has exactly the row count of the most frequent opening 3-gram.
    for (const o of tpl.openings) {
      if (top === null || o.share > top.share) top = { text: o.text, share: o.share, rows: o.rows };
    }
    return {
      rows: this.rows,
      tokens: this.tokens,
      types: this.unigramTable.size,
      mattr: lex.mattr,
      mtld: lex.mtld,
      distinct: lex.distinct,
      compressionRatio: this.compression.finish(),
      exactDuplicateRate: exact.rate,
      nearDuplicateRate: near.rateRemovable,
      topOpening: top,
    };
  }

  /** Releases every sub-accumulator's memory and temporary files (the lexical spool, the near-duplicate spill). */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    disposeAll([this.lexical, this.exact, this.near, this.templates]);
  }
}
