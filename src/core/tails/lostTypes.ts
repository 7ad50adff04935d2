/**
 * Every lost tail type (reference tail types absent from the dataset), kept compactly so the panel can search
 * all of them, not only the report's first 1,000: the analysis worker builds a LostTypesIndex next to the report
 * (one string of all tokens plus typed arrays, moved to the extension host without a copy), and the host answers
 * the panel's search / filter / order / page requests from it (src/extension/panel/lostTypesQuery.ts).
 *
 * Bounded: at most MAX_KEPT_LOST_TYPES types and MAX_KEPT_LOST_CHARS characters are kept (the most frequent in
 * the reference; the cut drops the rarest, which the panel then says). That is about 25 bytes a type, ≤ ~60 MB.
 * Fast: a search is one native indexOf scan of the lowercased tokens plus one pass over flags, done in slices
 * (queryLostTypesSteps yields every LOST_QUERY_SLICE entries) so the host can interleave other work.
 * Free of vscode, Node and DOM imports.
 */
import type { LostType } from './tails.ts';

/** Most lost types kept for search (the most frequent in the reference). */
export const MAX_KEPT_LOST_TYPES = 2_000_000;
/** Most characters of lost tokens kept for search. */
export const MAX_KEPT_LOST_CHARS = 24_000_000;
/** Entries a query step handles before it yields. */
export const LOST_QUERY_SLICE = 131_072;

/** The order a lost-types page lists its tokens in. */
export type LostOrder = 'count' | 'token';

/** All lost tail types (up to the caps), searchable. Arrays are indexed by entry, in reference-count order. */
export interface LostTypesIndex {
  /** Tokens concatenated, by reference count descending then token ascending (code units). */
  text: string;
  /** End offset of entry i in `text` (its start is ends[i - 1], or 0). */
  ends: Uint32Array;
  /** `text` lowercased, with its own ends (lowercasing can change lengths); null when equal to `text`. */
  lower: string | null;
  lowerEnds: Uint32Array | null;
  /** Reference count of entry i. */
  counts: Uint32Array;
  /** 1 when entry i is a number (see isNumericToken). */
  numeric: Uint8Array;
  /** Entries in token order (code units, A→Z): byToken[k] = entry of rank k. */
  byToken: Uint32Array;
  /** Numeric entries kept. */
  numericCount: number;
  /** Lost tail types in all (entries kept ≤ total). */
  total: number;
}

/** What the panel asks of the lost types. */
export interface LostQuery {
  /** Case-insensitive substring of the token (trimmed); empty = every type. */
  query: string;
  /** Leave out numbers (isNumericToken). */
  hideNumbers: boolean;
  order: LostOrder;
  /** 0-based page; clamped to the last page. */
  page: number;
  pageSize: number;
}

/** One page of the lost types that match a query. */
export interface LostPage {
  items: LostType[];
  /** Types matching the query and filter (among those kept). */
  matched: number;
  /** The page returned (the requested one, clamped) and the number of pages (≥ 1). */
  page: number;
  pages: number;
  /** Types kept for search, numbers among them, and lost types in all. */
  kept: number;
  numeric: number;
  total: number;
}

const NUMERIC_RE = /^[\p{N}.,:/+\-_'%]+$/u;
const DIGIT_RE = /\p{N}/u;

/** Why: numbers (123, 3.14, 1,000, 2024-01-01, ½) crowd the top of the lost list; the panel can hide them. */
export function isNumericToken(token: string): boolean {
  return NUMERIC_RE.test(token) && DIGIT_RE.test(token);
}

/** Entries `a` (sorted by token) and `b` (sorted by token) merged by token. */
function mergeByToken(a: Uint32Array, b: Uint32Array, token: (i: number) => string): Uint32Array {
  const out = new Uint32Array(a.length + b.length);
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < a.length && j < b.length) out[k++] = token(b[j]) < token(a[i]) ? b[j++] : a[i++];
  while (i < a.length) out[k++] = a[i++];
  while (j < b.length) out[k++] = b[j++];
  return out;
}

/**
 * Why: the analysis keeps every lost tail type (not just the report's top 1,000) in a form that is cheap to
 * move to the host and to search. `lost` must be in report order (reference count descending, then token
 * ascending), as computeTails sorts it; `total` = lost types in all when `lost` is already cut.
 */
export function buildLostTypesIndex(
  lost: readonly LostType[],
  total = lost.length,
  caps: { types?: number; chars?: number } = {},
): LostTypesIndex {
  const maxTypes = caps.types ?? MAX_KEPT_LOST_TYPES;
  const maxChars = caps.chars ?? MAX_KEPT_LOST_CHARS;
  let n = 0;
  let chars = 0;
  while (n < lost.length && n < maxTypes && chars + lost[n].token.length <= maxChars)
    chars += lost[n++].token.length;
  const ends = new Uint32Array(n);
  const lowerEnds = new Uint32Array(n);
  const counts = new Uint32Array(n);
  const numeric = new Uint8Array(n);
  const parts: string[] = new Array<string>(n);
  const lowerParts: string[] = new Array<string>(n);
  let end = 0;
  let lowerEnd = 0;
  let sameLower = true;
  let numericCount = 0;
  for (let i = 0; i < n; i++) {
    const { token, referenceCount } = lost[i];
    const lower = token.toLowerCase();
    if (lower !== token) sameLower = false;
    parts[i] = token;
    lowerParts[i] = lower;
    end += token.length;
    lowerEnd += lower.length;
    ends[i] = end;
    lowerEnds[i] = lowerEnd;
    counts[i] = referenceCount;
    if (isNumericToken(token)) {
      numeric[i] = 1;
      numericCount++;
    }
  }
  const text = parts.join('');
  // token order: each run of one reference count is already A→Z; merge the runs pairwise
  let runs: Uint32Array[] = [];
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && counts[j] === counts[i]) j++;
    const run = new Uint32Array(j - i);
    for (let k = 0; k < run.length; k++) run[k] = i + k;
    runs.push(run);
    i = j;
  }
  const token = (i: number): string => parts[i];
  while (runs.length > 1) {
    const next: Uint32Array[] = [];
    for (let r = 0; r < runs.length; r += 2)
      next.push(r + 1 < runs.length ? mergeByToken(runs[r], runs[r + 1], token) : runs[r]);
    runs = next;
  }
  return {
    text,
    ends,
    lower: sameLower ? null : lowerParts.join(''),
    lowerEnds: sameLower ? null : lowerEnds,
    counts,
    numeric,
    byToken: runs[0] ?? new Uint32Array(0),
    numericCount,
    total: Math.max(total, n),
  };
}

/** The index's token of entry `i`. */
export function lostTokenAt(index: LostTypesIndex, i: number): string {
  return index.text.slice(i === 0 ? 0 : index.ends[i - 1], index.ends[i]);
}

/** Entries whose lowercased token contains `q` (non-empty, lowercased), as 1s in a flag array. */
function* searchSteps(index: LostTypesIndex, q: string): Generator<void, Uint8Array> {
  const n = index.ends.length;
  const hay = index.lower ?? index.text;
  const ends = index.lowerEnds ?? index.ends;
  const match = new Uint8Array(n);
  let entry = 0;
  let pos = 0;
  let hits = 0;
  for (;;) {
    pos = hay.indexOf(q, pos);
    if (pos < 0) break;
    while (ends[entry] <= pos) entry++; // the entry whose text holds position `pos`
    if (pos + q.length <= ends[entry]) {
      match[entry] = 1;
      pos = ends[entry]; // one hit per entry: go on with the next one
    } else pos++; // the hit spans two tokens: not a match
    if (++hits % LOST_QUERY_SLICE === 0) yield;
  }
  return match;
}

/**
 * Why: one page of the lost types matching a query, computed in slices — the generator yields every
 * LOST_QUERY_SLICE entries so a caller on the extension host can give the event loop back in between
 * (queryLostTypes runs it to the end at once).
 */
export function* queryLostTypesSteps(index: LostTypesIndex, q: LostQuery): Generator<void, LostPage> {
  const n = index.ends.length;
  const needle = q.query.trim().toLowerCase();
  const match = needle ? yield* searchSteps(index, needle) : null;
  const size = Math.max(1, Math.floor(q.pageSize));
  const want = Math.max(0, Math.floor(q.page));
  // the entries of page min(want, last page): the buffer restarts at every page start up to `want`
  let buffer: number[] = [];
  let matched = 0;
  for (let k = 0; k < n; k++) {
    if (k % LOST_QUERY_SLICE === LOST_QUERY_SLICE - 1) yield;
    const i = q.order === 'token' ? index.byToken[k] : k;
    if ((match && match[i] === 0) || (q.hideNumbers && index.numeric[i] === 1)) continue;
    if (matched < (want + 1) * size) {
      if (matched % size === 0) buffer = [];
      buffer.push(i);
    }
    matched++;
  }
  const pages = Math.max(1, Math.ceil(matched / size));
  const page = Math.min(want, pages - 1);
  return {
    items: buffer.map((i) => ({ token: lostTokenAt(index, i), referenceCount: index.counts[i] })),
    matched,
    page,
    pages,
    kept: n,
    numeric: index.numericCount,
    total: index.total,
  };
}

/** Why: the same query, synchronously (tests, small indexes). */
export function queryLostTypes(index: LostTypesIndex, q: LostQuery): LostPage {
  const steps = queryLostTypesSteps(index, q);
  for (;;) {
    const r = steps.next();
    if (r.done) return r.value;
  }
}
