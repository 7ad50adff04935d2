// The exported HTML report's Content-Security-Policy (src/extension/editor/reportHtml.ts; issue #15 item 17):
// nothing may load or run, no 'unsafe-*', no <base> or form target, and the one inline stylesheet is allowed only
// by its SHA-256 — which must be the hash of the <style> the page really contains, or the page renders unstyled.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { REPORT_CSP, renderHtml } from '../../../../src/extension/editor/reportHtml.ts';
import { tempDir } from '../../helpers/tempDir.ts';

test('the exported HTML report: a strict CSP whose style hash matches the page stylesheet, no unsafe-*', async () => {
  const dir = tempDir('dl-reporthtml-');
  const file = path.join(dir, 'r.jsonl');
  fs.writeFileSync(
    file,
    ['alpha beta gamma', 'alpha beta gamma', 'delta'].map((t) => JSON.stringify({ text: t })).join('\n') +
      '\n',
  );
  const html = renderHtml(await analyzeFile(file), 'r.jsonl');
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  assert.equal(csp, REPORT_CSP);
  const directives = new Map(
    csp!.split(/;\s*/).map((d) => [d.split(' ')[0], d.split(' ').slice(1).join(' ')]),
  );
  assert.equal(directives.get('default-src'), "'none'");
  assert.equal(directives.get('base-uri'), "'none'");
  assert.equal(directives.get('form-action'), "'none'");
  assert.ok(!csp!.includes('unsafe'), csp);
  assert.ok(!directives.has('script-src'), 'no script may run');
  const styles = [...html.matchAll(/<style>([\s\S]*?)<\/style>/g)].map((m) => m[1]);
  assert.equal(styles.length, 1);
  const hash = createHash('sha256').update(styles[0]).digest('base64');
  assert.equal(directives.get('style-src'), `'sha256-${hash}'`);
});
