/**
 * The only way the panel builds DOM: elements with attributes and children, where every string child
 * becomes a Text node. There is no innerHTML anywhere in the webview, so dataset text (row snippets,
 * parser messages) can never become markup. Attribute names that could load or run something
 * (on*, href, src, srcset, srcdoc, style, action, formaction, xlink:href, poster, background, ping, data, codebase,
 * http-equiv) and elements that load or run something (script, iframe, object, img, link, meta, base, style, svg…)
 * are refused outright: the panel needs none of them, so a slip in a view fails loudly instead of opening a hole.
 * Tested in test/unit/webview/dom.test.ts.
 */

const FORBIDDEN_ATTR =
  /^(on|(href|src|srcset|srcdoc|style|action|formaction|xlink:href|poster|background|ping|data|codebase|lowsrc|dynsrc|http-equiv)$)/i;
const FORBIDDEN_TAG =
  /^(script|iframe|frame|frameset|object|embed|applet|img|image|picture|source|track|audio|video|link|meta|base|style|svg|math|form|portal|template|noscript)$/i;

export type Child = Node | string | number | null | undefined | false;

/**
 * Creates `<tag>` with `attrs` (string values) and `children` (strings → text nodes; null/false skipped); throws on a
 * forbidden element or attribute name.
 */
export function h(
  tag: string,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
  if (FORBIDDEN_TAG.test(tag)) throw new Error(`refusing element <${tag}>`);
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === undefined || value === false) continue;
    if (FORBIDDEN_ATTR.test(name)) throw new Error(`refusing attribute ${name}`);
    el.setAttribute(name, value === true ? '' : String(value));
  }
  append(el, children);
  return el;
}

/** Appends children to `parent`; strings and numbers become text nodes. */
export function append(parent: Node, children: Child[]): void {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    parent.appendChild(
      typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c,
    );
  }
}

/** A section with a heading (h2) and a stable id, the unit the panel is made of. */
export function section(id: string, title: string, ...children: Child[]): HTMLElement {
  const headingId = `${id}-heading`;
  return h('section', { id, 'aria-labelledby': headingId }, h('h2', { id: headingId }, title), ...children);
}
