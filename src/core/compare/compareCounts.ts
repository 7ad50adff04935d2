/**
 * The count tables a comparison needs beyond one dataset's report: its unigram counts (exact, every type) and the
 * frequency spectrum of its within-row bigrams. Why: rarefying two datasets to one common size needs frequency
 * histograms (the report gives totals only), tail coverage of another dataset's tail and the Jensen–Shannon
 * divergence need the unigram table itself, and expected distinct-2 at a common size needs how often each bigram
 * occurs (the analysis' distinct-2 table holds presence only).
 *
 * How: one streaming pass over the dataset's files with the text view the analysis decides from the same first
 * rows (readDatasetSampleView) and the analysis' tokenizer path (Vocabulary.addText for `word`, tokenize + intern
 * otherwise), so the tokens are the report's tokens (a test checks the totals). Bigrams are formed inside each row,
 * exactly as distinct-2 is (a row of k tokens has k − 1).
 *
 * Memory: the unigram table is the vocabulary (as in the analysis). The bigram table is bounded by
 * BIGRAM_TABLE_CAP distinct bigrams: past it, the table keeps only bigram types whose hash falls in a shrinking
 * fraction 2^−level of the hash space (adaptive distinct sampling, Gibbons 2001). A kept type is counted exactly
 * (every occurrence), so every spectrum-derived figure is an unbiased estimate with the kept types weighted by
 * 2^level; relative standard error about 1/√(kept types) — under 0.2% at the cap. level = 0: exact.
 */
import { readJsonl } from '../reader/jsonlReader.ts';
import { readDatasetSampleView } from '../pipeline/sampleView.ts';
import { Vocabulary } from '../tokenize/vocabulary.ts';
import { getTokenizer } from '../tokenize/tokenizers.ts';
import { resolveOptions, type AnalyzeOptions } from '../pipeline/analyzeOptions.ts';
import { frequencyHistogram } from '../tails/spectrum.ts';
import { fmix32 } from '../sketches/hashing.ts';

/** Distinct bigram types held before the table starts sampling (≈ 60–80 MB as a JS Map). */
export const BIGRAM_TABLE_CAP = 1 << 20;

/** The bigram frequency spectrum of a dataset (within-row bigrams), possibly from a hash sample of its types. */
export interface BigramSpectrum {
  /** Bigram occurrences (Σ over rows of max(0, k − 1)): always exact. */
  total: number;
  /** Kept types are those whose hash falls in 2^−level of the hash space; 0 = every type (exact). */
  level: number;
  /** [frequency, number of kept bigram types with that frequency], frequency ascending. */
  hist: [number, number][];
}

/** What one dataset contributes to a comparison besides its report. */
export interface DatasetCounts {
  /** Tokens (= the report's tokens.total). */
  tokens: number;
  /** Token → count, every type. */
  unigrams: Map<string, number>;
  bigrams: BigramSpectrum;
}

/**
 * Counts within-row bigrams of dense token ids with a bounded table (see the module comment). Why a class: the
 * pass feeds rows one by one and the sampling level rises while it runs.
 */
export class BigramCounter {
  private readonly table = new Map<number, number>();
  private level = 0;
  private total = 0;

  constructor(private readonly cap = BIGRAM_TABLE_CAP) {}

  /** Adds the bigrams of one row of token ids (ids < 2^26). */
  addRow(ids: ArrayLike<number>): void {
    const k = ids.length;
    if (k < 2) return;
    this.total += k - 1;
    for (let i = 0; i + 1 < k; i++) {
      const a = ids[i];
      const b = ids[i + 1];
      if (this.level > 0 && bigramHash(a, b) >>> (32 - this.level) !== 0) continue;
      const key = a * 67108864 + b;
      const c = this.table.get(key);
      if (c !== undefined) this.table.set(key, c + 1);
      else {
        this.table.set(key, 1);
        if (this.table.size > this.cap) this.raiseLevel();
      }
    }
  }

  /** Halves the kept share of the hash space until the table fits its cap again. */
  private raiseLevel(): void {
    while (this.table.size > this.cap && this.level < 31) {
      this.level++;
      const shift = 32 - this.level;
      for (const key of this.table.keys()) {
        const a = Math.floor(key / 67108864);
        const b = key - a * 67108864;
        if (bigramHash(a, b) >>> shift !== 0) this.table.delete(key);
      }
    }
  }

  /** The spectrum of what was counted. */
  spectrum(): BigramSpectrum {
    const h = frequencyHistogram(this.table.values());
    return { total: this.total, level: this.level, hist: [...h].sort((x, y) => x[0] - y[0]) };
  }
}

/**
 * A 32-bit mix of a bigram's two ids (murmur3's finalizer over a combined word), uniform enough for sampling.
 * Why fmix32: the sketches' own finalizer (hashing.ts), so the project has one murmur3 mix to trust.
 */
function bigramHash(a: number, b: number): number {
  return fmix32(Math.imul(a, 0x9e3779b1) ^ (b + 0x7f4a7c15 + (a << 6) + (a >>> 2)));
}

/**
 * Reads a dataset's files in order and returns its count tables (see the module comment). `options`: the analysis
 * options (fields, view, tokenizer, maxLineBytes) — the same the report was made with.
 */
export async function countDataset(
  files: string[],
  options: AnalyzeOptions,
  hooks: { signal?: AbortSignal; onProgress?: (bytesRead: number) => void; bigramCap?: number } = {},
): Promise<DatasetCounts> {
  const opts = resolveOptions(options);
  const tokenizer = getTokenizer(opts.tokenizer);
  const fused = tokenizer.name === 'word';
  const { view } = await readDatasetSampleView(files, options, opts.maxLineBytes, hooks.signal);
  const vocab = new Vocabulary();
  const bigrams = new BigramCounter(hooks.bigramCap);
  let before = 0;
  for (const file of files) {
    const reader = readJsonl(file, {
      maxLineBytes: opts.maxLineBytes,
      signal: hooks.signal,
      onProgress: (read) => hooks.onProgress?.(before + read),
    });
    for await (const batch of reader.batches) {
      for (const rec of batch) {
        const text = view.extract(rec.value);
        const ids = fused ? vocab.addText(text) : vocab.addTokens(tokenizer.tokenize(text));
        if (ids.length > 1 && vocab.size > 67108864)
          throw new Error('compare: more than 2^26 distinct tokens in one dataset');
        bigrams.addRow(ids);
      }
    }
    before += reader.stats.bytesRead;
  }
  return { tokens: vocab.totalTokens, unigrams: vocab.toCountMap(), bigrams: bigrams.spectrum() };
}
