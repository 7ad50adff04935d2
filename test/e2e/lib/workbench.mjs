// User-level actions in the VS Code workbench (code-server in Chromium): the command palette, Quick Open,
// the explorer context menu, the colour theme, and reaching into the inspector webview.
import path from 'node:path';
import { eventually } from './expect.mjs';

const exactly = (s) => new RegExp(`^${s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/**
 * Types `text` into the open quick input and picks the row whose label is exactly `label`
 * (fuzzy ordering may put a longer match first, e.g. "Browse Color Themes" before "Color Theme").
 */
async function pick(page, text, label, timeout) {
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout });
  await input.fill(text, { timeout });
  const row = page
    .locator('.quick-input-list .monaco-list-row')
    .filter({ has: page.locator('.label-name', { hasText: exactly(label) }) })
    .first();
  await row.click({ timeout });
}

/**
 * Presses `key` until the quick input opens. Why: a webview (the inspector panel) can hold the keyboard focus and
 * swallow the key now and then; clicking the explorer's title gives the focus back to the workbench.
 */
async function openQuickInput(page, key) {
  const input = page.locator('.quick-input-widget input');
  for (let attempt = 1; ; attempt++) {
    await page.keyboard.press(key);
    const open = await input
      .waitFor({ state: 'visible', timeout: 5000 })
      .then(() => true)
      .catch(() => false);
    if (open || attempt === 3) return;
    await page.locator('.part.sidebar .composite.title').first().click();
  }
}

/**
 * Opens the quick input with `key` and picks `label`, again from the start when the quick input closed in between.
 * Why: a quick input that another widget is still closing (the simple save dialog of the test before, a focused
 * webview taking the focus back) can vanish right after it opened — CI once saw the palette open and then stay
 * hidden for 30 s. A pick that failed ran nothing, so opening again is safe.
 */
async function openAndPick(page, key, text, label) {
  for (let attempt = 1; ; attempt++) {
    await openQuickInput(page, key);
    try {
      await pick(page, text, label, attempt === 3 ? undefined : 8_000);
      return;
    } catch (e) {
      if (attempt === 3) throw e;
      await page.keyboard.press('Escape');
    }
  }
}

/** Runs a command from the command palette (F1) by its visible label, e.g. "Diversity Lens: Inspect Dataset". */
export async function runCommand(page, label) {
  await openAndPick(page, 'F1', `>${label}`, label);
}

/** Opens a workspace file with Quick Open (Ctrl+P) and waits until its editor shows `expectText`. */
export async function quickOpen(page, fileName, expectText) {
  await openAndPick(page, 'Control+P', fileName, fileName);
  await page.locator('.monaco-editor .view-lines', { hasText: expectText }).first().waitFor();
}

/**
 * Selects `fileNames` in the explorer as a user does (click the first, Ctrl+click the others) and waits until the
 * tree shows all of them selected. Under load the workbench can drop a Ctrl+click (a file's preview editor opening
 * takes the focus while the click lands), so the whole selection is redone until it holds.
 */
export async function selectInExplorer(page, fileNames) {
  const item = (name) => page.getByRole('treeitem', { name, exact: true });
  const allSelected = async () => {
    for (const name of fileNames)
      if ((await item(name).getAttribute('aria-selected')) !== 'true') return false;
    return true;
  };
  for (let attempt = 0; attempt < 5; attempt++) {
    await item(fileNames[0]).click();
    for (const name of fileNames.slice(1)) await item(name).click({ modifiers: ['Control'] });
    const deadline = Date.now() + 2_000;
    while (Date.now() < deadline) {
      if (await allSelected()) return;
      await page.waitForTimeout(100);
    }
  }
  throw new Error(`the explorer did not keep ${fileNames.join(', ')} selected after 5 tries`);
}

/** Right-clicks `fileName` in the explorer and picks `item` from its context menu. */
export async function explorerContextMenu(page, fileName, item) {
  await page.getByRole('treeitem', { name: fileName, exact: true }).click({ button: 'right' });
  const entry = page.getByRole('menuitem', { name: item, exact: true });
  await entry.waitFor();
  await entry.click();
  // Under load the workbench can drop a click that lands while the menu is still opening; the menu then
  // stays up with the item highlighted. Confirm the item from the keyboard until the menu closes.
  for (let attempt = 0; attempt < 5; attempt++) {
    try {
      await entry.waitFor({ state: 'hidden', timeout: 2_000 });
      return;
    } catch {
      await entry.hover();
      await page.keyboard.press('Enter');
    }
  }
  throw new Error(`context menu item "${item}" on ${fileName} did not run: the menu stayed open`);
}

/** Switches the colour theme through "Preferences: Color Theme", as a user would. */
export async function setColorTheme(page, themeLabel) {
  await runCommand(page, 'Preferences: Color Theme');
  await pick(page, themeLabel, themeLabel);
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
}

/**
 * The inspector webview's document: outer `iframe.webview.ready` (VS Code's host page) → inner
 * `iframe#active-frame` (our HTML). Only the visible webview (the active panel) is matched.
 */
export function inspectorFrame(page) {
  return page
    .locator('iframe.webview.ready:visible')
    .contentFrame()
    .locator('iframe#active-frame')
    .contentFrame();
}

/** Picks the row of the open quick pick whose text contains `text` (e.g. a file name with an icon label). */
export async function pickQuick(page, text) {
  const row = page.locator('.quick-input-list .monaco-list-row', { hasText: text }).first();
  await row.waitFor();
  await row.click();
}

/**
 * Runs Export Report → JSON, accepts the proposed file (checked to be `target`) and returns the parsed report.
 * `fileExists` / `readFile` come from the caller (node:fs), `eventually` from expect.mjs.
 */
export async function exportReportJson(page, target, { eventually, fs }) {
  await runCommand(page, 'Diversity Lens: Export Report');
  await pickQuick(page, 'JSON');
  const input = page.locator('.quick-input-widget input');
  await eventually(() => input.inputValue(), target, `save dialog proposes ${target}`);
  await input.press('Enter');
  await eventually(() => fs.existsSync(target), true, `exported report at ${target}`);
  // The save dialog is a quick input too: let it close before the next command opens the palette.
  await page.locator('.quick-input-widget').waitFor({ state: 'hidden' });
  return JSON.parse(fs.readFileSync(target, 'utf8'));
}

/** Selects a tab of the inspector panel by its name (Overview, Diversity, Duplicates, Tails, Slices, Templates). */
export async function panelTab(web, name) {
  const key = name.toLowerCase().replace(/[^a-z]+/g, '-'); // as webview/panel.ts names its tabs
  await web.locator(`vscode-tab-header[data-name="${key}"]`).click();
  await web.locator(`vscode-tab-panel[data-name="${key}"]`).waitFor({ state: 'visible' });
}

/** The editor cursor position as the status bar shows it ("Ln 8, Col 1"). */
export const cursorText = (page) =>
  page.locator('.statusbar-item[id="status.editor.selection"]').textContent();

/** Waits until the editor cursor is at the start of `line` (as the status bar shows it). */
export const cursorAt = (page, line, what) => eventually(() => cursorText(page), `Ln ${line}, Col 1`, what);

/** Brings the open inspector panel of `fileName` to the front (clicks its editor tab); returns its webview. */
export async function showPanel(page, fileName) {
  await page.locator('.tab', { hasText: `Diversity: ${fileName}` }).click();
  return inspectorFrame(page);
}

/** Runs "Diversity Lens: Inspect Dataset" on the active editor, waits for the panel's tab; returns its webview. */
export async function inspectActiveEditor(page, fileName) {
  await runCommand(page, 'Diversity Lens: Inspect Dataset');
  await page.locator('.tab', { hasText: `Diversity: ${fileName}` }).waitFor();
  return inspectorFrame(page);
}

/** Closes every editor, then runs Inspect Dataset from the explorer's context menu on `fileName`; returns the webview. */
export async function inspectFromExplorer(page, fileName) {
  await runCommand(page, 'View: Close All Editors');
  await explorerContextMenu(page, fileName, 'Inspect Dataset');
  return inspectorFrame(page);
}

/** Waits until the inspector panel's analysis status (`#app[data-status]`) is `status` (idle, running, done, …). */
export const panelStatus = (web, status, what, options) =>
  eventually(() => web.locator('#app').getAttribute('data-status'), status, what, options);

/**
 * Clicks the Overview's Apply (re-runs the analysis with the pickers' options) and waits until the panel is done
 * and `ready()` holds for the new report.
 */
export async function applyOptions(web, ready, what) {
  // the re-run's report, not the last one: the host can post the new options while the old report is still "done"
  const runsBefore = Number(await web.locator('#app').getAttribute('data-runs'));
  await web.locator('#apply-options').click();
  await eventually(
    async () =>
      Number(await web.locator('#app').getAttribute('data-runs')) > runsBefore &&
      (await web.locator('#app').getAttribute('data-status')) === 'done' &&
      (await ready()),
    true,
    what,
  );
}

/** Chooses "No reference" in the Overview's Reference picker (Apply is the caller's). */
export async function pickNoReference(web) {
  const picker = web.locator('#pick-reference');
  await picker.click();
  await picker.locator('[role="option"]', { hasText: 'No reference' }).first().click();
}

/** Screenshot of the visible inspector webview to `dir/name`. */
export const screenshotPanel = (page, dir, name) =>
  page.locator('iframe.webview.ready:visible').screenshot({ path: path.join(dir, name) });

/**
 * Types `field` into the Overview's Group by picker and applies it: waits for the re-run's one slice group of
 * `field` (for '', ungrouped: no slice group at all).
 */
export async function applyGroupBy(web, field, what) {
  await web.locator('#pick-group-by').fill(field);
  const groups = web.locator(field ? `.slice-group[data-field="${field}"]` : '.slice-group');
  await applyOptions(web, async () => (await groups.count()) === (field ? 1 : 0), what);
}
