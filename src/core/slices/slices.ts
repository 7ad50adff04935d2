/**
 * Slices: per --group-by value diversity, duplication and templating, compared with the rest of the
 * same group-by at equal token budgets, so that one homogeneous source / prompt type / model inside a
 * mixed dataset shows up even when the dataset as a whole looks healthy.
 */
import type { TokenizedRow } from '../types.ts';
import type { Vocabulary } from '../tokenize/vocabulary.ts';
import { hashIds } from '../sketches/minhash.ts';
import { SliceCountMap, type SliceCountMapPartial } from './sliceCountMap.ts';
import { BatchedCountMap } from './batchedCountMap.ts';
import {
  histogramOf,
  referenceTail,
  restExpected,
  sliceExpected,
  tailCoverageVsReference,
  tailCoverageVsRest,
  type ReferenceTail,
} from './sliceBaselines.ts';
import { evaluateSliceFlags, resolveThresholds, type SliceFlagThresholds } from './sliceFlags.ts';
import {
  idKeys,
  SliceState,
  type FileRowAccumulators,
  type RowKeys,
  type SliceFigures,
  type SliceStatePartial,
} from './sliceState.ts';
import type { SliceGroupReport, SliceRarefied, SlicesReport, SliceValueReport } from './sliceReportTypes.ts';
import { disposeAll, type Accumulator } from '../pipeline/accumulator.ts';

export type { SliceGroupReport, SliceRarefied, SlicesReport, SliceValueReport } from './sliceReportTypes.ts';

export type { SliceFlag, SliceFlagThresholds } from './sliceFlags.ts';
export { DEFAULT_SLICE_FLAG_THRESHOLDS } from './sliceFlags.ts';

export interface SliceOptions {
  /** Values with fewer rows are pooled into "(other)" and never flagged (default 30). */
  minRows?: number;
  /** At most this many values (the most frequent) are reported per group-by (default 50). */
  maxValues?: number;
  /** Distinct values given full accumulators per group-by, first come (default 4 × maxValues); later values are pooled. */
  maxTracked?: number;
  thresholds?: Partial<SliceFlagThresholds>;
  mattrWindow?: number;
  nearThreshold?: number;
  tailMax?: number;
  /** Bigram types kept per slice before hash sampling starts (default 65,536). */
  maxSliceBigrams?: number;
  /** Chunk mode: this accumulator sees one chunk of the file and will be snapshotted, then merged (default false). */
  chunk?: boolean;
  /**
   * Chunk mode: the dataset-wide token counts are not counted here — snapshot() is given them (the counts of the
   * chunk's own lexical accumulator, which saw every row this one sees, with the same ids). Default false.
   */
  unigramsFromFile?: boolean;
}

/**
 * A chunk's SliceAccumulator as plain data (SliceAccumulator.snapshot / merge). Token ids are chunk-local.
 * `groups[g]` lists the tracked values of group-by path g in order of first appearance in the chunk.
 */
export interface SlicesPartial {
  groupBy: string[];
  /** Token id → count over the chunk (trimmed to the chunk's largest id + 1). */
  totalUnigrams: Float64Array;
  totalBigrams: SliceCountMapPartial;
  totalTokens: number;
  totalBigramCount: number;
  groups: { values: string[]; states: SliceStatePartial[]; untrackedRows: number; untrackedTokens: number }[];
}

export const SLICE_OTHER = '(other)';
export const SLICE_MISSING = '(missing)';

const MAX_TOTAL_BIGRAMS = 1 << 20;

/**
 * Streams rows into per-value accumulators (one set per group-by path and value) plus dataset-wide
 * unigram / bigram tables, then reports every value with ≥ minRows rows and flags collapse-prone ones
 * (see sliceFlags.ts). A null group value is its own slice, "(missing)".
 *
 * Chunked analysis: each chunk feeds a chunk-mode accumulator (`chunk: true`), snapshot() turns it into plain
 * data, and merge() folds the chunks into the file's accumulator in chunk order. Every hash is computed from the
 * tokens' content keys (addRow's keys), and the token-id tables are remapped, so the merged report
 * equals the one-pass report on every figure (rows, tokens, types, MATTR, MTLD, distinct-n, compression ratio,
 * duplicate rates, rarefied figures, tail coverage, flags) — with three documented exceptions (docs/metrics.md,
 * "Slices from a chunked analysis"): a chunk that itself meets maxTracked distinct values of a path, a slice
 * whose openings overflow the template sketch, and a slice whose distinct-n tables reach their budget.
 */
export class SliceAccumulator implements Accumulator<
  [row: TokenizedRow, keys?: RowKeys, from?: FileRowAccumulators],
  SlicesReport,
  [vocab: Vocabulary, reference?: Map<string, number>]
> {
  private readonly groupBy: string[];
  private readonly minRows: number;
  private readonly maxValues: number;
  private readonly maxTracked: number;
  private readonly thresholds: SliceFlagThresholds;
  private readonly tailMax: number;
  private readonly stateOptions: {
    mattrWindow?: number;
    nearThreshold?: number;
    maxBigrams: number;
    chunk: boolean;
  };
  private readonly chunk: boolean;
  private readonly unigramsFromFile: boolean;
  private readonly tracked: Map<string, SliceState>[];
  private readonly untracked: { rows: number; tokens: number }[];
  private totalUnigrams = new Float64Array(1024);
  private readonly totalBigrams = new SliceCountMap(MAX_TOTAL_BIGRAMS, 1024);
  /**
   * Chunk mode: the dataset-wide bigram table is only snapshotted, so it is counted in batches (the same partial,
   * without a cache miss per bigram; batchedCountMap.ts) and `totalBigrams` stays empty.
   */
  private readonly chunkBigrams: BatchedCountMap | null;
  private totalTokens = 0;
  private totalBigramCount = 0;
  private bigramBuffer = new Uint32Array(256);

  constructor(groupBy: string[], options: SliceOptions = {}) {
    this.groupBy = groupBy.slice();
    this.minRows = Math.max(1, options.minRows ?? 30);
    this.maxValues = Math.max(1, options.maxValues ?? 50);
    this.maxTracked = Math.max(this.maxValues, options.maxTracked ?? 4 * this.maxValues);
    this.thresholds = resolveThresholds(options.thresholds);
    this.tailMax = Math.max(1, options.tailMax ?? 5);
    this.stateOptions = {
      mattrWindow: options.mattrWindow,
      nearThreshold: options.nearThreshold,
      maxBigrams: options.maxSliceBigrams ?? 1 << 16,
      chunk: options.chunk ?? false,
    };
    this.chunk = options.chunk ?? false;
    this.chunkBigrams = this.chunk ? new BatchedCountMap(MAX_TOTAL_BIGRAMS) : null;
    this.unigramsFromFile = this.chunk && options.unigramsFromFile === true;
    this.tracked = this.groupBy.map(() => new Map());
    this.untracked = this.groupBy.map(() => ({ rows: 0, tokens: 0 }));
  }

  /**
   * Routes one row to its value's accumulators for every group-by path. `keys`: the tokens' content keys
   * (RowKeys; the analysis always passes them) for every hash — bigrams, distinct-n, shingles, openings; by
   * default the token ids (idKeys).
   */
  addRow(row: TokenizedRow, keys: RowKeys = idKeys(row), from?: FileRowAccumulators): void {
    const tokens = row.tokens;
    const bigramHashes = this.countTotals(tokens, keys.keys);
    for (let g = 0; g < this.groupBy.length; g++) {
      const value = row.groups[g] ?? SLICE_MISSING;
      const map = this.tracked[g];
      let state = map.get(value);
      if (state === undefined) {
        if (map.size >= this.maxTracked) {
          this.untracked[g].rows++;
          this.untracked[g].tokens += tokens.length;
          continue;
        }
        state = new SliceState(this.stateOptions);
        map.set(value, state);
      }
      state.addRow(row, bigramHashes, keys, from);
    }
  }

  /**
   * Chunk mode: the accumulator as plain data (typed arrays own their buffers); frees its resources. `fileCounts`
   * (with unigramsFromFile, required): occurrences of each token id in the chunk's rows — every row given to addRow.
   */
  async snapshot(fileCounts?: Float64Array): Promise<SlicesPartial> {
    if (!this.chunk) throw new Error('SliceAccumulator.snapshot needs the chunk option');
    if (this.unigramsFromFile && fileCounts === undefined)
      throw new Error('SliceAccumulator.snapshot: unigramsFromFile needs the counts');
    const unigrams = this.unigramsFromFile ? fileCounts! : this.totalUnigrams;
    let top = unigrams.length;
    while (top > 0 && unigrams[top - 1] === 0) top--;
    const groups: SlicesPartial['groups'] = [];
    try {
      for (let g = 0; g < this.groupBy.length; g++) {
        const values: string[] = [];
        const states: SliceStatePartial[] = [];
        for (const [v, st] of this.tracked[g]) {
          values.push(v);
          states.push(await st.snapshot());
        }
        groups.push({
          values,
          states,
          untrackedRows: this.untracked[g].rows,
          untrackedTokens: this.untracked[g].tokens,
        });
      }
    } finally {
      this.dispose();
    }
    return {
      groupBy: this.groupBy.slice(),
      totalUnigrams: new Float64Array(unigrams.subarray(0, top)),
      totalBigrams: this.chunkBigrams!.snapshot(),
      totalTokens: this.totalTokens,
      totalBigramCount: this.totalBigramCount,
      groups,
    };
  }

  /**
   * Folds in a LATER chunk's partial (chunks in file order, each once). `remap[id]`: the chunk's token id → this
   * run's id (Vocabulary.merge). Per path, the chunk's values are taken in their first-appearance order: a value
   * already tracked merges its state; a new one is tracked while fewer than maxTracked values are (as one pass
   * would), else its rows and tokens go to the untracked pool. Equal to one pass unless a chunk itself met
   * maxTracked for a path (its untracked rows may then include values the file tracks).
   */
  merge(p: SlicesPartial, remap: Uint32Array): void {
    if (this.chunk) throw new Error('SliceAccumulator.merge into a chunk-mode accumulator');
    if (p.groupBy.length !== this.groupBy.length || p.groupBy.some((x, i) => x !== this.groupBy[i]))
      throw new RangeError(
        `slices merge: group-by ${JSON.stringify(p.groupBy)}, expected ${JSON.stringify(this.groupBy)}`,
      );
    const u = p.totalUnigrams;
    for (let id = 0; id < u.length; id++) {
      if (u[id] === 0) continue;
      const g = remap[id];
      this.growUnigrams(g);
      this.totalUnigrams[g] += u[id];
    }
    this.totalBigrams.merge(p.totalBigrams);
    this.totalTokens += p.totalTokens;
    this.totalBigramCount += p.totalBigramCount;
    for (let g = 0; g < this.groupBy.length; g++) {
      const pg = p.groups[g];
      const map = this.tracked[g];
      const untracked = this.untracked[g];
      untracked.rows += pg.untrackedRows;
      untracked.tokens += pg.untrackedTokens;
      for (let i = 0; i < pg.values.length; i++) {
        const value = pg.values[i];
        const ps = pg.states[i];
        let state = map.get(value);
        if (state === undefined) {
          if (map.size >= this.maxTracked) {
            untracked.rows += ps.rows;
            untracked.tokens += ps.tokens;
            continue;
          }
          state = new SliceState(this.stateOptions);
          map.set(value, state);
        }
        state.merge(ps, remap);
      }
    }
  }

  private growUnigrams(id: number): void {
    if (id < this.totalUnigrams.length) return;
    let len = this.totalUnigrams.length * 2;
    while (len <= id) len *= 2;
    const grown = new Float64Array(len);
    grown.set(this.totalUnigrams);
    this.totalUnigrams = grown;
  }

  /**
   * Counts the row into the dataset-wide tables; returns its bigram hashes (shared with the slices; valid until the
   * next row).
   */
  private countTotals(tokens: Uint32Array, keys: Uint32Array): Uint32Array {
    // (a view of one reused buffer: a new array per row would give every row a buffer outside the heap to free)
    const n = Math.max(0, tokens.length - 1);
    if (n > this.bigramBuffer.length)
      this.bigramBuffer = new Uint32Array(Math.max(n, 2 * this.bigramBuffer.length));
    const hashes = this.bigramBuffer.subarray(0, n);
    const chunkBigrams = this.chunkBigrams;
    const countUnigrams = !this.unigramsFromFile;
    for (let i = 0; i < tokens.length; i++) {
      if (countUnigrams) {
        const id = tokens[i];
        this.growUnigrams(id);
        this.totalUnigrams[id]++;
      }
      if (i > 0) {
        const h = hashIds(keys, i - 1, 2);
        hashes[i - 1] = h;
        if (chunkBigrams !== null) chunkBigrams.add(h);
        else this.totalBigrams.add(h);
      }
    }
    this.totalTokens += tokens.length;
    this.totalBigramCount += hashes.length;
    return hashes;
  }

  /** Releases the per-slice accumulators' resources (also done by finish). */
  dispose(): void {
    disposeAll(this.tracked.flatMap((map) => [...map.values()]));
  }

  /** Builds the report; `reference` (token → count) switches tail coverage to the reference's tail. */
  async finish(vocab: Vocabulary, reference?: Map<string, number>): Promise<SlicesReport> {
    const uni = this.totalUnigrams;
    const uniOf = (id: number) => (id < uni.length ? uni[id] : 0);
    const uniHist = histogramOf((fn) => {
      for (let id = 0; id < uni.length; id++) if (uni[id] > 0) fn(id, uni[id]);
    });
    const biHists = new Map<number, Map<number, number>>();
    const biHist = (level: number) => {
      let h = biHists.get(level);
      if (h === undefined) {
        h = histogramOf((fn) => this.totalBigrams.forEach(fn), level);
        biHists.set(level, h);
      }
      return h;
    };
    const refTail: ReferenceTail | null = reference
      ? referenceTail(reference, (t) => vocab.idOf(t), this.tailMax)
      : null;

    const groups: SliceGroupReport[] = [];
    for (let g = 0; g < this.groupBy.length; g++) {
      const entries = [...this.tracked[g]].sort(
        (a, b) => b[1].rows - a[1].rows || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0),
      );
      const reported = entries.filter(([, s]) => s.rows >= this.minRows).slice(0, this.maxValues);
      const reportedSet = new Set(reported.map(([v]) => v));
      let budgetTokens = Infinity;
      let budgetBigrams = Infinity;
      for (const [, s] of reported) {
        budgetTokens = Math.min(budgetTokens, s.tokens);
        budgetBigrams = Math.min(budgetBigrams, s.bigrams);
      }
      if (!Number.isFinite(budgetTokens)) budgetTokens = 0;
      if (!Number.isFinite(budgetBigrams)) budgetBigrams = 0;

      const figures: SliceFigures[] = [];
      for (const [, s] of reported) figures.push(await s.finish(vocab));
      const values: SliceValueReport[] = reported.map(([value, s], i) => {
        const restTokens = this.totalTokens - s.tokens;
        const restBigrams = this.totalBigramCount - s.bigrams;
        const nTok = Math.min(budgetTokens, restTokens);
        const nBi = Math.min(budgetBigrams, restBigrams);
        const level = Math.max(s.bigramTable.samplingLevel, this.totalBigrams.samplingLevel);
        const rarefied: SliceRarefied = {
          budgetTokens: nTok,
          budgetBigrams: nBi,
          expectedTypes: nTok > 0 ? sliceExpected(s.unigramTable, s.tokens, nTok) : null,
          expectedDistinct2: nBi > 0 ? sliceExpected(s.bigramTable, s.bigrams, nBi) / nBi : null,
          restExpectedTypes:
            nTok > 0 ? restExpected(s.unigramTable, uniOf, uniHist, 0, restTokens, nTok) : null,
          restExpectedDistinct2:
            nBi > 0
              ? restExpected(
                  s.bigramTable,
                  (k) => this.totalBigrams.get(k),
                  biHist(level),
                  level,
                  restBigrams,
                  nBi,
                ) / nBi
              : null,
        };
        const f = figures[i];
        const others = figures.filter((_, j) => j !== i);
        const flags = evaluateSliceFlags(
          {
            budgetTokens: nTok,
            budgetBigrams: nBi,
            expectedTypes: rarefied.expectedTypes,
            restExpectedTypes: rarefied.restExpectedTypes,
            expectedDistinct2: rarefied.expectedDistinct2,
            restExpectedDistinct2: rarefied.restExpectedDistinct2,
            mattr: f.mattr,
            restMattr: weightedMean(
              others,
              (o) => o.mattr,
              (o) => o.tokens,
            ),
            exactDuplicateRate: f.exactDuplicateRate,
            restExactDuplicateRate: weightedMean(
              others,
              (o) => o.exactDuplicateRate,
              (o) => o.rows,
            ),
            nearDuplicateRate: f.nearDuplicateRate,
            restNearDuplicateRate: weightedMean(
              others,
              (o) => o.nearDuplicateRate,
              (o) => o.rows,
            ),
            topOpeningShare: f.topOpening?.share ?? null,
            topOpeningText: f.topOpening?.text ?? null,
            restTopOpeningShare: weightedMean(
              others,
              (o) => o.topOpening?.share ?? null,
              (o) => o.rows,
            ),
          },
          this.thresholds,
        );
        const tailCoverage = refTail
          ? tailCoverageVsReference(s.unigramTable, refTail)
          : tailCoverageVsRest(s.unigramTable, uniOf, uniHist, this.tailMax);
        return { value, pooled: false, ...f, tailCoverage, rarefied, flags, flagged: flags.length > 0 };
      });

      let otherRows = this.untracked[g].rows;
      let otherTokens = this.untracked[g].tokens;
      for (const [v, s] of entries) {
        if (reportedSet.has(v)) continue;
        otherRows += s.rows;
        otherTokens += s.tokens;
      }
      if (otherRows > 0) values.push(pooledValue(otherRows, otherTokens));
      groups.push({
        field: this.groupBy[g],
        budgetTokens,
        budgetBigrams,
        trackedValues: entries.length,
        untrackedRows: this.untracked[g].rows,
        values,
      });
    }
    this.dispose();
    return { minRows: this.minRows, maxValues: this.maxValues, thresholds: { ...this.thresholds }, groups };
  }
}

/** Σ w·x / Σ w over the items whose x is not null; null when there are none. */
function weightedMean<T>(items: T[], x: (t: T) => number | null, w: (t: T) => number): number | null {
  let sw = 0;
  let sx = 0;
  for (const it of items) {
    const v = x(it);
    if (v === null) continue;
    const wt = w(it);
    sw += wt;
    sx += wt * v;
  }
  return sw > 0 ? sx / sw : null;
}

function pooledValue(rows: number, tokens: number): SliceValueReport {
  return {
    value: SLICE_OTHER,
    pooled: true,
    rows,
    tokens,
    types: null,
    mattr: null,
    mtld: null,
    distinct: null,
    compressionRatio: null,
    exactDuplicateRate: null,
    nearDuplicateRate: null,
    topOpening: null,
    tailCoverage: null,
    rarefied: null,
    flags: [],
    flagged: false,
  };
}

/**
 * The slice accumulator of an analysis, built from its options. Why one function: the one-pass analysis, every
 * chunk (`chunk` true) and the chunked pass's merged accumulator must use the same options, or partials would not
 * merge into the one-pass figures.
 */
export function newSliceAccumulator(
  groupBy: string[],
  o: { minSliceRows: number; mattrWindow: number; nearThreshold: number; tailMax: number },
  chunk: boolean,
): SliceAccumulator {
  return new SliceAccumulator(groupBy, {
    minRows: o.minSliceRows,
    mattrWindow: o.mattrWindow,
    nearThreshold: o.nearThreshold,
    tailMax: o.tailMax,
    chunk,
    // a chunk's PassState snapshots its RowFeed's lexical accumulator, which counts every row's ids
    unigramsFromFile: chunk,
  });
}
