/**
 * Templates: the most common row openings and repeated phrases with their share of rows and example
 * rows (line numbers open the row). Openings above the verdict's template threshold are marked.
 * Template text is dataset text: shown as text only.
 */
import type { AnalysisReport } from '../../src/core/report/reportTypes.ts';
import type { TemplateEntry } from '../../src/core/templates/templates.ts';
import type { WebviewToHost } from '../../src/protocol/panelProtocol.ts';
import { TEMPLATE_SHARE_THRESHOLD } from '../../src/core/lineMarks/homogeneousLineMarks.ts';
import { fmtInt, fmtPct } from '../../src/core/report/format.ts';
import { phrasesHeading } from '../../src/core/report/viewModels.ts';
import { h, section } from '../dom.ts';
import { lineButton } from '../widgets/buttons.ts';
import { shareMeter } from '../widgets/figures.ts';
import { dataTable } from '../widgets/table.ts';

/** The Templates view. */
export function renderTemplates(r: AnalysisReport, post: (m: WebviewToHost) => void): HTMLElement {
  const t = r.duplicates.templates;
  return section(
    'templates',
    'Templates',
    h(
      'p',
      { class: 'meta' },
      `Openings above ${fmtPct(TEMPLATE_SHARE_THRESHOLD, 0)} of rows are flagged (the verdict’s threshold) and marked in the editor.`,
    ),
    entries('openings', 'Common openings', t.openings, post, true),
    entries(
      'phrases',
      phrasesHeading(t.phrases, t.phrasesApproximate, t.phrasesSampled),
      t.phrases,
      post,
      false,
    ),
  );
}

function entries(
  id: string,
  title: string,
  list: TemplateEntry[],
  post: (m: WebviewToHost) => void,
  flag: boolean,
): HTMLElement {
  return h(
    'div',
    { id: `templates-${id}` },
    h('h3', {}, title),
    dataTable({
      rows: list,
      empty: 'None found in two or more rows.',
      rowAttrs: (e, index) => ({
        'data-index': index,
        class: flag && e.share > TEMPLATE_SHARE_THRESHOLD ? 'flagged' : undefined,
      }),
      columns: [
        { head: 'Text', cell: (e) => e.text, attrs: () => ({ class: 'template-text' }) },
        { head: 'Words', num: true, cell: (e) => String(e.n) },
        { head: 'Rows', num: true, cell: (e) => `${e.approximate ? '≤ ' : ''}${fmtInt(e.rows)}` },
        { head: 'Share', cell: (e) => [shareMeter(e.share, 'share of rows'), ' ', fmtPct(e.share)] },
        {
          head: 'Examples',
          cell: (e) => e.exampleLines.flatMap((l, i) => [i ? ', ' : '', lineButton(l, post)]),
        },
      ],
    }),
  );
}
