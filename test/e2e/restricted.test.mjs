// End-to-end, Restricted Mode (issue #15, item 20): its own code-server with workspace trust ON opens a generated
// folder untrusted. The folder's `.vscode/settings.json` is hostile: diversityLens.referencePath names a "secret" file
// outside the folder, maxLineBytes and workers are at their maximum, and two harmless settings (tailMax, mattrWindow)
// are set too. Checked as a user sees it:
//  1. opening the folder and the dataset parses nothing — the extension is active (its status-bar item says
//     "inspect"), "Show Analysis Diagnostics" has measured no analysis, no file appears, the secret is not read
//     (its access time, set in the past before the server started, does not move);
//  2. Inspect Dataset in Restricted Mode uses the defaults of the restricted settings (no reference, 16 MiB lines)
//     and the workspace's harmless ones, equal to the CLI's report with the same options; the Mix view's Write is
//     disabled with the Restricted Mode reason; VS Code's Settings editor lists exactly the 4 restricted settings;
//  3. trusting the folder (Workspaces: Manage Workspace Trust → Trust, as a user does) makes them apply: the panel's
//     reference is the setting's at once, the next analysis reads the secret and equals the CLI's with the hostile
//     options, and Write is no longer refused for trust.
// Run: npm run -s build && npm run -s test:e2e (every test/e2e/*.test.mjs, one at a time), or this file alone with
// `node --test test/e2e/restricted.test.mjs` after `npm run -s package`. Screenshots: test/e2e/artifacts/restricted-*.png.
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import * as session from './lib/session.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { eventually, same, withScreenshot } from './lib/expect.mjs';
import {
  exportReportJson,
  inspectActiveEditor,
  inspectorFrame,
  panelStatus,
  panelTab,
  runCommand,
  screenshotPanel,
} from './lib/workbench.mjs';
import { mulberry32 } from '../../scripts/lib/prng.mjs';

const TIMEOUT = 180_000;
const SHOT = 'restricted';

const MIB = 1024 * 1024;
/** The hostile workspace settings; the first three are restricted (package.json restrictedConfigurations). */
const HOSTILE = (secret) => ({
  'diversityLens.referencePath': secret,
  'diversityLens.maxLineBytes': 256 * MIB,
  'diversityLens.workers': 256,
  'diversityLens.tailMax': 7,
  'diversityLens.mattrWindow': 50,
});
const DEFAULT_MAX_LINE_BYTES = 16 * MIB;

const { ARTIFACTS, ROOT, CODE_SERVER } = session;
const lap = session.stopwatch();

let tmp, ws, dataset, secret, server, browser, page, atimeWorks, startListing;
const cli = {};
const DATASET = 'chat.jsonl';

const restrictedTest = (title, shotName, body) =>
  test(
    title,
    { timeout: TIMEOUT },
    withScreenshot(() => page, ARTIFACTS, `${SHOT}-${shotName}`, body),
  );

/** Every file under `dir` (relative paths, sorted): what "no file written" compares. */
const listing = (dir) =>
  fs
    .readdirSync(dir, { recursive: true, withFileTypes: true })
    .filter((d) => d.isFile())
    .map((d) => path.relative(dir, path.join(d.parentPath ?? d.path, d.name)))
    .sort();

const atimeMs = (file) => fs.statSync(file).atimeMs;
const PAST = new Date('2001-01-01T00:00:00Z');

/** The CLI's JSON report for the dataset with `extra` flags (what the panel must equal). */
function cliReport(extra) {
  const r = spawnSync(
    process.execPath,
    [path.join(ROOT, 'dist/cli.js'), 'analyze', dataset, ...extra, '--json'],
    {
      encoding: 'utf8',
      maxBuffer: 64 << 20,
    },
  );
  try {
    return JSON.parse(r.stdout);
  } catch {
    throw new Error(`the CLI printed no JSON (exit ${r.status}):\n${r.stderr}`);
  }
}

/** Sentences over a small vocabulary (dataset) or a larger one with rare words (the reference). */
function rows(seed, n, vocabulary, dupEvery) {
  const next = mulberry32(seed);
  const out = [];
  for (let i = 0; i < n; i++) {
    if (dupEvery && i % dupEvery === dupEvery - 1) {
      out.push(out[0]);
      continue;
    }
    const words = Array.from(
      { length: 8 + Math.floor(next() * 8) },
      () => vocabulary[Math.floor(next() * vocabulary.length)],
    );
    out.push(JSON.stringify({ text: words.join(' ') }));
  }
  return `${out.join('\n')}\n`;
}

/** Moves the secret's access time into the past (a read moves it to now: relatime updates an atime older than mtime). */
function resetAtime() {
  fs.utimesSync(secret, PAST, new Date());
}

before(async () => {
  let vsix;
  ({ tmp, vsix } = session.prepareSuite(SHOT, 'diversity-lens-restricted-'));
  lap('extension packaged');

  // the folder (opened untrusted) and, outside it, the "secret" the hostile settings point at
  ws = path.join(tmp, 'workspace');
  fs.mkdirSync(path.join(ws, '.vscode'), { recursive: true });
  const outside = path.join(tmp, 'outside');
  fs.mkdirSync(outside);
  secret = path.join(outside, 'secret-reference.jsonl');
  const common = 'river mountain signal harbor lantern copper meadow falcon quartz ember willow orbit'.split(
    ' ',
  );
  const rare = Array.from({ length: 300 }, (_, i) => `secretword${i}`);
  dataset = path.join(ws, DATASET);
  fs.writeFileSync(dataset, rows(7, 120, common, 10));
  fs.writeFileSync(secret, rows(11, 400, [...common, ...common, ...rare]));
  fs.writeFileSync(path.join(ws, '.vscode', 'settings.json'), JSON.stringify(HOSTILE(secret), null, 2));

  // what the panel must equal: the defaults of the restricted settings, then the hostile values once trusted
  cli.untrusted = cliReport(['--tail-max', '7', '--mattr-window', '50']);
  cli.trusted = cliReport([
    '--tail-max',
    '7',
    '--mattr-window',
    '50',
    '--reference',
    secret,
    '--max-line-bytes',
    String(256 * MIB),
    '--workers',
    '256',
  ]);
  // does this file system record reads in the access time? (relatime: yes, for an atime older than the mtime)
  resetAtime();
  fs.readFileSync(secret);
  atimeWorks = atimeMs(secret) > PAST.getTime();
  resetAtime();
  startListing = listing(tmp);
  lap(
    `fixtures written; access times ${atimeWorks ? 'recorded' : 'NOT recorded (noatime): that check is skipped'}`,
  );

  server = await startCodeServer({
    codeServer: CODE_SERVER,
    vsix,
    workspace: ws,
    tmp: path.join(tmp, 'profile'),
    logFile: path.join(ARTIFACTS, 'code-server-restricted.log'),
    workspaceTrust: true,
  });
  lap('code-server up (workspace trust on)');
  browser = await session.launchChromium();
  page = await browser.newPage({ viewport: { width: 1600, height: 1200 } });
  await session.openWorkbench(page, server.url, DATASET);
  lap('workbench loaded');
});

after(async () => {
  await browser?.close();
  server?.stop();
  if (tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
});

const restrictedModeItem = () => page.locator('.statusbar-item', { hasText: 'Restricted Mode' }).first();
const verdictItem = () => page.locator('.statusbar-item[id$="diversitylens.verdict" i]');
/** The files written since the fixtures, outside the code-server profile. */
const newFiles = () =>
  listing(tmp).filter((f) => !f.startsWith(`profile${path.sep}`) && !startListing.includes(f));

restrictedTest(
  'Restricted Mode: opening the folder and its dataset parses nothing — no analysis, no file, the hostile reference not read (#15 item 20)',
  'opened',
  async () => {
    await restrictedModeItem().waitFor();
    // the dataset in an editor activates the extension (onLanguage:jsonl): its item offers to inspect, nothing runs
    await page.getByRole('treeitem', { name: DATASET, exact: true }).click();
    await page.locator('.tab.active', { hasText: DATASET }).first().waitFor();
    await eventually(
      async () => (await verdictItem().textContent())?.trim(),
      'inspect',
      'the status-bar item offers to inspect (extension active, no analysis)',
    );
    await new Promise((r) => setTimeout(r, 3_000)); // time for anything that would start by itself
    same((await verdictItem().textContent())?.trim(), 'inspect', 'still no analysis 3 s later');
    same(await page.locator('.tab', { hasText: 'Diversity:' }).count(), 0, 'no inspector panel opened');
    await runCommand(page, 'Diversity Lens: Show Analysis Diagnostics');
    await page
      .locator('.notification-toast', { hasText: 'Diversity Lens event loop: no analysis measured yet' })
      .waitFor();
    same(newFiles(), [], 'no file written (no report, no spill, no temp file)');
    if (atimeWorks) same(atimeMs(secret), PAST.getTime(), 'the hostile reference was not read');
    await page.screenshot({ path: path.join(ARTIFACTS, `${SHOT}-opened.png`) });
    lap('folder opened in Restricted Mode: nothing parsed');
  },
);

restrictedTest(
  'Restricted Mode: Inspect Dataset uses the defaults of the restricted settings (no reference, 16 MiB lines), equal to the CLI; Write is disabled; VS Code lists the 4 as needing trust (#15 item 20)',
  'inspect',
  async () => {
    const web = await inspectActiveEditor(page, DATASET);
    await panelStatus(web, 'done', 'panel status after Inspect in Restricted Mode');
    same(
      await web.locator('#reference-source').getAttribute('data-path'),
      '',
      'the panel shows no reference',
    );
    same(
      (await web.locator('#reference-source').textContent()).startsWith('Reference: none.'),
      true,
      'the panel says there is no reference',
    );
    same(
      [await web.locator('#self-tails').count(), await web.locator('#tail-coverage').count()],
      [1, 0],
      "the Tails tab shows the dataset's own profile, no coverage",
    );
    if (atimeWorks) same(atimeMs(secret), PAST.getTime(), 'the hostile reference was not read');
    await screenshotPanel(page, ARTIFACTS, `${SHOT}-panel-untrusted.png`);

    const target = path.join(ws, 'chat.diversity.json');
    const report = await exportReportJson(page, target, { eventually, fs });
    fs.rmSync(target);
    same(report.options.reference, null, 'the report has no reference');
    same(report.options.maxLineBytes, DEFAULT_MAX_LINE_BYTES, 'the default line bound, not 256 MiB');
    same(report.tails.mode, 'self', 'tails without a reference');
    same(
      [report.options.tailMax, report.options.mattrWindow],
      [7, 50],
      "the workspace's harmless settings apply",
    );
    same(report.options, cli.untrusted.options, "options equal the CLI's with the defaults");
    same(report.rows, cli.untrusted.rows, "row counts equal the CLI's");
    same(report.verdict, cli.untrusted.verdict, "the verdict equals the CLI's");

    // the Mix view: Write is disabled, with the Restricted Mode reason
    await panelTab(web, 'Mix & Correct');
    await web.locator('#mix-open-button').click();
    await eventually(() => web.locator('#mix').getAttribute('data-open'), 'true', 'Mix view opened');
    same(await web.locator('#mix-write').getAttribute('disabled'), '', 'Write is disabled');
    same(
      (await web.locator('#mix-write-reason').textContent()).includes('Restricted Mode'),
      true,
      'the view says why: Restricted Mode',
    );
    await screenshotPanel(page, ARTIFACTS, `${SHOT}-mix-untrusted.png`);

    // VS Code's own account: its Settings editor lists exactly our four restricted settings (instructionSample since #16) as needing a trusted workspace
    await runCommand(page, 'Preferences: Open Settings (UI)');
    const search = page.locator('.settings-editor .settings-header .suggest-input-container .monaco-editor');
    await search.click();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('@tag:requireTrustedWorkspace diversityLens');
    await eventually(
      async () => (await page.locator('.settings-editor .setting-item-label').allTextContents()).sort(),
      ['Instruction Sample', 'Max Line Bytes', 'Reference Path', 'Workers'],
      'the settings that need a trusted workspace',
    );
    await page.screenshot({ path: path.join(ARTIFACTS, `${SHOT}-settings.png`) });
    same(newFiles(), [], 'no file left behind');
    lap('Restricted Mode: defaults used, Write disabled');
  },
);

restrictedTest(
  "trusting the folder (Manage Workspace Trust → Trust) applies the workspace's settings: the reference is read, the analysis equals the CLI's with them (#15 item 20)",
  'trusted',
  async () => {
    // a user opens the trust editor and presses Trust
    await runCommand(page, 'Workspaces: Manage Workspace Trust');
    await page.getByRole('button', { name: 'Trust', exact: true }).first().click();
    await restrictedModeItem().waitFor({ state: 'hidden' });
    lap('folder trusted');
    const tab = page.locator('.tab', { hasText: `Diversity: ${DATASET}` });
    await tab.click();
    let web = inspectorFrame(page);
    // the panel follows at once: the setting's reference, and Write is no longer refused for trust
    await eventually(
      () => web.locator('#reference-source').getAttribute('data-path'),
      secret,
      "the panel's reference is the setting's once trusted",
    );
    same(await web.locator('#mix-write-reason').count(), 0, 'no Restricted Mode reason for Write');

    // the next analysis runs with the workspace's settings
    await page.getByRole('treeitem', { name: DATASET, exact: true }).click();
    await page.locator('.tab.active', { hasText: DATASET }).first().waitFor();
    web = await inspectActiveEditor(page, DATASET);
    await eventually(
      async () =>
        (await web.locator('#app').getAttribute('data-status')) === 'done' &&
        (await web.locator('#tail-coverage').count()) === 1,
      true,
      'the re-analysis with the reference is done',
      { timeout: 60_000 },
    );
    if (atimeWorks) same(atimeMs(secret) > PAST.getTime(), true, 'the reference is read once trusted');
    await panelTab(web, 'Overview');
    await screenshotPanel(page, ARTIFACTS, `${SHOT}-panel-trusted.png`);
    const target = path.join(ws, 'chat.diversity.json');
    const report = await exportReportJson(page, target, { eventually, fs });
    fs.rmSync(target);
    same(report.options.reference?.path, secret, 'the report compares with the setting’s reference');
    same(report.options.maxLineBytes, 256 * MIB, "the workspace's line bound");
    same(report.tails.mode, 'reference', 'tails against the reference');
    same(report.options, cli.trusted.options, "options equal the CLI's with the workspace's values");
    same(report.tails.typeCoverage, cli.trusted.tails.typeCoverage, "tail coverage equals the CLI's");
    same(report.verdict, cli.trusted.verdict, "the verdict equals the CLI's");
    await page.screenshot({ path: path.join(ARTIFACTS, `${SHOT}-trusted.png`) });
    lap('trusted: the workspace settings apply');
  },
);
