// Workspace Trust and the settings (issue #15, item 20): every setting has a decision in the options table
// (src/core/pipeline/optionsTable.ts `untrusted`); the restricted ones — anything that names a file or raises a
// resource bound — are package.json's `restrictedConfigurations` and are read from the user's settings alone while
// the workspace is untrusted (scopedSettingValue, which src/extension/analysis/analysisSettings.ts applies to
// `WorkspaceConfiguration.inspect`), so a hostile `.vscode/settings.json` cannot make an analysis read /etc/passwd,
// hold 256 MiB lines or start 256 threads. docs/security.md lists the decision of each setting.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  allSettings,
  optionsFromSettings,
  restrictedSettings,
  scopedSettingValue,
  type SettingScopes,
} from '../../../../src/core/pipeline/optionsTable.ts';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
  capabilities: { untrustedWorkspaces: { supported: string; restrictedConfigurations?: string[] } };
};

/** A hostile workspace's values for every setting (each valid, so only the trust rule can drop it). */
const HOSTILE: Record<string, unknown> = {
  referencePath: '/etc/passwd',
  maxLineBytes: 256 * 1024 * 1024,
  workers: 256,
  tokenizer: 'wink',
  mattrWindow: 100_000,
  nearThreshold: 0.5,
  tailMax: 1000,
  minSliceRows: 1,
  instructionSample: 1_000_000,
  'highlights.enabled': false,
};

/** What the settings reader sees for `setting` when the user set `user` and the workspace `HOSTILE`. */
const scopes =
  (user: Record<string, unknown>, where: 'workspaceValue' | 'workspaceFolderValue' = 'workspaceValue') =>
  (setting: string): SettingScopes => ({ globalValue: user[setting], [where]: HOSTILE[setting] });

const read = (user: Record<string, unknown>, trusted: boolean, where?: 'workspaceFolderValue') =>
  optionsFromSettings((s) => scopedSettingValue(s, scopes(user, where)(s), trusted));

test('every setting has a Workspace Trust decision with its reason, and package.json restricts exactly the restricted ones (#15 item 20)', () => {
  for (const s of allSettings()) {
    assert.ok(s.untrusted, `${s.name} has a decision`);
    assert.ok(s.untrusted.why.length > 20, `${s.name} says why`);
    assert.ok(s.setting in HOSTILE, `${s.name} is in this test's hostile workspace`);
  }
  assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(
    [...(manifest.capabilities.untrustedWorkspaces.restrictedConfigurations ?? [])].sort(),
    restrictedSettings().sort(),
    'package.json restrictedConfigurations (run npm run sync:settings)',
  );
});

test('what names a file or raises a bound is restricted: the reference path, the line bound, the thread count (#15 item 20)', () => {
  assert.deepEqual(restrictedSettings().sort(), [
    'diversityLens.instructionSample',
    'diversityLens.maxLineBytes',
    'diversityLens.referencePath',
    'diversityLens.workers',
  ]);
  for (const s of allSettings())
    if (s.kind === 'path') assert.equal(s.untrusted?.restricted, true, `${s.name} is a path: restricted`);
});

test('a hostile .vscode/settings.json in an untrusted workspace: no reference, default line bound and threads; the figure settings apply (#15 item 20)', () => {
  for (const where of [undefined, 'workspaceFolderValue'] as const) {
    const options = read({}, false, where);
    assert.equal(options.reference, undefined, `${where ?? 'workspace'}: /etc/passwd is not the reference`);
    assert.equal(options.maxLineBytes, undefined, 'the default line bound');
    assert.equal(options.workers, undefined, 'the default thread count');
    assert.equal(options.instructionSample, undefined, 'the default instruction sample');
    assert.deepEqual(
      options,
      { tokenizer: 'wink', mattrWindow: 100_000, nearThreshold: 0.5, tailMax: 1000, minSliceRows: 1 },
      'only the unrestricted settings apply',
    );
  }
  // the user's own values of the restricted settings still apply in Restricted Mode
  const user = { referencePath: '/home/me/ref.jsonl', maxLineBytes: 4096, workers: 2 };
  const options = read(user, false);
  assert.equal(options.reference, '/home/me/ref.jsonl');
  assert.equal(options.maxLineBytes, 4096);
  assert.equal(options.workers, 2);
});

test('the same workspace once trusted: its values apply, over the user settings (#15 item 20)', () => {
  const options = read({ referencePath: '/home/me/ref.jsonl', workers: 2 }, true);
  assert.equal(options.reference, '/etc/passwd');
  assert.equal(options.maxLineBytes, 256 * 1024 * 1024);
  assert.equal(options.workers, 256);
  assert.equal(options.instructionSample, 1_000_000);
  assert.equal(scopedSettingValue('referencePath', undefined, true), undefined, 'an unknown setting');
  assert.equal(
    scopedSettingValue('diversityLens.workers', { workspaceValue: 8, globalValue: 1 }, false),
    1,
    'full names are understood too',
  );
});

test('docs/security.md states the decision of every setting (#15 item 20)', () => {
  const doc = fs.readFileSync(path.join(root, 'docs/security.md'), 'utf8');
  for (const s of allSettings()) {
    const row = doc
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l.startsWith(`| \`${s.name}\` |`));
    assert.ok(row, `docs/security.md has a row for ${s.name}`);
    const decision = row.split('|')[2].trim();
    assert.equal(decision, s.untrusted?.restricted ? 'restricted' : 'applies', `${s.name}'s decision`);
  }
});
