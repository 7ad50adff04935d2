// The command table (src/extension/commandIds.ts, commands.ts): its ids are exactly package.json's
// `contributes.commands` (both directions), every menu entry names one of them, and activate() is the only place
// that calls registerCommand. commands.ts itself imports `vscode`, so it is not loaded here: its
// `Record<CommandId, …>` return type makes tsc (run by `npm run test:unit`) check that it has one handler per id.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { COMMAND_IDS } from '../../../src/extension/commandIds.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { commands: { command: string }[]; menus: Record<string, { command: string }[]> };
};

test('the table ids are exactly the contributed commands (both directions, no duplicates)', () => {
  const contributed = manifest.contributes.commands.map((c) => c.command);
  assert.equal(new Set(COMMAND_IDS).size, COMMAND_IDS.length, 'no id twice in the table');
  assert.equal(new Set(contributed).size, contributed.length, 'no command contributed twice');
  assert.deepEqual(
    contributed.filter((id) => !(COMMAND_IDS as readonly string[]).includes(id)),
    [],
    'contributed but not in the table',
  );
  assert.deepEqual(
    COMMAND_IDS.filter((id) => !contributed.includes(id)),
    [],
    'in the table but not contributed',
  );
});

test('every menu entry names a command of the table', () => {
  for (const [menu, entries] of Object.entries(manifest.contributes.menus)) {
    for (const e of entries)
      assert.ok((COMMAND_IDS as readonly string[]).includes(e.command), `${menu}: ${e.command}`);
  }
});

test('registerCommand is called in one place only (the loop in extension.ts)', () => {
  const dir = path.join(ROOT, 'src/extension');
  const calls: string[] = [];
  for (const f of fs.readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
    if (!f.endsWith('.ts')) continue;
    const n = fs.readFileSync(path.join(dir, f), 'utf8').split('registerCommand(').length - 1;
    for (let i = 0; i < n; i++) calls.push(f);
  }
  assert.deepEqual(calls, ['extension.ts']);
});
