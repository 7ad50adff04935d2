// The webview's only DOM builder (webview/dom.ts), issue #15 item 16: attributes that could load or run something
// (on*, href, src, srcdoc, style, action, formaction, xlink:href) are refused whatever their case, and every string
// child becomes a Text node — so dataset text handed to h()/append() can never become markup. Runs in node with a
// minimal stand-in for `document` that records what dom.ts asks of it.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';

/** A recorded element of the stand-in document. */
class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly childNodes: (FakeElement | FakeText)[] = [];
  constructor(readonly tagName: string) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  appendChild<T extends FakeElement | FakeText>(c: T): T {
    this.childNodes.push(c);
    return c;
  }
  get textContent(): string {
    return this.childNodes.map((c) => c.textContent).join('');
  }
}
class FakeText {
  constructor(readonly textContent: string) {}
}

type Dom = typeof import('../../../webview/dom.ts');
let dom: Dom;

before(async () => {
  (globalThis as { document?: unknown }).document = {
    createElement: (tag: string) => new FakeElement(tag),
    createTextNode: (text: string) => new FakeText(text),
  };
  dom = await import('../../../webview/dom.ts');
});

const HOSTILE = `<img src=x onerror="alert(1)"></script><script>alert(2)</script>\u202Etxt [x](javascript:alert(3))`;

test('refuses every attribute that could load or run something, in any case', () => {
  const refused = [
    'onclick',
    'onerror',
    'OnLoad',
    'onmouseover',
    'on',
    'href',
    'HREF',
    'src',
    'Src',
    'srcdoc',
    'style',
    'STYLE',
    'action',
    'formaction',
    'FormAction',
    'xlink:href',
    'srcset',
    'SrcSet',
    'poster',
    'background',
    'ping',
    'data',
    'codebase',
    'lowsrc',
    'dynsrc',
    'http-equiv',
  ];
  for (const name of refused)
    assert.throws(() => dom.h('a', { [name]: 'javascript:alert(1)' }), /refusing attribute/, name);
});

test('refuses elements that load or run something, in any case; the panel builds none of them', () => {
  for (const tag of [
    'script',
    'SCRIPT',
    'iframe',
    'frame',
    'object',
    'embed',
    'img',
    'image',
    'picture',
    'source',
    'audio',
    'video',
    'link',
    'meta',
    'base',
    'style',
    'svg',
    'math',
    'form',
    'template',
    'noscript',
  ])
    assert.throws(() => dom.h(tag), /refusing element/, tag);
  for (const tag of [
    'p',
    'div',
    'pre',
    'table',
    'th',
    'button',
    'input',
    'datalist',
    'option',
    'meter',
    'vscode-tabs',
  ])
    assert.equal((dom.h(tag) as unknown as FakeElement).tagName, tag);
});

test('a refused attribute is refused even when another, allowed one comes first (nothing half-built escapes)', () => {
  assert.throws(
    () => dom.h('div', { id: 'x', class: 'y', onclick: 'alert(1)' }),
    /refusing attribute onclick/,
  );
});

test('allowed attributes are set as given (values are attribute text, never parsed)', () => {
  const el = dom.h('pre', {
    class: 'row-text',
    'data-value': HOSTILE,
    title: HOSTILE,
    tabindex: 0,
    hidden: true,
  }) as unknown as FakeElement;
  assert.deepEqual(
    [...el.attributes],
    [
      ['class', 'row-text'],
      ['data-value', HOSTILE],
      ['title', HOSTILE],
      ['tabindex', '0'],
      ['hidden', ''],
    ],
  );
  // undefined / false attributes are skipped, including a refused name with no value
  const bare = dom.h('span', { id: undefined, hidden: false, srcset: undefined }) as unknown as FakeElement;
  assert.equal(bare.attributes.size, 0);
});

test('names that only contain a refused one are allowed (data-src, data-href, data-style, aria-*)', () => {
  const el = dom.h('div', {
    'data-src': 'a',
    'data-href': 'b',
    'aria-describedby': 'c',
    'data-style': 'd',
  }) as unknown as FakeElement;
  assert.deepEqual([...el.attributes.keys()], ['data-src', 'data-href', 'aria-describedby', 'data-style']);
});

test('string and number children become text nodes: hostile text stays text, exactly', () => {
  const el = dom.h('p', {}, HOSTILE, 42, null, undefined, false, 'end') as unknown as FakeElement;
  assert.equal(el.childNodes.length, 3);
  assert.ok(el.childNodes.every((c) => c instanceof FakeText));
  assert.equal(el.textContent, `${HOSTILE}42end`);
  const parent = dom.h('div') as unknown as FakeElement;
  dom.append(parent as unknown as Node, [HOSTILE, el as unknown as Node]);
  assert.ok(parent.childNodes[0] instanceof FakeText);
  assert.equal(parent.childNodes[1], el);
});

test('section(): heading text and id stay text and attributes', () => {
  const s = dom.section('slices', HOSTILE, HOSTILE) as unknown as FakeElement;
  assert.equal(s.tagName, 'section');
  assert.equal(s.attributes.get('aria-labelledby'), 'slices-heading');
  const heading = s.childNodes[0] as FakeElement;
  assert.equal(heading.tagName, 'h2');
  assert.equal(heading.textContent, HOSTILE);
  assert.ok(s.childNodes[1] instanceof FakeText);
});
