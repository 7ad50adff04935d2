/**
 * MTLD — measure of textual lexical diversity (McCarthy & Jarvis 2010), exactly as
 * lexicalrichness' `LexicalRichness.mtld(threshold)` computes it.
 *
 * One pass: walk the tokens keeping a type set and a count; after each token ttr = |set|/count;
 * when ttr ≤ threshold add one factor and reset set and count. At the end, if count > 0, add the
 * partial factor (1 − ttr)/(1 − threshold) with the last ttr. If the factor total is still 0:
 * use 1 when the overall TTR is 1, else (1 − TTR)/(1 − threshold). Pass value = N / factors.
 * MTLD = mean of the forward pass and the pass over the reversed stream.
 *
 * Consequence of the no-factor rule: a stream whose tokens are all distinct never reaches the
 * threshold and its partial factor is 1 − 1 = 0, so factors = 1 and MTLD = N (it grows with
 * length). null when N = 0.
 *
 * Chunks (`resume`): once two passes over the same tokens close a factor after the same token, they agree from
 * there on, whatever came before. A chunk's worker runs a pass started fresh at the chunk's first token and records
 * where it closes factors; the merge continues the file's pass through the chunk only until it closes a factor
 * where the chunk's pass did, then adds the chunk's later factors and replays the chunk's last open segment. In
 * the worst case (no common factor end) it replays the whole chunk, as before; the value is always that of one pass.
 */
import { LocalIdMap } from './lexicalIdMap.ts';
import { withRoom } from '../typedArrays.ts';

/** Default MTLD factor threshold. */
export const DEFAULT_MTLD_THRESHOLD = 0.72;

/** One directional MTLD pass over dense ids (a stamp array indexed by id stands in for the type set). */
export class MtldPass {
  private stamps = new Uint32Array(64);
  /** Current segment number; stamps[id] === segment ⇔ id is in the current type set. */
  private segment = 1;
  private setSize = 0; // types of the current segment
  private count = 0; // tokens of the current segment
  private lastTtr = 1; // setSize / count after the last token
  private fullFactors = 0; // segments closed at the threshold
  private tokens = 0; // tokens of the whole pass
  /** With `recordEnds`: the pass position (0-based token index) of every token that closed a factor. */
  private ends: Uint32Array | null;

  constructor(
    readonly threshold: number = DEFAULT_MTLD_THRESHOLD,
    recordEnds = false,
  ) {
    if (!(threshold > 0 && threshold < 1))
      throw new RangeError(`MTLD threshold must be in (0, 1), got ${threshold}`);
    this.ends = recordEnds ? new Uint32Array(64) : null;
  }

  /** Adds the next token of this pass. */
  push(id: number): void {
    if (id >= this.stamps.length) this.stamps = withRoom(this.stamps, id + 1);
    this.tokens++;
    this.count++;
    if (this.stamps[id] !== this.segment) {
      this.stamps[id] = this.segment;
      this.setSize++;
    }
    const ttr = this.setSize / this.count;
    this.lastTtr = ttr;
    if (ttr <= this.threshold) {
      if (this.ends !== null) {
        if (this.fullFactors >= this.ends.length) this.ends = withRoom(this.ends, this.fullFactors + 1);
        this.ends[this.fullFactors] = this.tokens - 1;
      }
      this.fullFactors++;
      this.segment++;
      this.setSize = 0;
      this.count = 0;
    }
  }

  /** With `recordEnds`: the positions of the tokens that closed a factor, ascending (a copy). */
  factorEnds(): Uint32Array {
    if (this.ends === null) throw new Error('MtldPass.factorEnds needs recordEnds');
    return this.ends.slice(0, this.fullFactors);
  }

  /**
   * Continues this pass through `n` more tokens, the j-th being `at(j)`, given `ends`: the factorEnds() of a pass
   * over the same n tokens started fresh. Same state as pushing all n tokens, but it pushes only those up to the
   * first factor end the two passes share, and those after the last one (see the header). Why: a chunk's merge
   * then costs a few factors, not the chunk's tokens. `ends` must be right for these tokens and this threshold.
   */
  resume(n: number, at: (j: number) => number, ends: Uint32Array): void {
    if (this.ends !== null) throw new Error('MtldPass.resume on a pass that records its factor ends');
    // `from`: the position after which both passes are in the same state (−1: already at the start)
    let from = -1;
    let e = 0;
    if (this.count !== 0) {
      from = -2;
      for (let j = 0; j < n; j++) {
        this.push(at(j));
        if (this.count !== 0) continue;
        while (e < ends.length && ends[e] < j) e++;
        if (e < ends.length && ends[e] === j) {
          from = j;
          e++;
          break;
        }
      }
      if (from === -2) return; // no common factor end: every token was pushed
    }
    while (e < ends.length && ends[e] <= from) e++;
    if (e < ends.length) {
      const last = ends[ends.length - 1];
      if (last >= n) throw new RangeError(`MtldPass.resume: a factor end at ${last} of ${n} tokens`);
      this.fullFactors += ends.length - e;
      this.tokens += last - from;
      this.segment++;
      this.setSize = 0;
      this.count = 0;
      from = last;
    }
    for (let j = from + 1; j < n; j++) this.push(at(j));
  }

  /** Number of full factors so far. */
  get factorsCompleted(): number {
    return this.fullFactors;
  }

  /**
   * Value of the pass: N / factors with the partial-factor and no-factor rules above.
   * `types` is the number of distinct ids of the whole stream (for the overall TTR). null when N = 0.
   */
  value(types: number): number | null {
    const N = this.tokens;
    if (N === 0) return null;
    const t = this.threshold;
    let factors = this.fullFactors;
    if (this.count > 0) factors += (1 - this.lastTtr) / (1 - t);
    if (factors === 0) {
      const ttr = types / N;
      factors = ttr === 1 ? 1 : (1 - ttr) / (1 - t);
    }
    return N / factors;
  }
}

/** One MTLD pass over `ids` (forward, or over the reversed array when `reverse`). null when empty. */
export function mtldOneWay(
  ids: ArrayLike<number>,
  threshold: number = DEFAULT_MTLD_THRESHOLD,
  reverse = false,
): number | null {
  const map = new LocalIdMap();
  const local = new Uint32Array(ids.length);
  for (let i = 0; i < ids.length; i++) local[i] = map.localize(ids[i]);
  const pass = new MtldPass(threshold);
  if (reverse) for (let i = local.length - 1; i >= 0; i--) pass.push(local[i]);
  else for (let i = 0; i < local.length; i++) pass.push(local[i]);
  return pass.value(map.size);
}

/** MTLD of `ids`: mean of the forward and backward passes. null when empty. */
export function mtld(ids: ArrayLike<number>, threshold: number = DEFAULT_MTLD_THRESHOLD): number | null {
  const f = mtldOneWay(ids, threshold, false);
  const b = mtldOneWay(ids, threshold, true);
  return f === null || b === null ? null : (f + b) / 2;
}
