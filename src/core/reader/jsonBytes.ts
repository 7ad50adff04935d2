/**
 * The byte codes the byte-level JSON and line scanners compare against (lineScanner.ts, jsonArrayScanner.ts,
 * depthScan.ts, mix/compactJson.ts). Why one module: the scanners must agree on what whitespace, a string, an
 * escape and a bracket are; written once, a code cannot differ between them. Plain `const` numbers: the scanners'
 * hot loops compare against them, and esbuild bundles module-level consts as consts.
 */

export const TAB = 0x09;
export const LF = 0x0a;
export const CR = 0x0d;
export const SPACE = 0x20;
export const QUOTE = 0x22; // "
export const COMMA = 0x2c; // ,
export const OPEN_ARRAY = 0x5b; // [
export const BACKSLASH = 0x5c; // \
export const CLOSE_ARRAY = 0x5d; // ]
export const OPEN_OBJECT = 0x7b; // {
export const CLOSE_OBJECT = 0x7d; // }
/** The UTF-8 byte order mark a file may start with. */
export const BOM: readonly number[] = [0xef, 0xbb, 0xbf];
