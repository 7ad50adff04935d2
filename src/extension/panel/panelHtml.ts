/**
 * The inspector webview's HTML shell. Everything the panel shows is rendered by dist/webview.js from
 * messages (dataset text only ever through textContent); this page only loads that one script under a
 * strict Content-Security-Policy with a fresh nonce per render (see docs/security.md):
 *   default-src 'none'; script-src 'nonce-N'; style-src 'nonce-N'; base-uri 'none'; form-action 'none'
 * No 'unsafe-inline' / 'unsafe-eval', and no stylesheet link: the panel's CSS is bundled into the script and
 * installed as constructable stylesheets (adoptedStyleSheets, webview/styles/sheets.ts), which CSP does not
 * govern — the mechanism @vscode-elements/elements (Lit) uses for its shadow roots too. Dynamic styles (Lit,
 * uPlot) are set through the CSSOM, not style attributes, so no inline-style allowance is needed.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh random nonce (128 bits, base64) for one render of the page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The page for `webview`; `extensionUri` locates dist/webview.js. */
export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const csp = [
    `default-src 'none'`,
    `script-src 'nonce-${nonce}'`,
    `style-src 'nonce-${nonce}'`,
    `base-uri 'none'`,
    `form-action 'none'`,
  ].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<title>${escapeHtml(title)}</title>
</head>
<body>
<main id="app" aria-live="polite"></main>
<script nonce="${nonce}" src="${script.toString()}"></script>
</body>
</html>`;
}

/** Minimal HTML escaping for the one host-provided string in the shell (the file name in <title>). */
export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
