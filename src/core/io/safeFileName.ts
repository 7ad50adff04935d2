/**
 * The one rule for file names built from data or from a dataset's name (the default `<name>.mixed.jsonl` of Mix &
 * Correct, Export Report's `<name>.diversity.md`, the Dask example's partial names — examples/dask/analyze_on_dask.py
 * has the same rule in Python, checked against this one by test/unit/core/io/safeFileName.test.ts): whatever the
 * name holds (`../../x`, `CON`, a 300-character name, control or bidi characters), the result is ONE path component
 * that every supported file system accepts, and it lands in the folder the caller chose. And the one collision rule
 * for such names: a proposed name never points at an existing file (`name-2.ext`, `name-3.ext`, … instead), so a
 * default never silently replaces another output.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';

/** Longest file name in bytes of UTF-8 (ext4, APFS, NTFS in UTF-16 units: 255 bytes is within every limit). */
export const MAX_NAME_BYTES = 255;
/** What an empty (or all-unsafe) name becomes. */
export const EMPTY_NAME = 'unnamed';

/**
 * Characters never kept: path separators and what Windows forbids (`<>:"/\|?*`), C0/C1 controls and DEL, the
 * bidirectional controls (LRM, RLM, ALM, LRE…RLO, LRI…PDI: they make `exe.jsonl` look like `lnosj.exe`), BOM,
 * line/paragraph separators, and lone surrogates (not encodable in UTF-8).
 */
const UNSAFE =
  /[<>:"/\\|?*\u0000-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069\u2028\u2029\ufeff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** Windows device names: reserved with any extension (`con.jsonl`) and in any case; COM¹–³ / LPT¹–³ too. */
const RESERVED = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)$/i;

const utf8Bytes = (s: string): number => Buffer.byteLength(s, 'utf8');

/** `s` cut to at most `max` bytes of UTF-8, at a code point boundary (a surrogate pair is never split). */
function cutToBytes(s: string, max: number): string {
  if (utf8Bytes(s) <= max) return s;
  let out = '';
  let used = 0;
  for (const ch of s) {
    const n = utf8Bytes(ch);
    if (used + n > max) break;
    out += ch;
    used += n;
  }
  return out;
}

/** The stem without what Windows drops or misreads at its ends: leading dots and spaces, trailing dots and spaces. */
const trimEnds = (s: string): string => s.replace(/^[. ]+/, '').replace(/[. ]+$/, '');

/**
 * One safe path component made of `stem` (untrusted: data, a dataset's name) and `suffix` (ours, kept as is, e.g.
 * `.mixed.jsonl`; when omitted, the stem's own extension — a dot and up to 16 of `A-Za-z0-9_-` — is kept). Unsafe characters become
 * `_`; leading dots (no hidden file, never `.` or `..`) and trailing dots and spaces go; a Windows device name (`CON`,
 * `con.jsonl`, `COM1.x`) gets a `_` in front; the stem is cut so the whole name fits MAX_NAME_BYTES of UTF-8; an
 * empty stem becomes EMPTY_NAME. Why: every name built from data goes through here, so `path.join(folder, result)`
 * is always directly inside `folder`.
 */
export function safeFileName(stem: string, suffix?: string): string {
  let ext = suffix;
  let base = stem;
  if (ext === undefined) {
    const m = /\.[A-Za-z0-9_-]{1,16}$/.exec(stem);
    ext = m && m.index > 0 ? m[0] : '';
    base = stem.slice(0, stem.length - ext.length);
  }
  if (utf8Bytes(ext) > MAX_NAME_BYTES - 16) throw new RangeError(`suffix too long for a file name: ${ext}`);
  base = trimEnds(base.normalize('NFC').replace(UNSAFE, '_'));
  base = trimEnds(cutToBytes(base, MAX_NAME_BYTES - utf8Bytes(ext)));
  if (base === '') base = EMPTY_NAME;
  // what Windows reads as a device name is the part before the first dot, trailing spaces ignored; checked on the
  // final stem (a cut and a trim can make one: `CON` + 260 spaces + `x`), with room made for the `_`
  if (RESERVED.test(`${base}${ext}`.split('.')[0].trimEnd()))
    base = `_${trimEnds(cutToBytes(base, MAX_NAME_BYTES - utf8Bytes(ext) - 1))}`;
  const name = `${base}${ext}`;
  return /[. ]$/.test(name) ? `${name.replace(/[. ]+$/, '')}_` : name;
}

/**
 * The path in `folder` for `safeFileName(stem, suffix)` that does not exist yet: the name itself, else `stem-2`,
 * `stem-3`, … before the suffix (each still within MAX_NAME_BYTES). Why: a default output name must never point at
 * another output (or an input), which a save dialog's "Replace?" would make easy to overwrite by accident.
 */
export function freeFileName(
  folder: string,
  stem: string,
  suffix: string,
  exists: (p: string) => boolean = existsSync,
): string {
  const first = join(folder, safeFileName(stem, suffix));
  if (!exists(first)) return first;
  for (let n = 2; ; n++) {
    const tag = `-${n}`;
    // the tag goes after the (safe, possibly cut) stem, so the cut leaves room for it
    const name = safeFileName(stem, `${tag}${suffix}`);
    const candidate = join(folder, name);
    if (!exists(candidate)) return candidate;
  }
}
