/**
 * The only way the panel builds DOM: elements with attributes and children, where every string child
 * becomes a Text node. There is no innerHTML anywhere in the webview, so dataset text (row snippets,
 * parser messages) can never become markup. Attribute names that could load or run something
 * (on*, href, src, srcdoc, style, formaction, xlink:href) are refused outright.
 */

const FORBIDDEN_ATTR = /^(on|href$|src$|srcdoc$|style$|formaction$|xlink:href$|action$)/i;

export type Child = Node | string | number | null | undefined | false;

/** Creates `<tag>` with `attrs` (string values) and `children` (strings → text nodes; null/false skipped). */
export function h(
  tag: string,
  attrs: Record<string, string | number | boolean | undefined> = {},
  ...children: Child[]
): HTMLElement {
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
