/**
 * Lexical-diversity accumulator: TTR, RTTR, MATTR, MTLD, HD-D, distinct-1…4, compression ratio
 * and per-row histograms, computed in one streaming pass over (token ids, text) rows.
 *
 * Why one class: the corpus and every slice need the same figures; the slices engineer creates
 * one accumulator per slice, so everything here is streaming, typed-array based and starts small
 * (a few tens of KiB per instance until it sees data).
 *
 * Corpus-level figures treat the input as ONE token stream: every row's tokens concatenated in
 * file order (MATTR windows and MTLD factors run across row boundaries). distinct-n instead forms
 * n-grams inside each row and pools them. Definitions are in each metric's module and in
 * docs/parts/metrics-lexical.md; they follow lexicalrichness (TTR, RTTR, MATTR, MTLD, HD-D) and
 * Shaib et al.'s `diversity` package (compression ratio).
 */
import { CompressionCounter } from './compression.ts';
import {
  HistogramBuilder,
  powerOfTwoEdges,
  uniformEdges,
  type Histogram,
  type HistogramPartial,
} from '../sketches/histogram.ts';
import {
  DEFAULT_DISTINCT_MEMORY_BUDGET,
  NgramDistinctCounter,
  type DistinctPartial,
  type DistinctReserve,
} from './lexicalDistinct.ts';
import { DEFAULT_HDD_DRAWS, hdd } from './lexicalHdd.ts';
import { inverseOf, LocalIdMap } from './lexicalIdMap.ts';
import { U32BlockList, withRoom } from '../typedArrays.ts';
import { DEFAULT_MATTR_WINDOW, MattrWindow } from './lexicalMattr.ts';
import { DEFAULT_MTLD_THRESHOLD, MtldPass } from './lexicalMtld.ts';
import { DEFAULT_SPOOL_MEMORY_BYTES, TokenSpool } from './tokenSpool.ts';
import type { Accumulator } from '../pipeline/accumulator.ts';

export type { Histogram } from '../sketches/histogram.ts';
export { mattr } from './lexicalMattr.ts';
export { mtld, mtldOneWay } from './lexicalMtld.ts';
export { hdd, hddP0, hddP0LogGamma } from './lexicalHdd.ts';
export { compressionRatio } from './compression.ts';

/** Options of a `LexicalAccumulator` (all optional; defaults in brackets). */
export interface LexicalOptions {
  /** MATTR window w [100]. */
  mattrWindow?: number;
  /**
   * Slots to reserve for the distinct-n tables (NgramDistinctCounter's constructor): a chunk worker passes what its
   * previous chunk's tables reached (`distinctReserveForNext`). The figures never depend on it.
   */
  distinctReserve?: DistinctReserve;
  /** MTLD factor threshold [0.72]. */
  mtldThreshold?: number;
  /** HD-D sample size [42]. */
  hddDraws?: number;
  /** Memory budget of the exact distinct-2/3/4 tables together, bytes [1 GiB]; past it an order switches to HyperLogLog. */
  distinctMemoryBudgetBytes?: number;
  /** In-memory budget of the token spool (backward MTLD), bytes [16 MiB]; past it ids spill to a temp file. */
  spoolMemoryBytes?: number;
  /** Directory for spill files [os.tmpdir()]. */
  tmpDir?: string;
  /** Compute the gzip compression ratio [true]. */
  compression?: boolean;
  /** Fraction of the 1 MiB text blocks that are gzipped [1] (CompressionOptions.sampleRate; very large files only). */
  compressionSampleRate?: number;
  /** CompressionOptions.sampleSeed [0]. */
  compressionSampleSeed?: number;
  /**
   * The caller guarantees that token ids are already dense and in order of first appearance in the rows given
   * to THIS accumulator (true of the run's Vocabulary ids for the corpus-level accumulator) [false]. The id is
   * then its own local id and the per-token id-map lookup is skipped; every figure is unchanged.
   */
  denseIds?: boolean;
  /**
   * Chunk mode [false]: this accumulator sees one chunk of a larger file and will be merged (`snapshot()` then
   * `merge()` into the file's accumulator). The order-dependent figures (MATTR, MTLD) are then not computed here;
   * the chunk's token ids are kept in order instead, and the merge replays them in file order, so those figures
   * stay exactly those of one pass.
   */
  chunk?: boolean;
}

/** A chunk's lexical state as plain data (see LexicalAccumulator.snapshot / merge). */
export interface LexicalPartial {
  rows: number;
  tokens: number;
  /** The chunk's token ids (chunk-local; dense with denseIds), in file order. */
  ids: Uint32Array;
  distinct: DistinctPartial;
  hist: { tokens: HistogramPartial; distinct1: HistogramPartial; distinct2: HistogramPartial };
  /** The chunk's own gzip stream: raw and compressed bytes, or why it has none. */
  compression: { rawBytes: number; compressedBytes: number; reason?: string; sampled?: boolean };
  /** What lets the merge skip most of `ids` (absent from partials of older builds: every id is replayed then). */
  summary?: LexicalChunkSummary;
}

/**
 * The order-dependent figures of one chunk, computed by its worker, so that the serial merge costs O(types + a few
 * factors) instead of O(tokens) (LexicalAccumulator.merge; lexicalMattr.ts jump, lexicalMtld.ts resume).
 */
export interface LexicalChunkSummary {
  /** The chunk vocabulary's id of each of the chunk's types, in order of first appearance; null: 0, 1, 2, … (denseIds). */
  types: Uint32Array | null;
  /** Occurrences of each of those types. */
  counts: Float64Array;
  /** The MATTR window and MTLD threshold these figures were computed with (a merge with others replays `ids`). */
  mattrWindow: number;
  mtldThreshold: number;
  /** Σ distinct over the MATTR windows that lie inside the chunk, and their number (max(0, tokens − w + 1)). */
  mattrSum: number;
  mattrWindows: number;
  /** MtldPass.factorEnds of a forward pass started fresh at the chunk's first token. */
  forwardEnds: Uint32Array;
  /** The same for a backward pass started fresh at the chunk's last token (position 0 = the chunk's last token). */
  backwardEnds: Uint32Array;
}

/**
 * Ids below this are localized through a plain array (LocalIdMap's `directBelow`): at most 128 KiB per accumulator
 * without denseIds, and the frequent types' ids are small, so most of a slice's tokens skip the hash probe.
 */
const DIRECT_LOCAL_IDS = 1 << 15;

/** Ids read per block when the backward MTLD pass of a chunked run reads the spool around chunk boundaries. */
const BACKWARD_READ_IDS = 1 << 16;

/** Everything the accumulator reports. `null` figures are undefined for the input (reason given where useful). */
export interface LexicalReport {
  tokens: number;
  types: number;
  ttr: number | null;
  rttr: number | null;
  mattr: number | null;
  mattrWindow: number;
  mattrNullReason?: string;
  mtld: number | null;
  mtldForward: number | null;
  mtldBackward: number | null;
  mtldThreshold: number;
  hdd: number | null;
  hddDraws: number;
  hddNullReason?: string;
  distinct: { 1: number | null; 2: number | null; 3: number | null; 4: number | null };
  distinctCounts: { [n: number]: { unique: number; total: number } };
  distinctMethod: { [n: number]: 'exact' | 'hll' };
  /** Relative standard error of `distinct[n]`'s unique count: 0 when exact, 1.04/√m for HyperLogLog. */
  distinctError: { [n: number]: number };
  compressionRatio: number | null;
  /** 'single-stream': one gzip stream over the whole joined text; 'per-chunk': Σ raw / Σ gzip of one stream per chunk (files analysed in chunks). */
  compressionMethod: 'single-stream' | 'per-chunk';
  /** Set when compressionRatio is null (disabled, no text, or the gzip thread failed). */
  compressionNullReason?: string;
  /** Present when the ratio was measured on a seeded sample of the text's 1 MiB blocks: the fraction gzipped. */
  compressionSampleRate?: number;
  /** Rows added (including rows with no tokens). */
  rows: number;
  perRow: { tokens: Histogram; distinct1: Histogram; distinct2: Histogram };
}

/**
 * Streaming accumulator of the lexical metrics. Call addRow for every row in file order, then
 * finish() once (or dispose() on abort). finish()/dispose() delete spool files even on error.
 */
export class LexicalAccumulator implements Accumulator<
  [tokens: Uint32Array, text: string, keyLo?: Uint32Array, keyHi?: Uint32Array, from?: LexicalAccumulator],
  LexicalReport
> {
  private readonly mattrWindow: number;
  private readonly mtldThreshold: number;
  private readonly hddDraws: number;
  /** Without denseIds (a slice's accumulator): the ids given to addRow → this accumulator's local ids. */
  private readonly ids = new LocalIdMap(10, DIRECT_LOCAL_IDS);
  private readonly denseIds: boolean;
  /** With denseIds: 1 + the largest id seen (= types, since ids are dense in first-appearance order). */
  private denseTypes = 0;
  private freq = new Float64Array(1024);
  /** rowStamp[local] === rowNo ⇔ the type already occurred in the current row. */
  private rowStamp = new Uint32Array(1024);
  private rowNo = 0;
  private tokenCount = 0;
  private readonly mattrWin: MattrWindow;
  private readonly forward: MtldPass;
  private readonly spool: TokenSpool;
  private readonly distinct: NgramDistinctCounter;
  private readonly compression: CompressionCounter | null;
  private readonly histTokens = new HistogramBuilder(powerOfTwoEdges(20));
  private readonly histDistinct1 = new HistogramBuilder(uniformEdges(0, 1, 20));
  private readonly histDistinct2 = new HistogramBuilder(uniformEdges(0, 1, 20));
  private state: 'open' | 'finished' | 'disposed' = 'open';
  private readonly chunkMode: boolean;
  private readonly compressionSampleRate: number;
  /** Chunk mode: the chunk's ids in order (in 4 MiB blocks). */
  private readonly idStream = new U32BlockList();
  /** Chunk mode without denseIds: the id given to addRow of each local id (the summary's `types`). */
  private localTypes = new Uint32Array(0);
  private localTypeCount = 0;
  /**
   * The spool's stream in pieces for the backward MTLD pass: a merged chunk with a summary (`ends`: its backward
   * factor ends) or ids pushed otherwise (`ends` null: replayed in full). Empty until a summarized chunk is merged.
   */
  private backSegments: { start: number; n: number; ends: Uint32Array | null }[] = [];
  /** Spool ids covered by backSegments. */
  private covered = 0;
  /** Sizes of the merged chunks' gzip streams (null until a partial is merged). */
  private merged: { rawBytes: number; compressedBytes: number; reason?: string; sampled?: boolean } | null =
    null;

  constructor(options: LexicalOptions = {}) {
    this.mattrWindow = options.mattrWindow ?? DEFAULT_MATTR_WINDOW;
    this.mtldThreshold = options.mtldThreshold ?? DEFAULT_MTLD_THRESHOLD;
    this.hddDraws = options.hddDraws ?? DEFAULT_HDD_DRAWS;
    this.denseIds = options.denseIds ?? false;
    this.chunkMode = options.chunk ?? false;
    if (!Number.isInteger(this.hddDraws) || this.hddDraws < 1)
      throw new RangeError(`hddDraws must be a positive integer, got ${this.hddDraws}`);
    this.mattrWin = new MattrWindow(this.mattrWindow);
    this.forward = new MtldPass(this.mtldThreshold, this.chunkMode);
    this.spool = new TokenSpool({
      memoryBytes: options.spoolMemoryBytes ?? DEFAULT_SPOOL_MEMORY_BYTES,
      tmpDir: options.tmpDir,
      writeBehind: true,
    });
    this.distinct = new NgramDistinctCounter(
      options.distinctMemoryBudgetBytes ?? DEFAULT_DISTINCT_MEMORY_BUDGET,
      undefined,
      undefined,
      { tmpDir: options.tmpDir },
      options.distinctReserve,
    );
    this.compressionSampleRate = options.compressionSampleRate ?? 1;
    this.compression =
      options.compression === false
        ? null
        : new CompressionCounter({
            level: 6,
            sampleRate: this.compressionSampleRate,
            sampleSeed: options.compressionSampleSeed ?? 0,
          });
  }

  /**
   * Adds one row: its token ids (interned in the run's Vocabulary) and its text. `keyLo` / `keyHi`: the tokens'
   * content keys (Vocabulary.keysOf) for the distinct-n fingerprints; by default the ids themselves. `from`: an
   * accumulator just given the same row with the same keys (the file's, when this one holds a slice), whose n-gram
   * fingerprints are reused.
   */
  addRow(
    tokens: Uint32Array,
    text: string,
    keyLo: Uint32Array = tokens,
    keyHi: Uint32Array = keyLo,
    from?: LexicalAccumulator,
  ): void {
    if (this.state !== 'open')
      throw new Error(
        `LexicalAccumulator.addRow after ${this.state === 'finished' ? 'finish()' : 'dispose()'}`,
      );
    const k = tokens.length;
    const row = ++this.rowNo;
    let rowTypes = 0;
    const dense = this.denseIds;
    for (let i = 0; i < k; i++) {
      let local: number;
      if (dense) {
        local = tokens[i];
        if (local >= this.denseTypes) {
          if (local !== this.denseTypes)
            throw new Error(
              `LexicalAccumulator: denseIds promised, but id ${local} arrived before ${this.denseTypes}`,
            );
          this.denseTypes = local + 1;
        }
      } else {
        local = this.ids.localize(tokens[i]);
        if (this.chunkMode && local === this.localTypeCount) {
          this.localTypes = withRoom(this.localTypes, local + 1);
          this.localTypes[this.localTypeCount++] = tokens[i];
        }
      }
      if (local >= this.freq.length) {
        this.freq = withRoom(this.freq, local + 1);
        this.rowStamp = withRoom(this.rowStamp, local + 1);
      }
      this.freq[local]++;
      if (this.rowStamp[local] !== row) {
        this.rowStamp[local] = row;
        rowTypes++;
      }
      this.mattrWin.push(local);
      this.forward.push(local);
      if (!this.chunkMode) this.spool.push(local);
    }
    if (this.chunkMode) this.appendIds(tokens);
    this.tokenCount += k;
    const rowBigrams = this.distinct.addRow(keyLo, keyHi, from?.distinct);
    this.histTokens.add(k);
    if (k >= 1) this.histDistinct1.add(rowTypes / k);
    if (k >= 2) this.histDistinct2.add(rowBigrams / (k - 1));
    this.compression?.addText(text);
  }

  /** Set by snapshot(): the distinct-n table capacities this chunk reached, a reserve for the next chunk. */
  distinctReserveForNext: DistinctReserve | null = null;

  /**
   * Chunk mode: the chunk's state as plain data, ready to post to another thread (every typed array owns its
   * buffer) and to merge. Waits for the chunk's gzip stream; frees everything. `ids` are the ids given to addRow
   * (the chunk vocabulary's ids): with denseIds they are dense, otherwise (a slice's accumulator: a subset of the
   * chunk's rows) they are not, and merge() remaps then localizes them in order, exactly as addRow would have.
   */
  async snapshot(): Promise<LexicalPartial> {
    if (!this.chunkMode) throw new Error('LexicalAccumulator.snapshot needs the chunk option');
    if (this.state !== 'open') throw new Error('LexicalAccumulator.snapshot after finish()/dispose()');
    this.state = 'finished';
    try {
      const c = await this.measureCompression();
      const sizes = this.compression?.lastSizes;
      const compression =
        c.ratio === null
          ? { rawBytes: sizes?.rawBytes ?? 0, compressedBytes: 0, reason: c.reason ?? 'no text' }
          : {
              rawBytes: sizes!.rawBytes,
              compressedBytes: sizes!.compressedBytes,
              ...(this.compression?.sampled ? { sampled: true } : {}),
            };
      // the partial is this accumulator's last act: each big array is let go as soon as its copy exists, so the
      // chunk's peak holds one table and its key list at a time, not every table and every list
      const ids = this.idStream.take();
      const summary = this.summarize(ids);
      this.distinctReserveForNext = this.distinct.reserveForNext();
      const distinct = this.distinct.snapshot(true);
      return {
        rows: this.rowNo,
        tokens: this.tokenCount,
        ids,
        summary,
        distinct,
        hist: {
          tokens: this.histTokens.snapshot(),
          distinct1: this.histDistinct1.snapshot(),
          distinct2: this.histDistinct2.snapshot(),
        },
        compression,
      };
    } finally {
      this.release();
    }
  }

  /** Chunk mode: the chunk's type counts, in-chunk MATTR windows and fresh MTLD factor ends (`ids`: its id stream). */
  private summarize(ids: Uint32Array): LexicalChunkSummary {
    const dense = this.denseIds;
    const types = dense ? this.denseTypes : this.ids.size;
    const backward = new MtldPass(this.mtldThreshold, true);
    if (dense) for (let i = ids.length - 1; i >= 0; i--) backward.push(ids[i]);
    else {
      // the local id of every id of the stream, from an array indexed by id rather than a hash probe per token
      const localOf = inverseOf(this.localTypes, types);
      for (let i = ids.length - 1; i >= 0; i--) backward.push(localOf[ids[i]]);
    }
    return {
      types: dense ? null : this.localTypes.slice(0, types),
      counts: this.freq.slice(0, types),
      mattrWindow: this.mattrWindow,
      mtldThreshold: this.mtldThreshold,
      mattrSum: this.mattrWin.distinctSum,
      mattrWindows: this.mattrWin.windowCount,
      forwardEnds: this.forward.factorEnds(),
      backwardEnds: backward.factorEnds(),
    };
  }

  /**
   * Adds a later chunk's partial (rows after every row seen so far). `remap[local]` is the id of the chunk's
   * type in this accumulator's id space (Vocabulary.merge). Frequencies, MATTR, MTLD and the spool end as if
   * addRow had been given the chunk's ids in order: with the chunk's summary the frequencies add per type, MATTR
   * pushes the first w − 1 ids and jumps, forward MTLD resumes (a few factors), and the backward pass is left to
   * finish() (which reads only each chunk's ends); without one (an older partial) every id is replayed. Distinct-n
   * tables take the union; histograms add; the gzip sizes add up (compressionMethod 'per-chunk' once two chunks are
   * merged).
   */
  merge(p: LexicalPartial, remap: Uint32Array): void {
    if (this.state !== 'open') throw new Error('LexicalAccumulator.merge after finish()/dispose()');
    if (this.chunkMode) throw new Error('LexicalAccumulator.merge into a chunk-mode accumulator');
    const s = p.summary;
    if (
      s !== undefined &&
      s.mattrWindow === this.mattrWindow &&
      s.mtldThreshold === this.mtldThreshold &&
      p.ids.length === p.tokens
    )
      this.mergeSummarized(p.ids, s, remap);
    else this.replayIds(p.ids, remap);
    this.tokenCount += p.tokens;
    this.rowNo += p.rows;
    this.distinct.merge(p.distinct);
    this.histTokens.merge(p.hist.tokens);
    this.histDistinct1.merge(p.hist.distinct1);
    this.histDistinct2.merge(p.hist.distinct2);
    const m = (this.merged ??= { rawBytes: 0, compressedBytes: 0 });
    m.rawBytes += p.compression.rawBytes;
    m.compressedBytes += p.compression.compressedBytes;
    if (p.compression.sampled) m.sampled = true;
    if (p.compression.reason !== undefined && p.compression.reason !== 'no text')
      m.reason ??= p.compression.reason;
    this.mergedChunks++;
  }

  /** This accumulator's id of a (remapped) id: itself with denseIds (checked in order), else its local id. */
  private localOf(g: number): number {
    if (!this.denseIds) return this.ids.localize(g);
    if (g >= this.denseTypes) {
      if (g !== this.denseTypes)
        throw new Error(
          `LexicalAccumulator: denseIds promised, but id ${g} arrived before ${this.denseTypes}`,
        );
      this.denseTypes = g + 1;
    }
    return g;
  }

  /** merge() of a chunk with a summary: O(types + w + a few MTLD factors), plus one copy of the ids to the spool. */
  private mergeSummarized(ids: Uint32Array, s: LexicalChunkSummary, remap: Uint32Array): void {
    const n = ids.length;
    // the chunk's types in order of first appearance: the order a replay would meet them (same local ids)
    const T = s.counts.length;
    for (let l = 0; l < T; l++) {
      const local = this.localOf(remap[s.types === null ? l : s.types[l]]);
      if (local >= this.freq.length) {
        this.freq = withRoom(this.freq, local + 1);
        this.rowStamp = withRoom(this.rowStamp, local + 1);
      }
      this.freq[local] += s.counts[l];
    }
    const at = (j: number): number => this.localOf(remap[ids[j]]);
    const w = this.mattrWindow;
    const k = Math.min(n, w - 1);
    for (let j = 0; j < k; j++) this.mattrWin.push(at(j));
    if (n > k) {
      const last = new Uint32Array(w);
      for (let j = 0; j < w; j++) last[j] = at(n - w + j);
      this.mattrWin.jump(s.mattrSum, s.mattrWindows, last);
    }
    this.forward.resume(n, at, s.forwardEnds);
    this.coverSpool();
    this.backSegments.push({ start: this.spool.length, n, ends: s.backwardEnds });
    this.covered += n;
    // (with denseIds every id of the chunk was checked with its type above)
    const buf = new Uint32Array(Math.min(n, BACKWARD_READ_IDS));
    for (let from = 0; from < n; from += buf.length) {
      const m = Math.min(buf.length, n - from);
      if (this.denseIds) for (let j = 0; j < m; j++) buf[j] = remap[ids[from + j]];
      else for (let j = 0; j < m; j++) buf[j] = at(from + j);
      this.spool.pushAll(m === buf.length ? buf : buf.subarray(0, m));
    }
  }

  /** Ids pushed to the spool outside a summarized chunk become a segment the backward pass replays in full. */
  private coverSpool(): void {
    const len = this.spool.length;
    if (len > this.covered) {
      this.backSegments.push({ start: this.covered, n: len - this.covered, ends: null });
      this.covered = len;
    }
  }

  /** merge() of a chunk without a summary: every id through the frequencies, MATTR, MTLD and the spool. */
  private replayIds(ids: Uint32Array, remap: Uint32Array): void {
    const dense = this.denseIds;
    for (let i = 0; i < ids.length; i++) {
      const g = remap[ids[i]];
      let local: number;
      if (dense) {
        local = g;
        if (local >= this.denseTypes) {
          if (local !== this.denseTypes)
            throw new Error(
              `LexicalAccumulator: denseIds promised, but id ${local} arrived before ${this.denseTypes}`,
            );
          this.denseTypes = local + 1;
        }
      } else local = this.ids.localize(g);
      if (local >= this.freq.length) {
        this.freq = withRoom(this.freq, local + 1);
        this.rowStamp = withRoom(this.rowStamp, local + 1);
      }
      this.freq[local]++;
      this.mattrWin.push(local);
      this.forward.push(local);
      this.spool.push(local);
    }
  }

  private mergedChunks = 0;

  private appendIds(tokens: Uint32Array): void {
    this.idStream.append(tokens);
  }

  /** Computes the report and frees every resource (spool file, tables, gzip stream). */
  async finish(): Promise<LexicalReport> {
    if (this.state !== 'open')
      throw new Error(
        `LexicalAccumulator.finish after ${this.state === 'finished' ? 'finish()' : 'dispose()'}`,
      );
    this.state = 'finished';
    try {
      return await this.buildReport();
    } finally {
      this.release();
    }
  }

  /** Abandons the run: deletes spool files and frees memory. Safe to call at any time, more than once. */
  dispose(): void {
    if (this.state === 'disposed') return;
    this.state = 'disposed';
    this.release();
  }

  private async buildReport(): Promise<LexicalReport> {
    const N = this.tokenCount;
    const types = this.denseIds ? this.denseTypes : this.ids.size;
    const w = this.mattrWindow;
    const draws = this.hddDraws;

    await this.spool.settle();
    const backward = this.backwardPass();
    const mtldForward = this.forward.value(types);
    const mtldBackward = backward.value(types);

    const compression = await this.measureCompression();

    const report: LexicalReport = {
      tokens: N,
      types,
      ttr: N > 0 ? types / N : null,
      rttr: N > 0 ? types / Math.sqrt(N) : null,
      mattr: this.mattrWin.value(),
      mattrWindow: w,
      mtld: mtldForward !== null && mtldBackward !== null ? (mtldForward + mtldBackward) / 2 : null,
      mtldForward,
      mtldBackward,
      mtldThreshold: this.mtldThreshold,
      hdd: hdd(this.freq.subarray(0, types), N, draws),
      hddDraws: draws,
      distinct: { 1: null, 2: null, 3: null, 4: null },
      distinctCounts: { 1: { unique: types, total: N } },
      distinctMethod: { 1: 'exact' },
      distinctError: { 1: 0 },
      compressionRatio: compression.ratio,
      compressionMethod: this.mergedChunks > 1 ? 'per-chunk' : 'single-stream',
      rows: this.rowNo,
      perRow: {
        tokens: this.histTokens.toHistogram(),
        distinct1: this.histDistinct1.toHistogram(),
        distinct2: this.histDistinct2.toHistogram(),
      },
    };
    if (N < w) report.mattrNullReason = `fewer tokens (${N}) than the MATTR window (${w})`;
    if (N < draws) report.hddNullReason = `fewer tokens (${N}) than HD-D draws (${draws})`;
    if (compression.reason !== undefined) report.compressionNullReason = compression.reason;
    else if (this.merged?.sampled || (this.merged === null && this.compression?.sampled))
      report.compressionSampleRate = this.compressionSampleRate;
    report.distinct[1] = N > 0 ? types / N : null;
    for (const n of [2, 3, 4] as const) {
      const c = this.distinct.count(n);
      report.distinct[n] = c.total > 0 ? c.unique / c.total : null;
      report.distinctCounts[n] = { unique: c.unique, total: c.total };
      report.distinctMethod[n] = c.method;
      report.distinctError[n] = c.relativeError;
    }
    return report;
  }

  /** The backward MTLD pass over the spool: in full, or per merged chunk from its end (lexicalMtld.ts resume). */
  private backwardPass(): MtldPass {
    const backward = new MtldPass(this.mtldThreshold);
    if (this.backSegments.length === 0) {
      this.spool.forEachReverseBlock((block) => {
        for (let j = block.length - 1; j >= 0; j--) backward.push(block[j]);
      });
      return backward;
    }
    this.coverSpool();
    // one block of the stream [bStart, bEnd) read at a time, walking toward the start
    const block = new Uint32Array(Math.min(BACKWARD_READ_IDS, Math.max(1, this.spool.length)));
    let bStart = 0;
    let bEnd = 0;
    for (let k = this.backSegments.length - 1; k >= 0; k--) {
      const { start, n, ends } = this.backSegments[k];
      const top = start + n - 1;
      const at = (j: number): number => {
        const pos = top - j;
        if (pos < bStart || pos >= bEnd) {
          bEnd = pos + 1;
          bStart = Math.max(0, bEnd - block.length);
          this.spool.read(bStart, block.subarray(0, bEnd - bStart));
        }
        return block[pos - bStart];
      };
      if (ends === null) for (let j = 0; j < n; j++) backward.push(at(j));
      else backward.resume(n, at, ends);
    }
    return backward;
  }

  private async measureCompression(): Promise<{ ratio: number | null; reason?: string }> {
    if (this.merged !== null) {
      const m = this.merged;
      if (m.reason !== undefined) return { ratio: null, reason: m.reason };
      return m.compressedBytes > 0
        ? { ratio: m.rawBytes / m.compressedBytes }
        : { ratio: null, reason: 'no text' };
    }
    if (this.compression === null) return { ratio: null, reason: 'compression disabled' };
    try {
      const r = await this.compression.finish();
      return r.ratio === null ? { ratio: null, reason: 'no text' } : { ratio: r.ratio };
    } catch (err) {
      return { ratio: null, reason: `gzip failed: ${err instanceof Error ? err.message : String(err)}` };
    }
  }

  private release(): void {
    this.spool.dispose();
    this.distinct.dispose();
    this.compression?.dispose();
    this.freq = new Float64Array(0);
    this.rowStamp = new Uint32Array(0);
    this.idStream.clear();
    this.localTypes = new Uint32Array(0);
    this.backSegments = [];
  }
}
