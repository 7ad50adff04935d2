/**
 * Templates: the phrases a synthetic corpus keeps reusing — row openings ("sure here s a …") and frequent
 * 6-grams anywhere in a row ("as an ai language model …").
 */
import { RowKeys, prefixPairs, windowPairs } from '../sketches/idWindowHash.ts';
import { SpaceSaving, type HeavyHitter, type SpaceSavingPartial } from '../sketches/spaceSaving.ts';
import { CountMinTopK, type CountMinTopKPartial } from '../sketches/countMinTopK.ts';
import { mergeOverlappingPhrases } from './templatePhrases.ts';
import { phraseRowKept } from './phraseSample.ts';
import type { Accumulator } from '../pipeline/accumulator.ts';

export interface TemplateEntry {
  /** The n-gram's tokens joined by single spaces. */
  text: string;
  n: number;
  /** Rows containing it (for approximate entries: an upper bound). */
  rows: number;
  /** rows / rows with tokens. */
  share: number;
  /** Up to two line numbers of rows containing it. */
  exampleLines: number[];
  /** Present (true) when the count is a sketch estimate: always for phrases, for openings after an eviction. */
  approximate?: boolean;
  /** With approximate: the true count is in [rows − error, rows] (for phrases with probability ≥ 98%). */
  error?: number;
}

export interface TemplatesReport {
  rowsWithTokens: number;
  /**
   * Most frequent row openings (first n tokens, n = 3…6) found in ≥ 2 rows; an opening is hidden when a longer
   * opening that extends it covers ≥ 90% of its rows ("as an ai" under "as an ai language model i").
   */
  openings: TemplateEntry[];
  /**
   * Most frequent 6-grams found in ≥ 2 rows, each counted once per row containing it; overlapping 6-grams with the
   * same count are joined into one longer phrase (templatePhrases.ts), so `n` is 6 or more.
   */
  phrases: TemplateEntry[];
  /** True whenever phrases were counted: phrase counts are Count-Min estimates (upper bounds; see each entry's error). */
  phrasesApproximate: boolean;
  /**
   * Present when phrase counts are sampled (phraseSample.ts; docs/metrics.md, Templates): the rows on lines
   * ≥ `fromLine` of their file had their phrases counted 1 in 1/`rate` (`counted` of `rows` rows with tokens), each
   * standing for 1/`rate` rows. Every phrase's `rows` is then an estimate, and `share` = rows / rowsWithTokens.
   */
  phrasesSampled?: PhraseSampleReport;
}

/** What a sampled phrase count was made of (TemplatesReport.phrasesSampled). */
export interface PhraseSampleReport {
  /** Fraction of the rows past `fromLine` whose phrases were counted (1 / weight). */
  rate: number;
  /** First line (of its file) whose row may be left out; rows before it are all counted. */
  fromLine: number;
  /** Rows with tokens on lines ≥ fromLine. */
  rows: number;
  /** Of those, the rows whose phrases were counted (each with weight 1/rate). */
  counted: number;
}

const MIN_OPENING = 3;
const MAX_OPENING = 6;
const PHRASE = 6;
/** An n-gram is a template only when it is guaranteed to occur in at least this many rows. */
const MIN_ROWS = 2;
/** A shorter opening is hidden when a longer opening extending it covers ≥ 90% of its rows. */
const SUBSUME = 0.9;

export interface TemplateOptions {
  /** Entries per list (default 20). */
  top?: number;
  /** Count-Min sketch width for the 6-gram phrases (default 2^18; memory 8·width bytes, 16·width once a cell passes 65,535). */
  counters?: number;
  /** Phrase candidates tracked for the top list (default 1,024). */
  candidates?: number;
  /** SpaceSaving counters per opening length (default 8,192): openings are exact until that many distinct ones. */
  openingCounters?: number;
  /** Count 6-gram phrases (default true). Slices report only their top opening, so they skip the phrase sketch. */
  phrases?: boolean;
  /**
   * Sampled phrase counting (phraseSample.ts): rows added with a `sampleAt` offset have their phrases counted 1 in
   * `weight` (each counted row weighs `weight`); `fromLine` is only reported. Default: weight 1, nothing sampled.
   */
  phraseSample?: { weight: number; fromLine: number };
}

/**
 * A TemplateAccumulator's state as plain data (numbers, booleans, arrays, typed arrays that each own their
 * buffer): it survives structuredClone / postMessage (the typed arrays' buffers can go in the transfer list)
 * and can be written to disk. Produced by snapshot(), consumed by merge().
 */
export interface TemplatesPartial {
  /** Rows with ≥ 1 token. */
  rowsWithTokens: number;
  /** The opening sketches for n = 3, 4, 5, 6, in that order. */
  openings: SpaceSavingPartial[];
  /** The 6-gram phrase sketch; null when the accumulator does not count phrases (`phrases: false`). */
  phrases: CountMinTopKPartial | null;
  /** The phrase sample's options and counts (TemplateOptions.phraseSample; rows = sampled-part rows, kept = counted). */
  phraseSample: { weight: number; fromLine: number; rows: number; kept: number };
}

/**
 * Counts row openings (SpaceSaving) and per-row-distinct 6-grams (Count-Min + candidate heap) in bounded memory.
 * Definitions: opening n-gram = the first n tokens of a row with ≥ n tokens (n = 3…6); phrase = any 6 consecutive
 * tokens, counted at most once per row; share = rows containing it / rows with ≥ 1 token.
 */
export class TemplateAccumulator implements Accumulator<
  [line: number, tokens: Uint32Array, contentKeys?: Uint32Array],
  TemplatesReport,
  [vocab: { tokenOf(id: number): string }]
> {
  private readonly top: number;
  private readonly openings: SpaceSaving[] = [];
  private readonly phrases: CountMinTopK;
  private readonly countPhrases: boolean;
  /** Per-row de-duplication table: generation stamp and the 6-gram's start position, by slot. */
  private stamp = new Uint32Array(256);
  private stampPos = new Uint32Array(256);
  /** The row's 6-gram hashes by start position (windowPairs). */
  private winLo = new Uint32Array(128);
  private winHi = new Uint32Array(128);
  /** The row's distinct 6-grams in order: start position, and their Count-Min cell positions (depth per 6-gram). */
  private keptPos = new Uint32Array(128);
  private cellAt = new Int32Array(128 * 4);
  /** The row's opening hashes by length (prefixPairs). */
  private readonly preLo = new Uint32Array(MAX_OPENING + 1);
  private readonly preHi = new Uint32Array(MAX_OPENING + 1);
  /** Accumulates CountMinTopK.locate values so the prefetching reads stay in the compiled code. */
  private sink = 0;
  private readonly sampleWeight: number;
  private readonly sampleFromLine: number;
  /** Rows with tokens added with a sample offset, and those of them whose phrases were counted. */
  private sampledRows = 0;
  private sampleKept = 0;
  private row = 0;
  private rowsWithTokens = 0;
  /** Per-token hash keys of the current row (the n-gram hashes are hashIds / hashIdsHigh of its windows). */
  private readonly keys = new RowKeys();

  constructor(options: TemplateOptions = {}) {
    this.top = options.top ?? 20;
    const oc = options.openingCounters ?? 1 << 13;
    for (let n = MIN_OPENING; n <= MAX_OPENING; n++) this.openings.push(new SpaceSaving(oc, n));
    this.countPhrases = options.phrases ?? true;
    this.sampleWeight = options.phraseSample?.weight ?? 1;
    this.sampleFromLine = options.phraseSample?.fromLine ?? 0;
    if (!Number.isSafeInteger(this.sampleWeight) || this.sampleWeight < 1)
      throw new RangeError(`phrase sample weight must be an integer ≥ 1, got ${this.sampleWeight}`);
    // without phrases the sketch stays at its minimum size and is never offered anything (phrases: [])
    this.phrases = new CountMinTopK(
      this.countPhrases ? (options.counters ?? 1 << 18) : 1,
      this.countPhrases ? (options.candidates ?? 1024) : 1,
      PHRASE,
    );
  }

  /**
   * Adds one row's token ids (any order of rows works; examples are the first lines seen).
   *
   * `contentKeys` (same length as `tokens`): per-token keys that depend only on the token's characters
   * (Vocabulary.keysOf). When given, every hash — openings, 6-grams, the Count-Min cells, the per-row
   * de-duplication — is computed from them instead of from the ids, so that accumulators fed by different
   * vocabularies (chunk-local ids) hash the same n-gram alike and can be merged; `tokens` are then only stored
   * to render the examples. Two distinct tokens with the same 32-bit key count as one token in the hashes.
   * Without `contentKeys` the hashes come from the ids, as before. Do not mix both kinds in one accumulator
   * or in accumulators that will be merged.
   *
   * `sampleAt` (≥ 0): the row lies in the sampled part of its file (phraseSample.ts) and this is its byte offset;
   * its phrases are then counted only when phraseRowKept(sampleAt, weight), with weight `phraseSample.weight`.
   * Omitted or negative: the row's phrases are counted once. Openings are always counted.
   */
  addRow(line: number, tokens: Uint32Array, contentKeys?: Uint32Array, sampleAt = -1): void {
    const len = tokens.length;
    if (contentKeys && contentKeys.length !== len)
      throw new RangeError(`addRow: ${contentKeys.length} content keys for ${len} tokens`);
    if (len === 0) return;
    this.rowsWithTokens++;
    let weight = 1;
    if (sampleAt >= 0) {
      this.sampledRows++;
      weight = this.sampleWeight;
      if (phraseRowKept(sampleAt, weight)) this.sampleKept++;
      else weight = 0;
    }
    const phrases = this.countPhrases && weight > 0 && len >= PHRASE;
    const keys = this.keys;
    const opening = len < MAX_OPENING ? len : MAX_OPENING;
    // a row whose phrases are not counted only needs the keys of its opening
    keys.set(contentKeys ?? tokens, phrases ? len : opening);
    prefixPairs(keys, opening, this.preLo, this.preHi);
    for (let n = MIN_OPENING; n <= opening; n++)
      this.openings[n - MIN_OPENING].offer(this.preLo[n], this.preHi[n], tokens, 0, n, line);
    if (!phrases) return;
    this.row++;
    const count = len - PHRASE + 1;
    if (this.winLo.length < count) this.growRow(count);
    if (this.stamp.length < 2 * count) this.growTable(2 * count);
    const { winLo, winHi, stamp, stampPos, keptPos: pos, cellAt } = this;
    windowPairs(keys, PHRASE, count, winLo, winHi);
    const mask = stamp.length - 1;
    const row = this.row;
    // pass 1: keep the first occurrence of each 6-gram within the row (a generation-stamped open-addressing set,
    // cleared for free by bumping `row`)
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const lo = winLo[i];
      const hi = winHi[i];
      let j = lo & mask;
      let dup = false;
      while (stamp[j] === row) {
        const p = stampPos[j];
        if (winLo[p] === lo && winHi[p] === hi) {
          dup = true;
          break;
        }
        j = (j + 1) & mask;
      }
      if (dup) continue;
      stamp[j] = row;
      stampPos[j] = i;
      pos[kept++] = i;
    }
    // pass 2: the positions of all their sketch cells, then one tight loop reading them all (the cache misses overlap;
    // a read per position inside the position loop cost 15 % more on the bench corpus, session 19), pass 3: offer in order
    const sketch = this.phrases;
    const depth = sketch.depth;
    for (let q = 0; q < kept; q++) sketch.positions(winLo[pos[q]], winHi[pos[q]], cellAt, q * depth);
    this.sink ^= sketch.touchCells(cellAt, kept * depth);
    for (let q = 0; q < kept; q++) {
      const i = pos[q];
      sketch.offerAt(cellAt, q * depth, winLo[i], winHi[i], tokens, i, PHRASE, line, weight);
    }
  }

  /** Room for the 6-gram hashes, positions and cell positions of a row of `count` 6-grams. */
  private growRow(count: number): void {
    let size = this.winLo.length;
    while (size < count) size *= 2;
    this.winLo = new Uint32Array(size);
    this.winHi = new Uint32Array(size);
    this.keptPos = new Uint32Array(size);
    this.cellAt = new Int32Array(size * this.phrases.depth);
  }

  /** A de-duplication table of at least `need` slots (a power of two, so at most half full). */
  private growTable(need: number): void {
    let size = this.stamp.length;
    while (size < need) size *= 2;
    this.stamp = new Uint32Array(size);
    this.stampPos = new Uint32Array(size);
  }

  /**
   * Row openings of `n` tokens (3…6) whose sketch count (an upper bound of the true row count) is > `minRows`.
   * Why: every opening truly in more than `minRows` rows is among them (SpaceSaving keeps every item above
   * N/capacity and never underestimates), so a caller can confirm exact counts in a second look at its rows —
   * the editor marks every row of a flagged template this way.
   */
  openingCandidates(n: number, minRows: number): HeavyHitter[] {
    const sk = this.openings[n - MIN_OPENING];
    if (!sk) return [];
    return sk.top(sk.capacity).filter((h) => h.count > minRows);
  }

  /**
   * The state as plain data (see TemplatesPartial); the accumulator is unchanged and can go on.
   * A chunk's accumulator is snapshotted at the end of the chunk and merged into the main thread's.
   */
  snapshot(): TemplatesPartial {
    return {
      rowsWithTokens: this.rowsWithTokens,
      openings: this.openings.map((sk) => sk.snapshot()),
      phrases: this.countPhrases ? this.phrases.snapshot() : null,
      phraseSample: {
        weight: this.sampleWeight,
        fromLine: this.sampleFromLine,
        rows: this.sampledRows,
        kept: this.sampleKept,
      },
    };
  }

  /**
   * Folds in the partial of a LATER chunk (chunks must be merged in order, each once), built with the same
   * options (sketch sizes; throws a RangeError otherwise) and with content keys (see addRow). `remap[id]` is
   * the merged vocabulary's id of the partial's token id `id` (Vocabulary.merge); it is applied to the stored
   * example tokens. The result depends only on the partials and their order.
   *
   * Exactly equal to one accumulator fed all rows in order (with content keys):
   * - rowsWithTokens and the phrase sketch's N (so every phrase `error` and `phrasesApproximate`);
   * - the openings of length n, with counts, example lines and order, whenever the whole input has at most
   *   `openingCounters` distinct openings of that length (no sketch evicted: entries stay unflagged);
   * - the phrases (counts, example lines, order), whenever the whole input has at most `candidates` distinct
   *   6-grams and the Count-Min estimates are exact (each 6-gram has a cell no other one touches — the usual
   *   case for a few thousand distinct 6-grams in the default 4 × 2^18 cells).
   * The merged Count-Min cells are exactly the sums of the chunks' cells. One pass's conservative-update cells
   * equal those sums only where no two distinct 6-grams share a cell; elsewhere they differ a little, either way.
   * When the sketches saturate, the lists can differ from one pass's within the sketches' usual bounds: openings
   * use the mergeable SpaceSaving merge (every count stays an upper bound with rows − error ≤ true rows, and
   * every opening in more than 1/openingCounters of the rows is kept); phrase estimates stay upper bounds within
   * ⌊e·N/W⌋ (probability ≥ 98%), and the candidates are re-estimated from the merged cells with the top
   * `candidates` kept, where one pass keeps whatever beat the heap minimum when it was offered.
   */
  merge(p: TemplatesPartial, remap: Uint32Array): void {
    if (p.openings.length !== this.openings.length)
      throw new RangeError(
        `templates merge: ${p.openings.length} opening sketches, expected ${this.openings.length}`,
      );
    if ((p.phrases !== null) !== this.countPhrases)
      throw new RangeError('templates merge: one side counts phrases and the other does not');
    // check every part before changing anything (the phrase sketch checks its own sizes first)
    p.openings.forEach((o, i) => {
      if (o.capacity !== this.openings[i].capacity || o.width !== MIN_OPENING + i)
        throw new RangeError(
          `templates merge: opening sketch ${i} has ${o.capacity} counters of width ${o.width}, expected ${this.openings[i].capacity} of ${MIN_OPENING + i}`,
        );
    });
    const ps = p.phraseSample;
    if (ps.weight !== this.sampleWeight || ps.fromLine !== this.sampleFromLine)
      throw new RangeError(
        `templates merge: phrase sample 1 in ${ps.weight} from line ${ps.fromLine}, expected 1 in ${this.sampleWeight} from line ${this.sampleFromLine}`,
      );
    if (p.phrases) this.phrases.merge(p.phrases, remap);
    this.sampledRows += ps.rows;
    this.sampleKept += ps.kept;
    p.openings.forEach((o, i) => this.openings[i].merge(o, remap));
    this.rowsWithTokens += p.rowsWithTokens;
  }

  /** Rows with at least one token so far (the denominator of every share). */
  get rowsWithTokensSoFar(): number {
    return this.rowsWithTokens;
  }

  /** Holds memory only (fixed-size sketches, no file), which the GC reclaims with the accumulator. */
  dispose(): void {}

  /** The report; `vocab` turns token ids back into strings. */
  finish(vocab: { tokenOf(id: number): string }): TemplatesReport {
    const denom = this.rowsWithTokens;
    const toEntry = (h: HeavyHitter, approximate: boolean): TemplateEntry => {
      const e: TemplateEntry = {
        text: Array.from(h.ids, (id) => vocab.tokenOf(id)).join(' '),
        n: h.ids.length,
        rows: h.count,
        share: denom === 0 ? 0 : h.count / denom,
        exampleLines: h.exampleLines,
      };
      if (approximate) {
        e.approximate = true;
        e.error = h.error;
      }
      return e;
    };
    const repeated = (h: HeavyHitter): boolean => h.count - h.error >= MIN_ROWS;
    const candidates: TemplateEntry[] = [];
    for (const sk of this.openings)
      for (const h of sk.top(this.top * 4)) if (repeated(h)) candidates.push(toEntry(h, sk.evicted));
    const sure = (e: TemplateEntry): number => e.rows - (e.error ?? 0);
    candidates.sort((a, b) => sure(b) - sure(a) || b.n - a.n || a.exampleLines[0] - b.exampleLines[0]);
    const subsumed = (e: TemplateEntry): boolean =>
      candidates.some((f) => f.n > e.n && f.rows >= SUBSUME * e.rows && f.text.startsWith(e.text + ' '));
    const openings = candidates.filter((e) => !subsumed(e)).slice(0, this.top);
    const phrasesApproximate = this.phrases.offered > 0;
    const sampled = this.countPhrases && this.sampledRows > 0;
    // a phrase of one sampled row alone has the estimate `weight`: it must show more than that to be listed
    const minPhraseRows = sampled ? Math.max(MIN_ROWS, this.sampleWeight + 1) : MIN_ROWS;
    // take more than `top` 6-grams so that, once the sliding 6-grams of a sentence are joined, `top` remain
    const phrases = mergeOverlappingPhrases(
      this.phrases.top(this.top * 4).filter((h) => h.count - h.error >= minPhraseRows),
    )
      .slice(0, this.top)
      .map((h) => toEntry(h, phrasesApproximate));
    const report: TemplatesReport = { rowsWithTokens: denom, openings, phrases, phrasesApproximate };
    if (sampled)
      report.phrasesSampled = {
        rate: 1 / this.sampleWeight,
        fromLine: this.sampleFromLine,
        rows: this.sampledRows,
        counted: this.sampleKept,
      };
    return report;
  }
}
