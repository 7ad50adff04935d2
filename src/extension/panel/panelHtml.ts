/**
 * The vscode glue of the extension's webviews: the inspector page (the same shell for a live analysis and an opened
 * report) and the options every one of its webview panels is created and restored with. The policy itself — the
 * Content-Security-Policy, the nonce, the HTML, which folder may be loaded — lives in webviewPage.ts, without
 * `vscode`, where unit tests read it; everything the panel shows is rendered by dist/webview.js from messages
 * (dataset text only ever through textContent). See docs/security.md.
 */
import * as vscode from 'vscode';
import { safeWebviewOptions, WEBVIEW_ASSET_DIR, WEBVIEW_SCRIPT, webviewPage } from './webviewPage.ts';

/** The page for `webview` (a fresh nonce each render); `extensionUri` locates dist/webview.js. */
export function inspectorHtml(webview: vscode.Webview, extensionUri: vscode.Uri, title: string): string {
  const script = webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, WEBVIEW_ASSET_DIR, WEBVIEW_SCRIPT));
  return webviewPage(script.toString(), title);
}

/**
 * Webview options of every panel of the extension, new and restored (inspector, opened report): scripts on, command
 * URIs off, only dist/ loadable (webviewPage.safeWebviewOptions).
 */
export function inspectorWebviewOptions(
  extensionUri: vscode.Uri,
): vscode.WebviewOptions & vscode.WebviewPanelOptions {
  return safeWebviewOptions(vscode.Uri.joinPath(extensionUri, WEBVIEW_ASSET_DIR));
}
