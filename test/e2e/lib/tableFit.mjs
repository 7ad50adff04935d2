// Every table of every tab must fit its panel or scroll: a table wider than its column must sit in a box that
// scrolls sideways (and that box must itself fit), or its last columns are neither visible nor reachable
// (issue #12: the Slices table's Flags and Share of rows were clipped in the default side-by-side panel).
// These helpers set the inspector panel to a given width, list the tables that overflow without a scroll box,
// and screenshot every tab at each width.
import { eventually, same } from './expect.mjs';
import { panelTab, screenshotPanel } from './workbench.mjs';

/** The tabs the inspector panel renders, in order: each header's label and its `data-name` key. */
const panelTabs = (web) =>
  web
    .locator('#views > vscode-tab-header')
    .evaluateAll((headers) => headers.map((hd) => ({ name: hd.textContent.trim(), key: hd.dataset.name })));

/** Width of the inspector webview's page (its <html> client width, in CSS pixels). */
const panelWidth = (web) => web.locator('html').evaluate((e) => e.clientWidth);

/** The panel's width once two readings 150 ms apart agree (the workbench lays out after a resize). */
async function settledWidth(web) {
  let last = -1;
  for (let i = 0; i < 40; i++) {
    const w = await panelWidth(web);
    if (w === last) return w;
    last = w;
    await new Promise((r) => setTimeout(r, 150));
  }
  return last;
}

/**
 * Resizes the browser until the inspector panel (beside the editor: its width follows the window's linearly)
 * is `target` ± `tolerance` CSS pixels wide; returns the width reached.
 */
export async function setPanelWidth(page, web, target, tolerance = 6) {
  const height = page.viewportSize().height;
  let vw = page.viewportSize().width;
  let w = await settledWidth(web);
  let slope = 0.5; // two editor groups share the window; refined by the readings
  for (let i = 0; i < 8 && Math.abs(w - target) > tolerance; i++) {
    const next = Math.max(400, Math.round(vw + (target - w) / slope));
    await page.setViewportSize({ width: next, height });
    const nw = await settledWidth(web);
    if (next !== vw && nw !== w) slope = Math.max(0.1, Math.min(1, (nw - w) / (next - vw)));
    vw = next;
    w = nw;
  }
  same(Math.abs(w - target) <= tolerance, true, `panel width ${w} px ≈ ${target} px`);
  return w;
}

/**
 * Tables of the visible tab panel that do not fit or scroll: a table fits when its right edge is inside the
 * tab panel (and the page); otherwise its nearest ancestor that scrolls sideways must fit and be able to scroll
 * to the table's right edge. Returns one description per offending table (empty = all fine).
 */
export function overflowingTables(web) {
  return web.locator('vscode-tab-panel:visible').evaluate((panel) => {
    const limit = Math.min(document.documentElement.clientWidth, panel.getBoundingClientRect().right) + 1;
    const out = [];
    for (const t of panel.querySelectorAll('table')) {
      const r = t.getBoundingClientRect();
      if (r.width === 0 && r.height === 0) continue; // not rendered (inside closed details, hidden)
      const name = t.id || t.className || t.tagName.toLowerCase();
      let box = t.parentElement;
      while (box && box !== panel && !/auto|scroll/.test(getComputedStyle(box).overflowX))
        box = box.parentElement;
      if (!box || box === panel) {
        if (r.right > limit)
          out.push(
            `${name}: ${Math.round(r.width)} px wide, right edge ${Math.round(r.right)} > ${Math.round(limit)}, no scroll box`,
          );
        continue;
      }
      const b = box.getBoundingClientRect();
      if (b.right > limit)
        out.push(`${name}: its scroll box's right edge ${Math.round(b.right)} > ${Math.round(limit)}`);
      const reach = b.left - box.scrollLeft + box.scrollWidth; // right end of the scrollable area
      if (r.right > reach + 1)
        out.push(
          `${name}: its right edge ${Math.round(r.right)} is beyond the scroll box's reach ${Math.round(reach)}`,
        );
    }
    return out;
  });
}

/** How many tables the visible tab panel renders (for the test's log and to know the check saw something). */
export const tableCount = (web) =>
  web
    .locator('vscode-tab-panel:visible')
    .evaluate(
      (panel) =>
        [...panel.querySelectorAll('table')].filter((t) => t.getBoundingClientRect().width > 0).length,
    );

/**
 * At each panel width: every tab's tables fit or scroll (asserted), and a screenshot of every tab
 * (`<prefix>-<tab>-<width>.png`). Restores the window's width afterwards. Returns the tables seen per tab.
 */
export async function checkTablesAtWidths(page, web, { widths, artifacts, prefix }) {
  const original = page.viewportSize();
  const seen = {};
  try {
    for (const width of widths) {
      await setPanelWidth(page, web, width);
      for (const { name, key } of await panelTabs(web)) {
        await panelTab(web, name);
        await eventually(
          () => overflowingTables(web),
          [],
          `${name} at ${width} px: tables that neither fit nor scroll`,
        );
        seen[`${name}@${width}`] = await tableCount(web);
        await screenshotPanel(page, artifacts, `${prefix}-${key}-${width}.png`);
      }
    }
  } finally {
    await page.setViewportSize(original);
  }
  return seen;
}
