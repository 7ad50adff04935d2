/**
 * Overview: row counts, the verdict with its reasons, and the headline cards. The cards come from the
 * core's headlineFigures(), the same list and rounding the CLI summary and Markdown report use.
 * Each value element carries the raw JSON number in `data-value` (so tests and tools can compare
 * exactly) and shows the formatted text.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import { headlineFigures } from '../../src/core/report/headline.ts';
import { fmtInt } from '../../src/core/report/format.ts';
import { isEmptyFile } from '../../src/core/report/headline.ts';
import { h, section } from '../dom.ts';
import { countList, type CountItem } from '../widgets/figures.ts';

const VERDICT_TEXT = { healthy: 'Healthy', watch: 'Watch', 'collapse-prone': 'Collapse-prone' } as const;

/** A count of the reader's, keyed as in the report (data-count). */
export const rowCount = (key: string, label: string, n: number): CountItem => ({
  key,
  label,
  value: n,
  text: fmtInt(n),
});

/**
 * Why: the reader's four row counts (non-blank lines = parsed + malformed), shown the same in the Rows section
 * and in the counts while an analysis still reads (panel.ts).
 */
export function rowCounts(rows: {
  total: number;
  parsed: number;
  malformed: number;
  blank: number;
}): CountItem[] {
  return [
    rowCount('total', 'Rows (non-blank lines)', rows.total),
    rowCount('parsed', 'Parsed', rows.parsed),
    rowCount('malformed', 'Malformed', rows.malformed),
    rowCount('blank', 'Blank lines', rows.blank),
  ];
}

/**
 * The counts shown while an analysis still reads (panel.ts): the reader's row counts, then tokens and types. Why types
 * can read "not yet": a chunked run counts the rows and tokens of the chunks still running, but their types only once
 * a chunk is merged (its vocabulary is its own until then), so types = 0 beside tokens > 0 means "none merged yet",
 * never "no types" (every token has one).
 */
export function partialCounts(p: {
  rows?: { total: number; parsed: number; malformed: number; blank: number };
  tokens?: { total: number; types: number };
}): CountItem[] {
  if (!p.rows) return [];
  const counts = rowCounts(p.rows);
  if (!p.tokens) return counts;
  counts.push(rowCount('tokens', 'Tokens', p.tokens.total));
  if (p.tokens.total > 0 && p.tokens.types === 0)
    counts.push({
      key: 'types',
      label: 'Types',
      value: null,
      text: 'counted as chunks finish',
      title:
        'Each chunk of a large file counts its own types; they are added up when the chunk is merged, and none is yet.',
    });
  else counts.push(rowCount('types', 'Types', p.tokens.types));
  return counts;
}

/** Row counts of the reader, with the too-long and invalid UTF-8 lines when there are any. */
export function renderRows(r: AnalysisReport): HTMLElement {
  const counts = rowCounts(r.rows);
  if (r.rows.tooLong) counts.push(rowCount('tooLong', 'Too long', r.rows.tooLong));
  if (r.rows.invalidUtf8) counts.push(rowCount('invalidUtf8', 'Invalid UTF-8', r.rows.invalidUtf8));
  return section(
    'rows',
    'Rows',
    countList(counts),
    h('p', { class: 'meta' }, `Shape: ${r.shape} · text view: ${r.view} · tokenizer: ${r.tokens.tokenizer}`),
  );
}

/** Verdict badge and the reasons behind it, strongest first. */
export function renderVerdict(r: AnalysisReport): HTMLElement {
  const level = r.verdict.level;
  return section(
    'verdict',
    'Verdict',
    h(
      'p',
      {},
      h(
        'vscode-badge',
        { id: 'verdict-level', class: `verdict ${level}`, 'data-level': level },
        VERDICT_TEXT[level],
      ),
      // an empty file says so next to the level, not only in its reason
      isEmptyFile(r) ? h('strong', { id: 'verdict-empty', class: 'verdict-empty' }, ' Empty file') : null,
    ),
    r.verdict.reasons.length
      ? h(
          'ul',
          { id: 'verdict-reasons' },
          ...r.verdict.reasons.map((x) =>
            h('li', { 'data-severity': x.severity, 'data-measure': x.measure }, x.text),
          ),
        )
      : h('p', { id: 'verdict-reasons', class: 'meta' }, 'No warning signals.'),
    ...(r.verdict.notes ?? []).map((n) =>
      h('p', { class: 'verdict-note', 'data-measure': n.measure }, `Note: ${n.text}`),
    ),
  );
}

/** Headline metric cards. */
export function renderHeadline(r: AnalysisReport): HTMLElement {
  return section(
    'headline',
    'Headline metrics',
    h(
      'div',
      { class: 'cards' },
      ...headlineFigures(r).map((f) =>
        h(
          'div',
          { class: 'card', 'data-key': f.key, title: f.definition, tabindex: 0 },
          h('div', { class: 'card-label' }, f.label),
          h(
            'div',
            { class: 'card-value', 'data-value': f.value === null ? 'null' : String(f.value) },
            f.short ?? f.text,
          ),
          f.short !== undefined ? h('div', { class: 'card-detail' }, f.text) : null,
        ),
      ),
    ),
  );
}
