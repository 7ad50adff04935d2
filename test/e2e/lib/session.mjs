// What every e2e suite file needs before its first test: where things are (the repo, the artifacts folder,
// code-server, Chromium), a lap timer for the log, the extension packaged as it ships (.vsix), and Chromium opened on
// a code-server workbench. Why one module: three suite files (e2e, hostile, restricted) each start their own
// code-server, and their copies of this setup had started to drift.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

export const E2E_DIR = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const ROOT = path.resolve(E2E_DIR, '../..');
export const ARTIFACTS = path.join(E2E_DIR, 'artifacts');
export const CODE_SERVER = process.env.CODE_SERVER ?? path.join(E2E_DIR, 'node_modules/.bin/code-server');
export const CHROMIUM = process.env.CHROMIUM ?? '/usr/bin/chromium';

/** A logger of seconds since this suite file started: `lap('code-server up')` → `# 12.3s code-server up`. */
export function stopwatch() {
  const t0 = Date.now();
  return (m) => console.log(`# ${((Date.now() - t0) / 1000).toFixed(1)}s ${m}`);
}

/** Creates the artifacts folder and fails at once, saying what to run, when code-server is not installed. */
export function checkInstalled() {
  fs.mkdirSync(ARTIFACTS, { recursive: true });
  if (!fs.existsSync(CODE_SERVER))
    throw new Error(`code-server not installed at ${CODE_SERVER}: run bash test/e2e/setup.sh`);
}

/**
 * Packages the extension exactly as it ships (.vsix via @vscode/vsce, offline) and copies it into `folder`; returns
 * the copy's path. `reuse`: keep the repo's .vsix when it is newer than the build (a later suite file of one run).
 * (--no-rewrite-relative-links: the README's relative links cannot be rewritten without a public repository URL.)
 */
export function packageVsix(folder, { reuse = false } = {}) {
  const vsix = path.join(ROOT, 'diversity-lens.vsix');
  const built = Math.max(
    ...['dist/extension.js', 'dist/worker.js', 'package.json'].map(
      (f) => fs.statSync(path.join(ROOT, f)).mtimeMs,
    ),
  );
  if (!reuse || !fs.existsSync(vsix) || fs.statSync(vsix).mtimeMs < built)
    execFileSync('npm', ['run', '-s', 'package', '--', '--no-rewrite-relative-links'], {
      cwd: ROOT,
      stdio: ['ignore', 'pipe', 'inherit'],
    });
  const copy = path.join(folder, 'diversity-lens.vsix');
  fs.copyFileSync(vsix, copy);
  return copy;
}

/**
 * A suite's first steps before its own fixtures: the tools are installed, its screenshots of the last run (`<shot>-*`,
 * `failure-<shot>-*`) are gone, and it has a fresh temp folder (`<tmpPrefix>…`) with the packaged extension in it.
 * Returns `{ tmp, vsix }`. Why: the suites that start their own code-server began with exactly these steps.
 */
export function prepareSuite(shot, tmpPrefix) {
  checkInstalled();
  for (const f of fs.readdirSync(ARTIFACTS))
    if (f.startsWith(`${shot}-`) || f.startsWith(`failure-${shot}-`)) fs.rmSync(path.join(ARTIFACTS, f));
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
  return { tmp, vsix: packageVsix(tmp, { reuse: true }) };
}

/** Debian's Chromium, headless, with nothing that reaches the network on its own. */
export function launchChromium() {
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Opens the workbench at `url` in `page` and waits until it shows `treeItem` in the explorer. */
export async function openWorkbench(page, url, treeItem) {
  page.setDefaultTimeout(30_000);
  await page.goto(url);
  await page.locator('.monaco-workbench').waitFor({ timeout: 90_000 });
  await page.getByRole('treeitem', { name: treeItem, exact: true }).waitFor({ timeout: 60_000 });
}
