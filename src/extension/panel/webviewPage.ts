/**
 * The security-relevant parts of every webview of the extension, without `vscode`, so unit tests can read them
 * exactly (test/unit/extension/panel/webviewPage.test.ts): the page's Content-Security-Policy, the HTML shell that
 * loads dist/webview.js with a fresh nonce, and the webview options (scripts on, command URIs off, only the
 * bundle folder loadable). panelHtml.ts and inspectorPanel.ts wrap them with vscode's Uri and Webview; the
 * inspector and the opened-report panel (reportPanel.ts) both use them. See docs/security.md.
 *
 * The policy: default-src 'none'; script-src 'nonce-N'; style-src 'nonce-N'; base-uri 'none'; form-action 'none'.
 * No 'unsafe-inline' / 'unsafe-eval' and no host source: the panel's CSS is bundled into the script and installed
 * as constructable stylesheets (adoptedStyleSheets, webview/styles/sheets.ts), which CSP does not govern — the
 * mechanism @vscode-elements/elements (Lit) uses for its shadow roots too. Dynamic styles (Lit, uPlot) are set
 * through the CSSOM, not style attributes, so no inline-style allowance is needed. connect-src, img-src, font-src,
 * frame-src… fall back to default-src 'none': script in the page can fetch nothing, not even the dataset.
 */
import { randomBytes } from 'node:crypto';

/** The folder of the extension holding the webview's bundle; the only root a webview may load from. */
export const WEBVIEW_ASSET_DIR = 'dist';
/** The webview's bundle inside {@link WEBVIEW_ASSET_DIR}. */
export const WEBVIEW_SCRIPT = 'webview.js';

/** A fresh random nonce (128 bits from the OS's CSPRNG, base64) for one render of the page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The page's Content-Security-Policy for one render with `nonce`. */
export function webviewCsp(nonce: string): string {
  return [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
}

/**
 * The HTML shell: the CSP, the escaped `title` and one nonce'd script, `scriptSrc` (the webview URI of
 * dist/webview.js). Why a separate function: the page is what a hostile dataset meets first; its exact text is tested.
 */
export function webviewPage(scriptSrc: string, title: string, nonce: string = makeNonce()): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${webviewCsp(nonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${escapeHtml(scriptSrc)}"></script>
</body>
</html>`;
}

/** Minimal HTML escaping for the host-provided strings of the shell (the file name in <title>, the script URI). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** The options of every webview of the extension (`T` is vscode.Uri in the extension, a string in tests). */
export interface SafeWebviewOptions<T> {
  readonly enableScripts: true;
  readonly enableCommandUris: false;
  readonly localResourceRoots: readonly T[];
}

/**
 * Webview options for a page whose only resource is the bundle under `assetDir` (the extension's
 * {@link WEBVIEW_ASSET_DIR}): scripts on (the panel is a script), command URIs off (a `command:` link in dataset text
 * could otherwise run a command), and that one folder as the only local resource root (not the workspace, not the
 * dataset's folder, not the extension's root with its package.json).
 */
export function safeWebviewOptions<T>(assetDir: T): SafeWebviewOptions<T> {
  return { enableScripts: true, enableCommandUris: false, localResourceRoots: [assetDir] };
}
