/**
 * Skipped lines (malformed, too long, invalid UTF-8 — the same three counts the Rows section shows): the reader's
 * first errors (line, column, reason, message) in a scrolling table. Line numbers are buttons that open the
 * dataset at that line. Parser messages may quote dataset bytes: text only.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { fmtInt } from '../../src/core/report/format.ts';
import { h, section } from '../dom.ts';
import { dataTable } from '../widgets/table.ts';
import { lineButton } from '../widgets/buttons.ts';

/** The malformed-lines section, or null when every non-blank line parsed. */
export function renderMalformed(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement | null {
  const errors = r.rows.errors;
  if (errors.length === 0) return null;
  const bad = r.rows.total - r.rows.parsed;
  const note =
    bad > errors.length
      ? h('p', { class: 'meta' }, `Showing the first ${errors.length} of ${fmtInt(bad)} bad lines.`)
      : null;
  return section(
    'malformed',
    `Skipped lines (${fmtInt(bad)})`,
    h(
      'p',
      { class: 'meta' },
      `Lines not read as rows: ${fmtInt(r.rows.malformed)} malformed, ${fmtInt(r.rows.tooLong)} too long, ${fmtInt(r.rows.invalidUtf8)} invalid UTF-8 — ${fmtInt(r.rows.skippedBytes)} bytes, ${r.rows.readBytes > 0 ? ((100 * r.rows.skippedBytes) / r.rows.readBytes).toFixed(1) : '0.0'}% of the file.`,
    ),
    note,
    dataTable({
      attrs: { id: 'malformed-table', 'aria-label': 'Skipped lines' },
      scroll: true,
      rows: errors,
      columns: [
        { head: 'Line', num: true, cell: (e) => lineButton(e.line, post) },
        { head: 'Column', num: true, cell: (e) => String(e.column) },
        { head: 'Reason', cell: (e) => e.reason },
        { head: 'Message', cell: (e) => e.message },
      ],
    }),
  );
}
