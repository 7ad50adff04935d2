// End-to-end suite: the packaged extension in real VS Code (code-server 4.100.3) in Debian's Chromium,
// driven by playwright-core as a user would (Quick Open, command palette, explorer context menu).
// The panel's numbers are compared with the CLI's JSON report for the same fixture file.
// Run: npm run test:e2e (repo root) — runs setup.sh, then `node --test` on this file.
// Env overrides: CODE_SERVER, CHROMIUM, E2E_KEEP_TMP=1 (keep the temp workspace/profile for debugging).
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as session from './lib/session.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { writeFixtures, HOSTILE_TEXT } from './lib/fixtures.mjs';
import { eventually, same, withScreenshot } from './lib/expect.mjs';
import {
  applyGroupBy,
  applyOptions,
  cursorAt,
  cursorText,
  explorerContextMenu,
  exportReportJson,
  inspectActiveEditor,
  inspectFromExplorer,
  inspectorFrame,
  panelStatus,
  panelTab,
  pickNoReference,
  pickQuick,
  quickOpen,
  runCommand,
  screenshotPanel,
  setColorTheme,
  showPanel,
} from './lib/workbench.mjs';
import {
  checkPanelAgainstReport,
  computedValue,
  expectedText,
  panelCards,
  sameValue,
} from './lib/panelChecks.mjs';
import { answerFileDialog, registerMixTests } from './lib/mixPanel.mjs';
import { registerHomogeneousTests } from './lib/homogeneousChecks.mjs';
import { registerOpenReportTests } from './lib/openReport.mjs';
import { registerInstructionsTabTests } from './lib/instructionsTab.mjs';
import { checkTablesAtWidths } from './lib/tableFit.mjs';
import { writeParquetFixture } from './lib/parquetFixture.mjs';
import { writeFolderFixture } from './lib/folderFixture.mjs';
import { writeHugeFile } from './lib/hugeFile.mjs';
import { analysisProcesses } from './lib/analysisProcess.mjs';
import { SLIPPED_INTO_VALID_TYPES, UNKNOWN_TYPES } from '../shared/hostileWebviewMessages.mjs';

const TIMEOUT = 120_000;

const { ARTIFACTS, ROOT, CODE_SERVER } = session;
const lap = session.stopwatch();

let tmp, fixtures, server, browser, page;
const reports = {};
const currentPage = () => page;

/**
 * Registers a test of the suite: `body(fixtures)` on the shared page, `timeout` 2 min unless said, and on failure a
 * screenshot of the workbench, `failure-<shotName>.png` in the artifacts.
 */
const e2eTest = (title, shotName, body, { timeout = TIMEOUT } = {}) =>
  test(
    title,
    { timeout },
    withScreenshot(currentPage, ARTIFACTS, shotName, () => body(fixtures)),
  );

/** The CLI's JSON report for `file` (the reference the panel must equal); `extra` = more CLI arguments. */
function cliReport(file, extra = []) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'analyze', file, ...extra, '--json'],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(
      `node dist/cli.js analyze ${file} --json did not print JSON (exit ${r.status}):\n${r.stderr}\n${r.stdout.slice(0, 2000)}`,
    );
  }
}

before(async () => {
  session.checkInstalled();
  for (const f of fs.readdirSync(ARTIFACTS)) if (f.endsWith('.png')) fs.rmSync(path.join(ARTIFACTS, f));
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diversity-lens-e2e-'));

  // 1. build + package the extension exactly as it ships
  const vsix = session.packageVsix(tmp);
  lap('extension built and packaged');

  // 2. fixtures + the CLI's reports for them
  const ws = path.join(tmp, 'workspace');
  fixtures = writeFixtures(ws);
  for (const k of ['chat', 'second']) reports[k] = cliReport(fixtures[k].file);
  fixtures.folder = writeFolderFixture(ws);
  reports.folder = cliReport(fixtures.folder.folder);
  reports.secondVsChat = cliReport(fixtures.second.file, ['--reference', fixtures.chat.file]);
  lap('fixtures written, CLI reports computed');

  // 3. code-server with the .vsix installed, Chromium on its workbench
  server = await startCodeServer({
    codeServer: CODE_SERVER,
    vsix,
    workspace: ws,
    tmp,
    logFile: path.join(ARTIFACTS, 'code-server.log'),
  });
  lap('code-server up');
  browser = await session.launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  await session.openWorkbench(page, server.url, fixtures.chat.name);
  lap(`workbench loaded (chromium ${browser.version()})`);
});

after(async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  if (tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  lap('teardown done');
});

e2eTest('command palette: Inspect Dataset shows the same numbers as the CLI', 'palette', async ({ chat }) => {
  await quickOpen(page, chat.name, 'ledger cinder almond');
  const web = await inspectActiveEditor(page, chat.name);
  await panelStatus(web, 'done', 'panel status after the analysis');
  lap('palette flow: analysis shown');
  await checkPanelAgainstReport(web, reports.chat, chat);
  await web.locator('body').evaluate(() => window.scrollTo(0, 0));
  await screenshotPanel(page, ARTIFACTS, 'panel-dark.png');
  await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-dark.png') });
  await panelTab(web, 'Duplicates');
  await screenshotPanel(page, ARTIFACTS, 'panel-dark-duplicates.png');
  await panelTab(web, 'Overview');
});

e2eTest('hostile row is shown as text and nothing in it runs', 'hostile', async () => {
  const web = inspectorFrame(page);
  const cluster = web.locator('#exact-clusters .cluster', {
    has: web.locator('pre.row-text', { hasText: '<img src=x onerror=' }),
  });
  await eventually(() => cluster.count(), 1, 'exact-duplicate clusters showing the hostile row as text');
  same(
    await cluster.locator('pre.row-text').textContent(),
    HOSTILE_TEXT,
    'hostile row text in the panel (must be the literal markup)',
  );
  same(
    await cluster.getAttribute('data-size'),
    String(fixtures.chat.hostileCount),
    'size of the hostile row cluster',
  );
  const dom = await web.locator('html').evaluate(() => {
    // walk the light DOM and every open shadow root
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    const handlers = all.filter((el) => [...el.attributes].some((a) => /^on/i.test(a.name)));
    return {
      img: all.filter((el) => el.tagName === 'IMG').length,
      a: all.filter((el) => el.tagName === 'A').length,
      // VS Code injects #_vscodeApiScript (acquireVsCodeApi); the only other script must be our nonce'd bundle
      scripts: all
        .filter((el) => el.tagName === 'SCRIPT')
        .map((s) =>
          s.id === '_vscodeApiScript'
            ? 'vscode-api'
            : s.nonce && s.src.endsWith('/dist/webview.js')
              ? 'webview.js'
              : s.outerHTML.slice(0, 120),
        ),
      inlineHandlers: handlers.length,
      pwned: window.__pwned ?? null,
      title: document.title,
      cspViolations: document.documentElement.dataset.cspViolations,
    };
  });
  same(
    dom,
    {
      img: 0,
      a: 0,
      scripts: ['vscode-api', 'webview.js'],
      inlineHandlers: 0,
      pwned: null,
      title: `Diversity: ${fixtures.chat.name}`,
      cspViolations: '0',
    },
    'webview DOM after rendering the hostile row (no <img>/<a>, only the VS Code API script and our bundle, no handlers, canary untouched, no CSP violation)',
  );
  same(await page.evaluate(() => document.title.includes('pwned')), false, 'workbench title untouched');
  // our page's own policy (VS Code's outer frame has its own): nothing loads but the nonce'd bundle; no <base>, no forms
  const csp = await web.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  same(
    csp
      .split(/;\s*/)
      .map((d) => d.replace(/'nonce-[^']+'/, "'nonce'"))
      .sort(),
    [
      "base-uri 'none'",
      "default-src 'none'",
      "form-action 'none'",
      "script-src 'nonce'",
      "style-src 'nonce'",
    ],
    'the panel page Content-Security-Policy',
  );
});

e2eTest('clicking a malformed line number opens the dataset at that line', 'reveal-line', async () => {
  const line = fixtures.chat.malformedLines[1];
  await inspectorFrame(page).locator(`#malformed-table button.line-link[data-line="${line}"]`).click();
  await cursorAt(page, line, 'editor cursor position after clicking the line number');
});

/** Lines the editor must mark in `report`, computed here from the rules (exact/near cluster lines, example lines of openings above 15 %). */
function homogeneousLines(report) {
  const lines = new Set();
  for (const c of [...report.duplicates.exact.clusters, ...report.duplicates.near.clusters])
    for (const l of c.lines) lines.add(l);
  for (const o of report.duplicates.templates.openings)
    if (o.share > 0.15) for (const l of o.exampleLines) lines.add(l);
  return [...lines].sort((a, b) => a - b);
}

e2eTest('every view renders, in dark and light (screenshots per view)', 'views', async ({ chat }) => {
  const web = await showPanel(page, chat.name);
  const views = {
    Overview: async () => {
      same(await web.locator('#options #pick-tokenizer').count(), 1, 'Overview: tokenizer picker');
      // the Group by completions: the CLI's slice candidates, values counted over the file (and said so)
      same(
        await web
          .locator('#group-by-fields option')
          .evaluateAll((os) => os.map((o) => [o.value, o.textContent.trim()])),
        reports.chat.sliceCandidates.map((c) => [
          c.field,
          `${c.field} (${c.distinct} value${c.distinct === 1 ? '' : 's'} in the file)`,
        ]),
        'Overview: Group by completions name what was counted',
      );
    },
    Diversity: async () => {
      same(
        await web.locator('#metrics-table tbody tr').evaluateAll((trs) => trs.map((t) => t.dataset.key)),
        [
          'lexical.ttr',
          'lexical.rttr',
          'lexical.mattr',
          'lexical.mtld',
          'lexical.hdd',
          'lexical.distinct.1',
          'lexical.distinct.2',
          'lexical.distinct.3',
          'lexical.distinct.4',
          'lexical.compressionRatio',
        ],
        'Diversity: metric rows',
      );
      await sameValue(
        web,
        '#metrics-table tr[data-key="lexical.ttr"] td.num',
        reports.chat.lexical.ttr,
        'Diversity: TTR vs CLI',
      );
      same(
        (await web.locator('#metrics-table tr[data-key="lexical.ttr"]').getAttribute('title')) !== '',
        true,
        'Diversity: definition on hover',
      );
      same(
        (await web.locator('figure.chart canvas').count()) >= 3,
        true,
        'Diversity: three histogram canvases',
      );
    },
    Duplicates: async () =>
      same(
        await web.locator('#exact-clusters .cluster').count(),
        reports.chat.duplicates.exact.clusters.length,
        'Duplicates: exact clusters',
      ),
    Tails: async () => same(await web.locator('#zipf-chart canvas').count(), 1, 'Tails: Zipf chart'),
    Slices: async () => same(await web.locator('#slices').count(), 1, 'Slices view'),
    Templates: async () =>
      same(
        await web.locator('#templates-openings tbody tr').count(),
        reports.chat.duplicates.templates.openings.length,
        'Templates: openings vs CLI',
      ),
  };
  /** Each chart's axis colour as drawn, and the theme's foreground now. */
  const chartColors = () =>
    web.locator('html').evaluate(() => ({
      drawn: [...document.querySelectorAll('figure.chart')].map((f) => f.getAttribute('data-axis-color')),
      theme: getComputedStyle(document.documentElement).getPropertyValue('--vscode-foreground').trim(),
    }));
  for (const theme of ['dark', 'light']) {
    if (theme === 'light') {
      const dark = await chartColors();
      await setColorTheme(page, 'Light Modern');
      // the charts drawn in the dark theme are drawn again in the light theme's foreground (a canvas keeps the
      // colours it was painted with: they were light grey on white)
      await eventually(
        async () => {
          const now = await chartColors();
          return now.theme !== dark.theme && now.drawn.length > 0 && now.drawn.every((c) => c === now.theme);
        },
        true,
        'charts redrawn in the light theme',
      );
    }
    for (const [name, check] of Object.entries(views)) {
      await panelTab(web, name);
      await check();
      await screenshotPanel(page, ARTIFACTS, `view-${name.toLowerCase()}-${theme}.png`);
    }
  }
  await setColorTheme(page, 'Dark Modern');
  await panelTab(web, 'Overview');
  same(
    await web.locator('html').getAttribute('data-csp-violations'),
    '0',
    'CSP violations after rendering every view and chart',
  );
});

e2eTest(
  'clicking a line of a duplicate cluster reveals it in the editor; gutter marks; Next/Previous Homogeneous Sample',
  'clusters',
  async ({ chat }) => {
    const web = await showPanel(page, chat.name);
    await panelTab(web, 'Duplicates');
    const cluster = reports.chat.duplicates.exact.clusters[0];
    const line = cluster.lines[1];
    await web.locator(`#cluster-exact-0 button.line-link[data-line="${line}"]`).click();
    await cursorAt(page, line, 'cursor after clicking a line of the largest exact cluster');
    await panelTab(web, 'Overview');

    // gutter marks: decorations with a gutter icon render as .cgmr elements (in .glyph-margin-widgets since VS Code 1.8x)
    const marks = page.locator(
      '.monaco-editor .glyph-margin-widgets .cgmr, .monaco-editor .margin-view-overlays .cgmr',
    );
    await eventually(
      async () => (await marks.count()) > 0,
      true,
      'gutter marks of homogeneous rows in the editor',
    );

    const expected = homogeneousLines(reports.chat);
    // Go to Line 1 (Ctrl+G, as a user would). Clicking the panel's tab gave the webview focus: click into the
    // text editor first, or Ctrl+G answers "Open a text editor first to go to a line."
    // (the dataset's own tab first: after the webview had focus, the first editor in the DOM may be another group's)
    await page.locator('.tab', { hasText: chat.name }).filter({ hasNotText: 'Diversity:' }).first().click();
    await eventually(
      async () => {
        await page.locator('.editor-group-container .monaco-editor:visible .view-lines').first().click();
        await page.keyboard.press('Control+g');
        const goto = page.locator('.quick-input-widget:visible input');
        await goto.waitFor({ state: 'visible' });
        // "Open a text editor first to go to a line.": focus had not reached the editor yet; try again
        if (
          (await page.locator('.quick-input-widget:visible').textContent())?.includes(
            'Open a text editor first',
          )
        ) {
          await page.keyboard.press('Escape');
          return 'no text editor focused yet';
        }
        await goto.fill(':1');
        await goto.press('Enter');
        return cursorText(page);
      },
      'Ln 1, Col 1',
      'cursor at the top of the file',
    );
    for (const [step, line, what] of [
      ['Next', expected[0], 'cursor after Next Homogeneous Sample'],
      ['Next', expected[1], 'cursor after a second Next Homogeneous Sample'],
      ['Previous', expected[0], 'cursor after Previous Homogeneous Sample'],
    ]) {
      await runCommand(page, `Diversity Lens: ${step} Homogeneous Sample`);
      await cursorAt(page, line, what);
    }
    await page.screenshot({ path: path.join(ARTIFACTS, 'editor-highlights.png') });
  },
);

e2eTest('Export Report writes the JSON report next to the dataset', 'export', async ({ chat }) => {
  const written = await exportReportJson(page, path.join(path.dirname(chat.file), 'chat.diversity.json'), {
    eventually,
    fs,
  });
  same(
    { rows: written.rows, verdict: written.verdict, lexical: written.lexical.mattr },
    { rows: reports.chat.rows, verdict: reports.chat.verdict, lexical: reports.chat.lexical.mattr },
    'exported report vs CLI',
  );
});

// Issue #15 item 19 end to end: messages posted from inside the real webview. The page's own acquireVsCodeApi() can be
// acquired once (webview/main.ts holds it) and the inner frame loses `window.parent`, so the flood goes one step out,
// through the function that API calls in the webview's host frame (`__vscode_post_message__('onmessage', …)` in VS
// Code's webview pre/index.html): the same path to the extension host as the panel's own messages.
e2eTest(
  'a flood of 10,000 messages from the webview (junk, paths, command ids, command: URIs, a 1 MiB string) changes nothing and the panel keeps working',
  'message-flood',
  async ({ chat }) => {
    await quickOpen(page, chat.name, 'ledger cinder almond');
    const web = await inspectActiveEditor(page, chat.name);
    await panelStatus(web, 'done', 'panel status before the flood');
    await panelTab(web, 'Overview');
    const folder = path.dirname(chat.file);
    const filesBefore = fs.readdirSync(folder).sort();
    const tabsBefore = await page.locator('.tabs-container .tab').count();
    const outer = await (await page.locator('iframe.webview.ready:visible').elementHandle()).contentFrame();
    const t = Date.now();
    const sent = await outer.evaluate(
      (named) => {
        const post = window['__vscode_post_message__'];
        let deep = {};
        for (let i = 0; i < 1000; i++) deep = { a: deep };
        const junk = [
          ...named, // the unit test's messages naming a command, a path or a command: URI (test/shared)
          { type: 'setOptions', choices: { reference: '/etc/passwd' } },
          { type: 'mixWrite', settings: { realFraction: 0.5 }, outPath: '/tmp/evil.jsonl' },
          { type: 'mixOpenWritten', path: '/etc/passwd' },
          { type: 'mixOpenWritten' }, // valid: nothing was written, so nothing opens
          { type: 'setOptions', choices: deep },
          deep,
          null,
          42,
          'ready',
        ];
        post('onmessage', { message: { type: 'x'.repeat(1 << 20) } });
        for (let i = 1; i < 10_000; i++) post('onmessage', { message: junk[i % junk.length] });
        return 10_000;
      },
      [...UNKNOWN_TYPES, ...SLIPPED_INTO_VALID_TYPES],
    );
    // the panel still works: a click goes through the host and opens the row (the existing reveal-line path)
    const line = fixtures.chat.malformedLines[0];
    await web.locator(`#malformed-table button.line-link[data-line="${line}"]`).click();
    await cursorAt(page, line, 'editor cursor after the flood and a click on a line number');
    const ms = Date.now() - t;
    console.log(`# flood of ${sent} webview messages, then a row opened: ${ms} ms`);
    same(fs.readdirSync(folder).sort(), filesBefore, 'no file written by the flood');
    same(await page.locator('.terminal-tab, .terminal-wrapper').count(), 0, 'no terminal opened');
    // the click may have opened the dataset's editor (one tab at most); the flood opened nothing
    const tabsAfter = await page.locator('.tabs-container .tab').count();
    if (tabsAfter > tabsBefore + 1) throw new Error(`${tabsAfter - tabsBefore} editors opened by the flood`);
    await panelStatus(inspectorFrame(page), 'done', 'panel status after the flood');
  },
);

e2eTest('panel in light and dark themes (screenshots in test/e2e/artifacts)', 'themes', async () => {
  const web = await showPanel(page, fixtures.chat.name);
  await web.locator('#headline').waitFor();
  const bg = () => web.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor);
  const dark = await bg();
  await setColorTheme(page, 'Light Modern');
  await eventually(
    async () => (await bg()) !== dark,
    true,
    'webview background changes with the light theme',
  );
  await web.locator('body').evaluate(() => window.scrollTo(0, 0));
  await screenshotPanel(page, ARTIFACTS, 'panel-light.png');
  await page.screenshot({ path: path.join(ARTIFACTS, 'workbench-light.png') });
  same(
    await web.locator('html').getAttribute('data-csp-violations'),
    '0',
    'CSP violations in the light theme',
  );
  await setColorTheme(page, 'Dark Modern');
  await eventually(bg, dark, 'webview background back to the dark theme');
});

/** Tab headers whose label is cut (its shadow wrapper scrolls), and how many rows the headers take. */
const tabStrip = (web) =>
  web.locator('#views').evaluate((tabs) => {
    const headers = [...tabs.querySelectorAll('vscode-tab-header')];
    const clipped = headers
      .filter((hd) => {
        const w = hd.shadowRoot?.querySelector('.wrapper');
        return !w || w.scrollWidth > w.clientWidth + 1;
      })
      .map((hd) => hd.textContent);
    return { clipped, rows: new Set(headers.map((hd) => Math.round(hd.getBoundingClientRect().top))).size };
  });

e2eTest(
  'tab strip: every tab label is readable in a narrow panel (headers wrap)',
  'narrow-tabs',
  async () => {
    const web = await showPanel(page, fixtures.chat.name);
    await web.locator('#views').waitFor();
    same((await tabStrip(web)).clipped, [], 'tab labels cut at the default viewport');
    try {
      await page.setViewportSize({ width: 1150, height: 1200 }); // the panel, beside the editor, is then ≈ 400 px wide
      const width = () => web.locator('body').evaluate((b) => b.clientWidth);
      await eventually(async () => (await width()) < 520, true, 'panel narrower than its tab strip');
      await eventually(async () => (await tabStrip(web)).clipped, [], 'tab labels cut in the narrow panel');
      same((await tabStrip(web)).rows > 1, true, 'tab headers wrap onto a second row');
      await screenshotPanel(page, ARTIFACTS, 'panel-narrow-tabs.png');
      await panelTab(web, 'Mix & Correct'); // still reachable by a click
    } finally {
      await page.setViewportSize({ width: 1600, height: 1200 });
    }
    await panelTab(web, 'Overview');
  },
);

e2eTest(
  'Slices: a group-by field with no value large enough says so and how to compare them',
  'slices-hint',
  async () => {
    const web = await showPanel(page, fixtures.chat.name);
    const grouped = cliReport(fixtures.chat.file, ['--group-by', 'source']);
    const group = grouped.slices.groups[0];
    same(
      group.values.every((v) => v.pooled),
      true,
      `chat.jsonl: every source value has < ${grouped.slices.minRows} rows (fixture premise)`,
    );
    await panelTab(web, 'Overview');
    const groupBy = web.locator('#pick-group-by');
    // a path the CLI would refuse is flagged as it is typed, and Apply is off
    await groupBy.fill('source[');
    await eventually(
      () => web.locator('#pick-problem').textContent(),
      'Group by: Invalid field path "source[" at column 7: unclosed "["',
      "the path parser's message under the pickers",
    );
    same(await web.locator('#apply-options').getAttribute('disabled'), '', 'Apply disabled on a bad path');
    // any field path, not only the suggestions: `id` is no candidate (one value per row)
    same(
      reports.chat.sliceCandidates.some((c) => c.field === 'id'),
      false,
      'chat.jsonl: id is not suggested (premise)',
    );
    await applyGroupBy(web, 'id', 'chat re-ran grouped by the typed path id');
    same(await web.locator('#pick-group-by').inputValue(), 'id', 'the typed path is kept in the input');
    await applyGroupBy(web, 'source', 'chat re-ran grouped by source');
    await panelTab(web, 'Slices');
    const slices = web.locator('.slice-group[data-field="source"]');
    same(
      await slices.locator('p.slice-hint').textContent(),
      `No value of source has ${grouped.slices.minRows} rows or more; lower the minimum slice size (setting diversityLens.minSliceRows) to compare them.`,
      'hint when no value reaches the minimum',
    );
    same(
      (await slices.locator('p.slice-summary').textContent()).includes(
        `minimum ${grouped.slices.minRows} rows per value`,
      ),
      true,
      'summary line names the minimum',
    );
    await screenshotPanel(page, ARTIFACTS, 'view-slices-hint-dark.png');
    // back to the ungrouped analysis the later tests compare with the CLI
    await panelTab(web, 'Overview');
    await applyGroupBy(web, '', 'chat re-ran without group-by');
  },
);

e2eTest(
  'explorer context menu: Inspect Folder as Dataset on a folder of 3 shards matches the CLI; a duplicate line opens its shard',
  'folder',
  async ({ folder }) => {
    const report = reports.folder;
    same(report.files.length, 3, 'CLI: the folder is 3 files');
    await runCommand(page, 'View: Close All Editors');
    await explorerContextMenu(page, folder.name, 'Inspect Folder as Dataset');
    await page.locator('.tab', { hasText: `Diversity: ${folder.name}` }).waitFor();
    const web = inspectorFrame(page);
    await panelStatus(web, 'done', 'folder panel status after the analysis');
    lap('folder flow: analysis shown');
    await checkPanelAgainstReport(web, report, folder);
    same(await web.locator('#dataset-files').getAttribute('data-count'), '3', 'header: 3 files');
    same(
      await web.locator('#dataset-files').textContent(),
      `3 files · ${report.rows.parsed} rows — line numbers run through the files in this order (Overview lists them)`,
      'header: the files line',
    );
    same(
      await web
        .locator('#files-table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => [...tr.children].slice(0, 3).map((td) => td.textContent))),
      report.files.map((f) => [path.basename(f.path), String(f.rows), String(f.lines)]),
      'Overview: the files table (file, rows, lines) vs CLI files',
    );
    await web.locator('#files').scrollIntoViewIfNeeded();
    await screenshotPanel(page, ARTIFACTS, 'panel-folder-overview.png');

    // a line of canned answer B's cluster that lies in the third shard: it opens that shard at its own line
    const target = folder.cannedBInShard2;
    const cluster = report.duplicates.exact.clusters.find((c) => c.representativeText === folder.cannedB);
    same(
      cluster?.lines.includes(target.datasetLine),
      true,
      `CLI: canned answer B at dataset line ${target.datasetLine}`,
    );
    const third = report.files[2];
    same(
      target.datasetLine - third.firstLine + 1,
      target.line,
      'CLI files: the dataset line is that line of the third shard',
    );
    await panelTab(web, 'Duplicates');
    await screenshotPanel(page, ARTIFACTS, 'panel-folder-duplicates.png');
    await web.locator(`#exact-clusters button.line-link[data-line="${target.datasetLine}"]`).first().click();
    await page.locator('.tab.active', { hasText: target.shard }).first().waitFor();
    await cursorAt(
      page,
      target.line,
      `cursor in ${target.shard} after clicking dataset line ${target.datasetLine}`,
    );
    same(
      (await page.locator('.monaco-editor .view-line', { hasText: folder.cannedB }).count()) > 0,
      true,
      'the opened shard shows canned answer B',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, 'folder-reveal-shard.png') });

    // Mix & Correct is offered on a folder (it reads the folder's files: issue #14)
    const again = await showPanel(page, folder.name);
    await panelTab(again, 'Mix & Correct');
    same(await again.locator('#mix-folder-note').count(), 0, 'no "not on a folder" notice');
    same(await again.locator('#mix-open-button').count(), 1, 'the Mix view is offered on a folder');
    await panelTab(again, 'Overview');
  },
);

e2eTest(
  'explorer multi-selection: Inspect Selection as Dataset reads two shards in path order (= the CLI), a line opens its shard, Mix & Correct writes one file of their rows',
  'selection',
  async ({ folder, chat }) => {
    const [first, , third] = folder.shards;
    const report = cliReport(first, [third]);
    same(report.files.length, 2, 'CLI: two files');
    await runCommand(page, 'View: Close All Editors');
    // expand the folder, then select the third shard and ctrl-click the first (clicked in reverse path order)
    const tree = (name) => page.getByRole('treeitem', { name, exact: true });
    if ((await tree(folder.name).getAttribute('aria-expanded')) !== 'true') await tree(folder.name).click();
    await tree(path.basename(third)).click();
    await tree(path.basename(first)).click({ modifiers: ['ControlOrMeta'] });
    await eventually(
      () => page.locator('.explorer-folders-view .monaco-list-row.selected').count(),
      2,
      'two files selected in the explorer',
    );
    await explorerContextMenu(page, path.basename(first), 'Inspect Selection as Dataset');
    const title = `Diversity: 2 files in ${folder.name}`;
    await page.locator('.tab', { hasText: title }).waitFor();
    const web = inspectorFrame(page);
    await panelStatus(web, 'done', 'selection panel status after the analysis');
    lap('selection flow: analysis shown');
    // the first and third shards hold no malformed line (the second's is not selected)
    await checkPanelAgainstReport(web, report, { name: `2 files in ${folder.name}`, malformedLines: [] });
    same(
      await web
        .locator('#files-table tbody tr')
        .evaluateAll((trs) => trs.map((tr) => tr.children[0].textContent)),
      ['part-00000.jsonl', 'part-00002.jsonl'],
      'Overview: the files in path order, not in click order',
    );
    await screenshotPanel(page, ARTIFACTS, 'panel-selection-overview.png');
    // canned answer B at line 30 of the third shard is dataset line 40 + 30 here
    const datasetLine = report.files[1].firstLine + folder.cannedBInShard2.line - 1;
    same(datasetLine, 70, 'CLI files: the second file starts at line 41');
    await panelTab(web, 'Duplicates');
    await web.locator(`#exact-clusters button.line-link[data-line="${datasetLine}"]`).first().click();
    await page.locator('.tab.active', { hasText: 'part-00002.jsonl' }).first().waitFor();
    await cursorAt(
      page,
      folder.cannedBInShard2.line,
      `cursor in part-00002.jsonl at line 30 (dataset line ${datasetLine})`,
    );

    // Mix & Correct on the selection: one JSONL file whose dataset rows are the shards' own lines
    const mixWeb = await showPanel(page, `2 files in ${folder.name}`);
    await panelTab(mixWeb, 'Mix & Correct');
    await mixWeb.locator('#mix-open-button').click();
    await eventually(() => mixWeb.locator('#mix').getAttribute('data-open'), 'true', 'Mix view opened');
    await mixWeb.locator('#mix-pick-reference').click();
    await answerFileDialog(page, chat.file);
    await eventually(
      () => mixWeb.locator('#mix').getAttribute('data-model'),
      'ready',
      'mix model of the selection built',
      {
        timeout: 60_000,
      },
    );
    await eventually(
      () => mixWeb.locator('#mix-preview').getAttribute('data-status'),
      'ready',
      'first preview shown',
    );
    await mixWeb.locator('#mix-write').click();
    const out = `${folder.folder}.mixed.jsonl`;
    await eventually(
      () => page.locator('.quick-input-widget input').inputValue(),
      out,
      'save dialog proposes <folder>.mixed.jsonl beside the folder',
    );
    await page.locator('.quick-input-widget input').press('Enter');
    await eventually(
      () => mixWeb.locator('#mix-write-status').getAttribute('data-status'),
      'done',
      'write + measure of the selection finished',
      { timeout: 90_000 },
    );
    await screenshotPanel(page, ARTIFACTS, 'panel-selection-mix.png');
    const shardLines = new Set(
      [first, third].flatMap((f) =>
        fs
          .readFileSync(f, 'utf8')
          .split('\n')
          .filter((l) => l.length > 0),
      ),
    );
    const written = fs
      .readFileSync(out, 'utf8')
      .split('\n')
      .filter((l) => l.length > 0);
    const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
    same(
      recipe.inputs.dataset.files.map((f) => path.basename(f.path)),
      ['part-00000.jsonl', 'part-00002.jsonl'],
      "recipe: the selection's files in order",
    );
    const fromShards = written.filter((l) => shardLines.has(l)).length;
    same(fromShards, recipe.lines.dataset.length, 'every dataset row written is a shard line, byte for byte');
    same(new Set(recipe.lines.datasetFiles).size, 2, 'rows of both shards are mixed');
    const rep = spawnSync(
      process.execPath,
      [path.join(ROOT, 'dist/cli.js'), 'mix', '--recipe', `${out}.recipe.json`, '--out', `${out}.again`],
      { encoding: 'utf8' },
    );
    same(rep.status, 0, `the recipe reproduces the output (${rep.stderr.trim()})`);
    same(fs.readFileSync(`${out}.again`, 'utf8'), fs.readFileSync(out, 'utf8'), 'reproduced byte for byte');
    // the reference chosen in the Mix view is the workspace's: back to none for the later tests (they compare with
    // the CLI without one)
    await panelTab(mixWeb, 'Overview');
    await pickNoReference(mixWeb);
    await applyOptions(
      mixWeb,
      async () => (await mixWeb.locator('#reference-source').getAttribute('data-path')) === '',
      'the selection panel re-ran without a reference',
    );
  },
  { timeout: 240_000 },
);

e2eTest('explorer context menu: Inspect Dataset on a .jsonl.gz', 'explorer', async ({ second }) => {
  const web = await inspectFromExplorer(page, second.name);
  await page.locator('.tab', { hasText: `Diversity: ${second.name}` }).waitFor();
  await panelStatus(web, 'done', 'panel status after the analysis');
  lap('explorer flow: analysis shown');
  await checkPanelAgainstReport(web, reports.second, second);
  same((await panelCards(web)).length > 0, true, 'headline cards present');
  await screenshotPanel(page, ARTIFACTS, 'panel-explorer-gz.png');
});

e2eTest(
  'row viewer: a line of a .jsonl.gz is shown in the panel; Compare with Reference matches the CLI',
  'reference',
  async ({ second, chat }) => {
    const web = inspectorFrame(page);
    const line = second.malformedLines[0];
    await web.locator(`#malformed-table button.line-link[data-line="${line}"]`).click();
    await eventually(
      () => web.locator('#row-viewer-text').textContent(),
      '{"prompt": broken}',
      'row viewer text of the malformed line of the .gz',
    );
    await screenshotPanel(page, ARTIFACTS, 'row-viewer.png');

    await explorerContextMenu(page, chat.name, 'Set as Reference Dataset');
    await page.locator('.notification-toast', { hasText: `${chat.name} is the reference dataset` }).waitFor();
    // one reference per workspace: the open panel shows it at once, and says its report was computed without it
    await eventually(
      () => web.locator('#reference-source').getAttribute('data-path'),
      chat.file,
      'the open panel shows the workspace reference',
    );
    same(
      await web.locator('#reference-stale').textContent(),
      `This report was computed without a reference; the reference is now ${chat.name}. Re-run with it`,
      'the open panel says its report predates the reference',
    );
    same(
      await web.locator('#pick-reference').evaluate((el) => el.value),
      'keep',
      'the Reference picker preselects the workspace reference',
    );
    same(
      (await web.locator('#pick-reference vscode-option').first().textContent()).trim(),
      `${chat.name} — workspace reference`,
      'the Reference picker lists the workspace reference and where it comes from',
    );
    await explorerContextMenu(page, second.name, 'Compare with Reference…');
    await pickQuick(page, chat.name);
    await panelStatus(web, 'done', 'panel status after Compare with Reference');
    const ref = reports.secondVsChat.tails;
    // the baseline card: the ratio large, "dataset ÷ same distribution = ratio×" under it (it wrapped over three lines);
    // polled, as the panel may still show the report from before the re-run for a moment
    const computed = expectedText('tails.baseline.ratio', ref.baseline.ratio, reports.secondVsChat);
    await eventually(
      async () => {
        const card = (await panelCards(web)).find((c) => c.key === 'tails.baseline.ratio');
        return card ? [card.text, card.detail] : null;
      },
      [computedValue(computed), computed],
      'baseline card: the ratio alone, and the computation under it',
    );
    await panelTab(web, 'Tails');
    await sameValue(web, '#tail-type-coverage', ref.typeCoverage, 'tail type coverage vs CLI --reference');
    await sameValue(web, '#tail-mass-coverage', ref.massCoverage, 'tail mass coverage vs CLI --reference');
    // the equal-size figures the verdict quotes, next to the raw ones, each with its definition on hover
    const adj = ref.sizeAdjusted;
    same(adj !== null, true, 'CLI --reference gives size-adjusted coverage');
    for (const [id, key] of [
      ['tail-type-coverage-adjusted', 'typeCoverage'],
      ['tail-mass-coverage-adjusted', 'massCoverage'],
      ['all-types-coverage-adjusted', 'allTypesCoverage'],
    ]) {
      await sameValue(web, `#${id}`, adj[key], `${key} at equal size vs CLI`);
      same(
        ((await web.locator(`#${id}`).getAttribute('title')) ?? '').includes('subsampled'),
        true,
        `${key} at equal size: definition on hover`,
      );
    }
    same(
      (await web.locator('#size-adjusted-caption').textContent()).startsWith(
        `“At equal size”: the ${adj.subsampled} subsampled to ${adj.toTokens.toLocaleString('en-US')} tokens`,
      ),
      true,
      'caption names the subsampled corpus and its token count',
    );
    await sameValue(
      web,
      '#tail-baseline-ratio',
      ref.baseline.ratio,
      'coverage ÷ same-distribution baseline vs CLI',
    );
    await sameValue(web, '#tail-retention', ref.equalSize.retention.ratio, 'hapax retention ratio vs CLI');
    same(await web.locator('#bands-table tbody tr').count(), ref.bands.length, 'coverage bands vs CLI');
    await eventually(
      async () => Number(await web.locator('#lost-count').getAttribute('data-matched')),
      ref.lostTypesTotal,
      'lost tail tokens listed vs CLI (every one, not only the report’s first 1,000)',
    );
    const token = ref.lostTypes[0].token;
    await web.locator('#lost-search').locator('input').fill(token);
    await eventually(
      async () => (await web.locator('#lost-table tbody td.token').allTextContents()).includes(token),
      true,
      `search for lost token "${token}"`,
    );
    await screenshotPanel(page, ARTIFACTS, 'view-tails-reference-dark.png');
    await web.locator('#lost-search').locator('input').fill('');

    // Mix & Correct starts from the analysis' reference (no dialog needed)
    await panelTab(web, 'Mix & Correct');
    await web.locator('#mix-open-button').click();
    await eventually(
      () => web.locator('#mix-reference').textContent(),
      chat.name,
      'Mix view reference = the analysis reference',
    );
    same(await web.locator('#mix-analyse').count(), 1, 'Mix view offers to analyse the inputs right away');
    await panelTab(web, 'Overview');
  },
);

e2eTest(
  'reload: the panel is restored by its serializer and can run again',
  'restore',
  async ({ second }) => {
    // "Developer: Reload Window" runs the workbench's shutdown (which flushes webview state to storage), as a
    // user's reload does; a bare page.reload() can race that flush and lose the saved state.
    await Promise.all([
      page.waitForEvent('load', { timeout: 90_000 }),
      runCommand(page, 'Developer: Reload Window'),
    ]);
    await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
    await page.locator('.tab', { hasText: `Diversity: ${second.name}` }).waitFor({ timeout: 60_000 });
    const web = inspectorFrame(page);
    await panelStatus(web, 'idle', 'restored panel status (no automatic re-analysis)');
    same(await web.locator('#file-name').textContent(), second.name, 'restored panel file name');
    await web.locator('#rerun-button').press('Enter'); // keyboard: the action button is focusable
    await panelStatus(web, 'done', 'restored panel status after Run analysis');
    // the workspace reference survived the reload: the run compares with it, as Compare with Reference did
    await panelTab(web, 'Tails');
    await sameValue(
      web,
      '#tail-type-coverage',
      reports.secondVsChat.tails.typeCoverage,
      'after a reload, the analysis still uses the workspace reference (tail type coverage vs CLI --reference)',
    );
    await panelTab(web, 'Overview');
    same(
      await web.locator('#reference-source').getAttribute('data-source'),
      'workspace',
      'the reference is named as the workspace reference',
    );
    // "No reference" in the picker: the workspace has none from now on (the later tests compare with the CLI)
    await pickNoReference(web);
    await applyOptions(
      web,
      async () => (await web.locator('#reference-source').getAttribute('data-path')) === '',
      'the panel re-ran without a reference',
    );
    await checkPanelAgainstReport(web, reports.second, second);
  },
);

e2eTest(
  'progress notification shows the analysis and its Cancel button stops it',
  'cancel',
  async ({ big }) => {
    const web = await inspectFromExplorer(page, big.name);
    await panelStatus(web, 'running', 'panel status while analysing big.jsonl');
    await eventually(
      async () =>
        /^(Reading… \d+% · [\d,]+ rows|Computing metrics… 100%)/.test(
          await web.locator('#status').textContent(),
        ),
      true,
      'panel progress text',
    );
    const toast = page.locator('.notification-toast', { hasText: `analysing ${big.name}` });
    await toast.waitFor();
    await toast.getByRole('button', { name: 'Cancel' }).click();
    await panelStatus(web, 'cancelled', 'panel status after Cancel in the notification');
    same(await web.locator('#status').textContent(), 'Analysis cancelled.', 'panel status text after Cancel');
    await toast.waitFor({ state: 'hidden' });
  },
);

e2eTest(
  "a file over 32 MiB: the panel runs the chunked, multi-threaded analysis and shows the CLI's numbers",
  'chunked',
  async ({ big }) => {
    same(
      big.bytes > 32 * 1024 * 1024,
      true,
      `big.jsonl (${big.bytes} bytes) is larger than one 32 MiB chunk`,
    );
    const cli = cliReport(big.file);
    same(
      cli.timing.chunks >= 2,
      true,
      `the CLI analysed big.jsonl in chunks (timing: ${JSON.stringify(cli.timing)})`,
    );
    const web = await inspectFromExplorer(page, big.name);
    await panelStatus(web, 'done', 'panel status after analysing big.jsonl', { timeout: 180_000 });
    // (the Duplicates view pages clusters by 10: compare the first page)
    const firstPage = {
      ...cli,
      duplicates: {
        ...cli.duplicates,
        exact: { ...cli.duplicates.exact, clusters: cli.duplicates.exact.clusters.slice(0, 10) },
      },
    };
    await checkPanelAgainstReport(web, firstPage, big);
    // the exported report is the worker's: chunked on worker threads, equal to the CLI's apart from timing
    const panel = await exportReportJson(page, path.join(path.dirname(big.file), 'big.diversity.json'), {
      eventually,
      fs,
    });
    same(panel.timing.chunks, cli.timing.chunks, 'chunks in the panel run vs the CLI run');
    same(panel.timing.workers >= 1, true, `worker threads in the panel run (${panel.timing.workers})`);
    same(
      JSON.stringify({ ...panel, timing: null, file: null }),
      JSON.stringify({ ...cli, timing: null, file: null }),
      'panel report vs CLI report, timing and file path aside',
    );
  },
  { timeout: 2 * TIMEOUT },
);

// The Mix & Correct view (test/e2e/lib/mixPanel.mjs), on the same server and page.
registerMixTests({ page: currentPage, fixtures: () => fixtures, artifacts: ARTIFACTS, root: ROOT, lap });

/**
 * Runs "Show Analysis Diagnostics" and returns the event-loop figures of the last analysis, which must be `name`'s:
 * { maxMs, p99Ms, meanMs, samples }.
 */
async function eventLoopFigures(name) {
  await runCommand(page, 'Diversity Lens: Show Analysis Diagnostics');
  const toast = page.locator('.notification-toast', { hasText: `during the analysis of ${name}` });
  await toast.waitFor();
  const text = await toast.textContent();
  const m = /max delay ([\d.]+) ms \(p99 ([\d.]+) ms, mean ([\d.]+) ms, (\d+) samples\)/.exec(text);
  same(m !== null, true, `event-loop figures in the notification: ${text}`);
  same(
    /analyses run in a child process/.test(text),
    true,
    `the notification says where analyses run: ${text}`,
  );
  const [maxMs, p99Ms, meanMs, samples] = m.slice(1).map(Number);
  return { maxMs, p99Ms, meanMs, samples };
}

/** How long the 2 GB analysis is measured before Cancel: reading with the chunked multi-worker path throughout. */
const HUGE_WINDOW_MS = 30_000;
const HUGE_BYTES = 2 * 1024 ** 3;

e2eTest(
  'the extension host event loop stays responsive during an analysis of a 2 GB file (measured)',
  'event-loop',
  async ({ medium }) => {
    // Requirement (issue #15): no stall above 200 ms. The figures are printed, never asserted (tests do not time; a
    // loaded shared machine can stall any process): the test proves the host measured its loop throughout, and
    // `npm run bench` (bench/panelLatency.ts) measures the host's event-loop delay on the panel's own path.
    // 1. A real 2 GB file, analysed in the panel (chunked, on worker threads) for a bounded window, then cancelled
    // from the panel: the host only relays progress meanwhile, so its event loop must stay free.
    let t = Date.now();
    const huge = writeHugeFile(path.dirname(medium.file), 'huge-2gb.jsonl', HUGE_BYTES);
    lap(
      `${huge.name} written: ${(huge.bytes / 2 ** 30).toFixed(2)} GiB in ${((Date.now() - t) / 1000).toFixed(1)} s`,
    );
    try {
      await page.getByRole('treeitem', { name: huge.name, exact: true }).waitFor({ timeout: 60_000 });
      const web = await inspectFromExplorer(page, huge.name);
      await panelStatus(web, 'running', `panel status while analysing ${huge.name}`);
      // the analysis runs in a process of its own with glibc's malloc tuned, as the CLI's (analysisEndpoint.ts)
      const extensionsDir = path.join(tmp, 'extensions');
      await eventually(
        () => analysisProcesses(extensionsDir).length,
        1,
        'one analysis process while the panel reads the 2 GB file',
      );
      const procs = analysisProcesses(extensionsDir);
      same(
        [procs[0].env.get('MALLOC_ARENA_MAX'), procs[0].env.get('GLIBC_TUNABLES')],
        ['1', 'glibc.malloc.hugetlb=1'],
        'the analysis process has the CLI’s malloc settings',
      );
      t = Date.now();
      let percent = 0;
      let rows = '0';
      let status = 'running';
      while (status === 'running' && Date.now() - t < HUGE_WINDOW_MS) {
        const text = (await web.locator('#status').textContent()) ?? '';
        const m = /^Reading… (\d+)% · ([\d,]+) rows/.exec(text);
        if (m) [percent, rows] = [Number(m[1]), m[2]];
        else if (text.startsWith('Computing metrics')) percent = 100;
        await new Promise((r) => setTimeout(r, 1000));
        status = await web.locator('#app').getAttribute('data-status');
      }
      const secs = (Date.now() - t) / 1000;
      if (status === 'running') {
        await web.locator('#cancel-button').click();
        await panelStatus(web, 'cancelled', `panel status after Cancel of ${huge.name}`);
        await eventually(
          () => analysisProcesses(extensionsDir).length,
          0,
          'the analysis process ended after Cancel',
        );
      } else {
        same(status, 'done', `the 2 GB analysis ended by itself within ${secs.toFixed(0)} s`);
        percent = 100;
      }
      const f = await eventLoopFigures(huge.name);
      const mb = (percent / 100) * (huge.bytes / 1e6);
      console.log(
        `# event loop while the panel read ${huge.name} (${(huge.bytes / 1e9).toFixed(2)} GB, chunked) for ${secs.toFixed(0)} s, then Cancel: about ${mb.toFixed(0)} MB read (${percent}%, ${rows} rows) — max ${f.maxMs} ms, p99 ${f.p99Ms} ms, mean ${f.meanMs} ms, ${f.samples} samples`,
      );
      same(
        percent > 0,
        true,
        `the 2 GB analysis read part of the file in ${secs.toFixed(0)} s (${percent}%)`,
      );
      same(
        f.samples > 0,
        true,
        `the host measured its event loop while reading ${huge.name} (max ${f.maxMs} ms)`,
      );
    } finally {
      fs.rmSync(huge.file, { force: true });
    }
    // 2. An analysis to the end (the finishing phase, the report's trip to the panel): medium.jsonl, about 6 MB.
    const web = await inspectFromExplorer(page, medium.name);
    await panelStatus(web, 'done', `panel status after analysing ${medium.name}`, { timeout: 90_000 });
    const f = await eventLoopFigures(medium.name);
    console.log(
      `# event loop during the whole analysis of ${medium.name} (${(medium.bytes / 1e6).toFixed(1)} MB): max ${f.maxMs} ms, p99 ${f.p99Ms} ms, mean ${f.meanMs} ms, ${f.samples} samples`,
    );
    same(
      f.samples > 0,
      true,
      `the host measured its event loop analysing ${medium.name} (max ${f.maxMs} ms)`,
    );
  },
  { timeout: 6 * 60_000 },
);

// Complete per-line marks (cluster > 100 rows, template in 25 % of rows) and Group by → Slices (test/e2e/lib/homogeneousChecks.mjs).
registerHomogeneousTests({
  page: currentPage,
  fixtures: () => fixtures,
  artifacts: ARTIFACTS,
  cliReport,
  lap,
});

e2eTest(
  'Tails: the lost-token search covers every lost type (a word beyond the first 1,000), most frequent first, numbers can be hidden',
  'lost-tokens',
  async ({ lost }) => {
    const cli = cliReport(lost.file, ['--reference', lost.referenceFile]).tails;
    same(
      [cli.lostTypes.length, cli.lostTypesTotal, cli.lostTypes.some((t) => t.token === lost.beyond)],
      [1000, 1503, false],
      `the CLI lists 1,000 of 1,503 lost types, without "${lost.beyond}"`,
    );
    // one webview on screen (inspectorFrame takes the visible one): the earlier panels close
    await runCommand(page, 'View: Close All Editors');
    await explorerContextMenu(page, lost.referenceName, 'Set as Reference Dataset');
    await page
      .locator('.notification-toast', { hasText: `${lost.referenceName} is the reference dataset` })
      .waitFor();
    await explorerContextMenu(page, lost.name, 'Compare with Reference…');
    await pickQuick(page, lost.referenceName);
    await page.locator('.tab', { hasText: `Diversity: ${lost.name}` }).waitFor();
    const web = inspectorFrame(page);
    await panelStatus(web, 'done', 'lost-data analysed');
    await panelTab(web, 'Tails');
    const count = web.locator('#lost-count');
    const shown = () => web.locator('#lost-table tbody td.token').allTextContents();
    await eventually(
      async () => [await count.getAttribute('data-matched'), await count.getAttribute('data-total')],
      ['1503', '1503'],
      'every lost type is listed (matched, total)',
    );
    same(
      (await shown()).slice(0, 3),
      cli.lostTypes.slice(0, 3).map((t) => t.token),
      'default order = the CLI’s: most frequent in the reference first',
    );
    same(
      (await web.locator('#lost-about').textContent()).includes('most frequent in the reference first'),
      true,
      'the list says its order',
    );
    await web.locator('#lost-search').locator('input').fill(lost.beyond);
    await eventually(shown, [lost.beyond], `search finds "${lost.beyond}", lost type 1,503 of 1,503`);
    await web.locator('#lost-search').locator('input').fill('');
    await web.locator('#lost-hide-numbers').click();
    await eventually(shown, lost.words, 'numbers hidden: the lost words, most frequent first');
    same(await count.getAttribute('data-matched'), '3', 'numbers hidden: 3 lost words');
    await screenshotPanel(page, ARTIFACTS, 'view-tails-lost-words.png');
    await web.locator('#lost-hide-numbers').click();
    await eventually(() => count.getAttribute('data-matched'), '1503', 'numbers shown again');
  },
);

e2eTest(
  'every table of every tab fits or scrolls at 500 px and 1,600 px panel width (screenshots)',
  'table-widths',
  async () => {
    const seen = {};
    // the panels with the widest tables: Tails with a reference (the panel of the previous test), then Slices with
    // flags (homogeneous.jsonl, grouped by source earlier in this session), each the only webview on screen
    for (const [name, prefix] of [
      [fixtures.lost.name, 'width-tails'],
      [fixtures.homogeneous.name, 'width-slices'],
    ]) {
      if (name === fixtures.homogeneous.name) await inspectFromExplorer(page, name);
      const web = await showPanel(page, name);
      await panelStatus(web, 'done', `${name} analysed`);
      seen[name] = await checkTablesAtWidths(page, web, {
        widths: [500, 1600],
        artifacts: ARTIFACTS,
        prefix,
      });
      lap(`${name}: tables per tab and width ${JSON.stringify(seen[name])}`);
      await panelTab(web, 'Overview');
    }
    same(
      seen[fixtures.lost.name]['Tails@500'] >= 2,
      true,
      'Tails with a reference: bands and lost tokens tables',
    );
    same(seen[fixtures.homogeneous.name]['Slices@500'] >= 1, true, 'Slices grouped by source: its table');
  },
  { timeout: 4 * TIMEOUT },
);

e2eTest(
  'status bar: the verdict of the active dataset after an analysis; clicking it opens the panel',
  'status-bar',
  async ({ chat }) => {
    await runCommand(page, 'View: Close All Editors');
    // open the dataset from the explorer (its editor may keep a scroll position from earlier tests)
    const openDataset = async () => {
      await page.getByRole('treeitem', { name: chat.name, exact: true }).click();
      await page.locator('.tab.active', { hasText: chat.name }).first().waitFor();
    };
    await openDataset();
    const web = await inspectActiveEditor(page, chat.name);
    const tab = page.locator('.tab', { hasText: `Diversity: ${chat.name}` });
    await panelStatus(web, 'done', 'panel status');
    const level = await web.locator('#verdict-level').getAttribute('data-level');
    const item = page.locator('.statusbar-item[id$="diversitylens.verdict" i]');
    await eventually(async () => (await item.textContent())?.trim(), level, 'status bar shows the verdict');
    same((await item.locator('.codicon').count()) > 0, true, 'the verdict has its icon');
    // close the panel, back in the dataset's editor: the item stays; a click opens the panel with the report
    await tab.locator('.tab-actions .action-label').click();
    await tab.waitFor({ state: 'detached' });
    await openDataset();
    await eventually(
      async () => (await item.textContent())?.trim(),
      level,
      'status bar after closing the panel',
    );
    await item.click();
    await tab.waitFor();
    await panelStatus(web, 'done', 'panel opened from the status bar');
    same(
      await web.locator('#verdict-level').getAttribute('data-level'),
      level,
      'the panel shows the same verdict',
    );
    lap('status bar: verdict shown, click opens the panel');
  },
);

e2eTest(
  'Inspect on an open .json file acts on it (no .jsonl-filtered picker) and reads its JSON array as rows',
  'inspect-json',
  async () => {
    const ws = path.dirname(fixtures.chat.file);
    // Python's json.dump(rows, f): one JSON array on one line
    fs.writeFileSync(
      path.join(ws, 'rows.json'),
      `${JSON.stringify([{ text: 'alpha bravo charlie' }, { text: 'delta echo foxtrot' }])}\n`,
    );
    await runCommand(page, 'View: Close All Editors');
    // from the explorer, not Quick Open: Quick Open's file search may not have indexed a file this new yet
    const item = page.getByRole('treeitem', { name: 'rows.json', exact: true });
    await item.waitFor();
    await item.click();
    await page.locator('.monaco-editor .view-lines', { hasText: 'alpha bravo charlie' }).first().waitFor();
    const web = await inspectActiveEditor(page, 'rows.json');
    // one JSON array (as Python's json.dump writes it) is a dataset whose rows are its elements (docs/reader.md)
    await panelStatus(web, 'done', 'rows.json analysed');
    await sameValue(web, '#rows dd[data-count="parsed"]', 2, "the array's two elements are its rows");
    same(await page.locator('.quick-input-widget:visible').count(), 0, 'no open dialog was shown');
  },
);

e2eTest(
  'a Parquet file: Inspect Dataset from the explorer shows the CLI numbers; a row link opens the row viewer on that row',
  'parquet',
  async ({ chat }) => {
    const pq = await writeParquetFixture(path.dirname(chat.file));
    await runCommand(page, 'View: Close All Editors');
    await page.getByRole('treeitem', { name: pq.name, exact: true }).waitFor();
    const web = await inspectFromExplorer(page, pq.name);
    await page.locator('.tab', { hasText: `Diversity: ${pq.name}` }).waitFor();
    await panelStatus(web, 'done', 'panel status after analysing the Parquet file');
    // the workspace reference an earlier test may have set is used by the panel: the CLI gets the same one
    const ref = await web
      .locator('#reference-source')
      .getAttribute('data-path')
      .catch(() => null);
    const report = cliReport(pq.file, ref ? ['--reference', ref] : []);
    same(report.file.format, 'parquet', 'the CLI reads it as Parquet');
    same(report.rows.parsed, pq.rows.length, 'CLI rows vs rows written');
    same(report.shape, 'openai-chat', 'the nested messages column is detected as chat');
    await checkPanelAgainstReport(web, report, pq);
    lap('parquet: panel equals the CLI');
    await screenshotPanel(page, ARTIFACTS, 'panel-parquet.png');
    await panelTab(web, 'Duplicates');
    const link = web.locator('#exact-clusters button.line-link').nth(1);
    const line = Number(await link.getAttribute('data-line'));
    await link.click();
    await eventually(
      () => web.locator('#row-viewer-text').textContent(),
      pq.rows[line - 1],
      `row viewer shows Parquet row ${line} as canonical JSON (every digit of the big integer)`,
    );
    same(await web.locator('#row-viewer-heading').textContent(), `Row ${line}`, 'row viewer heading');
    same(
      (await web.locator('#row-viewer .meta').textContent()).startsWith(`Row ${line} (Parquet`),
      true,
      'the row viewer says the row comes from a Parquet file',
    );
    same(
      await page.locator('.tab', { hasText: pq.name }).count(),
      1,
      'no editor opened on the binary file (only the panel tab)',
    );
    await screenshotPanel(page, ARTIFACTS, 'row-viewer-parquet.png');
    await panelTab(web, 'Overview');
  },
);

registerOpenReportTests({
  page: currentPage,
  fixtures: () => fixtures,
  artifacts: ARTIFACTS,
  root: ROOT,
  lap,
});

registerInstructionsTabTests({
  page: currentPage,
  fixtures: () => fixtures,
  artifacts: ARTIFACTS,
  root: ROOT,
  lap,
});
