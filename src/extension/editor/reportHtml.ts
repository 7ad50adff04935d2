/**
 * The HTML export of a report: one standalone page (no script, no external resource, one inline
 * stylesheet allowed by its hash) with the verdict, the headline figures, duplicate clusters, templates and the
 * full JSON. Every string from the report — dataset text included — goes through escapeHtml, so a
 * row containing markup is shown literally when the page is opened in a browser.
 * No `vscode` import (unit-testable).
 */
import { createHash } from 'node:crypto';
import type { AnalysisReport } from '../../core/report/reportTypes.ts';
import { headlineFigures } from '../../core/report/headline.ts';
import { lexicalMetricRows } from '../../core/report/viewModels.ts';
import { fmtInt, fmtNum, fmtPct } from '../../core/report/format.ts';

/** Escapes the five HTML-significant characters (text and attribute values). */
export function escapeHtml(s: string): string {
  return s.replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string,
  );
}

const e = escapeHtml;
const row = (cells: string[], th = false): string =>
  `<tr>${cells.map((c) => (th ? `<th>${c}</th>` : `<td>${c}</td>`)).join('')}</tr>`;
const tableOf = (head: string[], rows: string[][]): string =>
  `<table><thead>${row(head.map(e), true)}</thead><tbody>${rows.map((r) => row(r.map(e))).join('')}</tbody></table>`;

/** The page's one stylesheet (fixed text: its hash, not 'unsafe-inline', lets it through the CSP). */
const REPORT_STYLE = `
body { font-family: system-ui, sans-serif; margin: 2em auto; max-width: 1000px; padding: 0 1em; line-height: 1.4; }
table { border-collapse: collapse; margin: .5em 0 1.5em; } th, td { border-bottom: 1px solid #8884; padding: 3px 10px; text-align: left; vertical-align: top; }
td:last-child { white-space: pre-wrap; word-break: break-word; } pre { white-space: pre-wrap; background: #8881; padding: 1em; }
`;

/**
 * The page's Content-Security-Policy: nothing may load or run; the one inline stylesheet is allowed by its
 * SHA-256 (so a `<style>` smuggled in by data could not apply even if escaping failed); no `<base>`, no forms.
 */
export const REPORT_CSP = [
  `default-src 'none'`,
  `style-src 'sha256-${createHash('sha256').update(REPORT_STYLE).digest('base64')}'`,
  `base-uri 'none'`,
  `form-action 'none'`,
].join('; ');

/** The standalone HTML page for `r`; `title` is usually the dataset's file name. */
export function renderHtml(r: AnalysisReport, title: string): string {
  const clusters = (name: string, list: AnalysisReport['duplicates']['exact']['clusters']): string =>
    `<h3>${e(name)}</h3>` +
    (list.length
      ? tableOf(
          ['Rows', 'Similarity', 'First lines', 'Representative text'],
          list
            .slice(0, 50)
            .map((c) => [
              fmtInt(c.size),
              fmtNum(c.meanSimilarity, 2),
              c.lines.slice(0, 10).join(', '),
              c.representativeText ?? '',
            ]),
        )
      : '<p>None.</p>');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${REPORT_CSP}">
<title>Diversity report: ${e(title)}</title>
<style>${REPORT_STYLE}</style>
</head>
<body>
<h1>Diversity report: ${e(title)}</h1>
<p>${e(`${r.tool.name} ${r.tool.version} · ${fmtInt(r.rows.parsed)} rows parsed of ${fmtInt(r.rows.total)} · shape ${r.shape} · view ${r.view}`)}</p>
<h2>Verdict: ${e(r.verdict.level)}</h2>
${r.verdict.reasons.length ? `<ul>${r.verdict.reasons.map((x) => `<li>${e(x.text)}</li>`).join('')}</ul>` : '<p>No warning signals.</p>'}
<h2>Headline figures</h2>
${tableOf(
  ['Figure', 'Value', 'Definition'],
  headlineFigures(r).map((f) => [f.label, f.text, f.definition]),
)}
<h2>Lexical diversity</h2>
${tableOf(
  ['Metric', 'Value', 'Definition'],
  lexicalMetricRows(r).map((m) => [m.label, m.text, m.definition]),
)}
<h2>Duplicates</h2>
<p>${e(`Exact: ${fmtInt(r.duplicates.exact.rows)} repeated rows (${fmtPct(r.duplicates.exact.rate)}). Near: ${fmtInt(r.duplicates.near.rowsRemovable)} removable rows (${fmtPct(r.duplicates.near.rateRemovable)}).`)}</p>
${clusters('Exact clusters', r.duplicates.exact.clusters)}
${clusters('Near clusters', r.duplicates.near.clusters)}
<h2>Templates</h2>
${tableOf(
  ['Opening', 'Rows', 'Share'],
  r.duplicates.templates.openings.map((o) => [o.text, fmtInt(o.rows), fmtPct(o.share)]),
)}
<h2>Full report (JSON)</h2>
<pre>${e(JSON.stringify(r, null, 2))}</pre>
</body>
</html>
`;
}
