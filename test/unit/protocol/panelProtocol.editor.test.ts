// Editor-feature messages (src/protocol/panelProtocol.ts) as the host sees them through isWebviewMessage, and the
// HTML export's escaping (src/extension/editor/reportHtml.ts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  fieldPathProblem,
  isWebviewMessage,
  isHostMessage,
  isPanelChoices,
} from '../../../src/protocol/panelProtocol.ts';
import { isAnalysisWorkerMessage } from '../../../src/protocol/analysisWorkerProtocol.ts';
import { escapeHtml } from '../../../src/extension/editor/reportHtml.ts';
import { tempDir } from '../helpers/tempDir.ts';

const ok = {
  field: 'messages[role=assistant].content',
  view: 'default',
  tokenizer: 'word',
  groupBy: null,
  reference: 'keep',
};

test('setOptions with valid choices is accepted', () => {
  assert.equal(isWebviewMessage({ type: 'setOptions', choices: ok }), true);
  assert.equal(
    isWebviewMessage({
      type: 'setOptions',
      choices: { ...ok, field: null, view: 'full', tokenizer: 'wink', groupBy: 'source', reference: 'pick' },
    }),
    true,
  );
});

test('setOptions refuses file paths for the reference, bad enums, extra keys, long or control-character paths', () => {
  const bad: unknown[] = [
    { type: 'setOptions' },
    { type: 'setOptions', choices: ok, extra: 1 },
    { type: 'setOptions', choices: { ...ok, reference: '/etc/passwd' } },
    { type: 'setOptions', choices: { ...ok, view: 'raw' } },
    { type: 'setOptions', choices: { ...ok, tokenizer: 'bpe' } },
    { type: 'setOptions', choices: { ...ok, field: '' } },
    { type: 'setOptions', choices: { ...ok, field: 'x'.repeat(513) } },
    { type: 'setOptions', choices: { ...ok, groupBy: 'a\nb' } },
    { type: 'setOptions', choices: { ...ok, command: 'workbench.action.terminal.new' } },
    { type: 'setOptions', choices: [ok] },
  ];
  for (const m of bad) assert.equal(isWebviewMessage(m), false, JSON.stringify(m));
  assert.equal(isPanelChoices({ ...ok, field: 'x'.repeat(512) }), true); // the bound itself is allowed
});

test('field and group-by paths are checked with the CLI path parser (#12)', () => {
  for (const path of ['source', 'meta.lang', 'turns[0]', 'messages[role=user].content', '["a.b"]'])
    assert.equal(isPanelChoices({ ...ok, groupBy: path, field: path }), true, path);
  for (const path of ['source[', 'a..b', 'x]', '.a'])
    assert.equal(isPanelChoices({ ...ok, groupBy: path }), false, path);
  assert.equal(fieldPathProblem('source['), 'Invalid field path "source[" at column 7: unclosed "["');
  assert.equal(fieldPathProblem('meta.source'), null);
});

test('host messages of the editor features pass the webview check; partial worker messages pass the host check', () => {
  assert.equal(
    isHostMessage({ type: 'rowText', line: 3, text: '<b>x</b>', truncated: false, note: 'n' }),
    true,
  );
  assert.equal(isHostMessage({ type: 'rowText', line: 3, text: 5, truncated: false, note: 'n' }), false);
  assert.equal(isHostMessage({ type: 'focusCluster', kind: 'near', index: 2 }), true);
  assert.equal(isHostMessage({ type: 'focusCluster', kind: 'other', index: 2 }), false);
  assert.equal(isHostMessage({ type: 'selectTab', tab: 'mix-correct' }), true);
  assert.equal(isHostMessage({ type: 'selectTab', tab: 'Mix & Correct' }), false);
  assert.equal(isHostMessage({ type: 'selectTab', tab: 'instructions' }), true, 'the Instructions tab (#16)');
  assert.equal(isHostMessage({ type: 'partial', requestId: 4, partial: { rows: {} } }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'partial', requestId: 4, partial: { rows: {} } }), true);
  assert.equal(isAnalysisWorkerMessage({ type: 'partial', requestId: 4 }), false);
});

test('escapeHtml escapes the five significant characters', () => {
  assert.equal(
    escapeHtml(`<img src=x onerror="a('b')"> & co`),
    '&lt;img src=x onerror=&quot;a(&#39;b&#39;)&quot;&gt; &amp; co',
  );
});

test('renderHtml: a hostile duplicated row appears only escaped; the page has no script', async () => {
  const fs = await import('node:fs');
  const path = await import('node:path');
  const { analyzeFile } = await import('../../../src/core/pipeline/analyze.ts');
  const { renderHtml } = await import('../../../src/extension/editor/reportHtml.ts');
  const dir = tempDir('reporthtml-');
  const file = path.join(dir, 'h.jsonl');
  const hostile = `<script>alert(1)</script><img src=x onerror=alert(2)>`;
  const rows = [hostile, hostile, 'plain words here', 'other plain words'].map((text) =>
    JSON.stringify({ text }),
  );
  fs.writeFileSync(file, `${rows.join('\n')}\n`);
  const html = renderHtml(await analyzeFile(file), '<b>h</b>.jsonl');
  assert.equal(html.includes('<script'), false);
  assert.equal(html.includes('<img'), false);
  assert.equal(html.includes('<b>h</b>'), false);
  assert.equal(html.includes('Diversity report: &lt;b&gt;h&lt;/b&gt;.jsonl'), true);
  // the exact-duplicate cluster (2 rows) shows the representative text escaped
  assert.equal(
    html.includes('&lt;script&gt;alert(1)&lt;/script&gt;&lt;img src=x onerror=alert(2)&gt;'),
    true,
  );
});
