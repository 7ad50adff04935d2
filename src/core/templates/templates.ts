/**
 * Templates: the phrases a synthetic corpus keeps reusing — row openings ("sure here s a …") and frequent
 * 6-grams anywhere in a row ("as an ai language model …").
 */
import { RowKeys } from '../sketches/idWindowHash.ts';
import { SpaceSaving, type HeavyHitter, type SpaceSavingPartial } from '../sketches/spaceSaving.ts';
import { CountMinTopK, type CountMinTopKPartial } from '../sketches/countMinTopK.ts';
import { mergeOverlappingPhrases } from './templatePhrases.ts';
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
  /** Count-Min sketch width for the 6-gram phrases (default 2^18; memory 16·width bytes). */
  counters?: number;
  /** Phrase candidates tracked for the top list (default 1,024). */
  candidates?: number;
  /** SpaceSaving counters per opening length (default 8,192): openings are exact until that many distinct ones. */
  openingCounters?: number;
  /** Count 6-gram phrases (default true). Slices report only their top opening, so they skip the phrase sketch. */
  phrases?: boolean;
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
  private stamp = new Uint32Array(256);
  private rowLo = new Uint32Array(256);
  private rowHi = new Uint32Array(256);
  /** The row's distinct 6-grams in order: start position and slot in the row table. */
  private keptPos = new Uint32Array(256);
  private keptSlot = new Uint32Array(256);
  /** Accumulates CountMinTopK.touch values so the prefetching reads stay in the compiled code. */
  private sink = 0;
  private row = 0;
  private rowsWithTokens = 0;
  /** Per-token hash keys of the current row (the n-gram hashes are hashIds / hashIdsHigh of its windows). */
  private readonly keys = new RowKeys();

  constructor(options: TemplateOptions = {}) {
    this.top = options.top ?? 20;
    const oc = options.openingCounters ?? 1 << 13;
    for (let n = MIN_OPENING; n <= MAX_OPENING; n++) this.openings.push(new SpaceSaving(oc, n));
    this.countPhrases = options.phrases ?? true;
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
   */
  addRow(line: number, tokens: Uint32Array, contentKeys?: Uint32Array): void {
    const len = tokens.length;
    if (contentKeys && contentKeys.length !== len)
      throw new RangeError(`addRow: ${contentKeys.length} content keys for ${len} tokens`);
    if (len === 0) return;
    this.rowsWithTokens++;
    const keys = this.keys;
    keys.set(contentKeys ?? tokens);
    for (let n = MIN_OPENING; n <= MAX_OPENING && n <= len; n++) {
      this.openings[n - MIN_OPENING].offer(keys.hashLo(0, n), keys.hashHi(0, n), tokens, 0, n, line);
    }
    if (!this.countPhrases) return;
    this.row++;
    const need = (len - PHRASE + 1) * 2;
    if (this.stamp.length < need) this.growRowTable(need);
    const mask = this.stamp.length - 1;
    // pass 1: hash every 6-gram and keep the first occurrence of each within the row (same order as before)
    let kept = 0;
    const pos = this.keptPos;
    for (let i = 0; i + PHRASE <= len; i++) {
      const lo = keys.hashLo(i, PHRASE);
      const hi = keys.hashHi(i, PHRASE);
      // per-row dedupe: a generation-stamped open-addressing set, cleared for free by bumping `row`
      let j = lo & mask;
      let dup = false;
      while (this.stamp[j] === this.row) {
        if (this.rowLo[j] === lo && this.rowHi[j] === hi) {
          dup = true;
          break;
        }
        j = (j + 1) & mask;
      }
      if (dup) continue;
      this.stamp[j] = this.row;
      this.rowLo[j] = lo;
      this.rowHi[j] = hi;
      pos[kept] = i;
      this.keptSlot[kept++] = j;
    }
    // pass 2: touch the sketch cells of all of them (overlapping cache misses), pass 3: offer in order
    let sink = 0;
    for (let q = 0; q < kept; q++)
      sink ^= this.phrases.touch(this.rowLo[this.keptSlot[q]], this.rowHi[this.keptSlot[q]]);
    this.sink ^= sink;
    for (let q = 0; q < kept; q++) {
      const j = this.keptSlot[q];
      this.phrases.offer(this.rowLo[j], this.rowHi[j], tokens, pos[q], PHRASE, line);
    }
  }

  private growRowTable(need: number): void {
    let size = this.stamp.length;
    while (size < need) size *= 2;
    this.stamp = new Uint32Array(size);
    this.rowLo = new Uint32Array(size);
    this.rowHi = new Uint32Array(size);
    this.keptPos = new Uint32Array(size);
    this.keptSlot = new Uint32Array(size);
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
    if (p.phrases) this.phrases.merge(p.phrases, remap);
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
    // take more than `top` 6-grams so that, once the sliding 6-grams of a sentence are joined, `top` remain
    const phrases = mergeOverlappingPhrases(this.phrases.top(this.top * 4).filter(repeated))
      .slice(0, this.top)
      .map((h) => toEntry(h, phrasesApproximate));
    return { rowsWithTokens: denom, openings, phrases, phrasesApproximate };
  }
}
