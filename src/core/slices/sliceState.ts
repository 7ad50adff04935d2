/**
 * Everything kept for one slice value: the per-slice sub-accumulators (lexical, exact / near
 * duplicates, templates) and the slice's unigram / bigram frequency tables for rarefaction and
 * tail coverage. One instance per (group-by path, tracked value).
 */
import type { TokenizedRow } from '../types.ts';
import type { Vocabulary } from '../tokenize/vocabulary.ts';
import { LexicalAccumulator, type LexicalReport } from '../lexical/lexical.ts';
import { ExactDuplicateAccumulator } from '../duplicates/exactDuplicates.ts';
import { NearDuplicateAccumulator } from '../duplicates/nearDuplicates.ts';
import { TemplateAccumulator } from '../templates/templates.ts';
import { SliceCountMap } from './sliceCountMap.ts';
import { SliceCompression } from './sliceCompression.ts';

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
/** Per-slice budget of the exact distinct-2/3/4 tables; past it an order switches to HyperLogLog. */
export const SLICE_DISTINCT_BYTES = 16 * 1024 * 1024;

export class SliceState {
  rows = 0;
  tokens = 0;
  /** Bigram occurrences inside rows (Σ max(0, len − 1)). */
  bigrams = 0;
  /** Exact token-id → count table of the slice. */
  readonly unigramTable = new SliceCountMap(Infinity, 64);
  /** Bigram-hash → count table (hash-sampled past maxBigrams types). */
  readonly bigramTable: SliceCountMap;
  private readonly lexical: LexicalAccumulator;
  private readonly exact = new ExactDuplicateAccumulator({ maxClusters: 0, maxStoredLines: 0 });
  private readonly near: NearDuplicateAccumulator;
  /**
   * Only the top opening is needed: SpaceSaving finds any opening above 1/1,024 of rows, and no phrase sketch
   * is kept (a slice's phrases were never reported).
   */
  private readonly templates = new TemplateAccumulator({ top: 5, openingCounters: 1024, phrases: false });
  private readonly compression = new SliceCompression();
  private disposed = false;

  constructor(options: { mattrWindow?: number; nearThreshold?: number; maxBigrams: number }) {
    this.bigramTable = new SliceCountMap(options.maxBigrams, 64);
    // Per-slice budgets are small: large slices spill the MTLD spool to disk / switch distinct-n to HLL,
    // and compression is measured on a bounded prefix (no gzip thread per slice).
    this.lexical = new LexicalAccumulator({
      mattrWindow: options.mattrWindow,
      compression: false,
      spoolMemoryBytes: SLICE_SPOOL_BYTES,
      distinctMemoryBudgetBytes: SLICE_DISTINCT_BYTES,
    });
    this.near = new NearDuplicateAccumulator({
      ...(options.nearThreshold === undefined ? {} : { threshold: options.nearThreshold }),
      maxClusters: 0,
      maxShingleBytes: SLICE_SHINGLE_BYTES,
    });
  }

  /** Adds one row of this slice to every sub-accumulator and table (`bigramHashes[i]` = hash of tokens i, i+1). */
  addRow(row: TokenizedRow, bigramHashes: Uint32Array): void {
    const t = row.tokens;
    this.rows++;
    this.tokens += t.length;
    for (let i = 0; i < t.length; i++) this.unigramTable.add(t[i]);
    for (let i = 0; i < bigramHashes.length; i++) this.bigramTable.add(bigramHashes[i]);
    this.bigrams += bigramHashes.length;
    this.lexical.addRow(t, row.text);
    this.compression.addText(row.text);
    this.exact.addRow(row.line, row.text);
    this.near.addRow(row.line, t);
    this.templates.addRow(row.line, t);
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

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.lexical.dispose();
  }
}
