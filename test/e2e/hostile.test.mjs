// Hostile data in the panel, end to end (issue #15, items 16 and 18), on its own code-server with its own workspace:
// a gzip dataset whose file name, field names, slice values, rows, template openings and malformed lines carry
// markup, javascript:/command: links, </script> and bidi overrides (lib/hostileFixture.mjs), and a hostile-named
// reference. The panel's every tab and its row viewer must show each string as the exact text the CLI reports,
// run nothing (a canary), count zero CSP violations, and send no request off the code-server. Then script injected
// into the webview tries to read the dataset, the workspace and the extension's files (fetch, <img>, a <script>
// carrying the page's own nonce, `../` and encoded `..` paths): every attempt must fail.
// Run alone: npm run -s build && node --test test/e2e/hostile.test.mjs (after bash test/e2e/setup.sh).
import { test, before, after } from 'node:test';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import * as session from './lib/session.mjs';
import { startCodeServer } from './lib/codeServer.mjs';
import { eventually, same, withScreenshot } from './lib/expect.mjs';
import { applyGroupBy, inspectFromExplorer, panelStatus, panelTab, runCommand } from './lib/workbench.mjs';
import {
  DUPLICATED_TEXT,
  EVIL_ORIGIN,
  HOSTILE_FIELD,
  HOSTILE_REFERENCE_NAME,
  MALFORMED_LINES,
  MIN_SLICE_ROWS,
  SLICE_FIELD,
  writeHostileWorkspace,
} from './lib/hostileFixture.mjs';

const TIMEOUT = 180_000;

const { ARTIFACTS, ROOT, CODE_SERVER } = session;
const lap = session.stopwatch();

let tmp, ws, hostile, report, server, origin, browser, context, page;
/** Every request the browser made (page, frames, service workers) since the workbench loaded. */
const requests = [];
/** Every response, with its status (to count reads of the dataset or the extension's files that succeeded). */
const responses = [];

const hostileTest = (title, shotName, body) =>
  test(
    title,
    { timeout: TIMEOUT },
    withScreenshot(() => page, ARTIFACTS, `hostile-${shotName}`, body),
  );

/** The inner document of the (only) inspector webview: outer `iframe.webview.ready` → inner `iframe#active-frame`. */
const webview = () =>
  page.locator('iframe.webview.ready').contentFrame().locator('iframe#active-frame').contentFrame();

before(async () => {
  session.checkInstalled();
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'diversity-lens-e2e-hostile-'));
  const vsix = session.packageVsix(tmp);
  ws = path.join(tmp, 'workspace');
  fs.mkdirSync(ws);
  hostile = writeHostileWorkspace(ws);
  // the CLI's report with the options the panel will have: the workspace's reference setting, Group by SLICE_FIELD
  const r = spawnSync(
    process.execPath,
    [
      path.join(ROOT, 'dist/cli.js'),
      'analyze',
      hostile.file,
      '--reference',
      hostile.reference,
      '--group-by',
      SLICE_FIELD,
      '--min-slice-rows',
      String(MIN_SLICE_ROWS),
      '--json',
    ],
    { encoding: 'utf8', maxBuffer: 64 << 20 },
  );
  report = JSON.parse(r.stdout);
  lap('extension packaged, hostile workspace written, CLI report computed');

  server = await startCodeServer({
    codeServer: CODE_SERVER,
    vsix,
    workspace: ws,
    tmp,
    logFile: path.join(ARTIFACTS, 'code-server-hostile.log'),
  });
  origin = new URL(server.url).origin;
  browser = await session.launchChromium();
  context = await browser.newContext({ viewport: { width: 1600, height: 1200 } });
  // the whole context: the workbench page, its webview frames and the webviews' service worker
  context.on('request', (req) =>
    requests.push({ url: req.url(), frame: frameUrl(req), sw: req.serviceWorker() !== null }),
  );
  context.on('response', (res) => responses.push({ url: res.url(), status: res.status() }));
  page = await context.newPage();
  await session.openWorkbench(page, server.url, hostile.name);
  // the extension's menus and commands are registered once it runs: a command of ours answering proves it
  await runCommand(page, 'Diversity Lens: Show Analysis Diagnostics');
  await page
    .locator('.notification-toast', { hasText: 'no analysis measured yet' })
    .waitFor({ timeout: 60_000 });
  lap(`workbench loaded (chromium ${browser.version()})`);
});

/** The URL of the frame that made `req` ('' for a service worker's own request). */
function frameUrl(req) {
  try {
    return req.frame().url();
  } catch {
    return '';
  }
}

after(async () => {
  await browser?.close().catch(() => {});
  server?.stop();
  if (tmp && !process.env.E2E_KEEP_TMP) fs.rmSync(tmp, { recursive: true, force: true });
  lap('teardown done');
});

/** Texts of every element matching `selector` in the webview (in document order). */
const texts = (web, selector) => web.locator(selector).evaluateAll((els) => els.map((e) => e.textContent));

/** Asserts the audit of `web` is clean (nothing loads or runs, canaries untouched, no CSP violation). */
async function expectClean(web, what) {
  const audit = await auditWebview(web);
  console.log(`# ${what}: ${audit.elements} elements audited (light DOM and shadow roots)`);
  same(
    { ...audit, elements: undefined },
    { offending: [], pwned: null, baseIsPage: true, cspViolations: '0' },
    `${what}: nothing that loads or runs, canaries untouched, base URI the page's, no CSP violation`,
  );
  same(
    await page.evaluate(() => [window.__pwned ?? null, document.title === 'pwned']),
    [null, false],
    `${what}: the workbench canary and title`,
  );
  same(
    await page
      .locator('iframe.webview.ready')
      .contentFrame()
      .locator('html')
      .evaluate(() => window.__pwned ?? null),
    null,
    `${what}: the canary of VS Code's webview host frame`,
  );
}

/**
 * What of the webview page could load or run something: a walk of the light DOM and every open shadow root.
 * Returns the offending elements (by tag and outer HTML), the canary, the base URI and the CSP violation count.
 */
const auditWebview = (web) =>
  web.locator('html').evaluate(() => {
    const all = [];
    const walk = (root) => {
      for (const el of root.querySelectorAll('*')) {
        all.push(el);
        if (el.shadowRoot) walk(el.shadowRoot);
      }
    };
    walk(document);
    // elements that fetch or navigate (svg icons of vscode-elements' shadow roots are fine: no href, no handler)
    const LOADS =
      /^(IMG|A|IFRAME|FRAME|BASE|LINK|OBJECT|EMBED|FORM|AUDIO|VIDEO|SOURCE|image|use|foreignObject)$/;
    const ours = (el) =>
      el.tagName === 'SCRIPT' &&
      (el.id === '_vscodeApiScript' || (el.nonce && el.src.endsWith('/dist/webview.js')));
    // (style attributes are not audited: Lit, uPlot and VS Code's theme set styles through the CSSOM, which reflects
    // into the attribute; a style attribute from markup would be refused by the CSP and counted as a violation)
    const bad = all.filter(
      (el) =>
        LOADS.test(el.tagName) ||
        (el.tagName === 'SCRIPT' && !ours(el)) ||
        (el.tagName === 'META' && el.httpEquiv && el.httpEquiv.toLowerCase() !== 'content-security-policy') ||
        [...el.attributes].some(
          (a) =>
            /^on/i.test(a.name) ||
            (/^(href|src|srcset|srcdoc|action|formaction|data|xlink:href|poster|background|ping)$/i.test(
              a.name,
            ) &&
              !ours(el)),
        ),
    );
    return {
      elements: all.length,
      offending: bad.map((el) => el.outerHTML.slice(0, 160)),
      pwned: window.__pwned ?? null,
      baseIsPage: document.baseURI === document.location.href,
      cspViolations: document.documentElement.dataset.cspViolations,
    };
  });

hostileTest(
  'hostile file name, field names, slice values, rows and parse errors: every tab and the row viewer show them as exact text; nothing runs, no CSP violation, no request leaves the page',
  'tabs',
  async () => {
    const web = await inspectFromExplorer(page, hostile.name);
    await panelStatus(web, 'done', 'panel status after analysing the hostile dataset', { timeout: 90_000 });
    lap('hostile dataset analysed');
    same(
      await web.locator('#file-name').textContent(),
      hostile.name,
      'the panel heading: the file name as text',
    );
    same(
      await web.locator('title').textContent(),
      `Diversity: ${hostile.name}`,
      'the page title (escaped in <title>)',
    );
    // Overview: the reference (hostile name), the parse errors, the hostile field name among the Group by suggestions
    same(
      (await web.locator('#reference-source').textContent()).startsWith(
        `Reference: ${HOSTILE_REFERENCE_NAME} — from the setting`,
      ),
      true,
      'the reference line names the hostile reference file as text',
    );
    same(
      await texts(web, '#malformed-table tbody tr td:last-child'),
      report.rows.errors.map((e) => e.message),
      'parse errors (they quote the hostile lines) as the CLI reports them',
    );
    same(
      await web.locator('#group-by-fields option').evaluateAll((os) => os.map((o) => o.value)),
      report.sliceCandidates.map((c) => c.field),
      'Group by suggestions: the hostile field name, as a path',
    );
    same(
      report.sliceCandidates.some((c) => c.field.includes(HOSTILE_FIELD)),
      true,
      'the hostile field is a slice candidate',
    );
    await applyGroupBy(web, SLICE_FIELD, `re-run grouped by ${SLICE_FIELD}`);
    lap('grouped by the hostile-valued field');

    await panelTab(web, 'Diversity');
    await panelTab(web, 'Duplicates');
    same(
      await texts(web, '#exact-clusters .cluster pre.row-text'),
      report.duplicates.exact.clusters.map((c) => c.representativeText),
      'the exact-duplicate cluster shows the hostile row (its snippet, as the CLI cuts it) as text',
    );
    same(
      DUPLICATED_TEXT.startsWith(report.duplicates.exact.clusters[0].representativeText.replace(/…$/, '')),
      true,
      'the CLI snippet is the duplicated hostile row',
    );
    await panelTab(web, 'Tails');
    await eventually(
      async () => (await texts(web, '#lost-table .token')).length > 0,
      true,
      'the lost tokens of the hostile reference are listed',
    );
    const lost = await texts(web, '#lost-table .token');
    same(
      lost.every((t) => report.tails.lostTypes.some((l) => l.token === t)),
      true,
      `lost tokens shown (${lost.join(', ')}) are the CLI's`,
    );
    await panelTab(web, 'Slices');
    same(
      await web
        .locator(`.slice-group[data-field="${SLICE_FIELD}"] tbody tr`)
        .evaluateAll((rows) => rows.map((r) => [r.dataset.value, r.querySelector('th').textContent]).sort()),
      report.slices.groups[0].values.map((v) => [v.value, v.value]).sort(),
      'slice values (hostile markup, command links, an override) as text and as data-value',
    );
    await panelTab(web, 'Templates');
    same(
      await texts(web, '#templates-openings .template-text'),
      report.duplicates.templates.openings.map((o) => o.text),
      'template openings as the CLI reports them',
    );
    await panelTab(web, 'Mix & Correct');
    await web.locator('#mix-open-button').click();
    await eventually(
      () => web.locator('#mix-reference').textContent(),
      HOSTILE_REFERENCE_NAME,
      'the Mix view names the hostile reference as text',
    );
    // its model of the hostile inputs (slice caps list the slice values, template drops the openings)
    await web.locator('#mix-analyse').click();
    await eventually(
      () => web.locator('#mix-model-status').getAttribute('data-status'),
      'ready',
      'the Mix view analysed the hostile inputs',
      { timeout: 90_000 },
    );
    await panelTab(web, 'Overview');
    await expectClean(web, 'the webview after every tab');
    lap('every tab visited');

    // the row viewer: the gzip copy's line reveals show the raw lines in the panel
    const gz = await inspectFromExplorer(page, hostile.gz.name);
    await panelStatus(gz, 'done', 'panel status after analysing the gzip copy', { timeout: 90_000 });
    same(await gz.locator('#file-name').textContent(), hostile.gz.name, 'the gzip panel heading');
    for (const [i, line] of hostile.malformedLines.entries()) {
      await gz.locator(`#malformed-table button.line-link[data-line="${line}"]`).click();
      await eventually(
        () => gz.locator('#row-viewer-text').evaluate((el) => [el.dataset.line, el.textContent]),
        [String(line), MALFORMED_LINES[i]],
        `row viewer shows raw line ${line} as text`,
      );
    }
    const dup = report.duplicates.exact.clusters[0].representativeLine;
    await panelTab(gz, 'Duplicates');
    await gz.locator(`#exact-clusters button.line-link[data-line="${dup}"]`).first().click();
    await eventually(
      () => gz.locator('#row-viewer-text').textContent(),
      hostile.lines[dup - 1],
      `row viewer shows the duplicated hostile row (line ${dup}) as text`,
    );
    await panelTab(gz, 'Overview');
    await expectClean(gz, 'the gzip webview after the row viewer');
    lap('row viewer visited');
    // Allowed: the code-server itself (workbench, VS Code's webview host files under .../webview/browser/pre/), its
    // blob: and data: URLs, and our bundle's webview resource URI (served from dist/ through the service worker).
    const isBundle = (u) =>
      /^https:\/\/[^/]+\.vscode-resource\.vscode-cdn\.net\/.+\/extensions\/diversity-lens\.[^/]+\/dist\/webview\.js$/.test(
        u,
      );
    const offsite = requests.filter(
      (r) =>
        !r.url.startsWith(`${origin}/`) &&
        !r.url.startsWith(`blob:${origin}/`) &&
        !r.url.startsWith('data:') &&
        !isBundle(r.url),
    );
    same(
      offsite,
      [],
      'requests that left the code-server (the page, its webview frames, the service worker)',
    );
    const fromWebviews = requests.filter((r) => r.frame.includes('/webview/browser/pre/'));
    console.log(`# ${requests.length} requests in all; from the webview frames:`);
    for (const r of fromWebviews) console.log(`#   ${r.url.slice(0, 200)}`);
    same(
      fromWebviews.filter(
        (r) =>
          !isBundle(r.url) && !(r.url.startsWith(`${origin}/`) && r.url.includes('/webview/browser/pre/')),
      ),
      [],
      "requests of the webview frames other than VS Code's webview host files and our bundle",
    );
    same(
      fromWebviews.some((r) => isBundle(r.url)),
      true,
      'the request monitor sees the webview frames (our bundle was requested)',
    );
    const suspicious = requests.filter(
      (r) =>
        r.url.includes(new URL(EVIL_ORIGIN).host) ||
        /__pwned|javascript:|command:|\/x$|onerror/i.test(decodeURIComponent(r.url)),
    );
    same(suspicious, [], 'requests made by a payload');
  },
);

hostileTest(
  'script injected into the webview cannot read the dataset, the workspace or the extension folder (fetch, <img>, a nonce-carrying <script>, ../ and encoded ../)',
  'inject',
  async () => {
    const web = webview();
    await panelStatus(web, 'done', 'the gzip panel of the test before is still shown');
    // Script-shaped targets outside dist/, so a refusal cannot be a MIME-type refusal: one in the workspace and
    // one in the installed extension's folder (next to its package.json). Each would set a canary if it ran.
    const extDir = path.join(
      tmp,
      'extensions',
      fs.readdirSync(path.join(tmp, 'extensions')).find((d) => d.startsWith('diversity-lens.')),
    );
    fs.writeFileSync(path.join(ws, 'leak.js'), "window.__leaked = 'workspace';\n");
    fs.writeFileSync(path.join(extDir, 'probe.js'), "window.__leaked = 'extension';\n");
    const src = await web.locator('script[src$="/dist/webview.js"]').getAttribute('src');
    console.log(`# the bundle's webview URI: ${src}`);
    // webview URIs are built like the bundle's (asWebviewUri): the same prefix, then the file's path
    const encodedExt = extDir.split('/').map(encodeURIComponent).join('/');
    const at = src.indexOf(encodedExt);
    same(at > 0, true, `the bundle URI ${src} holds the extension's path ${encodedExt}`);
    const uriOf = (file) =>
      `${src.slice(0, at)}${file.split('/').map(encodeURIComponent).join('/')}${src.slice(at + encodedExt.length + '/dist/webview.js'.length)}`;
    const dist = src.slice(0, src.length - 'webview.js'.length); // ends with /dist/
    same(uriOf(path.join(extDir, 'dist', 'webview.js')), src, 'uriOf() rebuilds the bundle URI itself');
    const targets = {
      dataset: uriOf(hostile.file),
      gzDataset: uriOf(hostile.gz.file),
      workspaceScript: uriOf(path.join(ws, 'leak.js')),
      workspaceSettings: uriOf(path.join(ws, '.vscode', 'settings.json')),
      extensionScript: uriOf(path.join(extDir, 'probe.js')),
      packageJson: uriOf(path.join(extDir, 'package.json')),
      dotDot: `${dist}../probe.js`,
      dotDotEncoded: `${dist}%2e%2e/probe.js`,
      slashEncoded: `${dist}..%2fprobe.js`,
      backslashEncoded: `${dist}..%5cprobe.js`,
      relative: '../probe.js',
      control: `${dist}worker.js`, // inside dist/: loads (the nonce'd <script> method works)
    };
    const violationsBefore = Number(await web.locator('html').getAttribute('data-csp-violations'));
    const outcome = await web.locator('html').evaluate(async (_html, t) => {
      const nonce = document.querySelector('script[src$="/dist/webview.js"]').nonce;
      const viaFetch = async (u) => {
        try {
          const r = await fetch(u);
          return `fetched ${r.status}`;
        } catch {
          return 'blocked';
        }
      };
      const viaXhr = (u) =>
        new Promise((resolve) => {
          const x = new XMLHttpRequest();
          x.onload = () => resolve(`fetched ${x.status}`);
          x.onerror = () => resolve('blocked');
          try {
            x.open('GET', u);
            x.send();
          } catch {
            resolve('blocked');
          }
        });
      const viaElement = (tag, u, withNonce) =>
        new Promise((resolve) => {
          const el = document.createElement(tag);
          if (withNonce) el.nonce = nonce;
          const done = (r) => {
            el.remove();
            resolve(r);
          };
          el.onload = () => done('loaded');
          el.onerror = () => done('failed');
          setTimeout(() => done('timeout'), 15_000);
          el.src = u;
          document.body.append(el);
        });
      const out = {};
      for (const [k, u] of Object.entries(t)) {
        out[k] = {
          fetch: k === 'control' ? undefined : await viaFetch(u),
          xhr: k === 'control' ? undefined : await viaXhr(u),
          img: k === 'control' ? undefined : await viaElement('img', u, false),
          script: await viaElement('script', u, true),
        };
      }
      out.leaked = window.__leaked ?? null;
      return out;
    }, targets);
    console.log(`# injected reads: ${JSON.stringify(outcome)}`);
    const refused = { fetch: 'blocked', xhr: 'blocked', img: 'failed', script: 'failed' };
    same(
      outcome,
      {
        ...Object.fromEntries(Object.keys(targets).map((k) => [k, refused])),
        control: { script: 'loaded' },
        leaked: null,
      },
      'every injected read outside dist/ fails (fetch/XHR/<img>: CSP; a <script> carrying the page nonce: localResourceRoots); the control inside dist/ loads',
    );
    const violations = Number(await web.locator('html').getAttribute('data-csp-violations'));
    same(
      violations > violationsBefore,
      true,
      `CSP violations counted for the blocked reads (${violationsBefore} → ${violations})`,
    );
    const leaks = responses.filter(
      (r) =>
        r.status < 400 &&
        /probe\.js|leak\.js|package\.json|settings\.json|lmth\.jsonl/.test(decodeURIComponent(r.url)),
    );
    same(leaks, [], 'responses that served a file outside dist/ to the page');
  },
);
