/**
 * Per-code-unit tables of the Basic Multilingual Plane: the lowercase of each UTF-16 code unit, whether that
 * lowercase is a `word` token character ([\p{L}\p{N}_]) and whether that lowercase is JavaScript white space (\s).
 *
 * Why: the word scanner (wordScan.ts) and the exact-duplicate key (exactNormalHash.ts) used to hand any text
 * or segment with a non-ASCII code unit to toLowerCase + a regex (about a fifth of the bench corpus's text).
 * String.prototype.toLowerCase maps every BMP code unit on its own, independently of its neighbours, EXCEPT
 *  - U+0130 (İ), whose lowercase is two code units ("i̇"),
 *  - U+03A3 (Σ), whose lowercase depends on the surrounding letters (Final_Sigma, the only context-dependent
 *    default mapping),
 *  - surrogates, which form code points (with their own classes and mappings) only in pairs.
 * Those units are flagged SPECIAL and the callers keep the original string path for them; for every other unit
 * lowercasing the text and then looking at one unit equals looking up the unit here, so the fast paths are exact.
 * The tables (192 KiB) are built on first use from the engine's own toLowerCase and regex (~25 ms), so they
 * follow the running engine's Unicode version exactly as the string path does.
 */

/** Flag: the unit's lowercase is a token character ([\p{L}\p{N}_]). */
export const BMP_WORD = 1;
/** Flag: the unit's lowercase is white space for /\s/ and String.prototype.trim. */
export const BMP_SPACE = 2;
/** Flag: the unit has no context-free one-unit lowercase (U+0130, U+03A3, surrogates): use the string path. */
export const BMP_SPECIAL = 4;

/** The tables: `lower[c]` (meaningful unless SPECIAL) and `flags[c]`, indexed by code unit. */
export interface BmpTables {
  lower: Uint16Array;
  flags: Uint8Array;
}

let tables: BmpTables | null = null;

/** The shared tables, built on the first call. Why lazy: pure-ASCII data never pays for them. */
export function bmpTables(): BmpTables {
  return (tables ??= buildBmpTables());
}

function buildBmpTables(): BmpTables {
  const lower = new Uint16Array(65536);
  const flags = new Uint8Array(65536);
  const word = /^[\p{L}\p{N}_]$/u;
  const space = /^\s$/;
  for (let c = 0; c < 65536; c++) {
    const s = String.fromCharCode(c);
    if ((c >= 0xd800 && c <= 0xdfff) || c === 0x3a3) {
      flags[c] = BMP_SPECIAL | (space.test(s) ? BMP_SPACE : 0);
      lower[c] = c;
      continue;
    }
    const l = s.toLowerCase();
    if (l.length !== 1) {
      flags[c] = BMP_SPECIAL;
      lower[c] = c;
      continue;
    }
    lower[c] = l.charCodeAt(0);
    flags[c] = (word.test(l) ? BMP_WORD : 0) | (space.test(l) ? BMP_SPACE : 0);
  }
  return { lower, flags };
}
