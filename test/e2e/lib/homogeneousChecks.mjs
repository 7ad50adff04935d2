// e2e checks of the complete per-line marks (every row of a cluster larger than the report's 100 listed lines,
// every row of a frequent template opening, not only its two example lines) and of the Overview "Group by"
// picker → Slices view against the CLI's `--group-by` report. Registered on the suite's shared server and page.
import { test } from 'node:test';
import path from 'node:path';
import { eventually, same, withScreenshot } from './expect.mjs';
import {
  applyGroupBy,
  cursorAt,
  inspectActiveEditor,
  panelStatus,
  panelTab,
  quickOpen,
  runCommand,
  screenshotPanel,
  showPanel,
} from './workbench.mjs';

const TIMEOUT = 120_000;

/** Line numbers (as the editor shows them) that have a gutter mark (.cgmr) at the same height, in the one text editor. */
function gutterMarkedLines(page) {
  return page.evaluate(() => {
    const ed = [...document.querySelectorAll('.monaco-editor')].find((e) => e.querySelector('.line-numbers'));
    if (!ed) return [];
    const nums = [...ed.querySelectorAll('.line-numbers')].map((n) => ({
      line: Number(n.textContent),
      top: Math.round(n.getBoundingClientRect().top),
    }));
    const marks = [...ed.querySelectorAll('.cgmr')].map((m) => Math.round(m.getBoundingClientRect().top));
    return nums
      .filter((n) => marks.some((t) => Math.abs(t - n.top) <= 2))
      .map((n) => n.line)
      .sort((a, b) => a - b);
  });
}

/** Ctrl+G to `line` in the focused text editor. */
async function goToLine(page, line) {
  await page.keyboard.press('Control+g');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible' });
  await input.fill(`:${line}`);
  await input.press('Enter');
  await cursorAt(page, line, `cursor at line ${line}`);
}

/** Shows the editor hover at the cursor (palette: "Show or Focus Hover") and returns its text. */
async function hoverText(page) {
  await runCommand(page, 'Show or Focus Hover');
  const hover = page.locator('.monaco-hover-content', { hasText: 'Diversity Lens' }).first();
  await hover.waitFor();
  const text = await hover.textContent();
  await page.keyboard.press('Escape');
  return text;
}

export function registerHomogeneousTests({
  page: getPage,
  fixtures: getFixtures,
  artifacts,
  cliReport,
  lap,
}) {
  /** A test on homogeneous.jsonl: `body(page, fixture)`, a screenshot `failure-<name>.png` if it fails. */
  const homogeneousTest = (title, name, body) =>
    test(
      title,
      { timeout: TIMEOUT },
      withScreenshot(getPage, artifacts, name, () => body(getPage(), getFixtures().homogeneous)),
    );
  let report;

  homogeneousTest(
    'per-line marks: a cluster member beyond the 100th and a template row that is no example line are marked, stepped to and hovered',
    'line-marks',
    async (page, fx) => {
      report = cliReport(fx.file);
      const cluster = report.duplicates.exact.clusters[0];
      same(
        [cluster.size, cluster.lines.length, cluster.lines.includes(fx.memberBeyond100)],
        [fx.clusterSize, 100, false],
        'CLI: a 150-row cluster whose 100 listed lines stop before line 201',
      );
      const flagged = report.duplicates.templates.openings.filter((o) => o.share > 0.15);
      same(
        flagged.some((o) => o.exampleLines.includes(fx.templateLine)),
        false,
        `CLI: line ${fx.templateLine} is no example line of a flagged opening`,
      );

      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, fx.name, 'cannot help');
      const web = await inspectActiveEditor(page, fx.name);
      await panelStatus(web, 'done', `panel status after analysing ${fx.name}`);
      lap('homogeneous.jsonl analysed');
      // back to the text editor (the panel opened beside it)
      await page
        .locator('.tab', { hasText: new RegExp(`^${fx.name.replace('.', '\\.')}`) })
        .first()
        .click();
      await page.locator('.monaco-editor .view-lines').first().click();

      // line 200 is an ordinary row; Next Homogeneous Sample must step to the cluster's 101st member, line 201
      await goToLine(page, fx.memberBeyond100 - 1);
      await runCommand(page, 'Diversity Lens: Next Homogeneous Sample');
      await cursorAt(page, fx.memberBeyond100, 'Next Homogeneous Sample after line 200');
      const around = await eventually(
        async () => (await gutterMarkedLines(page)).filter((l) => l >= 196 && l <= 206),
        [197, 198, 199, 201, 202, 203, 205, 206],
        'gutter marks around line 201 (odd: the cluster, 198/202/206: the template; 200/204 unmarked)',
      );
      same(around.includes(fx.memberBeyond100), true, 'gutter mark on line 201');
      const clusterHover = await hoverText(page);
      same(
        clusterHover.includes(`Cluster of ${fx.clusterSize} rows`) &&
          clusterHover.includes('first occurrence: line 1'),
        true,
        `hover on line 201 names the cluster size and first occurrence: ${clusterHover}`,
      );
      await page.screenshot({ path: path.join(artifacts, 'editor-line-marks.png') });

      // line 101 is a cluster row; the next marked row is line 102, a template row that is not an example line
      await goToLine(page, fx.templateLine - 1);
      await runCommand(page, 'Diversity Lens: Next Homogeneous Sample');
      await cursorAt(page, fx.templateLine, `Next Homogeneous Sample after line ${fx.templateLine - 1}`);
      same(
        (await gutterMarkedLines(page)).includes(fx.templateLine),
        true,
        `gutter mark on template line ${fx.templateLine}`,
      );
      const templateHover = await hoverText(page);
      same(
        templateHover.includes('Flagged template opening') &&
          templateHover.includes(`starts ${fx.templateRows} rows (25.0%)`),
        true,
        `hover on line ${fx.templateLine} names the template: ${templateHover}`,
      );
    },
  );

  homogeneousTest(
    'Group by picker → Apply and re-run: the Slices view shows the flagged slices and reasons of the CLI’s --group-by report',
    'group-by',
    async (page, fx) => {
      const grouped = cliReport(fx.file, ['--group-by', 'source']);
      const group = grouped.slices.groups[0];
      const expected = group.values
        .filter((v) => v.flagged)
        .map((v) => ({ value: v.value, reasons: v.flags.map((f) => f.reason) }))
        .sort((a, b) => a.value.localeCompare(b.value));
      same(expected.length > 0, true, 'CLI --group-by source flags at least one slice');

      const web = await showPanel(page, fx.name);
      await panelTab(web, 'Overview');
      // a suggested field, completed from the list (the completions are the report's slice candidates)
      same(
        await web.locator('#group-by-fields option[value="source"]').count(),
        1,
        'source is among the Group by completions',
      );
      await applyGroupBy(web, 'source', 'panel re-ran with --group-by source');
      await panelTab(web, 'Slices');
      const shown = await web
        .locator('.slice-group[data-field="source"] tbody tr.flagged')
        .evaluateAll((trs) =>
          trs.map((tr) => ({
            value: tr.dataset.value,
            reasons: [...tr.querySelectorAll('td.flags li')].map((li) => li.textContent),
          })),
        );
      same(
        shown.sort((a, b) => a.value.localeCompare(b.value)),
        expected,
        'flagged slices and their reasons vs CLI --group-by source',
      );
      same(
        await web.locator('.slice-group[data-field="source"] p.slice-summary').textContent(),
        `${expected.length} flagged of ${group.values.length} values · comparisons at ${group.budgetTokens.toLocaleString('en-US')} tokens each · minimum ${grouped.slices.minRows} rows per value (smaller ones pooled into “(other)”)`,
        'slice summary line vs CLI',
      );
      same(
        await web.locator('.slice-group[data-field="source"] p.slice-hint').count(),
        0,
        'no "no value large enough" hint when values are compared',
      );
      // one editor column, so the slice table (and its reasons) gets the full width for the screenshot
      await runCommand(page, 'View: Single Column Editor Layout');
      await web.locator('.slice-group[data-field="source"] tbody tr.flagged').first().waitFor();
      await screenshotPanel(page, artifacts, 'view-slices-grouped-dark.png');
      await panelTab(web, 'Overview');
    },
  );
}
