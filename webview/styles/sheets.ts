/**
 * The one way the panel is styled: every rule lives in a .css file (here in webview/styles/, plus uPlot's own
 * stylesheet from its package), esbuild bundles each file's text into dist/webview.js (loader "text" in
 * esbuild.mjs), and this module installs them as constructable stylesheets (adoptedStyleSheets) — on the
 * document at start-up, and into the shadow root of an element whose insides page CSS cannot reach (vscode-tabs).
 * CSP does not govern constructable stylesheets, so the page needs no stylesheet link and no 'unsafe-inline'
 * (the same mechanism @vscode-elements/elements uses for its own shadow roots).
 */
import uplotCss from 'uplot/dist/uPlot.min.css';
import chartsCss from './charts.css';
import panelCss from './panel.css';
import mixCss from './mix.css';
import compareCss from './compare.css';

/** The page's sheets, in cascade order (uPlot's stylesheet first: charts.css restyles it with the theme). */
const PAGE_SHEETS = [uplotCss, chartsCss, panelCss, mixCss];

const sheets = new Map<string, CSSStyleSheet>();

/** One CSSStyleSheet per CSS text, built once and shared by every root that adopts it. */
function sheetOf(css: string): CSSStyleSheet {
  let sheet = sheets.get(css);
  if (!sheet) {
    sheet = new CSSStyleSheet();
    sheet.replaceSync(css);
    sheets.set(css, sheet);
  }
  return sheet;
}

/** Adds `css` to `root`'s adopted sheets unless it is there already. */
function adopt(root: Document | ShadowRoot, css: string[]): void {
  const add = css.map(sheetOf).filter((s) => !root.adoptedStyleSheets.includes(s));
  if (add.length) root.adoptedStyleSheets = [...root.adoptedStyleSheets, ...add];
}

/** Why: styles the whole page once, before the first render (main.ts). */
export function installPageStyles(): void {
  adopt(document, PAGE_SHEETS);
}

/** Why: the Compare view's page (compare/main.ts) — the panel's look plus its own grid of charts. */
export function installComparePageStyles(): void {
  adopt(document, [uplotCss, chartsCss, panelCss, compareCss]);
}

/**
 * Why: a web component's shadow root is out of reach of the page's sheets; this adopts `css` there once the
 * (Lit) element `el` has rendered — Lit creates the shadow root on connect, updateComplete resolves after.
 */
export function adoptIntoShadow(el: HTMLElement, css: string): void {
  const ready =
    (el as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete ?? Promise.resolve();
  void ready.then(() => {
    if (el.shadowRoot) adopt(el.shadowRoot, [css]);
  });
}
