/**
 * Templates: the phrases a synthetic corpus keeps reusing — row openings ("sure here s a …") and frequent
 * 6-grams anywhere in a row ("as an ai language model …").
 */
import { hashIds, hashIdsHigh } from './minhash.ts';
import { SpaceSaving, type HeavyHitter } from './topK.ts';

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
  /** Present (true) when the count comes from a sketch that evicted items. */
  approximate?: boolean;
  /** With approximate: the true count is in [rows − error, rows]. */
  error?: number;
}

export interface TemplatesReport {
  rowsWithTokens: number;
  /** Most frequent row openings (first n tokens, n = 3…6), prefixes subsumed by an equally frequent longer opening removed. */
  openings: TemplateEntry[];
  /** Most frequent 6-grams, each counted once per row containing it. */
  phrases: TemplateEntry[];
  /** True when the phrase sketch evicted items (counts are then upper bounds; see each entry's error). */
  phrasesApproximate: boolean;
}

const MIN_OPENING = 3;
const MAX_OPENING = 6;
const PHRASE = 6;

export interface TemplateOptions {
  /** Entries per list (default 20). */
  top?: number;
  /** SpaceSaving counters for the 6-gram phrases (default 4,096). */
  counters?: number;
  /** SpaceSaving counters per opening length (default 32,768): openings are exact until that many distinct ones. */
  openingCounters?: number;
}

/**
 * Counts row openings and per-row-distinct 6-grams in bounded memory (SpaceSaving sketches).
 * Definitions: opening n-gram = the first n tokens of a row with ≥ n tokens (n = 3…6); phrase = any 6 consecutive
 * tokens, counted at most once per row; share = rows containing it / rows with ≥ 1 token.
 */
export class TemplateAccumulator {
  private readonly top: number;
  private readonly openings: SpaceSaving[] = [];
  private readonly phrases: SpaceSaving;
  private readonly seenInRow = new Set<number>();
  private rowsWithTokens = 0;

  constructor(options: TemplateOptions = {}) {
    this.top = options.top ?? 20;
    const oc = options.openingCounters ?? 1 << 15;
    for (let n = MIN_OPENING; n <= MAX_OPENING; n++) this.openings.push(new SpaceSaving(oc, n));
    this.phrases = new SpaceSaving(options.counters ?? 4096, PHRASE);
  }

  /** Adds one row's token ids (any order of rows works; examples are the first lines seen). */
  addRow(line: number, tokens: Uint32Array): void {
    const len = tokens.length;
    if (len === 0) return;
    this.rowsWithTokens++;
    for (let n = MIN_OPENING; n <= MAX_OPENING && n <= len; n++) {
      this.openings[n - MIN_OPENING].offer(hashIds(tokens, 0, n), hashIdsHigh(tokens, 0, n), tokens, 0, n, line);
    }
    const seen = this.seenInRow;
    seen.clear();
    for (let i = 0; i + PHRASE <= len; i++) {
      const lo = hashIds(tokens, i, PHRASE);
      const hi = hashIdsHigh(tokens, i, PHRASE);
      const k = (hi & 0x1fffff) * 4294967296 + lo;
      if (seen.has(k)) continue;
      seen.add(k);
      this.phrases.offer(lo, hi, tokens, i, PHRASE, line);
    }
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
    const candidates: TemplateEntry[] = [];
    for (const sk of this.openings) for (const h of sk.top(this.top * 4)) candidates.push(toEntry(h, sk.evicted));
    candidates.sort((a, b) => b.rows - a.rows || b.n - a.n || a.exampleLines[0] - b.exampleLines[0]);
    const openings = candidates
      .filter((e) => !candidates.some((f) => f.n > e.n && f.rows === e.rows && f.text.startsWith(e.text + ' ')))
      .slice(0, this.top);
    const phrasesApproximate = this.phrases.evicted;
    const phrases = this.phrases.top(this.top).map((h) => toEntry(h, phrasesApproximate));
    return { rowsWithTokens: denom, openings, phrases, phrasesApproximate };
  }
}
