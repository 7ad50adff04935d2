// The webview page and options (src/extension/panel/webviewPage.ts), read exactly (issue #15, item 17): the
// Content-Security-Policy directives, no 'unsafe-*' and no remote origin anywhere in the page, a fresh 128-bit nonce
// each render, the escaped title; the options: command URIs off, scripts on, the bundle folder as the only
// resource root — and every webview panel of the extension created and restored with exactly those options.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import {
  escapeHtml,
  makeNonce,
  safeWebviewOptions,
  WEBVIEW_ASSET_DIR,
  WEBVIEW_SCRIPT,
  webviewCsp,
  webviewPage,
} from '../../../../src/extension/panel/webviewPage.ts';

const SCRIPT = 'https://file+.vscode-resource.vscode-cdn.net/home/u/.vscode/extensions/dl/dist/webview.js';

/** The CSP of a rendered page, from its meta tag. */
function cspOf(html: string): string {
  const m = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
  assert.ok(m, 'the page has a CSP meta tag');
  return m[1];
}

test('the CSP: exactly default-src none, script and style by nonce, base-uri none, form-action none', () => {
  const html = webviewPage(SCRIPT, 'Diversity: x.jsonl', 'Tk9OQ0U=');
  const directives = cspOf(html)
    .split(';')
    .map((d) => d.trim());
  assert.deepEqual(directives, [
    "default-src 'none'",
    "script-src 'nonce-Tk9OQ0U='",
    "style-src 'nonce-Tk9OQ0U='",
    "base-uri 'none'",
    "form-action 'none'",
  ]);
  assert.equal(cspOf(html), webviewCsp('Tk9OQ0U='));
  // no connect-src/img-src/font-src/frame-src of its own: they all fall back to default-src 'none'
  assert.equal(/connect-src|img-src|font-src|frame-src|media-src|object-src/.test(cspOf(html)), false);
});

test('the page: no unsafe-*, no remote origin, one nonce-carrying script (ours), no inline script or style', () => {
  const html = webviewPage(SCRIPT, 'Diversity: x.jsonl', 'TjE=');
  assert.equal(/unsafe-/i.test(html), false, 'no unsafe-inline / unsafe-eval / unsafe-hashes');
  const origins = [...html.matchAll(/\b(?:https?|wss?):\/\/[^\s"'<>]+/g)].map((m) => m[0]);
  assert.deepEqual(origins, [SCRIPT], 'the only URL is the bundle given by asWebviewUri');
  assert.equal(/\*/.test(webviewCsp('TjE=')), false, 'no wildcard source');
  assert.deepEqual(
    [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]),
    [`<script nonce="TjE=" src="${SCRIPT}">`],
  );
  assert.equal(/<style\b|\sstyle=|\son\w+=/i.test(html), false);
  assert.equal(/<base\b/i.test(html), false);
});

test('a fresh nonce each render: 128 random bits, base64, used in the CSP and on the script', () => {
  const a = webviewPage(SCRIPT, 't');
  const b = webviewPage(SCRIPT, 't');
  const nonceOf = (html: string): string => {
    const m = /<script nonce="([^"]+)"/.exec(html);
    assert.ok(m);
    assert.ok(cspOf(html).includes(`'nonce-${m[1]}'`), 'the script nonce is the CSP nonce');
    return m[1];
  };
  assert.notEqual(nonceOf(a), nonceOf(b), 'two renders, two nonces');
  const many = new Set(Array.from({ length: 1000 }, () => makeNonce()));
  assert.equal(many.size, 1000);
  for (const n of many) {
    assert.match(n, /^[A-Za-z0-9+/]{22}==$/, 'base64 of 16 bytes');
    assert.equal(Buffer.from(n, 'base64').length, 16, '128 bits');
  }
});

test('the title and the script URI are escaped: a hostile file name cannot close <title> or the attribute', () => {
  const name = `</title><script>alert(1)</script><img src=x onerror="a()">'&`;
  const html = webviewPage(`${SCRIPT}?a="><script>`, `Diversity: ${name}`, 'TjE=');
  assert.ok(html.includes(`<title>Diversity: ${escapeHtml(name)}</title>`));
  assert.equal(html.match(/<script\b/g)?.length, 1, 'one script element only');
  assert.equal(/<img|<\/title><script/.test(html), false);
  assert.equal(escapeHtml(`<>&"'`), '&#60;&#62;&#38;&#34;&#39;');
});

test('webview options: scripts on, command URIs off, the bundle folder as the only resource root', () => {
  assert.deepEqual(safeWebviewOptions('/ext/dist'), {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: ['/ext/dist'],
  });
  assert.equal(WEBVIEW_ASSET_DIR, 'dist');
  assert.equal(WEBVIEW_SCRIPT, 'webview.js');
  // the bundle folder holds the bundles the package ships (.vscodeignore) and nothing from the workspace
  const shipped = fs.readFileSync(path.join(import.meta.dirname, '../../../../.vscodeignore'), 'utf8');
  assert.ok(shipped.includes(`!${WEBVIEW_ASSET_DIR}/${WEBVIEW_SCRIPT}`), 'dist/webview.js is shipped');
});

/** The argument text of every call `name(…)` in `src` (parentheses balanced). */
function callArguments(src: string, name: string): string[] {
  const out: string[] = [];
  for (let i = src.indexOf(name); i >= 0; i = src.indexOf(name, i + 1)) {
    let depth = 1;
    let j = i + name.length;
    for (; j < src.length && depth > 0; j++) depth += src[j] === '(' ? 1 : src[j] === ')' ? -1 : 0;
    out.push(src.slice(i + name.length, j - 1));
  }
  return out;
}

test('every webview panel of the extension is created and restored with these options, and no other webview kind', () => {
  const root = path.join(import.meta.dirname, '../../../../src');
  const files: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true }))
      if (e.isDirectory()) walk(path.join(d, e.name));
      else if (e.name.endsWith('.ts')) files.push(path.join(d, e.name));
  };
  walk(root);
  const rel = (f: string): string => path.relative(root, f);
  const creates: string[] = [];
  const assigns: string[] = [];
  for (const f of files) {
    const src = fs.readFileSync(f, 'utf8');
    // each createWebviewPanel(viewType, title, column, OPTIONS): its 4th argument
    for (const args of callArguments(src, 'createWebviewPanel('))
      creates.push(`${rel(f)}: ${/,\s*inspectorWebviewOptions\([^()]*\),?\s*$/.test(args) ? 'ok' : args}`);
    for (const m of src.matchAll(/\.webview\.options\s*=\s*([^;]+);/g))
      assigns.push(`${rel(f)}: ${/^inspectorWebviewOptions\(/.test(m[1]) ? 'ok' : m[1]}`);
    assert.equal(
      /registerWebviewViewProvider|createWebviewView|registerCustomEditorProvider/.test(src),
      false,
      `${rel(f)}: a webview kind without the shared options`,
    );
    if (!f.endsWith(`${path.sep}webviewPage.ts`))
      assert.equal(
        /enableCommandUris|localResourceRoots\s*:/.test(src),
        false,
        `${rel(f)} sets webview options itself`,
      );
  }
  assert.deepEqual(creates.sort(), [
    'extension/compare/compareController.ts: ok',
    'extension/panel/inspectorPanel.ts: ok',
    'extension/panel/reportPanel.ts: ok',
  ]);
  assert.deepEqual(assigns.sort(), [
    'extension/panel/inspectorPanel.ts: ok',
    'extension/panel/reportPanel.ts: ok',
  ]);
});
