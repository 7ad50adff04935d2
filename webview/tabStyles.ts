/**
 * Keeps the panel's tab strip readable when the panel is narrow: vscode-tabs lays its headers in one
 * non-wrapping flex row inside its shadow root (no CSS parts), so at half an editor's width the last
 * header ("Mix & Correct") was cut to an ellipsis. This lets the headers wrap onto a second row at
 * their full width instead. Installed as constructable stylesheets (adoptedStyleSheets, like the Mix
 * view's styles), so no inline style is needed under the page's CSP.
 */

/** Inside the vscode-tabs shadow root: the header row wraps. */
const SHADOW_CSS = `
.header { align-items: flex-end; }
.tablist { flex-wrap: wrap; min-width: 0; }
`;

/** In the page: a header never shrinks below its label (it moves to the next row instead). */
const PAGE_CSS = `
vscode-tabs > vscode-tab-header { flex: none; }
`;

let shadowSheet: CSSStyleSheet | null = null;

/** Lets the headers of the vscode-tabs element `tabs` wrap (once its shadow root exists). */
export function wrapTabHeaders(tabs: HTMLElement): void {
  if (!shadowSheet) {
    shadowSheet = new CSSStyleSheet();
    shadowSheet.replaceSync(SHADOW_CSS);
    const page = new CSSStyleSheet();
    page.replaceSync(PAGE_CSS);
    document.adoptedStyleSheets = [...document.adoptedStyleSheets, page];
  }
  const sheet = shadowSheet;
  // Lit creates the shadow root when the element is connected; updateComplete resolves after its first render.
  const ready = (tabs as HTMLElement & { updateComplete?: Promise<unknown> }).updateComplete ?? Promise.resolve();
  void ready.then(() => {
    const root = tabs.shadowRoot;
    if (root && !root.adoptedStyleSheets.includes(sheet)) root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  });
}
