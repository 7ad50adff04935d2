/**
 * Pure view models of the inspector panel's views (Diversity, Tails, Slices): the panel only lays
 * out what these return, so the choices (which metrics, in what order, how a table sorts) are
 * unit-tested under Node without a DOM. (The lost tail tokens are searched on the host: tails/lostTypes.ts.)
 */
import type { AnalysisReport } from './reportTypes.ts';
import type { Histogram } from '../sketches/histogram.ts';
import type { SliceValueReport } from '../slices/sliceReportTypes.ts';
import type { TemplateEntry } from '../templates/templates.ts';
import { fmtNum } from './format.ts';

/** One row of the Diversity view's metric table. */
export interface MetricRow {
  key: string;
  label: string;
  value: number | null;
  text: string;
  /** One-sentence definition shown on hover. */
  definition: string;
}

/** Every lexical metric of the report with its definition (the Diversity view's table), in display order. */
export function lexicalMetricRows(r: AnalysisReport): MetricRow[] {
  const l = r.lexical;
  const row = (
    key: string,
    label: string,
    value: number | null,
    definition: string,
    digits = 3,
  ): MetricRow => ({ key, label, value, text: fmtNum(value, digits), definition });
  return [
    row(
      'lexical.ttr',
      'TTR',
      l.ttr,
      'Type/token ratio: distinct tokens / tokens of the whole dataset (falls as the dataset grows).',
    ),
    row('lexical.rttr', 'RTTR', l.rttr, 'Root TTR (Guiraud): distinct tokens / √tokens.'),
    row(
      'lexical.mattr',
      `MATTR (window ${l.mattrWindow})`,
      l.mattr,
      `Moving-average TTR: mean type/token ratio over every window of ${l.mattrWindow} consecutive tokens.`,
    ),
    row(
      'lexical.mtld',
      'MTLD',
      l.mtld,
      `Measure of textual lexical diversity: mean length of token runs that keep TTR above ${l.mtldThreshold} (mean of forward and backward passes).`,
      1,
    ),
    row(
      'lexical.hdd',
      'HD-D',
      l.hdd,
      `Hypergeometric D: expected number of distinct types in a random draw of ${l.hddDraws} tokens, divided by ${l.hddDraws}.`,
    ),
    row('lexical.distinct.1', 'Distinct-1', l.distinct[1], 'Distinct unigrams / all unigrams.'),
    row(
      'lexical.distinct.2',
      'Distinct-2',
      l.distinct[2],
      'Distinct bigrams / all bigrams, bigrams formed inside rows.',
    ),
    row(
      'lexical.distinct.3',
      'Distinct-3',
      l.distinct[3],
      'Distinct trigrams / all trigrams, formed inside rows.',
    ),
    row(
      'lexical.distinct.4',
      'Distinct-4',
      l.distinct[4],
      'Distinct 4-grams / all 4-grams, formed inside rows.',
    ),
    row(
      'lexical.compressionRatio',
      'Compression ratio',
      l.compressionRatio,
      'Bytes of the text / bytes after gzip (one stream): higher means more repetitive text.',
    ),
  ];
}

/**
 * A histogram as chart series: x = each bin's left edge, y = its count (uPlot's aligned arrays), cut
 * after the last non-empty bin (the core's bins span a fixed range, e.g. up to 500,000 tokens, which
 * would squeeze real data into one pixel column). An all-empty histogram keeps its first bin.
 */
export function histogramSeries(h: Histogram): { x: number[]; y: number[] } {
  let end = h.counts.length;
  while (end > 1 && h.counts[end - 1] === 0) end--;
  return { x: h.edges.slice(0, end), y: h.counts.slice(0, end) };
}

/** Columns the Slices table sorts by. */
export type SliceSortKey =
  | 'value'
  | 'rows'
  | 'tokens'
  | 'mattr'
  | 'mtld'
  | 'distinct2'
  | 'exactDuplicateRate'
  | 'nearDuplicateRate'
  | 'flags';

/** The value a slice is sorted by for `key` (null for a figure that was not computed). */
export function sliceSortValue(v: SliceValueReport, key: SliceSortKey): number | string | null {
  switch (key) {
    case 'value':
      return v.value;
    case 'distinct2':
      return v.distinct?.[2] ?? null;
    case 'flags':
      return v.flags.length;
    default:
      return v[key];
  }
}

/**
 * Slices sorted by `key` (ascending when `dir` is 1, descending when −1); nulls always last, ties
 * broken by value name ascending so the order is stable across renders.
 */
export function sortSlices(
  values: readonly SliceValueReport[],
  key: SliceSortKey,
  dir: 1 | -1,
): SliceValueReport[] {
  return [...values].sort((a, b) => {
    const x = sliceSortValue(a, key);
    const y = sliceSortValue(b, key);
    if (x === null || y === null) {
      if (x !== y) return x === null ? 1 : -1;
    } else if (x !== y) {
      return (x < y ? -1 : 1) * dir;
    }
    return a.value < b.value ? -1 : a.value > b.value ? 1 : 0;
  });
}

/** Rank–frequency points of one corpus as chart series, for a log–log chart. */
export interface ZipfSeries {
  label: string;
  points: { rank: number; frequency: number }[];
}

/** The Zipf curves to draw: dataset and reference in reference mode, the dataset alone otherwise. */
export function zipfSeries(r: AnalysisReport): ZipfSeries[] {
  if (r.tails.mode === 'reference') {
    return [
      { label: 'dataset', points: r.tails.zipf.dataset.points },
      { label: 'reference', points: r.tails.zipf.reference.points },
    ];
  }
  return [{ label: 'dataset', points: r.tails.zipf.points }];
}

/**
 * Merges several point lists onto one ascending x axis (the union of their ranks), with null where a
 * series has no point at that rank — the aligned-array form uPlot draws (gaps are skipped).
 */
export function alignSeries(series: readonly ZipfSeries[]): { x: number[]; ys: (number | null)[][] } {
  const ranks = [...new Set(series.flatMap((s) => s.points.map((p) => p.rank)))].sort((a, b) => a - b);
  const ys = series.map((s) => {
    const byRank = new Map(s.points.map((p) => [p.rank, p.frequency]));
    return ranks.map((k) => byRank.get(k) ?? null);
  });
  return { x: ranks, ys };
}

/**
 * Why: the Templates view's heading of the repeated phrases must say how long they are. Phrases are counted as
 * 6-grams, but overlapping 6-grams of the same rows are joined (templatePhrases.ts), so a listed phrase can be
 * 8 or 11 words long: the heading gives the actual range and says why, and says when the counts are sampled.
 */
export function phrasesHeading(
  phrases: readonly Pick<TemplateEntry, 'n'>[],
  approximate: boolean,
  sampled?: { rate: number; fromLine: number },
): string {
  const lengths = phrases.map((p) => p.n);
  const lo = Math.min(...lengths);
  const hi = Math.max(...lengths);
  const range = lo === hi ? `${lo} words` : `${lo}–${hi} words`;
  const words =
    phrases.length === 0
      ? 'runs of 6 or more words'
      : hi > 6
        ? `${range}; overlapping 6-word runs found in the same rows are joined`
        : range;
  if (sampled)
    return `Repeated phrases (${words}) — estimated counts: past line ${(sampled.fromLine - 1).toLocaleString('en-US')} of each file, 1 row in ${Math.round(1 / sampled.rate)} sampled`;
  return `Repeated phrases (${words})${approximate ? ' — counts are upper-bound estimates' : ''}`;
}
