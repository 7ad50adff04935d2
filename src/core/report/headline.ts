/**
 * The headline figures, named once: the terminal summary, the Markdown report and the panel's cards
 * all show this list, so the three never disagree about what matters or how it is rounded.
 */
import type { AnalysisReport } from './reportTypes.ts';
import { fmtInt, fmtNum, fmtPct, fmtRowShare } from './format.ts';

export interface HeadlineFigure {
  key: string;
  label: string;
  /** Raw value as in the JSON report (null when not computed). */
  value: number | null;
  /** Display string. */
  text: string;
  /**
   * The value alone, when `text` also shows what it is computed from (a ÷ b = ratio): a panel card shows it large and
   * `text` small under it, where the whole sentence in large type wrapped over three lines of a card (session 20).
   */
  short?: string;
  /** One-sentence definition (hover text / Markdown footnote). */
  definition: string;
}

/**
 * Why: an empty file (no bytes, or only blank lines) must read as "empty file" wherever the verdict is shown, not
 * as an unexplained "watch"; true when the file has no non-blank line.
 */
export function isEmptyFile(r: Pick<AnalysisReport, 'rows'>): boolean {
  return r.rows.total === 0;
}

/** Why: the one wording of an empty file (the verdict's reason; the summary, panel and status bar repeat it). */
export function emptyFileText(r: Pick<AnalysisReport, 'rows' | 'file'>): string {
  const what =
    r.rows.blank > 0
      ? `only ${fmtInt(r.rows.blank)} blank line${r.rows.blank === 1 ? '' : 's'}`
      : r.file.bytes === 0
        ? '0 bytes'
        : 'no lines';
  return `empty file (${what}): no rows to measure`;
}

/** Why: the verdict as one label — the level, qualified when the file is empty ("watch (empty file)"). */
export function verdictLabel(r: Pick<AnalysisReport, 'rows' | 'verdict'>): string {
  return `${r.verdict.level}${isEmptyFile(r) ? ' (empty file)' : ''}`;
}

/** The headline figures of a report, in display order. */
export function headlineFigures(r: AnalysisReport): HeadlineFigure[] {
  const out: HeadlineFigure[] = [
    {
      key: 'rows.parsed',
      label: 'Rows',
      value: r.rows.parsed,
      text: fmtInt(r.rows.parsed),
      definition: 'Lines parsed as JSON objects.',
    },
    {
      key: 'tokens.total',
      label: 'Tokens',
      value: r.tokens.total,
      text: fmtInt(r.tokens.total),
      definition: `Tokens of the text view (${r.tokens.tokenizer} tokenizer).`,
    },
    {
      key: 'tokens.types',
      label: 'Types',
      value: r.tokens.types,
      text: fmtInt(r.tokens.types),
      definition: 'Distinct tokens.',
    },
    {
      key: 'lexical.mattr',
      label: `MATTR (${r.lexical.mattrWindow})`,
      value: r.lexical.mattr,
      text: fmtNum(r.lexical.mattr),
      definition: 'Mean type/token ratio over every window of consecutive tokens.',
    },
    {
      key: 'lexical.mtld',
      label: 'MTLD',
      value: r.lexical.mtld,
      text: fmtNum(r.lexical.mtld, 1),
      definition: 'Mean length of token runs that keep TTR above 0.72 (forward and backward).',
    },
    {
      key: 'lexical.distinct.2',
      label: 'Distinct-2',
      value: r.lexical.distinct[2],
      text: fmtNum(r.lexical.distinct[2]),
      definition: 'Unique bigrams / all bigrams, formed inside rows.',
    },
    {
      key: 'duplicates.exact.rate',
      label: 'Exact duplicates',
      value: r.duplicates.exact.rate,
      text: fmtRowShare(r.duplicates.exact.rate, r.rows.parsed),
      definition: 'Rows that repeat an earlier row after lowercasing and collapsing white space.',
    },
    {
      key: 'duplicates.near.rateRemovable',
      label: 'Near duplicates',
      value: r.duplicates.near.rateRemovable,
      text: fmtRowShare(r.duplicates.near.rateRemovable, r.rows.parsed),
      definition: `Rows removable as near duplicates (word 5-gram Jaccard ≥ ${r.duplicates.near.threshold}), one kept per cluster.`,
    },
  ];
  // The figures the verdict judges the tail on (verdict.ts), not raw coverage: own spectrum always,
  // the equal-size comparison and the coverage ÷ same-distribution baseline with a reference.
  const s = r.tails.spectrum;
  out.push({
    key: 'tails.spectrum.hapaxTypeShare',
    label: 'Hapax types',
    value: s.hapaxTypeShare,
    text: fmtPct(s.hapaxTypeShare),
    definition: 'Share of word types that occur exactly once in the whole dataset.',
  });
  out.push({
    key: 'tails.spectrum.hapaxRetention',
    label: 'Hapax retention',
    value: s.hapaxRetention,
    text: fmtNum(s.hapaxRetention),
    definition:
      'Hapax share at full size ÷ hapax share at half the size (exact expectation). Natural text keeps 0.87–0.93; the verdict watches below 0.8 and calls collapse below 0.6.',
  });
  if (r.tails.mode === 'reference') {
    const e = r.tails.equalSize;
    const b = r.tails.baseline;
    if (e) {
      out.push({
        key: 'tails.equalSize.typesRatio',
        label: 'Types vs reference (equal size)',
        value: e.typesRatio,
        text: e.typesRatio === null ? '—' : `${fmtNum(e.typesRatio)}×`,
        definition: `Expected word types of the dataset ÷ the reference's, both at ${fmtInt(e.atTokens)} tokens. Below 0.8× is a watch.`,
      });
      out.push({
        key: 'tails.equalSize.hapaxShareRatio',
        label: 'Hapax share vs reference (equal size)',
        value: e.hapaxShareRatio,
        text: e.hapaxShareRatio === null ? '—' : `${fmtNum(e.hapaxShareRatio)}×`,
        definition: `Share of types seen once, dataset ÷ reference, both at ${fmtInt(e.atTokens)} tokens. Below 0.8× is a watch, below 0.5× collapse-prone.`,
      });
    }
    if (b) {
      out.push({
        key: 'tails.baseline.ratio',
        label: `Tail coverage ÷ same distribution (≤${r.options.tailMax})`,
        value: b.ratio,
        text: `${fmtPct(b.datasetCoverage)} ÷ ${fmtPct(b.sameDistributionCoverage)} = ${fmtNum(b.ratio)}×`,
        short: `${fmtNum(b.ratio)}×`,
        definition: `Coverage of the reference's rare types (count ≤ ${r.options.tailMax}) by the dataset ÷ by another half of the reference itself, at ${fmtInt(b.atTokens)} tokens (${b.splits} seeded split-halves). Below 0.92× is a vocabulary shift (a note, never collapse on its own).`,
      });
    } else {
      out.push({
        key: 'tails.typeCoverage',
        label: `Tail coverage (≤${r.options.tailMax})`,
        value: r.tails.typeCoverage,
        text: fmtPct(r.tails.typeCoverage),
        definition: `Share of the reference's rare types (count ≤ ${r.options.tailMax}) that appear in the dataset (no same-distribution baseline: the reference has under 4 rows).`,
      });
    }
  }
  return out;
}
