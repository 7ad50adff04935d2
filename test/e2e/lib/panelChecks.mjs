// Reads what the inspector panel shows and compares it with the CLI's JSON report for the same file
// (and with what the fixture generator knows it wrote, e.g. which lines are malformed).
import { same } from './expect.mjs';

/** The headline cards every report must show (keys are paths into the JSON report). */
export const REQUIRED_CARDS = [
  'tokens.total',
  'tokens.types',
  'lexical.mattr',
  'lexical.mtld',
  'lexical.distinct.2',
  'duplicates.exact.rate',
  'duplicates.near.rateRemovable',
];

const INTEGER_KEYS = new Set(['rows.parsed', 'tokens.total', 'tokens.types']);
const ONE_DECIMAL_KEYS = new Set(['lexical.mtld']);

/** Value at a dotted path of the report (`lexical.distinct.2` → report.lexical.distinct["2"]). */
export const at = (obj, key) => key.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);

/**
 * How the panel must print a headline value, written independently of the extension's formatter:
 * integers with en-US grouping, rates/shares as percent with one decimal, MTLD with one decimal,
 * other ratios with three; missing values as "n/a"; with a reference, the equal-size ratios and the baseline ratio
 * as the panel words them (`report` gives the baseline's two coverages).
 */
export function expectedText(key, v, report) {
  // reference-mode cards: ratios with "×" (no value: "—"), the baseline as "dataset ÷ same distribution = ratio×"
  const ratio = (x) => (Number.isInteger(x) ? x.toLocaleString('en-US') : x.toFixed(3));
  if (key === 'tails.equalSize.typesRatio' || key === 'tails.equalSize.hapaxShareRatio')
    return v === null ? '—' : `${ratio(v)}×`;
  if (key === 'tails.baseline.ratio') {
    const b = report.tails.baseline;
    const pct = (x) => `${(100 * x).toFixed(1)}%`;
    return `${pct(b.datasetCoverage)} ÷ ${pct(b.sameDistributionCoverage)} = ${ratio(v)}×`;
  }
  if (v === null || v === undefined || !Number.isFinite(v)) return 'n/a';
  if (INTEGER_KEYS.has(key)) return Math.round(v).toLocaleString('en-US');
  if (/rate|Coverage|Share/.test(key)) return `${(100 * v).toFixed(1)}%`;
  if (Number.isInteger(v)) return v.toLocaleString('en-US');
  return v.toFixed(ONE_DECIMAL_KEYS.has(key) ? 1 : 3);
}

/** The value a card shows large when its text is a computation ("a ÷ b = ratio×"): the part after "= ". */
export const computedValue = (text) => text.slice(text.lastIndexOf('= ') + 2);

/** The headline cards as shown: key, raw data-value, visible value and the small line under it (null: none). */
export function panelCards(web) {
  return web.locator('#headline .card').evaluateAll((els) =>
    els.map((e) => ({
      key: e.dataset.key,
      value: e.querySelector('.card-value').dataset.value,
      text: e.querySelector('.card-value').textContent,
      detail: e.querySelector('.card-detail')?.textContent ?? null,
    })),
  );
}

/** Compares every number the panel shows with `report` (CLI JSON) and the fixture's known facts. */
export async function checkPanelAgainstReport(web, report, fixture) {
  same(await web.locator('#file-name').textContent(), fixture.name, 'file name in the panel');

  // row counts
  for (const k of ['total', 'parsed', 'malformed', 'blank']) {
    const cell = web.locator(`#rows dd[data-count="${k}"]`);
    same(await cell.getAttribute('data-value'), String(report.rows[k]), `rows.${k} (raw) vs CLI`);
    same(await cell.textContent(), report.rows[k].toLocaleString('en-US'), `rows.${k} as shown vs CLI`);
  }
  same(
    report.rows.malformed,
    fixture.malformedLines.length,
    `CLI rows.malformed vs malformed lines written in ${fixture.name}`,
  );

  // verdict
  same(
    await web.locator('#verdict-level').getAttribute('data-level'),
    report.verdict.level,
    'verdict level vs CLI',
  );
  const reasons = report.verdict.reasons.length
    ? await web.locator('#verdict-reasons li').allTextContents()
    : [];
  same(
    reasons,
    report.verdict.reasons.map((r) => r.text),
    'verdict reasons vs CLI',
  );

  // headline cards
  const cards = await panelCards(web);
  const keys = cards.map((c) => c.key);
  for (const k of REQUIRED_CARDS)
    same(keys.includes(k), true, `headline card ${k} present (cards: ${keys.join(', ')})`);
  for (const c of cards) {
    const v = at(report, c.key);
    same(c.value, v === undefined || v === null ? 'null' : String(v), `headline ${c.key} (raw) vs CLI`);
    const want = expectedText(c.key, v, report);
    if (c.detail === null) same(c.text, want, `headline ${c.key} as shown vs CLI`);
    else {
      // a computed figure (a ÷ b = ratio): the ratio large, the whole computation under it
      same(c.detail, want, `headline ${c.key} computation as shown vs CLI`);
      same(c.text, computedValue(want), `headline ${c.key} value as shown vs CLI`);
    }
  }

  // malformed lines: the fixture's line numbers, and the CLI's column / reason / message
  const rows = await web
    .locator('#malformed-table tbody tr')
    .evaluateAll((trs) => trs.map((tr) => [...tr.querySelectorAll('td')].map((td) => td.textContent)));
  same(
    rows.map((r) => Number(r[0])),
    fixture.malformedLines,
    `malformed line numbers shown vs lines written in ${fixture.name}`,
  );
  same(
    rows,
    report.rows.errors.map((e) => [String(e.line), String(e.column), e.reason, e.message]),
    'malformed-lines table vs CLI rows.errors',
  );

  // duplicate clusters (the panel shows the CLI's clusters, capped at 20)
  const clusters = await web.locator('#exact-clusters .cluster').evaluateAll((lis) =>
    lis.map((li) => ({
      size: Number(li.dataset.size),
      line: Number(li.dataset.representativeLine),
      text: li.querySelector('pre.row-text').textContent,
    })),
  );
  same(
    clusters,
    report.duplicates.exact.clusters.slice(0, 20).map((c) => ({
      size: c.size,
      line: c.representativeLine,
      text: c.representativeText ?? '(text not available)',
    })),
    'exact duplicate clusters vs CLI',
  );
}

/** Checks the raw `data-value` of the element at `selector` against a report figure (as the CLI's JSON writes it). */
export async function sameValue(web, selector, expected, what) {
  same(await web.locator(selector).getAttribute('data-value'), String(expected), what);
}
