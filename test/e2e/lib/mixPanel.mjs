// e2e: the panel's Mix & Correct view, as a user drives it. Registered from e2e.test.mjs (shares its code-server
// and browser): open the panel on a generated dataset, open the Mix view, choose a generated reference through
// the (code-server) open dialog, move the real-data share and see the preview change, write the corrected file
// through the save dialog, then check the file against the projection (rows exactly, tail coverages ±0.02,
// distinct-2, MATTR and expected types ±2 % relative) — both as the panel shows it and with the CLI's own
// analysis against the held-out reference rows the recipe lists (never mixed in).
import { test } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { eventually, same, withScreenshot } from './expect.mjs';
import {
  inspectActiveEditor,
  inspectFromExplorer,
  panelStatus,
  panelTab,
  pickNoReference,
  quickOpen,
  runCommand,
  screenshotPanel,
  setColorTheme,
} from './workbench.mjs';
import { writeMixFixtures } from './mixFixtures.mjs';

/** Raw projected / measured value of figure `key` in table `tableId` (column index `col`). */
const cell = (web, tableId, key, col) =>
  web.locator(`#${tableId} tr[data-key="${key}"] td[data-col="${col}"]`).getAttribute('data-value');

/**
 * Opens the Mix & Correct tab and view of the panel `web`, picks `reference` through the open dialog and waits until
 * the worker has built the model (`what` names the wait). Why: every Mix test starts from a built model.
 */
async function openMixWithReference(page, web, reference, what, timeout) {
  await panelTab(web, 'Mix & Correct');
  await web.locator('#mix-open-button').click();
  await eventually(() => web.locator('#mix').getAttribute('data-open'), 'true', 'Mix view opened');
  await web.locator('#mix-pick-reference').click();
  await answerFileDialog(page, reference);
  await eventually(() => web.locator('#mix').getAttribute('data-model'), 'ready', what, { timeout });
}

/**
 * Back to no workspace reference, through the Overview's picker of the panel `web`. Why: picking a reference in the
 * Mix view sets the workspace's, and the later tests compare with the CLI run without one.
 */
async function clearWorkspaceReference(web) {
  await pickNoReference(web);
  await web.locator('#apply-options').click();
  await eventually(
    () => web.locator('#reference-source').getAttribute('data-path'),
    '',
    'the workspace reference cleared',
  );
}

/** Types `file` (an absolute path) into code-server's simple file dialog and accepts it. */
export async function answerFileDialog(page, file) {
  const widget = page.locator('.quick-input-widget');
  const input = widget.locator('input');
  await input.waitFor({ state: 'visible' });
  // The dialog fills in its starting folder asynchronously and can overwrite what was typed before it
  // finished loading (it then answers Enter with "Please select a file"): check the value, retry if reset.
  for (let attempt = 0; attempt < 5; attempt++) {
    await input.fill(file);
    // the dialog lists the folder's entries for what was typed; accept once it shows the file
    await page
      .locator('.quick-input-list .monaco-list-row', { hasText: path.basename(file) })
      .first()
      .waitFor();
    if ((await input.inputValue()) !== file) continue;
    await input.press('Enter');
    try {
      await widget.waitFor({ state: 'hidden', timeout: 5_000 });
      return;
    } catch {
      /* still open: the value was reset after Enter's check; type it again */
    }
  }
  throw new Error(`the file dialog did not accept ${file} (its input shows "${await input.inputValue()}")`);
}

/** The inspector webview (among the visible ones) whose panel shows `fileName`; polls until it appears. */
async function panelFor(page, fileName) {
  const end = Date.now() + 30_000;
  while (Date.now() < end) {
    const frames = page.locator('iframe.webview.ready:visible');
    const n = await frames.count();
    for (let i = 0; i < n; i++) {
      const web = frames.nth(i).contentFrame().locator('iframe#active-frame').contentFrame();
      const name = await web
        .locator('#file-name')
        .textContent({ timeout: 1_000 })
        .catch(() => null);
      if (name === fileName) return web;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`no visible inspector panel shows ${fileName}`);
}

function within(projected, measured, key) {
  const p = Number(projected);
  const m = Number(measured);
  if (key === 'rows.parsed') return p === m;
  if (key.startsWith('tails.') && key.includes('Coverage')) return Math.abs(m - p) <= 0.02 + 1e-12;
  return Math.abs(m - p) <= 0.02 * Math.abs(p) + 1e-12;
}

/** Registers the Mix tests; `ctx` gives the shared page, the fixtures, the artifacts dir, the repo root. */
export function registerMixTests(ctx) {
  const shot = (name, body) => withScreenshot(ctx.page, ctx.artifacts, name, body);

  test(
    'Mix & Correct: reference, live preview, write, measured = projected',
    { timeout: 180_000 },
    shot('mix', async () => {
      const page = ctx.page();
      const ws = path.dirname(ctx.fixtures().chat.file);
      const mix = writeMixFixtures(ws);
      await runCommand(page, 'View: Close All Editors');
      await quickOpen(page, mix.datasetName, mix.firstWords);
      const web = await inspectActiveEditor(page, mix.datasetName);
      await panelStatus(web, 'done', 'panel status after analysing the mix dataset');

      // open the Mix & Correct tab and the view, and pick the reference through the open dialog
      await openMixWithReference(page, web, mix.reference, 'mix model built in the worker', 60_000);
      same(await web.locator('#mix-reference').textContent(), mix.referenceName, 'reference shown');
      await eventually(
        () => web.locator('#mix-preview').getAttribute('data-status'),
        'ready',
        'first preview shown',
      );
      await web.locator('#mix-sweep-chart canvas').first().waitFor();
      const tail0 = await cell(web, 'mix-figures', 'tails.typeCoverage', 1);
      same(
        /tail coverage of held-out real rows \(\d[\d,]* rows, never mixed in\)/.test(
          await web.locator('#mix-heldout').textContent(),
        ),
        true,
        'the held-out yardstick is named',
      );
      same(
        Number(await web.locator('#mix-heldout').getAttribute('data-rows')) > 0,
        true,
        'some reference rows are held out',
      );
      const d2before = await cell(web, 'mix-figures', 'lexical.distinct.2', 0);
      // issue #12: reference rows in the dataset's schema (the fixture's already are: copied as they are)
      same(await web.locator('#mix-schema-mode').inputValue(), 'dataset', "the dataset's schema by default");
      same(
        /written in the dataset's schema \(text\): [\d,]+ already in it, 0 converted, 0 cannot be converted/.test(
          await web.locator('#mix-schema-summary').textContent(),
        ),
        true,
        'the schema summary says how reference rows are written',
      );
      // the templates control counts rows, not only openings
      same(
        /Drop rows that start with a flagged template: [\d,]+ dataset rows \(\d+ flagged opening/.test(
          await web.locator('label[for="mix-drop-templates"]').textContent(),
        ),
        true,
        'the drop-templates label counts rows',
      );
      // no empty "Generations projection" heading while its checkbox is off
      same(
        await web.locator('#mix figcaption', { hasText: 'Generations projection' }).isHidden(),
        true,
        'generations figure hidden when off',
      );

      // move the real-data share: the projected figures change, the dataset-alone column does not
      const req0 = await web.locator('#mix-preview').getAttribute('data-request-id');
      await web.locator('#mix-real-number').fill('60');
      await eventually(
        async () => (await web.locator('#mix-preview').getAttribute('data-request-id')) !== req0,
        true,
        'a new preview after moving the real share',
      );
      await eventually(
        async () => (await cell(web, 'mix-figures', 'tails.typeCoverage', 1)) !== tail0,
        true,
        'projected tail coverage changes with the real share',
      );
      same(
        await cell(web, 'mix-figures', 'lexical.distinct.2', 0),
        d2before,
        'dataset-alone distinct-2 unchanged',
      );
      same(await web.locator('#mix-real').inputValue(), '60', 'slider follows the number');
      const latency = await web
        .locator('#mix-latency')
        .evaluate((e) => ({ worker: Number(e.dataset.workerMs), roundTrip: Number(e.dataset.roundtripMs) }));
      ctx.lap(`mix preview: ${latency.worker} ms in the worker, ${latency.roundTrip} ms round trip`);

      // dedup + generations
      await web.locator('#mix-dedup').selectOption('exact');
      await web.locator('#mix-generations').check();
      await eventually(
        () => web.locator('#mix-generations-chart').getAttribute('data-generations'),
        '8',
        'generations chart drawn',
      );
      same(
        await web.locator('#mix-generations-figure').isVisible(),
        true,
        'generations figure shown when on',
      );
      await web.locator('#mix-generations-model').selectOption('bigram');
      for (const [id, what] of [
        ['mix-generations-chart', 'generations chart redrawn with the bigram model'],
        ['mix-generations-note', 'the note names the bigram model'],
      ])
        await eventually(() => web.locator(`#${id}`).getAttribute('data-model'), 'bigram', what);
      await eventually(
        () => web.locator('html').getAttribute('data-csp-violations'),
        '0',
        'no CSP violation from the charts',
      );
      await web.locator('#mix').scrollIntoViewIfNeeded();
      await screenshotPanel(page, ctx.artifacts, 'panel-mix-dark.png');

      // write through the save dialog (default <name>.mixed.jsonl beside the source)
      const projectedRows = Number(await cell(web, 'mix-figures', 'rows.parsed', 1));
      await web.locator('#mix-write').click();
      const out = path.join(ws, 'mixdata.mixed.jsonl');
      await eventually(
        () => page.locator('.quick-input-widget input').inputValue(),
        out,
        'save dialog proposes <name>.mixed.jsonl beside the source',
      );
      await page.locator('.quick-input-widget input').press('Enter');
      await eventually(
        () => web.locator('#mix-write-status').getAttribute('data-status'),
        'done',
        'write + measure finished',
        { timeout: 90_000 },
      );
      same(fs.existsSync(out), true, 'written file exists');
      const lines = fs
        .readFileSync(out, 'utf8')
        .split('\n')
        .filter((l) => l.length > 0).length;
      same(lines, projectedRows, 'written rows = projected rows');
      const keys = [
        'rows.parsed',
        'tails.typeCoverage',
        'tails.massCoverage',
        'tails.sizeAdjusted.typeCoverage',
        'tails.expectedTypes.mix',
        'lexical.distinct.2',
        'lexical.mattr',
      ];
      for (const k of keys) {
        const p = await cell(web, 'mix-written', k, 0);
        const m = await cell(web, 'mix-written', k, 1);
        same(within(p, m, k), true, `${k}: measured ${m} vs projected ${p} (panel)`);
        same(p, await cell(web, 'mix-figures', k, 1), `${k}: written table's projection = the preview's`);
      }
      same(await web.locator('#mix-honesty').getAttribute('data-ok'), 'true', 'honesty line');
      // independent check: the CLI's analysis of the written file against the held-out reference rows the recipe
      // lists (rebuilt here from the reference's own lines); none of them is in the written file
      const recipe = JSON.parse(fs.readFileSync(`${out}.recipe.json`, 'utf8'));
      const refLines = fs.readFileSync(mix.reference, 'utf8').split('\n');
      const heldOut = recipe.lines.heldOut.map((n) => refLines[n - 1]);
      same(
        heldOut.length > 0 && heldOut.every((l) => !fs.readFileSync(out, 'utf8').split('\n').includes(l)),
        true,
        'held-out rows are never written',
      );
      const heldOutFile = path.join(path.dirname(out), '.mixreal.heldout.jsonl');
      fs.writeFileSync(heldOutFile, `${heldOut.join('\n')}\n`);
      const r = spawnSync(
        process.execPath,
        [path.join(ctx.root, 'dist/cli.js'), 'analyze', out, '--reference', heldOutFile, '--json'],
        { encoding: 'utf8', maxBuffer: 64 << 20 },
      );
      fs.rmSync(heldOutFile, { force: true });
      const report = JSON.parse(r.stdout);
      const cli = {
        'rows.parsed': report.rows.parsed,
        'tails.typeCoverage': report.tails.typeCoverage,
        'tails.massCoverage': report.tails.massCoverage,
        'tails.sizeAdjusted.typeCoverage': report.tails.sizeAdjusted.typeCoverage,
        'lexical.distinct.2': report.lexical.distinct['2'],
        'lexical.mattr': report.lexical.mattr,
      };
      for (const k of Object.keys(cli)) {
        const p = await cell(web, 'mix-figures', k, 1);
        same(within(p, cli[k], k), true, `${k}: CLI measured ${cli[k]} vs projected ${p}`);
      }
      ctx.lap('mix written and measured');

      // light theme screenshot of the finished view
      await setColorTheme(page, 'Light Modern');
      await eventually(
        () => web.locator('body').evaluate((b) => getComputedStyle(b).backgroundColor),
        'rgb(255, 255, 255)',
        'light webview background',
      );
      // the Mix view's charts, drawn in the dark theme, are drawn again in the light theme's colours
      await eventually(
        () =>
          web.locator('html').evaluate(() => {
            const fg = getComputedStyle(document.documentElement)
              .getPropertyValue('--vscode-foreground')
              .trim();
            const drawn = [...document.querySelectorAll('.mix-chart')].map((c) =>
              c.getAttribute('data-axis-color'),
            );
            return drawn.length === 2 && drawn.every((c) => c === fg);
          }),
        true,
        'Mix charts redrawn in the light theme',
      );
      await web.locator('#mix-write-area').scrollIntoViewIfNeeded();
      await web.locator('#mix').scrollIntoViewIfNeeded();
      await screenshotPanel(page, ctx.artifacts, 'panel-mix-light.png');
      await setColorTheme(page, 'Dark Modern');

      // "Open in Diversity Lens" analyses the written file: the rows the preview promised
      await web.locator('#mix-open-written').click();
      await page.locator('.tab', { hasText: 'Diversity: mixdata.mixed.jsonl' }).waitFor();
      const written = await panelFor(page, 'mixdata.mixed.jsonl');
      await panelStatus(written, 'done', 'written file analysed');
      same(
        await written.locator('#rows dd[data-count="parsed"]').getAttribute('data-value'),
        String(projectedRows),
        'rows of the written file in its panel',
      );
      // the Mix view's reference is the workspace's: the written file's analysis used it too
      same(
        await written.locator('#reference-source').getAttribute('data-path'),
        mix.reference,
        'the reference chosen in the Mix view is the workspace reference',
      );
      await clearWorkspaceReference(written);
    }),
  );

  // issue #15 item 11: Cancel during a mix write, end to end. The dataset is big.jsonl (~40 MB) at real share 0, so
  // the write copies every row and runs long enough for the notification's Cancel to land mid-write.
  test(
    'Mix & Correct: Cancel in the progress notification during a write leaves no output and no temporary file',
    { timeout: 300_000 },
    shot('mix-cancel', async () => {
      const page = ctx.page();
      const { big } = ctx.fixtures();
      const ws = path.dirname(big.file);
      const mix = writeMixFixtures(path.dirname(ctx.fixtures().chat.file));
      const out = path.join(ws, 'big.mixed.jsonl');
      const ours = () =>
        fs.readdirSync(ws).filter((n) => n.startsWith('big.mixed.') || n.startsWith('.big.mixed.'));
      same(ours(), [], 'no mix of big.jsonl before the test');
      await runCommand(page, 'View: Close All Editors');
      const web = await inspectFromExplorer(page, big.name);
      await panelStatus(web, 'done', 'big.jsonl analysed', { timeout: 180_000 });
      await openMixWithReference(page, web, mix.reference, 'mix model of big.jsonl', 180_000);
      await web.locator('#mix-real-number').fill('0');
      await eventually(() => web.locator('#mix-real').inputValue(), '0', 'real share 0: every dataset row');
      await eventually(
        () => web.locator('#mix-preview').getAttribute('data-status'),
        'ready',
        'preview at real share 0',
      );
      await web.locator('#mix-write').click();
      await eventually(
        () => page.locator('.quick-input-widget input').inputValue(),
        out,
        'save dialog proposes big.mixed.jsonl',
      );
      await page.locator('.quick-input-widget input').press('Enter');
      // mid-write: the notification counts rows written
      const toast = page.locator('.notification-toast', { hasText: 'writing big.mixed.jsonl' });
      await toast.filter({ hasText: /[\d,]+ of [\d,]+ rows/ }).waitFor({ timeout: 60_000 });
      const progress = await toast.textContent();
      await toast.getByRole('button', { name: 'Cancel' }).click();
      await eventually(
        () => web.locator('#mix-write-status').getAttribute('data-status'),
        'cancelled',
        `write cancelled (notification said: ${progress})`,
        { timeout: 30_000 },
      );
      ctx.lap(`mix write cancelled mid-write (${/[\d,]+ of [\d,]+ rows/.exec(progress)?.[0]})`);
      await toast.waitFor({ state: 'hidden' });
      same(ours(), [], 'no output, recipe or temporary file beside the dataset after Cancel');
      // back to no workspace reference for the later tests, through a small dataset's panel (no re-run of big.jsonl)
      const small = await inspectFromExplorer(page, ctx.fixtures().chat.name);
      await panelStatus(small, 'done', 'chat dataset analysed');
      await clearWorkspaceReference(small);
      await panelStatus(small, 'done', 'chat dataset analysed without a reference');
    }),
  );
}
