/**
 * The comparison's cache: a dataset's report and count tables, reused when the same files (path, size, modification
 * time) are compared again with the same options. Why: comparing a chain again after adding one generation should
 * analyse that generation only; an analysis of a large file takes minutes.
 *
 * Layout: `<dir>/diversity-lens-compare/<sha-256 of the key, 32 hex>.jsonl`, where the key is the cache format
 * version, the tool version, every file's absolute path, size and mtime, and every analysis option that can change a
 * figure (not `workers` or `chunkBytes`, which never do). Line 1 is the header (format, version, the key itself, the
 * report, token and type totals, the bigram spectrum); every further line is one unigram `["token", count]`, and the
 * last line is `{"sha256": …}` of the unigram lines (so a truncated or edited table is caught, not trusted). Why
 * lines: the unigram table of a large corpus is millions of entries, and one JSON string of it could pass V8's
 * string limit; lines are written and read in a stream.
 *
 * Written atomically (io/atomicWrite.ts), so a reader sees the old entry or the whole new one. A corrupt, truncated,
 * foreign or stale entry (unparsable line, other version or key, totals that do not add up) is ignored — the caller
 * analyses again and rewrites it.
 */
import { createHash } from 'node:crypto';
import { createReadStream, promises as fsp } from 'node:fs';
import { createInterface } from 'node:readline';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { writeAtomically } from '../io/atomicWrite.ts';
import { TOOL_VERSION } from '../version.ts';
import { validateReport } from '../report/validateReport.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';
import type { AnalyzeOptions } from '../pipeline/analyzeOptions.ts';
import type { BigramSpectrum } from './compareCounts.ts';

/** Bump when the entry's layout or any figure's computation changes: older entries are then ignored. */
export const COMPARE_CACHE_VERSION = 1;
const FORMAT = 'diversity-lens-compare-cache';
/** The folder inside the cache directory that holds the entries. */
export const COMPARE_CACHE_FOLDER = 'diversity-lens-compare';

/** What identifies a cached dataset: its files as they are now and the options. */
export interface CacheKey {
  version: number;
  tool: string;
  files: { path: string; size: number; mtimeMs: number }[];
  options: Record<string, unknown>;
}

/** A cache entry's header: everything but the unigram lines. */
export interface CacheHeader {
  format: typeof FORMAT;
  version: number;
  key: CacheKey;
  report: AnalysisReport;
  tokens: number;
  types: number;
  bigrams: BigramSpectrum;
}

/**
 * The default cache directory: the user's own cache folder ($XDG_CACHE_HOME, else ~/.cache), never the shared temp
 * folder — an entry holds every token type of a dataset and its report, and a folder others can write to would let
 * them plant figures (the extension passes its own storage path instead).
 */
export function defaultCacheDir(): string {
  const xdg = process.env.XDG_CACHE_HOME;
  return join(xdg && isAbsolute(xdg) ? xdg : join(homedir(), '.cache'), 'diversity-lens');
}

/**
 * Why: entries are trusted figures, so they are read from and written to a folder only this user can write to (owned
 * by them, no write bit for group or others). Always true where POSIX owners and modes do not exist (Windows).
 */
export async function isPrivateFolder(folder: string): Promise<boolean> {
  if (process.platform === 'win32' || typeof process.getuid !== 'function') return true;
  try {
    const st = await fsp.lstat(folder);
    return st.isDirectory() && st.uid === process.getuid() && (st.mode & 0o022) === 0;
  } catch {
    return false;
  }
}

/** The options that can change a figure, in a fixed key order (workers and chunkBytes never do). */
export function figureOptions(options: AnalyzeOptions): Record<string, unknown> {
  const { workers: _w, chunkBytes: _c, compressionSampleAboveBytes: _s, ...rest } = options;
  void _w;
  void _c;
  void _s;
  const out: Record<string, unknown> = {};
  for (const k of Object.keys(rest).sort()) {
    const v = (rest as Record<string, unknown>)[k];
    if (v !== undefined) out[k] = v;
  }
  return out;
}

/** The key of a dataset's files now (stat of each, and of the reference when the options name one). */
export async function cacheKeyOf(files: string[], options: AnalyzeOptions): Promise<CacheKey> {
  const stats = [];
  for (const f of files) {
    const st = await fsp.stat(f);
    stats.push({ path: resolve(f), size: st.size, mtimeMs: st.mtimeMs });
  }
  const opts = figureOptions(options);
  if (options.reference) {
    const st = await fsp.stat(options.reference.path);
    opts.reference = {
      path: resolve(options.reference.path),
      fields: options.reference.fields ?? [],
      size: st.size,
      mtimeMs: st.mtimeMs,
    };
  }
  return { version: COMPARE_CACHE_VERSION, tool: TOOL_VERSION, files: stats, options: opts };
}

/** The entry's path for a key under `dir`. */
export function cacheEntryPath(dir: string, key: CacheKey): string {
  const hash = createHash('sha256').update(JSON.stringify(key)).digest('hex').slice(0, 32);
  return join(dir, COMPARE_CACHE_FOLDER, `${hash}.jsonl`);
}

/** Writes an entry atomically (creating the folder). */
export async function writeCacheEntry(
  path: string,
  header: Omit<CacheHeader, 'format' | 'version'>,
  unigrams: ReadonlyMap<string, number>,
): Promise<void> {
  const folder = dirname(path);
  await fsp.mkdir(folder, { recursive: true, mode: 0o700 });
  if (!(await isPrivateFolder(folder)))
    throw new Error(
      `the compare cache folder ${folder} is not private to this user (owner or write bits): not used`,
    );
  await writeAtomically(
    path,
    async (fh) => {
      const full: CacheHeader = { format: FORMAT, version: COMPARE_CACHE_VERSION, ...header };
      await fh.write(JSON.stringify(full) + '\n');
      const hash = createHash('sha256');
      let buf = '';
      for (const [t, c] of unigrams) {
        buf += JSON.stringify([t, c]) + '\n';
        if (buf.length >= 1 << 20) {
          hash.update(buf);
          await fh.write(buf);
          buf = '';
        }
      }
      hash.update(buf);
      await fh.write(buf + JSON.stringify({ sha256: hash.digest('hex') }) + '\n');
    },
    { mode: 0o600 },
  );
}

/** Reads an entry's header, or null when it is missing, corrupt, of another version, for another key or in a folder others can write to. */
export async function readCacheHeader(path: string, key: CacheKey): Promise<CacheHeader | null> {
  if (!(await isPrivateFolder(dirname(path)))) return null;
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  try {
    for await (const line of lines) return checkHeader(line, key);
    return null;
  } catch {
    return null;
  } finally {
    lines.close();
  }
}

function checkHeader(line: string, key: CacheKey): CacheHeader | null {
  let h: CacheHeader;
  try {
    h = JSON.parse(line) as CacheHeader;
  } catch {
    return null;
  }
  if (typeof h !== 'object' || h === null || h.format !== FORMAT || h.version !== COMPARE_CACHE_VERSION)
    return null;
  if (JSON.stringify(h.key) !== JSON.stringify(key)) return null;
  if (!Number.isSafeInteger(h.tokens) || !Number.isSafeInteger(h.types)) return null;
  const b = h.bigrams;
  if (!b || !Number.isSafeInteger(b.total) || !Number.isInteger(b.level) || !Array.isArray(b.hist))
    return null;
  if (!validateReport(h.report).ok || h.report.tokens.total !== h.tokens) return null;
  return h;
}

/**
 * Reads an entry's unigram table; null when any line is bad, the checksum line is missing or does not match, or the
 * table does not add up to the header's totals (a truncated or edited entry).
 */
export async function readCacheUnigrams(
  path: string,
  header: CacheHeader,
): Promise<Map<string, number> | null> {
  const lines = createInterface({ input: createReadStream(path, { encoding: 'utf8' }), crlfDelay: Infinity });
  const map = new Map<string, number>();
  const hash = createHash('sha256');
  let first = true;
  let tokens = 0;
  let sum: string | null = null;
  try {
    for await (const line of lines) {
      if (first) {
        first = false;
        continue;
      }
      if (sum !== null) return null; // nothing may follow the checksum
      if (line.startsWith('{')) {
        sum = (JSON.parse(line) as { sha256?: unknown }).sha256 as string;
        if (typeof sum !== 'string') return null;
        continue;
      }
      hash.update(line + '\n');
      const e = JSON.parse(line) as unknown;
      if (!Array.isArray(e) || typeof e[0] !== 'string' || !Number.isSafeInteger(e[1]) || e[1] < 1)
        return null;
      map.set(e[0], e[1]);
      tokens += e[1];
    }
  } catch {
    return null;
  } finally {
    lines.close();
  }
  if (sum === null || sum !== hash.digest('hex')) return null;
  return map.size === header.types && tokens === header.tokens ? map : null;
}
