/**
 * A bigram model (first-order Markov chain over token ids) stored in a CSR layout, for the bigram variant of
 * the generations projection. Why CSR: a chain over tens of thousands of types has millions of possible
 * pairs but only the observed ones matter; per context token we keep one slice of successor ids and the
 * cumulative counts of those successors, all in three typed arrays (no JS object per pair), and a draw is a
 * binary search in that slice — O(log out-degree) per token, no per-context alias table to build.
 *
 * Ids: tokens are 0…V−1. Context V is START (row openings: its successors are the first tokens of rows);
 * successor V is END (a row ended after this token). Rows with no tokens are ignored. A row that was cut
 * (a generation's last row, cut at the token budget) contributes its pairs but no END.
 */
import type { Prng } from './prng.ts';

/**
 * Rows of token ids inside a pooled array: row i is `tokens[tokStart[g] … tokStart[g+1])` with
 * g = rows[i] (or g = i when `rows` is absent). `cut[i] = 1` marks a row that did not end (no END pair).
 */
export interface TokenRows {
  tokens: Uint32Array;
  tokStart: ArrayLike<number>;
  rows?: ArrayLike<number> | null;
  cut?: Uint8Array | null;
}

/** A fitted bigram model: counts of (context → successor) pairs, START/END included. */
export class BigramTable {
  private constructor(
    /** Number of token types V (ids 0…V−1); START = V as a context, END = V as a successor. */
    readonly vocabSize: number,
    /** Context c's successors are next[offsets[c] … offsets[c+1]); length V + 2. */
    readonly offsets: Uint32Array,
    readonly next: Uint32Array,
    /** cum[i] = Σ counts of next[offsets[c] … i] (cumulative within the context's slice). */
    readonly cum: Float64Array,
  ) {}

  /** Distinct pairs stored, START → token and token → END pairs included. */
  get distinctPairs(): number {
    return this.next.length;
  }

  /** Count of the pair (ctx → succ); ctx = V means START, succ = V means END. */
  count(ctx: number, succ: number): number {
    const a = this.offsets[ctx];
    const b = this.offsets[ctx + 1];
    for (let i = a; i < b; i++) if (this.next[i] === succ) return this.cum[i] - (i > a ? this.cum[i - 1] : 0);
    return 0;
  }

  /**
   * Maximum-likelihood bigram counts of `sources` (plus every pair count of `base`, for the accumulate
   * regime): for each row with n ≥ 1 tokens t_1…t_n, one START → t_1, one t_j → t_{j+1} per j < n, and
   * t_n → END unless the row is cut. Cost O(pairs + V) time, 12 bytes per pair transient memory.
   */
  static fit(vocabSize: number, sources: TokenRows[], base: BigramTable | null = null): BigramTable {
    const V = vocabSize;
    const START = V;
    const start = new Float64Array(V + 2); // start[c + 1] = entries of context c, then prefix sums
    if (base) for (let c = 0; c <= V; c++) start[c + 1] += base.offsets[c + 1] - base.offsets[c];
    forEachPair(sources, V, (c) => start[c + 1]++);
    for (let c = 0; c <= V; c++) start[c + 1] += start[c];
    const n = start[V + 1];
    const nxt = new Uint32Array(n);
    const w = new Float64Array(n);
    const fill = start.slice(0, V + 1);
    if (base) {
      for (let c = 0; c <= V; c++) {
        for (let i = base.offsets[c]; i < base.offsets[c + 1]; i++) {
          const f = fill[c]++;
          nxt[f] = base.next[i];
          w[f] = base.cum[i] - (i > base.offsets[c] ? base.cum[i - 1] : 0);
        }
      }
    }
    forEachPair(sources, V, (c, s) => {
      const f = fill[c]++;
      nxt[f] = s;
      w[f] = 1;
    });
    // Aggregate equal successors within each context, compacting leftwards (write index ≤ read index).
    const stamp = new Int32Array(V + 1).fill(-1);
    const pos = new Uint32Array(V + 1);
    const offsets = new Uint32Array(V + 2);
    let o = 0;
    for (let c = 0; c <= START; c++) {
      const from = o;
      for (let i = start[c]; i < start[c + 1]; i++) {
        const s = nxt[i];
        if (stamp[s] === c) {
          w[pos[s]] += w[i];
        } else {
          stamp[s] = c;
          pos[s] = o;
          nxt[o] = s;
          w[o++] = w[i];
        }
      }
      for (let i = from + 1; i < o; i++) w[i] += w[i - 1];
      offsets[c + 1] = o;
    }
    return new BigramTable(V, offsets, nxt.slice(0, o), w.slice(0, o));
  }

  /**
   * Walks the chain until `tokens` tokens are emitted, appending them to `out` as rows: start at START,
   * draw a successor with probability count / context total; END closes the row and restarts from START; a
   * dead end (a context with no successors: a token seen only at the end of a cut row) cuts the row and
   * restarts from START. The last row is cut at the budget. Throws when START has no successors.
   */
  walk(tokens: number, rng: Prng, out: GeneratedRows): void {
    const V = this.vocabSize;
    const { offsets, next, cum } = this;
    if (tokens > 0 && offsets[V] === offsets[V + 1]) throw new RangeError('bigram model has no row openings');
    let ctx = V;
    let emitted = 0;
    while (emitted < tokens) {
      const a = offsets[ctx];
      const b = offsets[ctx + 1];
      if (a === b) {
        out.closeRow(true);
        ctx = V;
        continue;
      }
      const u = rng.nextDouble() * cum[b - 1];
      let lo = a;
      let hi = b - 1;
      while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (cum[mid] > u) hi = mid;
        else lo = mid + 1;
      }
      const s = next[lo];
      if (s === V) {
        out.closeRow(false);
        ctx = V;
      } else {
        out.push(s);
        emitted++;
        ctx = s;
      }
    }
    out.closeRow(true);
  }
}

/** Calls `visit(context, successor)` for every pair of `sources` (START = V as context, END = V as successor). */
function forEachPair(sources: TokenRows[], V: number, visit: (c: number, s: number) => void): void {
  for (const src of sources) {
    const { tokens, tokStart, rows, cut } = src;
    const nRows = rows ? rows.length : tokStart.length - 1;
    for (let r = 0; r < nRows; r++) {
      const g = rows ? rows[r] : r;
      const a = tokStart[g];
      const b = tokStart[g + 1];
      if (b <= a) continue;
      visit(V, tokens[a]);
      for (let i = a + 1; i < b; i++) visit(tokens[i - 1], tokens[i]);
      if (!cut || !cut[r]) visit(tokens[b - 1], V);
    }
  }
}

/**
 * Rows being generated (tokens, row boundaries, cut flags) in arrays sized once for `capacity` tokens
 * (9 bytes per token): the walk writes straight into typed arrays. `rows()` views them as TokenRows.
 */
export class GeneratedRows {
  private readonly toks: Uint32Array;
  private readonly starts: Uint32Array;
  private readonly cuts: Uint8Array;
  private n = 0;
  private nRows = 0;

  constructor(capacity: number) {
    this.toks = new Uint32Array(capacity);
    this.starts = new Uint32Array(capacity + 1);
    this.cuts = new Uint8Array(capacity);
  }

  /** Tokens so far. */
  get length(): number {
    return this.n;
  }

  /** Appends a token (throws past the capacity). */
  push(token: number): void {
    if (this.n === this.toks.length) throw new RangeError('GeneratedRows is full');
    this.toks[this.n++] = token;
  }

  /** Ends the current row (ignored when it has no tokens); `cut` = it did not reach END. */
  closeRow(cut: boolean): void {
    if (this.n === this.starts[this.nRows]) return;
    this.cuts[this.nRows++] = cut ? 1 : 0;
    this.starts[this.nRows] = this.n;
  }

  /** The rows closed so far as TokenRows (views, no copies). */
  rows(): TokenRows {
    return {
      tokens: this.toks.subarray(0, this.n),
      tokStart: this.starts.subarray(0, this.nRows + 1),
      cut: this.cuts.subarray(0, this.nRows),
    };
  }
}
