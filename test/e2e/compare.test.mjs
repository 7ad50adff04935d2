// End-to-end, Compare Datasets… (issue #17 items 3 and 4): its own code-server on a generated folder holding a chain
// of three small datasets — human-like (varied sentences with rare words) → repetitive (a small vocabulary, repeated
// rows) → templated (one canned opening with a few slot words). Checked as a user sees it:
//  1. selecting the three in the explorer (click, Ctrl+click) and running "Compare Datasets…" from the context menu
//     opens the Compare view, its own page (nonce CSP, no violation), in path order; every figure of the table equals
//     `node dist/cli.js compare … --json`, and so do the verdict and its reasons; the charts are drawn
//     (raw and size-adjusted side by side), with the projection from the first dataset overlaid and explained;
//  2. choosing another baseline in the view and comparing again equals the JSON with that baseline;
//  3. clicking a dataset's name opens its own analysis panel.
// Run: npm run -s build && npm run -s test:e2e, or this file alone with `node --test test/e2e/compare.test.mjs` after
// `npm run -s package`. Screenshots: test/e2e/artifacts/compare-*.png.
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as session from './lib/session.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { eventually, same, withScreenshot } from './lib/expect.mjs';
import {
  explorerContextMenu,
  inspectorFrame,
  runCommand,
  screenshotPanel,
  selectInExplorer,
} from './lib/workbench.mjs';
import { at } from './lib/panelChecks.mjs';
import { mulberry32 } from '../../scripts/lib/prng.mjs';

const TIMEOUT = 180_000;
const SHOT = 'compare';
const FILES = ['gen0-human.jsonl', 'gen1-repetitive.jsonl', 'gen2-templated.jsonl'];

const { ARTIFACTS, ROOT, CODE_SERVER } = session;
const lap = session.stopwatch();
let tmp, ws, server, browser, page;

const compareTest = (title, shotName, body) =>
  test(
    title,
    { timeout: TIMEOUT },
    withScreenshot(() => page, ARTIFACTS, `${SHOT}-${shotName}`, body),
  );

/** The chain: human-like → repetitive → templated (deterministic, seeded). */
function writeChain(dir) {
  const next = mulberry32(17);
  const common =
    'the a of to and in is it that for on with as was by river market signal garden letter window'.split(' ');
  const rare = Array.from({ length: 600 }, (_, i) => `word${i.toString(36)}x`);
  const pick = (list) => list[Math.floor(next() * list.length)];
  const human = Array.from({ length: 300 }, () =>
    Array.from({ length: 10 + Math.floor(next() * 10) }, () =>
      next() < 0.45 ? pick(rare) : pick(common),
    ).join(' '),
  );
  const small = [...common, ...rare.slice(0, 40)];
  const repetitive = Array.from({ length: 300 }, (_, i) =>
    i % 4 === 3
      ? 'the river is the river and the market is the market'
      : Array.from({ length: 12 }, () => pick(small)).join(' '),
  );
  const slots = ['river', 'market', 'garden', 'letter'];
  const templated = Array.from(
    { length: 300 },
    (_, i) =>
      `As an AI language model I cannot say much about the ${slots[i % slots.length]} but here is a summary of the ${pick(slots)}`,
  );
  [human, repetitive, templated].forEach((texts, k) =>
    fs.writeFileSync(
      path.join(dir, FILES[k]),
      texts.map((t) => JSON.stringify({ text: t })).join('\n') + '\n',
    ),
  );
}

/** `node dist/cli.js compare PATHS [--baseline B] --json`: what the view must equal (its cache in this test's temp). */
function compareJson(paths, baseline) {
  const cli = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/cli.js'),
      'compare',
      ...paths,
      ...(baseline ? ['--baseline', baseline] : []),
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20, env: { ...process.env, TMPDIR: tmp, XDG_CACHE_HOME: tmp } },
  );
  try {
    return JSON.parse(cli.stdout);
  } catch {
    throw new Error(`compare --json printed no JSON (exit ${cli.status}):\n${cli.stderr}`);
  }
}

before(async () => {
  let vsix;
  ({ tmp, vsix } = session.prepareSuite(SHOT, 'diversity-lens-compare-'));
  lap('extension packaged');
  ws = path.join(tmp, 'workspace');
  fs.mkdirSync(ws);
  writeChain(ws);
  server = await startCodeServer({
    codeServer: CODE_SERVER,
    vsix,
    workspace: ws,
    tmp: path.join(tmp, 'profile'),
    logFile: path.join(ARTIFACTS, 'code-server-compare.log'),
  });
  lap('code-server up');
  browser = await session.launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  await session.openWorkbench(page, server.url, FILES[0]);
  lap('workbench loaded');
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

/** The view's table: per row, every cell's key → exact value (data-value) and text. */
const tableCells = (web) =>
  web
    .locator('#compare-figures tbody tr')
    .evaluateAll((rows) =>
      rows.map((tr) =>
        Object.fromEntries(
          [...tr.querySelectorAll('td[data-key]')].map((td) => [
            td.getAttribute('data-key'),
            { value: td.getAttribute('data-value'), text: td.textContent },
          ]),
        ),
      ),
    );

const KEYS = [
  'rows',
  'tokens',
  'types',
  'sizeAdjusted.types',
  'distinct2',
  'sizeAdjusted.distinct2',
  'mattr',
  'mtld',
  'exactShare',
  'nearShare',
  'tails.typeCoverage',
  'tails.massCoverage',
  'tails.typeCoverageAtEqualSize',
  'jsDivergence',
  'topTemplateShare',
];

/** Every figure the view shows equals the JSON's, key by key (exact: the value the view holds, as text). */
async function checkAgainst(web, json, what) {
  const cells = await tableCells(web);
  same(cells.length, json.datasets.length, `${what}: one table row per dataset`);
  const shown = cells.map((row) => Object.fromEntries(KEYS.map((k) => [k, row[k]?.value ?? 'missing'])));
  const expected = json.datasets.map((d) =>
    Object.fromEntries(KEYS.map((k) => [k, String(at(d, k) ?? null)])),
  );
  same(shown, expected, `${what}: every figure of the table equals the JSON's`);
  same(
    (await web.locator('#compare-verdict').textContent()).trim(),
    json.trend.verdict,
    `${what}: the verdict`,
  );
  const reasons = json.trend.reasons.map((r) => r.message);
  same(
    reasons.length ? await web.locator('#compare-reasons li').allTextContents() : [],
    reasons,
    `${what}: the reasons, in order`,
  );
}

compareTest(
  'Compare Datasets… from the explorer multi-selection: the view equals the comparison JSON, charts raw and size-adjusted, the projection overlaid (#17 items 3–4)',
  'view',
  async () => {
    const paths = FILES.map((f) => path.join(ws, f));
    const json = compareJson(paths);
    lap(`compare --json: ${json.trend.verdict}`);
    // select the three (click, Ctrl+click in reverse: the order compared is the paths' order, not the clicks')
    await selectInExplorer(page, [FILES[2], FILES[1], FILES[0]]);
    await explorerContextMenu(page, FILES[0], 'Compare Datasets…');
    await page.locator('.tab', { hasText: 'Compare Datasets' }).waitFor();
    const web = inspectorFrame(page);
    await eventually(
      () => web.locator('#app').getAttribute('data-status'),
      'done',
      'the Compare view finished',
      { timeout: 120_000 },
    );
    lap('compare view done');
    same(
      await web.locator('.order-list .order-label').allTextContents(),
      FILES,
      'datasets in path order (not selection order)',
    );
    await checkAgainst(web, json, 'baseline = first');
    same(json.trend.verdict, 'collapsing', 'the generated chain (human → repetitive → templated) collapses');
    // charts: raw and size-adjusted side by side, every figure
    for (const id of [
      'chart-types',
      'chart-types-adjusted',
      'chart-distinct2',
      'chart-distinct2-adjusted',
      'chart-tails',
      'chart-tails-adjusted',
      'chart-mattr',
      'chart-mtld',
      'chart-duplicates',
      'chart-jsd',
      'chart-templates',
    ])
      same(await web.locator(`#${id} canvas`).count(), 1, `chart ${id} drawn`);
    same(
      await web.locator('#row-types figure.chart').count(),
      2,
      'types: raw and size-adjusted side by side',
    );
    // the projection: said what and from what, overlaid on types and tail coverage
    const what = await web.locator('#projection-what').textContent();
    same(what.includes(`Projected from ${FILES[0]}`), true, 'the note names the first dataset');
    same(
      (await web.locator('#chart-types .u-legend').textContent()).includes('projected: replace'),
      true,
      'the types chart overlays the projection',
    );
    same(
      (await web.locator('#chart-tails .u-legend').textContent()).includes('projected: fresh real share'),
      true,
      'the tail-coverage chart overlays the projection',
    );
    same(
      (await web.locator('#projection-lines li').count()) >= 1,
      true,
      'measured vs projected per generation',
    );
    same(await web.locator('html').getAttribute('data-csp-violations'), '0', 'no CSP violation');
    await screenshotPanel(page, ARTIFACTS, `${SHOT}-view.png`);
    // the overlay switch removes the projected lines
    await web.locator('#projection-overlay').click();
    same(
      (await web.locator('#chart-types .u-legend').textContent()).includes('projected'),
      false,
      'overlay off: no projected line',
    );
    await web.locator('#projection-overlay').click();
  },
);

compareTest(
  'Compare view: another baseline chosen in the view equals the JSON with --baseline (#17 item 3)',
  'baseline',
  async () => {
    const web = inspectorFrame(page);
    const paths = FILES.map((f) => path.join(ws, f));
    const json = compareJson(paths, paths[2]);
    await web.getByRole('radio', { name: `Baseline: ${FILES[2]}` }).check();
    await web.locator('#compare-apply').click();
    await eventually(
      async () =>
        (await web.locator('#app').getAttribute('data-status')) === 'done' &&
        (await web.locator('#compare-figures tr.baseline th').textContent()).includes(FILES[2]),
      true,
      'compared again with the third dataset as baseline',
      { timeout: 120_000 },
    );
    await checkAgainst(web, json, 'baseline = third');
    await screenshotPanel(page, ARTIFACTS, `${SHOT}-baseline.png`);
  },
);

compareTest('Compare view: a dataset name opens its own analysis panel (#17 item 3)', 'open', async () => {
  const web = inspectorFrame(page);
  await web.locator('#compare-figures button.dataset-link', { hasText: FILES[1] }).click();
  await page.locator('.tab', { hasText: `Diversity: ${FILES[1]}` }).waitFor({ timeout: 60_000 });
  // the dataset's panel opens beside the Compare view: close the latter, so one webview is visible
  // (under load the command can reach the editor before the tab's focus does: click and close again until it is gone)
  const compareTab = page.locator('.tab', { hasText: 'Compare Datasets' });
  for (let attempt = 1; ; attempt++) {
    await compareTab.click();
    await runCommand(page, 'View: Close Editor');
    try {
      await compareTab.waitFor({ state: 'detached', timeout: 10_000 });
      break;
    } catch (err) {
      if (attempt === 3) throw err;
    }
  }
  await eventually(
    () => inspectorFrame(page).locator('#app').getAttribute('data-status'),
    'done',
    'the dataset panel analysed it',
    { timeout: 120_000 },
  );
  await runCommand(page, 'View: Close All Editors');
});
