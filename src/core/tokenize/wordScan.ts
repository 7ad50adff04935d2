/**
 * The `word` tokenizer fused with interning: scans a text's char codes once, hashing each token while it is
 * scanned, and writes the tokens' vocabulary ids — no token strings, no regex, no lowercased copy of the text.
 *
 * Why it is identical to wordTokenizer (text.toLowerCase().match(/[\p{L}\p{N}_]+/gu)):
 *  - ASCII: [A-Za-z0-9_] are exactly the ASCII members of [\p{L}\p{N}_], and ASCII lowercases to ASCII
 *    (A–Z → a–z) whatever surrounds it.
 *  - Other BMP code units: String.prototype.toLowerCase maps each of them on its own, whatever surrounds it,
 *    except U+0130 (two units), U+03A3 (Final_Sigma) and surrogates (code points only in pairs); bmpCase.ts
 *    tables give every other unit's lowercase and whether that lowercase is a token character, so those units
 *    are scanned like ASCII.
 *  - The exceptions (BMP_SPECIAL): the text is cut into segments at ASCII white space (TAB, LF, VT, FF, CR,
 *    SPACE). White space is neither a token character nor cased nor case-ignorable, so lowercasing never looks
 *    across it (Final_Sigma stops at it) and no token spans it. A segment holding such a unit is handled by the
 *    regex rule itself (segment.toLowerCase().match(WORD_TOKEN_RE)); the ids the fast path already wrote for
 *    that segment are dropped first (they are complete tokens whose units map context-free, which the rule
 *    re-derives identically, so no spurious type is created).
 */
import { WORD_TOKEN_RE } from './word.ts';
import { LANE_A0, LANE_B0, laneA, laneB } from './tokenHash.ts';
import { BMP_SPECIAL, BMP_WORD, bmpTables, type BmpTables } from './bmpCase.ts';

/** The interning side the scanner writes to (Vocabulary). */
export interface TokenInterner {
  intern(token: string): number;
  /**
   * `p0`, `p1`: the token packed as packedToken would pack it, when it is packable (p1 ≥ 0); p1 = −1 when it is not.
   */
  internCodes(low: Uint16Array, len: number, a: number, b: number, p0: number, p1: number): number;
}

/**
 * For code units < 128: the lowercased unit when it is a token character, else 0 (so one load both classifies
 * and lowercases).
 */
const ASCII_LOW = (() => {
  const t = new Uint8Array(128);
  for (let c = 48; c <= 57; c++) t[c] = c;
  for (let c = 65; c <= 90; c++) t[c] = c | 32;
  for (let c = 97; c <= 122; c++) t[c] = c;
  t[95] = 95;
  return t;
})();

/** Longest token packedToken packs: 9 units of 7 bits fill 63 of the 64 bits of (p1, p0). */
export const PACKED_MAX_LENGTH = 9;

/**
 * A token's code units packed into two 32-bit words, or null when it is not packable (longer than 9 units, or a unit
 * ≥ 128). Packing: a 64-bit number (p1 · 2³² + p0) that starts at 0 and, per unit c, is shifted left by 7 bits and
 * OR-ed with c. Why: for ASCII tokens of at most 9 units — most English tokens — two equal packed pairs mean two
 * equal tokens (each unit is 1…127, so the units and their count can be read back), so the interning table can
 * verify a hit with two integer compares instead of a loop over the characters (vocabulary.ts). p1 < 2³¹, so a
 * packable token never has p1 = −1, the table's mark of a type that is not packable.
 */
export function packedToken(units: ArrayLike<number>, at: number, len: number): [number, number] | null {
  if (len > PACKED_MAX_LENGTH) return null;
  let p0 = 0;
  let p1 = 0;
  for (let k = 0; k < len; k++) {
    const c = units[at + k];
    if (c >= 128) return null;
    p1 = (p1 << 7) | (p0 >>> 25);
    p0 = (p0 << 7) | c;
  }
  return [p0, p1];
}

/** ASCII white space (TAB, LF, VT, FF, CR, SPACE): a segment boundary. */
function isAsciiSpace(c: number): boolean {
  return c === 32 || (c >= 9 && c <= 13);
}

/**
 * Reusable scanner: `scan` writes one row's ids into `ids` and each token's two hash lanes (tokenHash.ts: its content
 * key, Vocabulary.keysOf) into `lanesA` / `lanesB`, all valid until the next scan. Why the lanes too: they are in
 * registers while the token is scanned, and reading them back per id from the vocabulary is a random read per token
 * (~2 % of a chunk worker's time on the bench corpus, session 15).
 */
export class WordScanner {
  ids = new Uint32Array(1024);
  lanesA = new Uint32Array(1024);
  lanesB = new Uint32Array(1024);
  /** The current token's lowercased code units (compared with the stored type on a hash hit). */
  private low = new Uint16Array(1024);

  /** Tokenizes `text`, interning each token in `table`; returns the number of ids written to `this.ids`. */
  scan(text: string, table: TokenInterner): number {
    const n = text.length;
    // a text of n code units has at most n tokens (no lowercase mapping turns one unit into two tokens)
    if (this.ids.length < n + 1) {
      this.ids = new Uint32Array(Math.max(n + 1, this.ids.length * 2));
      this.lanesA = new Uint32Array(this.ids.length);
      this.lanesB = new Uint32Array(this.ids.length);
      this.low = new Uint16Array(this.ids.length);
    }
    const low = this.low;
    let ids = this.ids;
    let lanesA = this.lanesA;
    let lanesB = this.lanesB;
    let bmp: BmpTables | null = null;
    let k = 0;
    let segK = 0;
    let segStart = 0;
    let i = 0;
    while (i < n) {
      let c = text.charCodeAt(i);
      // lc: the lowercased unit when it is a token character, 0 when it is not, −1 for İ, Σ and surrogates
      let lc: number;
      if (c < 128) lc = ASCII_LOW[c];
      else {
        bmp ??= bmpTables();
        const f = bmp.flags[c];
        lc = (f & BMP_SPECIAL) !== 0 ? -1 : (f & BMP_WORD) !== 0 ? bmp.lower[c] : 0;
      }
      if (lc === 0) {
        i++;
        if (c < 128 && isAsciiSpace(c)) {
          segStart = i;
          segK = k;
        }
        continue;
      }
      if (lc > 0) {
        // a token starts at i: hash its units until a non-token unit (left for the loop above) or the end
        const tokStart = i;
        let a = LANE_A0;
        let b = LANE_B0;
        // the 64-bit shift register of packedToken (p1:p0), and every unit OR-ed (≥ 128: not packable)
        let p0 = 0;
        let p1 = 0;
        let wide = 0;
        for (;;) {
          low[i - tokStart] = lc;
          a = laneA(a, lc);
          b = laneB(b, lc);
          p1 = (p1 << 7) | (p0 >>> 25);
          p0 = (p0 << 7) | lc;
          wide |= lc;
          if (++i === n) break;
          c = text.charCodeAt(i);
          if (c < 128) lc = ASCII_LOW[c];
          else {
            bmp ??= bmpTables();
            const f = bmp.flags[c];
            lc = (f & BMP_SPECIAL) !== 0 ? -1 : (f & BMP_WORD) !== 0 ? bmp.lower[c] : 0;
          }
          if (lc <= 0) break;
        }
        if (lc >= 0) {
          const packable = wide < 128 && i - tokStart <= PACKED_MAX_LENGTH;
          lanesA[k] = a;
          lanesB[k] = b;
          ids[k++] = table.internCodes(low, i - tokStart, a, b, packable ? p0 : 0, packable ? p1 : -1);
          continue;
        }
        // (the token runs into a special unit: it is not complete, the segment is redone below)
      }
      // İ, Σ or a surrogate at i: redo its whole white-space-delimited segment with the regex rule
      let end = i + 1;
      while (end < n) {
        const d = text.charCodeAt(end);
        if (d < 128 && isAsciiSpace(d)) break;
        end++;
      }
      k = segK;
      const tokens = text.slice(segStart, end).toLowerCase().match(WORD_TOKEN_RE);
      if (tokens !== null) {
        if (k + tokens.length > ids.length) {
          // not expected (see above), but never write past the buffers
          const size = (k + tokens.length) * 2;
          this.ids = ids = grownCopy(ids, k, size);
          this.lanesA = lanesA = grownCopy(lanesA, k, size);
          this.lanesB = lanesB = grownCopy(lanesB, k, size);
        }
        for (let t = 0; t < tokens.length; t++) {
          const token = tokens[t];
          let a = LANE_A0;
          let b = LANE_B0;
          for (let q = 0; q < token.length; q++) {
            a = laneA(a, token.charCodeAt(q));
            b = laneB(b, token.charCodeAt(q));
          }
          lanesA[k] = a;
          lanesB[k] = b;
          ids[k++] = table.intern(token);
        }
      }
      segStart = end;
      segK = k;
      i = end;
    }
    return k;
  }
}

/** A copy of a[0, keep) in a new array of `size` elements. */
function grownCopy(a: Uint32Array, keep: number, size: number): Uint32Array<ArrayBuffer> {
  const grown = new Uint32Array(size);
  grown.set(a.subarray(0, keep));
  return grown;
}
