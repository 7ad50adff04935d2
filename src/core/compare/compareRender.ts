/**
 * A CompareReport as text: the terminal table of `diversity-lens compare` and its Markdown (`--markdown`, `--out
 * F.md`). Why in the core: the CLI prints them and the extension can export the same Markdown; both read only the
 * report's keys (docs/report.md, "Compare report"), so the numbers are the JSON's.
 */
import type { CompareDataset, CompareReport } from './compareTypes.ts';

/** One column of the table: header and how a dataset's cell reads. */
interface Column {
  head: string;
  cell: (d: CompareDataset) => string;
}

const int = (x: number | null) => (x === null ? '—' : Math.round(x).toLocaleString('en-US'));
const dec = (x: number | null, digits = 3) => (x === null ? '—' : x.toFixed(digits));
const pct = (x: number | null) => (x === null ? '—' : `${(100 * x).toFixed(1)}%`);

const COLUMNS: Column[] = [
  { head: 'rows', cell: (d) => int(d.rows) },
  { head: 'tokens', cell: (d) => int(d.tokens) },
  { head: 'types', cell: (d) => int(d.types) },
  { head: 'MATTR', cell: (d) => dec(d.mattr) },
  { head: 'MTLD', cell: (d) => dec(d.mtld, 1) },
  { head: 'distinct-2', cell: (d) => dec(d.distinct2) },
  { head: 'exact dup', cell: (d) => pct(d.exactShare) },
  { head: 'near dup', cell: (d) => pct(d.nearShare) },
  { head: 'types@N', cell: (d) => int(d.sizeAdjusted.types) },
  { head: 'distinct-2@N', cell: (d) => dec(d.sizeAdjusted.distinct2) },
  { head: 'tail types', cell: (d) => pct(d.tails.typeCoverage) },
  { head: 'tail mass', cell: (d) => pct(d.tails.massCoverage) },
  { head: 'tail types@N', cell: (d) => pct(d.tails.typeCoverageAtEqualSize) },
  { head: 'JSD', cell: (d) => dec(d.jsDivergence) },
  { head: 'top template', cell: (d) => pct(d.topTemplateShare) },
];

/** The dataset's name in a table: its path, marked when it is the baseline or came from the cache. */
function name(r: CompareReport, i: number): string {
  const d = r.datasets[i];
  return `${d.path}${i === r.baseline ? ' (baseline)' : ''}${d.cached ? ' *' : ''}`;
}

/** The size note under every table: what @N means. */
function sizeNote(r: CompareReport): string {
  return `@N: expected at the common size N = ${r.commonTokens.toLocaleString('en-US')} tokens (${r.commonBigrams.toLocaleString('en-US')} bigrams), exact rarefaction; tail: the baseline's types seen 1…${String(r.options.tailMax ?? 5)} times.`;
}

/** Why: the terminal summary of `compare` — a column-aligned table, the size note, the verdict and its reasons. */
export function renderCompareTable(r: CompareReport): string {
  const rows = [['dataset', ...COLUMNS.map((c) => c.head)]];
  r.datasets.forEach((d, i) => rows.push([name(r, i), ...COLUMNS.map((c) => c.cell(d))]));
  const widths = rows[0].map((_, k) => Math.max(...rows.map((row) => row[k].length)));
  const line = (row: string[]) =>
    row.map((cell, k) => (k === 0 ? cell.padEnd(widths[k]) : cell.padStart(widths[k]))).join('  ');
  const out = [line(rows[0]), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(line)];
  out.push('', sizeNote(r));
  if (r.datasets.some((d) => d.cached))
    out.push('* from the report cache (same file, size, modification time, options)');
  out.push('', `Trend: ${r.trend.verdict.toUpperCase()}`);
  for (const reason of r.trend.reasons) out.push(`  - ${reason.message}`);
  return out.join('\n') + '\n';
}

/** Why: `compare --markdown` — the same table and verdict as Markdown (dataset paths in code spans). */
export function renderCompareMarkdown(r: CompareReport): string {
  const esc = (s: string) => s.replace(/\|/g, '\\|');
  const out = [
    '# Diversity Lens — compare',
    '',
    `| dataset | ${COLUMNS.map((c) => c.head).join(' | ')} |`,
    `|---|${COLUMNS.map(() => '---:').join('|')}|`,
  ];
  r.datasets.forEach((d, i) =>
    out.push(`| \`${esc(name(r, i))}\` | ${COLUMNS.map((c) => esc(c.cell(d))).join(' | ')} |`),
  );
  out.push('', sizeNote(r), '', `## Trend: **${r.trend.verdict}**`, '');
  for (const reason of r.trend.reasons) out.push(`- ${esc(reason.message)}`);
  return out.join('\n') + '\n';
}
