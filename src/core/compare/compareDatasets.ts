/**
 * Compare several datasets (generations of a chain, checkpoints' outputs, models answering the same prompts): each
 * is analysed with the one analysis entry `analyze` uses (analyzeDataset: one file, several files, a folder or a
 * glob, every format the readers take), its count tables read (compareCounts.ts), and the comparison computed from
 * them — raw figures from each report, size-adjusted ones at one common size, coverage of the baseline's tail, the
 * Jensen–Shannon divergence from the baseline and the trend verdict (issue #17; docs/metrics.md "Compare").
 *
 * Parallelism: up to `workers` datasets (default: the machine's available parallelism) are analysed at once, and the
 * thread budget is shared: each gets max(1, ⌊workers ÷ datasets at once⌋) chunk workers for a large file.
 *
 * Memory: after its analysis a dataset keeps only its report and small spectra; its unigram table goes to the cache
 * and is read back, one dataset at a time beside the baseline's, for the pairwise figures. With the cache off (or a
 * cache that cannot be written) the tables stay in memory.
 */
import { resolveDatasetFiles } from '../pipeline/datasetFiles.ts';
import { analyzeDataset } from '../pipeline/analyzeDataset.ts';
import { resolveWorkers, type AnalyzeHooks } from '../pipeline/analyze.ts';
import { resolveOptions, type AnalyzeOptions } from '../pipeline/analyzeOptions.ts';
import type { AnalysisReport } from '../report/reportTypes.ts';
import { TOOL_VERSION } from '../version.ts';
import { countDataset, type BigramSpectrum, type DatasetCounts } from './compareCounts.ts';
import { baselineTail, pairFigures } from './compareFigures.ts';
import {
  cacheEntryPath,
  cacheKeyOf,
  defaultCacheDir,
  figureOptions,
  readCacheHeader,
  readCacheUnigrams,
  writeCacheEntry,
  type CacheHeader,
} from './compareCache.ts';
import { trendVerdict } from './compareTrend.ts';
import type { CompareDataset, CompareReport } from './compareTypes.ts';

/** Options of a comparison: the analysis options every dataset is analysed with, and the baseline. */
export interface CompareOptions extends AnalyzeOptions {
  /** Index into the inputs, or an input exactly as given (default: the first). */
  baseline?: number | string;
}

/** Progress of one dataset of a comparison. */
export interface CompareProgress {
  /** Index into the inputs. */
  dataset: number;
  path: string;
  phase: 'cached' | 'analyzing' | 'counting' | 'comparing' | 'done';
  bytesRead: number;
  totalBytes: number;
}

export interface CompareHooks {
  onProgress?: (p: CompareProgress) => void;
  signal?: AbortSignal;
  /** The cache directory (default: the OS temp folder) or false for no cache. */
  cache?: { dir?: string } | false;
  /** How to start chunk workers for a large file (as analyzeFile's hook); omitted: chunks run in this thread. */
  chunkWorker?: AnalyzeHooks['chunkWorker'];
}

/** A usage problem of a comparison (too few datasets, an unknown baseline, a missing input): exit 2 in the CLI. */
export class CompareInputError extends Error {
  override name = 'CompareInputError';
}

/** One dataset after its analysis: its report, spectra and (lazily) its unigram table. */
interface Analysed {
  report: AnalysisReport;
  tokens: number;
  bigrams: BigramSpectrum;
  cached: boolean;
  unigrams: () => Promise<Map<string, number>>;
}

/**
 * Why: the one comparison entry for the CLI and the extension. Analyses each input (reusing cached reports), then
 * computes the CompareReport (see the module comment). Throws CompareInputError for fewer than 2 inputs, a missing
 * input or a baseline not among them.
 */
export async function compareDatasets(
  inputs: string[],
  options: CompareOptions = {},
  hooks: CompareHooks = {},
): Promise<CompareReport> {
  const started = Date.now();
  if (inputs.length < 2)
    throw new CompareInputError(
      `compare needs at least 2 datasets, got ${inputs.length}${inputs.length ? `: ${inputs[0]}` : ''}`,
    );
  const baseline = baselineIndex(inputs, options.baseline);
  const { baseline: _b, ...analyzeOptions } = options;
  void _b;
  const files: string[][] = [];
  for (const input of inputs) {
    try {
      files.push(await resolveDatasetFiles([input]));
    } catch (e) {
      throw new CompareInputError((e as Error).message);
    }
  }
  const budget = resolveWorkers(options.workers);
  const atOnce = Math.max(1, Math.min(budget, inputs.length));
  const perDataset = Math.max(1, Math.floor(budget / atOnce));
  const cacheDir = hooks.cache === false ? null : (hooks.cache?.dir ?? defaultCacheDir());

  const analysed: Analysed[] = new Array(inputs.length);
  // one failure stops the analyses still running (their workers, spool files and reads), as a cancel does
  const inner = new AbortController();
  const stop = () => inner.abort(hooks.signal?.reason);
  hooks.signal?.addEventListener('abort', stop, { once: true });
  const innerHooks: CompareHooks = { ...hooks, signal: inner.signal };
  let next = 0;
  const worker = async () => {
    for (;;) {
      const i = next++;
      if (i >= inputs.length || inner.signal.aborted) return;
      try {
        analysed[i] = await analyseOne(
          i,
          inputs[i],
          files[i],
          { ...analyzeOptions, workers: perDataset },
          cacheDir,
          innerHooks,
        );
      } catch (e) {
        inner.abort(e);
        throw e;
      }
    }
  };
  try {
    const settled = await Promise.allSettled(Array.from({ length: atOnce }, worker));
    hooks.signal?.throwIfAborted();
    // the first failure, not the aborts it caused in the others
    const failed = settled.find((x) => x.status === 'rejected' && x.reason === inner.signal.reason);
    if (failed) throw (failed as PromiseRejectedResult).reason;
  } finally {
    hooks.signal?.removeEventListener('abort', stop);
  }

  const commonTokens = Math.min(...analysed.map((a) => a.tokens));
  const commonBigrams = Math.min(...analysed.map((a) => a.bigrams.total));
  const tailMax = resolveOptions(analyzeOptions).tailMax;
  const baseCounts: DatasetCounts = {
    tokens: analysed[baseline].tokens,
    bigrams: analysed[baseline].bigrams,
    unigrams: await analysed[baseline].unigrams(),
  };
  const base = { counts: baseCounts, tail: baselineTail(baseCounts.unigrams, tailMax) };
  const datasets: CompareDataset[] = [];
  for (let i = 0; i < inputs.length; i++) {
    hooks.signal?.throwIfAborted();
    const a = analysed[i];
    hooks.onProgress?.({ dataset: i, path: inputs[i], phase: 'comparing', bytesRead: 0, totalBytes: 0 });
    const counts: DatasetCounts =
      i === baseline ? baseCounts : { tokens: a.tokens, bigrams: a.bigrams, unigrams: await a.unigrams() };
    const pair = pairFigures(counts, base, commonTokens, commonBigrams);
    datasets.push(datasetRow(inputs[i], a, pair));
  }
  return {
    tool: { name: 'diversity-lens', version: TOOL_VERSION },
    baseline,
    commonTokens,
    commonBigrams,
    datasets,
    trend: trendVerdict(datasets, baseline, commonTokens),
    options: { ...figureOptions(resolveOptions(analyzeOptions)), tailMax },
    timing: { seconds: (Date.now() - started) / 1000 },
  };
}

/** The baseline's index: a number, an input as given, or the first. */
function baselineIndex(inputs: string[], baseline: CompareOptions['baseline']): number {
  if (baseline === undefined) return 0;
  if (typeof baseline === 'number') {
    if (Number.isInteger(baseline) && baseline >= 0 && baseline < inputs.length) return baseline;
    throw new CompareInputError(`baseline ${baseline} is not among the ${inputs.length} datasets`);
  }
  const i = inputs.indexOf(baseline);
  if (i < 0)
    throw new CompareInputError(
      `the baseline ${baseline} is not among the datasets compared (${inputs.join(', ')}); give it as one of them`,
    );
  return i;
}

/** A dataset's row of the report from its own report and the pairwise figures. */
function datasetRow(path: string, a: Analysed, pair: ReturnType<typeof pairFigures>): CompareDataset {
  const r = a.report;
  const t = r.duplicates.templates;
  const shares = [t.openings[0]?.share, t.phrases[0]?.share].filter(
    (x): x is number => typeof x === 'number',
  );
  return {
    path,
    rows: r.rows.parsed,
    tokens: r.tokens.total,
    types: r.tokens.types,
    mattr: r.lexical.mattr,
    mtld: r.lexical.mtld,
    distinct2: r.lexical.distinct[2],
    exactShare: r.duplicates.exact.rate,
    nearShare: r.duplicates.near.rateRemovable,
    sizeAdjusted: pair.sizeAdjusted,
    tails: pair.tails,
    jsDivergence: pair.jsDivergence,
    topTemplateShare: shares.length ? Math.max(...shares) : null,
    cached: a.cached,
  };
}

/** One dataset: from the cache when its entry holds, else analysed and counted (and the entry written). */
async function analyseOne(
  i: number,
  input: string,
  files: string[],
  options: AnalyzeOptions,
  cacheDir: string | null,
  hooks: CompareHooks,
): Promise<Analysed> {
  const progress = (phase: CompareProgress['phase'], bytesRead: number, totalBytes: number) =>
    hooks.onProgress?.({ dataset: i, path: input, phase, bytesRead, totalBytes });
  const key = cacheDir !== null ? await cacheKeyOf(files, options) : null;
  const entry = key !== null ? cacheEntryPath(cacheDir!, key) : null;
  if (entry !== null) {
    const header = await readCacheHeader(entry, key!).catch(() => null);
    if (header !== null) {
      // the table is read once here to check it (a truncated entry is analysed again) and again when its turn comes
      if ((await readCacheUnigrams(entry, header)) !== null) {
        progress('cached', 1, 1);
        return {
          report: header.report,
          tokens: header.tokens,
          bigrams: header.bigrams,
          cached: true,
          unigrams: () => reread(entry, header),
        };
      }
    }
  }
  const label = files.length === 1 && input === files[0] ? files[0] : input;
  const report = await analyzeDataset({ files, label }, options, {
    signal: hooks.signal,
    chunkWorker: hooks.chunkWorker,
    onProgress: (p) => progress('analyzing', p.bytesRead, p.totalBytes),
  });
  const counts = await countDataset(files, options, {
    signal: hooks.signal,
    onProgress: (read) => progress('counting', read, report.file.bytes),
  });
  if (counts.tokens !== report.tokens.total)
    throw new Error(
      `compare: ${input}: the count pass read ${counts.tokens} tokens, the analysis ${report.tokens.total} (the file changed while it was read?)`,
    );
  progress('done', 1, 1);
  if (entry !== null) {
    const header = {
      key: key!,
      report,
      tokens: counts.tokens,
      types: counts.unigrams.size,
      bigrams: counts.bigrams,
    };
    const written = await writeCacheEntry(entry, header, counts.unigrams).then(
      () => true,
      () => false,
    );
    if (written) {
      const full = { format: 'diversity-lens-compare-cache' as const, version: key!.version, ...header };
      return {
        report,
        tokens: counts.tokens,
        bigrams: counts.bigrams,
        cached: false,
        unigrams: () => reread(entry, full),
      };
    }
  }
  const table = counts.unigrams;
  return {
    report,
    tokens: counts.tokens,
    bigrams: counts.bigrams,
    cached: false,
    unigrams: async () => table,
  };
}

/** A cache entry's unigram table, read again for the pairwise figures (it was whole a moment ago). */
async function reread(entry: string, header: CacheHeader): Promise<Map<string, number>> {
  const m = await readCacheUnigrams(entry, header);
  if (m === null) throw new Error(`compare: the cache entry ${entry} changed while it was in use`);
  return m;
}
