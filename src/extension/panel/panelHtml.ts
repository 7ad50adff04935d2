/**
 * The inspector webview's HTML shell. Everything the panel shows is rendered by dist/webview.js from
 * messages (dataset text only ever through textContent); this page only loads the script and the CSS
 * under a strict Content-Security-Policy with a fresh nonce per render (see docs/security.md):
 *   default-src 'none'; script-src 'nonce-N'; style-src <webview.cspSource> 'nonce-N'
 * No 'unsafe-inline' / 'unsafe-eval'. @vscode-elements/elements (Lit) styles its shadow roots with
 * constructable stylesheets (adoptedStyleSheets), which CSP does not govern, and sets dynamic styles via
 * the CSSOM, not style attributes, so it needs no inline-style allowance.
 */
import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';

/** A fresh random nonce (128 bits, base64) for one render of the page. */
export function makeNonce(): string {
  return randomBytes(16).toString('base64');
}

/** The page for `webview`; `extensionUri` locates dist/webview.js, dist/webview.css (uPlot) and media/inspector.css. */
export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const nonce = makeNonce();
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.js'));
  const css = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'media', 'inspector.css'));
  // uPlot's stylesheet, bundled by esbuild from the webview's CSS import
  const chartCss = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webview.css'));
  const csp = [`default-src 'none'`, `script-src 'nonce-${nonce}'`, `style-src ${webview.cspSource} 'nonce-${nonce}'`].join('; ');
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${csp}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${chartCss.toString()}" nonce="${nonce}">
<link rel="stylesheet" href="${css.toString()}" nonce="${nonce}">
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
