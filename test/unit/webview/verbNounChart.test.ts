// The Instructions tab's nested-bar chart (webview/charts/verbNounChart.ts, issue #16 item 6): one bar per verb with
// its noun segments as long as their rows, verbs and nouns inserted as text nodes (a hostile lemma stays text), only
// allow-listed SVG elements and attributes, theme colours by class, an accessible name and description, and a click
// on a segment reporting its verb and noun. Runs in node with a minimal stand-in for `document`.
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import type { VerbNounBar } from '../../../src/core/report/instructionsView.ts';

class FakeText {
  constructor(readonly textContent: string) {}
}
class FakeElement {
  readonly attributes = new Map<string, string>();
  readonly childNodes: (FakeElement | FakeText)[] = [];
  readonly listeners = new Map<string, (() => void)[]>();
  readonly dataset: Record<string, string> = {};
  id = '';
  className = '';
  private text: string | null = null;
  constructor(
    readonly tagName: string,
    readonly ns: string | null,
  ) {}
  setAttribute(name: string, value: string): void {
    this.attributes.set(name, value);
  }
  appendChild<T extends FakeElement | FakeText>(c: T): T {
    this.childNodes.push(c);
    return c;
  }
  addEventListener(type: string, f: () => void): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), f]);
  }
  set textContent(t: string) {
    this.text = t;
  }
  get textContent(): string {
    return this.text ?? this.childNodes.map((c) => c.textContent).join('');
  }
  /** Every descendant element (depth first). */
  all(): FakeElement[] {
    return this.childNodes.flatMap((c) => (c instanceof FakeElement ? [c, ...c.all()] : []));
  }
}

type Chart = typeof import('../../../webview/charts/verbNounChart.ts');
let chart: Chart;

before(async () => {
  (globalThis as { document?: unknown }).document = {
    createElement: (tag: string) => new FakeElement(tag, null),
    createElementNS: (ns: string, tag: string) => new FakeElement(tag, ns),
    createTextNode: (text: string) => new FakeText(text),
  };
  chart = await import('../../../webview/charts/verbNounChart.ts');
});

const HOSTILE = '<img src=x onerror=alert(1)>';

const BARS: VerbNounBar[] = [
  {
    verb: 'write',
    rows: 100,
    share: 0.5,
    segments: [
      { noun: 'poem', label: 'poem', title: 'write → poem', noObject: false, rows: 60, share: 0.3 },
      { noun: HOSTILE, label: HOSTILE, title: `write → ${HOSTILE}`, noObject: false, rows: 30, share: 0.15 },
      {
        noun: null,
        label: 'other',
        title: 'write: other nouns or no object',
        noObject: false,
        rows: 10,
        share: 0.05,
      },
    ],
    description: 'write: 100 rows (50.0%); poem 60, story 30, other 10',
  },
  {
    verb: 'explain',
    rows: 50,
    share: 0.25,
    segments: [
      { noun: null, label: 'no object', title: 'explain: no object', noObject: true, rows: 50, share: 0.25 },
    ],
    description: 'explain: 50 rows (25.0%); other 50',
  },
];

test('one bar per verb, segments as long as their rows on one scale, theme classes, counts at the end', () => {
  const fig = chart.verbNounChart(BARS) as unknown as FakeElement;
  assert.equal(fig.tagName, 'figure');
  assert.equal(fig.id, 'verb-noun-chart');
  assert.equal(fig.dataset.bars, '2');
  const svg = fig.all().find((e) => e.tagName === 'svg')!;
  assert.equal(svg.ns, 'http://www.w3.org/2000/svg');
  assert.equal(svg.attributes.get('role'), 'img');
  assert.equal(svg.attributes.get('aria-labelledby'), 'verb-noun-chart-caption');
  const desc = svg.all().find((e) => e.tagName === 'desc')!;
  assert.equal(desc.textContent, BARS.map((b) => b.description).join('. '));
  const verbs = svg.all().filter((e) => e.attributes.get('class') === 'vn-verb');
  assert.deepEqual(
    verbs.map((g) => [g.attributes.get('data-verb'), g.attributes.get('data-rows')]),
    [
      ['write', '100'],
      ['explain', '50'],
    ],
  );
  const rects = (g: FakeElement) => g.all().filter((e) => e.tagName === 'rect');
  const widths = (g: FakeElement) => rects(g).map((r) => Number(r.attributes.get('width')));
  const w = widths(verbs[0]);
  // 60 : 30 : 10 of the longest bar, and explain's bar half of write's
  assert.ok(Math.abs(w[0] / w[2] - 6) < 1e-3 && Math.abs(w[1] / w[2] - 3) < 1e-3, `${w}`);
  assert.ok(Math.abs(widths(verbs[1])[0] / (w[0] + w[1] + w[2]) - 0.5) < 1e-3);
  assert.deepEqual(
    rects(verbs[0]).map((r) => r.attributes.get('class')),
    ['vn-seg vn-seg-0', 'vn-seg vn-seg-1', 'vn-seg vn-seg-other'],
  );
  // segments follow one another
  const xs = rects(verbs[0]).map((r) => Number(r.attributes.get('x')));
  assert.ok(Math.abs(xs[1] - xs[0] - w[0]) < 0.02 && Math.abs(xs[2] - xs[1] - w[1]) < 0.02);
  const counts = svg.all().filter((e) => e.attributes.get('class') === 'vn-count');
  assert.deepEqual(
    counts.map((c) => c.textContent),
    ['100 (50.0%)', '50 (25.0%)'],
  );
  assert.equal(
    rects(verbs[0])[0].all()[0].textContent,
    'write → poem: 60 rows (30.0%)',
    'each segment has a <title> tooltip',
  );
});

test('verb and noun lemmas are text nodes: a hostile lemma stays text, no element is made from it', () => {
  const fig = chart.verbNounChart([{ ...BARS[0], verb: HOSTILE }]) as unknown as FakeElement;
  const tags = new Set(fig.all().map((e) => e.tagName));
  assert.deepEqual(
    [...tags].sort(),
    ['desc', 'figcaption', 'g', 'rect', 'svg', 'text', 'title'],
    'only the chart’s own elements',
  );
  const label = fig.all().find((e) => e.attributes.get('class') === 'vn-label')!;
  assert.ok(label.childNodes[0] instanceof FakeText);
  assert.equal(label.textContent, HOSTILE);
  for (const e of fig.all())
    for (const name of e.attributes.keys()) assert.doesNotMatch(name, /^on|href|src/i);
});

test('the SVG builder refuses elements and attributes that could load or run something', () => {
  for (const tag of ['script', 'foreignObject', 'a', 'image', 'use', 'style', 'animate', 'set', 'iframe'])
    assert.throws(() => chart.svgEl(tag), /refusing SVG element/, tag);
  for (const attr of ['onclick', 'onload', 'href', 'xlink:href', 'style', 'src', 'fill', 'begin'])
    assert.throws(() => chart.svgEl('rect', { [attr]: 'x' }), /refusing SVG attribute/, attr);
  const t = chart.svgEl('text', { x: 1, 'data-verb': 'a' }, HOSTILE) as unknown as FakeElement;
  assert.ok(t.childNodes[0] instanceof FakeText);
});

test('a click on a segment reports its verb and noun (null for the rest); no bars: a note', () => {
  const got: [string, string | null][] = [];
  const fig = chart.verbNounChart(BARS, (v, n) => got.push([v, n])) as unknown as FakeElement;
  const segs = fig.all().filter((e) => e.attributes.get('class') === 'vn-segment');
  assert.equal(segs.length, 4);
  for (const s of segs) for (const f of s.listeners.get('click') ?? []) f();
  assert.deepEqual(got, [
    ['write', 'poem'],
    ['write', HOSTILE],
    ['write', null],
    ['explain', null],
  ]);
  const empty = chart.verbNounChart([]) as unknown as FakeElement;
  assert.equal(empty.all().filter((e) => e.tagName === 'svg').length, 0);
  assert.equal(empty.all().find((e) => e.tagName === 'p')!.textContent, 'No sampled row has a verb.');
});
