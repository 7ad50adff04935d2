/**
 * The Instructions tab's two-level chart (Self-Instruct's Figure 3 as nested bars): one bar per top verb, as long as
 * its sampled rows, split into its top nouns and the rest. Drawn as SVG because uPlot (chart.ts) has no nested bars.
 * dom.ts refuses <svg> so that no view builds one by accident; this module is the one place SVG is made, through
 * document.createElementNS with its own allow-list of inert elements (svg, g, rect, text, title, desc) and
 * attributes (geometry, class, role, aria-*, data-*), so nothing here can load or run anything. Verb and noun
 * lemmas are dataset text: set as text nodes only. Colours are CSS classes over --vscode-* variables
 * (styles/charts.css), so every theme applies. The figure has an accessible name and a <desc> listing every bar; the
 * same numbers are in the tab's tables. Tested in test/unit/webview/verbNounChart.test.ts.
 */
import type { VerbNounBar } from '../../src/core/report/instructionsView.ts';
import { fmtInt, fmtPct } from '../../src/core/report/format.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const SVG_TAGS = new Set(['svg', 'g', 'rect', 'text', 'title', 'desc']);
const SVG_ATTR =
  /^(viewBox|width|height|x|y|rx|class|role|id|text-anchor|dominant-baseline|preserveAspectRatio|focusable|aria-[a-z]+|data-[a-z-]+)$/;

/** Why: the only SVG builder of the webview — an allow-listed element with allow-listed attributes and text children. */
export function svgEl(
  tag: string,
  attrs: Record<string, string | number> = {},
  ...children: (SVGElement | string)[]
): SVGElement {
  if (!SVG_TAGS.has(tag)) throw new Error(`refusing SVG element <${tag}>`);
  const el = document.createElementNS(SVG_NS, tag) as SVGElement;
  for (const [name, value] of Object.entries(attrs)) {
    if (!SVG_ATTR.test(name)) throw new Error(`refusing SVG attribute ${name}`);
    el.setAttribute(name, String(value));
  }
  for (const c of children) el.appendChild(typeof c === 'string' ? document.createTextNode(c) : c);
  return el;
}

/** Geometry of the chart, in viewBox units (the SVG scales to the panel's width). */
const GEOMETRY = {
  width: 760,
  /** One verb's row: its bar and the gap below it. */
  rowHeight: 24,
  barHeight: 16,
  /** Left of the bars: the verb labels (right-aligned). */
  labelWidth: 120,
  /** Right of the longest bar: its count. */
  countWidth: 110,
  /** Approximate width of one character of the 11 px labels (a noun label is drawn inside its segment only if it fits). */
  charWidth: 6.6,
} as const;

/** What a click on a segment selects: the verb and its noun (null: the verb's "other" segment). */
export type SegmentSelect = (verb: string, noun: string | null) => void;

/**
 * Why: the nested bars of `bars` (verbNounBars) as a captioned <figure>; `onSelect` is called with the verb and noun
 * of a clicked segment (the tab selects that pair in its table).
 */
export function verbNounChart(bars: readonly VerbNounBar[], onSelect?: SegmentSelect): HTMLElement {
  const fig = document.createElement('figure');
  fig.id = 'verb-noun-chart';
  fig.className = 'chart verb-noun-chart';
  const caption = document.createElement('figcaption');
  caption.id = 'verb-noun-chart-caption';
  caption.textContent = `Top ${bars.length} root verbs and their top nouns (bar length: share of the sampled rows)`;
  fig.appendChild(caption);
  fig.dataset.bars = String(bars.length);
  if (bars.length === 0) {
    const p = document.createElement('p');
    p.className = 'meta';
    p.textContent = 'No sampled row has a verb.';
    fig.appendChild(p);
    return fig;
  }
  const { width, rowHeight, barHeight, labelWidth, countWidth, charWidth } = GEOMETRY;
  const max = Math.max(...bars.map((b) => b.rows), 1);
  const span = width - labelWidth - countWidth;
  const height = bars.length * rowHeight + 4;
  const svg = svgEl('svg', {
    viewBox: `0 0 ${width} ${height}`,
    width: '100%',
    preserveAspectRatio: 'xMinYMin meet',
    role: 'img',
    'aria-labelledby': 'verb-noun-chart-caption',
    'aria-describedby': 'verb-noun-chart-desc',
    focusable: 'false',
    class: 'verb-noun-svg',
  });
  svg.appendChild(svgEl('desc', { id: 'verb-noun-chart-desc' }, bars.map((b) => b.description).join('. ')));
  bars.forEach((b, i) => {
    const y = i * rowHeight + 2;
    const g = svgEl('g', { class: 'vn-verb', 'data-verb': b.verb, 'data-rows': b.rows });
    g.appendChild(
      svgEl(
        'text',
        {
          class: 'vn-label',
          x: labelWidth - 8,
          y: y + barHeight / 2,
          'text-anchor': 'end',
          'dominant-baseline': 'central',
        },
        b.verb,
      ),
    );
    let x = labelWidth;
    b.segments.forEach((s, j) => {
      const w = (s.rows / max) * span;
      const cls = s.noun === null ? 'vn-seg vn-seg-other' : `vn-seg vn-seg-${j % 4}`;
      const seg = svgEl(
        'g',
        { class: 'vn-segment', 'data-noun': s.noun ?? '', 'data-rows': s.rows },
        svgEl(
          'rect',
          { class: cls, x: x.toFixed(2), y, width: Math.max(0.5, w).toFixed(2), height: barHeight },
          svgEl('title', {}, `${s.title}: ${fmtInt(s.rows)} rows (${fmtPct(s.share)})`),
        ),
      );
      if (s.label.length * charWidth + 8 <= w)
        seg.appendChild(
          svgEl(
            'text',
            {
              class: s.noun === null ? 'vn-inner vn-inner-other' : 'vn-inner',
              x: (x + 4).toFixed(2),
              y: y + barHeight / 2,
              'dominant-baseline': 'central',
              'aria-hidden': 'true',
            },
            s.label,
          ),
        );
      if (onSelect) seg.addEventListener('click', () => onSelect(b.verb, s.noun));
      g.appendChild(seg);
      x += w;
    });
    g.appendChild(
      svgEl(
        'text',
        { class: 'vn-count', x: (x + 6).toFixed(2), y: y + barHeight / 2, 'dominant-baseline': 'central' },
        `${fmtInt(b.rows)} (${fmtPct(b.share)})`,
      ),
    );
    svg.appendChild(g);
  });
  fig.appendChild(svg);
  return fig;
}
