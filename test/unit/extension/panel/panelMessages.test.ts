/**
 * Issue #15 item 19: the host's ACTUAL handlers of the inspector webview's messages (src/extension/panel/
 * panelMessages.ts, as inspectorPanel.ts and reportPanel.ts use them), with the real Mix & Correct controller and the
 * real lost-types search behind them and spies for what needs VS Code: junk types, paths, command ids, `command:`
 * URIs, extra keys, a multi-MB string, a 100,000-deep object and a flood of 10,000 messages do nothing — no analysis,
 * no file opened, no command run, no dialog, no write, no reply — and the handler stays fast (the flood's time is
 * printed and bounded generously). Valid messages still reach their collaborator afterwards.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  livePanelMessages,
  savedFileUri,
  savedReportMessages,
} from '../../../../src/extension/panel/panelMessages.ts';
import { idlePanelState } from '../../../../src/extension/panel/idlePanelState.ts';
import { LostTypesSearch } from '../../../../src/extension/panel/lostTypesSearch.ts';
import { MixController } from '../../../../src/extension/mix/mixController.ts';
import type { HostToWebview, PanelState } from '../../../../src/protocol/panelProtocol.ts';
import { isWebviewMessage } from '../../../../src/protocol/panelProtocol.ts';
import { SLIPPED_INTO_VALID_TYPES, UNKNOWN_TYPES } from '../../../shared/hostileWebviewMessages.mjs';

const SETTINGS = { realFraction: 0.5 };
const CHOICES = { field: null, view: 'full', tokenizer: 'wink', groupBy: null, reference: 'keep' };

/** `levels` objects each holding the next (built without recursion). */
function deepObject(levels: number): Record<string, unknown> {
  let d: Record<string, unknown> = {};
  for (let i = 0; i < levels; i++) d = { a: d };
  return d;
}
function deepArray(levels: number): unknown[] {
  let d: unknown[] = [];
  for (let i = 0; i < levels; i++) d = [d];
  return d;
}

/** Everything a hostile or broken webview might post (none of it is one of the webview's messages). */
function junk(): unknown[] {
  const big = 'x'.repeat(8 * 1024 * 1024); // 8 MiB
  const deep = deepObject(100_000);
  const deepList = deepArray(100_000);
  const manyKeys: Record<string, unknown> = { type: 'ready' };
  for (let i = 0; i < 100_000; i++) manyKeys[`k${i}`] = i;
  const lost = { type: 'lostQuery', requestId: 1, query: 'a', hideNumbers: false, order: 'count', page: 0 };
  return [
    // not an object, or no string type
    undefined,
    null,
    42,
    'ready',
    ['ready'],
    { type: ['ready'] },
    { type: 7 },
    {},
    Object.assign(Object.create({ type: 'ready' }), {}),
    // unknown types, commands, command: URIs; paths and commands slipped into valid types (shared with the e2e flood)
    ...UNKNOWN_TYPES,
    ...SLIPPED_INTO_VALID_TYPES,
    { type: 'revealLine', line: 0 },
    { type: 'revealLine', line: -1 },
    { type: 'revealLine', line: 1.5 },
    { type: 'revealLine', line: Number.NaN },
    { type: 'revealLine', line: 2 ** 60 },
    { type: 'setOptions', choices: { ...CHOICES, reference: '/etc/passwd' } },
    { type: 'setOptions', choices: { ...CHOICES, reference: 'command:workbench.action.terminal.new' } },
    { type: 'setOptions', choices: { ...CHOICES, field: 'a\u0000b' } },
    { type: 'setOptions', choices: { ...CHOICES, path: '/etc/passwd' } },
    { type: 'setOptions', choices: CHOICES, command: 'x' },
    { ...lost, path: '/etc/passwd' },
    { ...lost, query: 'a\nb' },
    { type: 'mixOpenWritten', path: '/etc/passwd' },
    { type: 'mixOpenWritten', command: 'diversityLens.inspect' },
    { type: 'mixWrite', settings: SETTINGS, outPath: '/tmp/evil.jsonl' },
    { type: 'mixWrite', settings: { ...SETTINGS, outPath: '/tmp/evil.jsonl' } },
    { type: 'mixPickReference', path: '/etc/passwd' },
    { type: 'mixSchema', schema: { mode: 'dataset', map: ['a=b'], command: 'x' } },
    { type: 'mixPreview', requestId: 1, settings: SETTINGS, generations: false, runCommand: 'x' },
    // JSON's own __proto__ key (an own property after JSON.parse)
    JSON.parse('{"type":"ready","__proto__":{"polluted":true}}'),
    // huge payloads
    { type: big },
    { type: 'ready', big },
    { ...lost, query: big },
    { type: 'setOptions', choices: { ...CHOICES, field: big } },
    { type: 'mixSchema', schema: { mode: 'dataset', map: [big] } },
    { type: 'mixSchema', schema: { mode: 'dataset', map: Array(1_000_000).fill('a=b') } },
    { type: 'mixWrite', settings: { ...SETTINGS, caps: Array(1_000_000).fill({ field: 'a', max: 1 }) } },
    manyKeys,
    // 100,000 levels deep, in every place a payload goes
    deep,
    { type: deep },
    { type: 'ready', deep },
    { type: 'revealLine', line: deep },
    { type: 'setOptions', choices: deep },
    { type: 'setOptions', choices: { ...CHOICES, field: deep } },
    { type: 'lostQuery', requestId: deep, query: deep, hideNumbers: deep, order: deep, page: deep },
    { type: 'mixSchema', schema: deep },
    { type: 'mixSchema', schema: { mode: 'dataset', map: deepList } },
    { type: 'mixWrite', settings: deep },
    { type: 'mixWrite', settings: { ...SETTINGS, dedup: deep } },
    { type: 'mixWrite', settings: { ...SETTINGS, caps: deepList } },
    { type: 'mixPreview', requestId: 1, settings: { ...SETTINGS, caps: [deep] }, generations: false },
    deepList,
  ];
}

/** A live panel's handler over spies, the real MixController (with a recording host) and the real LostTypesSearch. */
function livePanel(dir: string) {
  const calls: string[] = [];
  const posted: HostToWebview[] = [];
  const state: PanelState = idlePanelState(`file://${dir}/ds.jsonl`, 'ds.jsonl', {
    path: null,
    source: 'unset',
    setting: null,
    note: null,
  });
  const post = (m: HostToWebview): void => void posted.push(m);
  const mix = new MixController({
    datasetPath: path.join(dir, 'ds.jsonl'),
    report: () => null,
    reference: () => path.join(dir, 'ref.jsonl'),
    chooseReference: async (p) => void calls.push(`chooseReference ${p}`),
    modelOptions: (slicePaths) => ({ slicePaths }),
    post,
    createClient: () => {
      calls.push('createClient (a mix worker)');
      throw new Error('no worker in this test');
    },
    isTrusted: () => true,
    pickReference: async () => void calls.push('pickReference (open dialog)'),
    pickOutput: async () => void calls.push('pickOutput (save dialog)'),
    withProgress: (title) => {
      calls.push(`withProgress ${title}`);
      throw new Error('no progress in this test');
    },
    showError: (m) => void calls.push(`showError ${m}`),
    showWarning: (m) => void calls.push(`showWarning ${m}`),
    inspect: async (p) => void calls.push(`inspect ${p} (the only command the Mix view runs)`),
  });
  const onMessage = livePanelMessages({
    state: () => state,
    post,
    analyze: async () => void calls.push('analyze'),
    cancel: () => void calls.push('cancel'),
    revealLine: async (line) => void calls.push(`revealLine ${line} (opens the dataset)`),
    applyChoices: async () => {
      calls.push('applyChoices');
      return true;
    },
    lost: new LostTypesSearch(),
    mix,
  });
  return { onMessage, calls, posted };
}

/** The types of the replies a handler posted, in order (what each test compares). */
const postedTypes = (posted: HostToWebview[]): string[] => posted.map((m) => m.type);

const settle = async (): Promise<void> => {
  for (let i = 0; i < 5; i++) await new Promise((r) => setImmediate(r));
};

test('the guard: every junk message is refused without a stack overflow, including 100,000 levels deep', () => {
  for (const m of junk()) assert.equal(isWebviewMessage(m), false);
});

test('a live panel’s message handler: junk, paths, command ids, huge and deep payloads do nothing at all', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-messages-'));
  try {
    writeFileSync(path.join(dir, 'ds.jsonl'), '{"text":"a"}\n');
    writeFileSync(path.join(dir, 'ref.jsonl'), '{"text":"b"}\n');
    const { onMessage, calls, posted } = livePanel(dir);
    let slowest = { ms: 0, i: -1 };
    for (const [i, m] of junk().entries()) {
      const t0 = performance.now();
      await onMessage(m);
      const ms = performance.now() - t0;
      if (ms > slowest.ms) slowest = { ms, i };
    }
    // the slowest is the 100,000-key object: counting its keys costs about what JSON.parse spent delivering it
    console.log(`slowest junk message: #${slowest.i}, ${slowest.ms.toFixed(1)} ms`);
    await settle();
    assert.deepEqual(calls, [], 'no analysis, dialog, file, command or write');
    assert.equal(posted.length, 0, 'no reply');
    assert.deepEqual(readdirSync(dir).sort(), ['ds.jsonl', 'ref.jsonl'], 'nothing written');

    // the spies are wired: each valid message reaches its collaborator
    await onMessage({ type: 'ready' });
    await onMessage({ type: 'rerun' });
    await onMessage({ type: 'cancel' });
    await onMessage({ type: 'revealLine', line: 2 });
    await onMessage({ type: 'setOptions', choices: CHOICES });
    await onMessage({ type: 'mixPickReference' });
    await settle();
    assert.deepEqual(calls, [
      'analyze',
      'cancel',
      'revealLine 2 (opens the dataset)',
      'applyChoices',
      'analyze',
      'pickReference (open dialog)',
    ]);
    assert.deepEqual(postedTypes(posted), ['state']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a flood of 10,000 messages (half junk, half harmless valid ones): no side effect, fast, the panel still answers', async () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'dl-messages-flood-'));
  try {
    writeFileSync(path.join(dir, 'ds.jsonl'), '{"text":"a"}\n');
    const { onMessage, calls, posted } = livePanel(dir);
    // (without the 100,000-key object: its keys take as long to count as to parse, ~0.1–0.3 s each; it has its own test)
    const bad = junk().filter((m) => !(m && typeof m === 'object' && 'k99999' in m));
    const lostQuery = (id: number) => ({
      type: 'lostQuery',
      requestId: id,
      query: 'x',
      hideNumbers: false,
      order: 'count',
      page: 0,
    });
    const flood: unknown[] = [];
    for (let i = 0; i < 10_000; i++) {
      if (i % 2 === 1) flood.push(bad[i % bad.length]);
      else if (i % 8 === 0) flood.push({ type: 'ready' });
      else if (i % 8 === 2)
        flood.push({ type: 'mixOpenWritten' }); // nothing written: nothing to open
      else if (i % 8 === 4) flood.push(lostQuery(i + 1));
      else flood.push({ type: 'mixOpen' });
    }
    // each message is its own event, as VS Code delivers them: the longest synchronous stretch is what blocks the host
    let longest = 0;
    const t0 = performance.now();
    const pending: Promise<void>[] = [];
    for (const m of flood) {
      const s = performance.now();
      pending.push(onMessage(m));
      longest = Math.max(longest, performance.now() - s);
    }
    await Promise.all(pending);
    await settle();
    const total = performance.now() - t0;
    console.log(
      `flood of ${flood.length} messages: ${total.toFixed(0)} ms in all, longest single dispatch ${longest.toFixed(1)} ms`,
    );
    // how long the flood and its longest dispatch took are figures (printed above), never asserted: tests do not time
    assert.deepEqual(calls, [], 'no analysis, dialog, file, command or write');
    assert.deepEqual(readdirSync(dir), ['ds.jsonl'], 'nothing written');
    const count = (type: string) => posted.filter((m) => m.type === type).length;
    assert.equal(
      count('state'),
      flood.filter(
        (m) => (m as { type?: unknown })?.type === 'ready' && Object.keys(m as object).length === 1,
      ).length,
    );
    assert.equal(count('mixState'), 1250, 'one mixState per mixOpen');
    // a newer query supersedes an older one: only the last answers
    const pages = posted.filter((m) => m.type === 'lostPage');
    assert.ok(pages.length >= 1);
    assert.equal(pages.at(-1)?.requestId, 9_997);
    assert.equal(posted.length, count('state') + count('mixState') + pages.length, 'no other reply');
    // still working
    posted.length = 0;
    await onMessage({ type: 'ready' });
    assert.deepEqual(postedTypes(posted), ['state']);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a saved report’s message handler: junk and the live-only messages (cancel, setOptions, Mix) do nothing', async () => {
  const calls: string[] = [];
  const posted: HostToWebview[] = [];
  const onMessage = savedReportMessages({
    state: () => ({}) as PanelState,
    post: (m) => void posted.push(m),
    revealLine: async (line) => void calls.push(`revealLine ${line}`),
    inspectSource: async () => void calls.push('inspectSource'),
    lost: new LostTypesSearch(),
  });
  const liveOnly = [
    { type: 'cancel' },
    { type: 'setOptions', choices: CHOICES },
    { type: 'mixOpen' },
    { type: 'mixPickReference' },
    { type: 'mixAnalyse' },
    { type: 'mixWrite', settings: SETTINGS },
    { type: 'mixOpenWritten' },
  ];
  for (const m of [...junk(), ...liveOnly]) await onMessage(m);
  await settle();
  assert.deepEqual(calls, []);
  assert.equal(posted.length, 0);
  await onMessage({ type: 'revealLine', line: 4 });
  await onMessage({ type: 'rerun' });
  await onMessage({ type: 'ready' });
  assert.deepEqual(calls, ['revealLine 4', 'inspectSource']);
  assert.deepEqual(postedTypes(posted), ['state']);
});

test('a restored panel’s saved state: only a `file:` URI string under its key; junk, other schemes, huge or deep states are dropped', () => {
  assert.equal(savedFileUri({ uri: 'file:///d/ds.jsonl' }, 'uri'), 'file:///d/ds.jsonl');
  assert.equal(savedFileUri({ report: 'FILE:///d/r.json' }, 'report'), 'FILE:///d/r.json');
  for (const [i, state] of [
    undefined,
    null,
    'file:///d/ds.jsonl',
    ['file:///d/ds.jsonl'],
    {},
    { uri: 42 },
    { uri: ['file:///d/ds.jsonl'] },
    { uri: { toString: 'file:///d/ds.jsonl' } },
    { uri: 'command:workbench.action.terminal.new' },
    { uri: 'command:diversityLens.inspect?%5B%22file%3A%2F%2F%2Fetc%2Fpasswd%22%5D' },
    { uri: 'vscode-remote://host/d/ds.jsonl' },
    { uri: 'http://example.com/ds.jsonl' },
    { uri: '/etc/passwd' },
    { uri: '../../etc/passwd' },
    { uri: ' file:///d/ds.jsonl' },
    { uri: 'file:///d/ds.jsonl\n' },
    { uri: `file:///${'a'.repeat(9000)}` },
    { uri: `file:///${'x'.repeat(8 * 1024 * 1024)}` },
    { uri: deepObject(100_000) },
    deepObject(100_000),
    Object.assign(Object.create({ uri: 'file:///inherited.jsonl' }), {}),
  ].entries())
    assert.equal(savedFileUri(state, 'uri'), undefined, `state #${i}`);
  // the key decides: a live panel's state is not a saved report's
  assert.equal(savedFileUri({ uri: 'file:///d/ds.jsonl' }, 'report'), undefined);
});
