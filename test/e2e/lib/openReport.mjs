// e2e: "Diversity Lens: Open Report…" — a JSON report the CLI wrote (`analyze --json --out`, and `merge` of
// partials when the CLI has it) shown in the panel without analysing: every tab with the report's numbers, the
// read-only header, live-only actions replaced by a reason, row links that open the dataset while it is there and
// turn off (plain text, reason on hover) when it is moved, and one clear error for a foreign or truncated JSON.
// Registered from e2e.test.mjs (shares its code-server and browser).
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, same, withScreenshot } from './expect.mjs';
import {
  cursorAt,
  explorerContextMenu,
  inspectorFrame,
  panelStatus,
  panelTab,
  runCommand,
  screenshotPanel,
} from './workbench.mjs';
import { at, checkPanelAgainstReport, sameValue } from './panelChecks.mjs';
import { answerFileDialog } from './mixPanel.mjs';

const TIMEOUT = 180_000;

/** Runs the built CLI with `args`; returns its exit status and output. */
const cli = (root, args) =>
  spawnSync(process.execPath, [path.join(root, 'dist/cli.js'), ...args], { encoding: 'utf8' });

/** The panel tab of a saved report (reportPanel.reportPanelTitle). Why exported: every tab's saved-report test finds it. */
export const reportTab = (page, file) =>
  page.locator('.tab', { hasText: `Saved report: ${path.basename(file)}` });

/**
 * Opens `file` with the command palette's Open Report… (all editors closed first) and returns the panel's webview
 * once it shows the report. Why exported: the tabs' own saved-report tests (Instructions) open reports the same way.
 */
export async function openReportFromPalette(page, file) {
  await runCommand(page, 'View: Close All Editors');
  await runCommand(page, 'Diversity Lens: Open Report…');
  await answerFileDialog(page, file);
  await reportTab(page, file).waitFor();
  const web = inspectorFrame(page);
  await panelStatus(web, 'done', `saved report ${path.basename(file)} shown`);
  return web;
}

/** Numbers of the Diversity, Tails, Templates and Slices tabs against the report `r`. */
async function checkTabs(web, r) {
  await panelTab(web, 'Diversity');
  const metrics = await web
    .locator('#metrics-table tbody tr')
    .evaluateAll((trs) => trs.map((t) => [t.dataset.key, t.querySelector('td[data-value]')?.dataset.value]));
  same(metrics.length > 5, true, 'Diversity: the metrics table has its rows');
  for (const [key, value] of metrics) {
    const v = at(r, key);
    same(value, v === null || v === undefined ? 'null' : String(v), `Diversity: ${key} vs the report`);
  }
  await panelTab(web, 'Tails');
  if (r.tails.mode === 'reference') {
    for (const [id, key] of [
      ['tail-type-coverage', 'tails.typeCoverage'],
      ['tail-mass-coverage', 'tails.massCoverage'],
      ['all-types-coverage', 'tails.allTypesCoverage'],
    ])
      await sameValue(web, `#${id}`, at(r, key), `Tails: ${key}`);
    // the lost-token list is searched on the host from the report's own list
    await eventually(
      () => web.locator('#lost-count').getAttribute('data-total'),
      String(r.tails.lostTypesTotal),
      'Tails: lost tokens listed from the report',
    );
  } else
    await sameValue(web, '#tail-retention', r.tails.spectrum.hapaxRetention, 'Tails (self): hapax retention');
  await panelTab(web, 'Templates');
  same(
    await web.locator('#templates-openings tbody tr[data-index]').count(),
    r.duplicates.templates.openings.length,
    'Templates: one row per opening of the report',
  );
  await panelTab(web, 'Slices');
  same(
    await web.locator('.slice-group').evaluateAll((gs) => gs.map((g) => g.dataset.field)),
    (r.slices?.groups ?? []).map((g) => g.field),
    'Slices: the report’s groups',
  );
  // live-only actions: replaced by their reason
  await panelTab(web, 'Mix & Correct');
  same(await web.locator('#mix-saved-note').count(), 1, 'Mix & Correct: says it needs a live analysis');
  same(await web.locator('#mix-open-button').count(), 0, 'Mix & Correct: no Open button in a saved report');
  await panelTab(web, 'Overview');
  same(await web.locator('#apply-options').count(), 0, 'Overview: no Apply and re-run in a saved report');
  same(await web.locator('#saved-options').count(), 1, 'Overview: the options the report was made with');
  same(await web.locator('#rerun-button').count(), 0, 'header: no Analyze again in a saved report');
}

/** Registers the Open Report tests; `ctx` = { page(), fixtures(), artifacts, root, lap }. */
export function registerOpenReportTests(ctx) {
  const e2e = (title, shot, body) =>
    test(
      title,
      { timeout: TIMEOUT },
      withScreenshot(ctx.page, ctx.artifacts, shot, (t) => body(t)),
    );

  e2e(
    'Open Report…: a saved analyze report shows in the panel without analysing; row links follow the dataset',
    'open-report',
    async () => {
      const page = ctx.page();
      const { chat, second } = ctx.fixtures();
      const ws = path.dirname(chat.file);
      const source = path.join(ws, 'saved-source.jsonl');
      fs.copyFileSync(chat.file, source);
      const reportFile = path.join(ws, 'saved-report.json');
      const run = cli(ctx.root, [
        'analyze',
        source,
        '--reference',
        second.file,
        '--group-by',
        'source',
        '--json',
        '--out',
        reportFile,
      ]);
      same(run.status, 0, `CLI analyze --json --out exit status (${run.stderr})`);
      const r = JSON.parse(fs.readFileSync(reportFile, 'utf8'));

      // the command palette, then the open dialog (no file argument)
      const web = await openReportFromPalette(page, reportFile);
      ctx.lap('open report: shown');
      same(await web.locator('#app').getAttribute('data-opened'), 'true', 'panel in saved-report mode');
      same(
        await web.locator('#status').textContent(),
        'Saved report — read-only, nothing re-analysed.',
        'header says it is a saved report',
      );
      same(
        (await web.locator('#opened-report').textContent()).startsWith(
          `Report: ${reportFile} · diversity-lens `,
        ),
        true,
        'header names the report file and the version that wrote it',
      );
      same(
        await web.locator('#opened-source').getAttribute('data-reachable'),
        'true',
        'the dataset is reachable',
      );
      await checkPanelAgainstReport(web, r, { ...chat, name: 'saved-source.jsonl' });
      await web.locator('body').evaluate(() => window.scrollTo(0, 0));
      await screenshotPanel(page, ctx.artifacts, 'saved-report-overview.png');
      await checkTabs(web, r);
      await panelTab(web, 'Tails');
      await screenshotPanel(page, ctx.artifacts, 'saved-report-tails.png');
      await panelTab(web, 'Overview');

      // row links on: a malformed line number opens the dataset at that line
      const line = chat.malformedLines[2];
      await web.locator(`#malformed-table button.line-link[data-line="${line}"]`).click();
      await page.locator('.tab.active', { hasText: 'saved-source.jsonl' }).waitFor();
      await cursorAt(page, line, 'cursor in the dataset after clicking a line of the saved report');
      await reportTab(page, reportFile).click();

      // the dataset moved: row links turn off (plain numbers, the reason on hover), Inspect source disappears
      const moved = path.join(ws, 'saved-source-moved.jsonl');
      fs.renameSync(source, moved);
      await eventually(
        () => web.locator('#opened-source').getAttribute('data-reachable'),
        'false',
        'the panel notices the dataset moved',
      );
      const off = web.locator(`#malformed-table .line-link-off[data-line="${line}"]`);
      same(await off.evaluate((e) => e.tagName), 'SPAN', 'a line number of a moved dataset is plain text');
      same((await off.getAttribute('title')).includes('is not reachable'), true, 'its tooltip says why');
      same(await web.locator('button.line-link').count(), 0, 'no active row link anywhere');
      same(await web.locator('#inspect-source').count(), 0, 'no Inspect source dataset');
      await panelTab(web, 'Duplicates');
      same(await web.locator('#exact-clusters button.line-link').count(), 0, 'Duplicates: links off');
      same(
        (await web.locator('#exact-clusters .line-link-off').count()) > 0,
        true,
        'Duplicates: line numbers still listed',
      );
      await screenshotPanel(page, ctx.artifacts, 'saved-report-unreachable-duplicates.png');
      await panelTab(web, 'Overview');
      await web.locator('body').evaluate(() => window.scrollTo(0, 0));
      await screenshotPanel(page, ctx.artifacts, 'saved-report-unreachable.png');

      // back where it was (same size): links on again
      fs.renameSync(moved, source);
      await eventually(
        () => web.locator('#opened-source').getAttribute('data-reachable'),
        'true',
        'the panel notices the dataset is back',
      );
      same(
        await web.locator(`#malformed-table button.line-link[data-line="${line}"]`).count(),
        1,
        'row links on again',
      );
    },
  );

  e2e(
    'Open Report… on a foreign or truncated JSON: one error naming the file and the problem, no panel',
    'open-report-errors',
    async () => {
      const page = ctx.page();
      const ws = path.dirname(ctx.fixtures().chat.file);
      const foreign = path.join(ws, 'foreign.json');
      fs.writeFileSync(foreign, '{"name": "not-a-report", "version": "1.0.0"}\n');
      const truncated = path.join(ws, 'truncated.json');
      fs.writeFileSync(truncated, fs.readFileSync(path.join(ws, 'saved-report.json'), 'utf8').slice(0, 4000));
      await runCommand(page, 'View: Close All Editors');
      for (const [file, problem] of [
        [foreign, 'not a Diversity Lens analysis report'],
        [truncated, 'the JSON ends early — the file looks truncated'],
      ]) {
        await page.getByRole('treeitem', { name: path.basename(file), exact: true }).waitFor();
        await explorerContextMenu(page, path.basename(file), 'Open Report…');
        const toast = page.locator('.notification-toast', {
          hasText: `cannot open ${path.basename(file)} as a report: ${problem}`,
        });
        await toast.waitFor();
        same((await toast.textContent()).includes(`(${file})`), true, 'the error gives the full path');
        same(await reportTab(page, file).count(), 0, `no panel for ${path.basename(file)}`);
      }
      await page.screenshot({ path: path.join(ctx.artifacts, 'open-report-error.png') });
      await runCommand(page, 'Notifications: Clear All Notifications');
    },
  );

  e2e('Open Report… shows a merged report (merge of two partials)', 'open-report-merged', async (t) => {
    const page = ctx.page();
    const { chat } = ctx.fixtures();
    const ws = path.dirname(chat.file);
    if (/unknown command/.test(cli(ctx.root, ['merge', '--help']).stderr))
      return t.skip('this CLI has no `merge` yet (issue #13 items 1–2)');
    const size = fs.statSync(chat.file).size;
    const half = Math.floor(size / 2);
    const parts = [
      [path.join(ws, 'a.dlpart'), `0:${half}`],
      [path.join(ws, 'b.dlpart'), `${half}:`],
    ];
    for (const [out, range] of parts) {
      const p = cli(ctx.root, ['analyze', chat.file, '--partial', out, '--byte-range', range]);
      same(p.status, 0, `analyze --partial ${range} (${p.stderr})`);
    }
    const merged = path.join(ws, 'merged-report.json');
    const m = cli(ctx.root, ['merge', parts[1][0], parts[0][0], '--json', '--out', merged, '--quiet']);
    same(m.status, 0, `merge (${m.stderr})`);
    const r = JSON.parse(fs.readFileSync(merged, 'utf8'));
    await runCommand(page, 'View: Close All Editors');
    await page.getByRole('treeitem', { name: 'merged-report.json', exact: true }).waitFor();
    await explorerContextMenu(page, 'merged-report.json', 'Open Report…');
    await reportTab(page, merged).waitFor();
    const web = inspectorFrame(page);
    await panelStatus(web, 'done', 'merged report shown');
    same(
      (await web.locator('#opened-report').textContent()).endsWith('merged from 2 partial results'),
      true,
      'header says the report was merged from 2 partials',
    );
    await checkPanelAgainstReport(web, r, chat);
    await checkTabs(web, r);
    same(
      await web.locator(`#malformed-table button.line-link[data-line="${chat.malformedLines[0]}"]`).count(),
      1,
      'row links of the merged report open chat.jsonl',
    );
    await screenshotPanel(page, ctx.artifacts, 'saved-report-merged.png');
    ctx.lap('open report: merged report shown');
  });
}
