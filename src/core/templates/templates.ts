/**
 * Templates: the phrases a synthetic corpus keeps reusing — row openings ("sure here s a …") and frequent
 * 6-grams anywhere in a row ("as an ai language model …").
 */
import { RowKeys } from '../sketches/idWindowHash.ts';
import { SpaceSaving, type HeavyHitter } from '../sketches/topK.ts';
import { CountMinTopK } from '../sketches/topKCountMin.ts';
import { mergeOverlappingPhrases } from './templatePhrases.ts';

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
  /** Most frequent 6-grams found in ≥ 2 rows, each counted once per row containing it. */
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
 * Counts row openings (SpaceSaving) and per-row-distinct 6-grams (Count-Min + candidate heap) in bounded memory.
 * Definitions: opening n-gram = the first n tokens of a row with ≥ n tokens (n = 3…6); phrase = any 6 consecutive
 * tokens, counted at most once per row; share = rows containing it / rows with ≥ 1 token.
 */
export class TemplateAccumulator {
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
    this.phrases = new CountMinTopK(this.countPhrases ? (options.counters ?? 1 << 18) : 1, this.countPhrases ? (options.candidates ?? 1024) : 1, PHRASE);
  }

  /** Adds one row's token ids (any order of rows works; examples are the first lines seen). */
  addRow(line: number, tokens: Uint32Array): void {
    const len = tokens.length;
    if (len === 0) return;
    this.rowsWithTokens++;
    const keys = this.keys;
    keys.set(tokens);
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
    for (let q = 0; q < kept; q++) sink ^= this.phrases.touch(this.rowLo[this.keptSlot[q]], this.rowHi[this.keptSlot[q]]);
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

  /** Rows with at least one token so far (the denominator of every share). */
  get rowsWithTokensSoFar(): number {
    return this.rowsWithTokens;
  }

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
