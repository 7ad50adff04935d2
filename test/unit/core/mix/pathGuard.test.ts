/**
 * Issue #15 item 13: the one "is this output an input?" check (src/core/mix/pathGuard.ts) — symlink, hard link, `../`
 * through a symlinked folder, and a case variant on a case-insensitive file system. Linux is case-sensitive, so the
 * case variant runs on a simulated case-insensitive file system (test/unit/helpers/caseInsensitiveFs.ts: an injected
 * lookup that folds the case of paths under the test folder, whose realpath keeps the caller's spelling).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { realpath } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { assertNotAnInput, inputConflict, UnsafeOutputError } from '../../../../src/core/mix/pathGuard.ts';
import { caseInsensitiveLookup } from '../../helpers/caseInsensitiveFs.ts';
import { makeInputAliases } from '../../helpers/inputAliases.ts';

test('pathGuard: a case variant of an input is refused on a case-insensitive file system (simulated), and is another file on Linux', async () => {
  const dir = await realpath(mkdtempSync(join(tmpdir(), 'dl-guard-case-')));
  try {
    const ds = join(dir, 'ds.jsonl');
    writeFileSync(ds, '{"text":"a"}\n');
    mkdirSync(join(dir, 'sub'));
    const ci = caseInsensitiveLookup(dir);
    for (const variant of [
      join(dir, 'DS.JSONL'),
      join(dir, 'Ds.jsonl'),
      join(dir, 'SUB', '..', 'DS.jsonl'),
    ]) {
      await assert.rejects(assertNotAnInput(variant, [ds], ci), UnsafeOutputError, variant);
      assert.match((await inputConflict(variant, [ds], ci)) ?? '', /it is the input .*ds\.jsonl/);
    }
    // a new name is fine there too
    assert.equal(await inputConflict(join(dir, 'DS.mixed.jsonl'), [ds], ci), null);
    // on the real (case-sensitive) file system DS.JSONL is another file: not refused
    assert.equal(await inputConflict(join(dir, 'DS.JSONL'), [ds]), null);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('pathGuard: symlink, hard link, `./a/../`, `link/../` and a directory are refused; another file is not', async () => {
  const dir = await realpath(mkdtempSync(join(tmpdir(), 'dl-guard-')));
  const elsewhere = mkdtempSync(join(tmpdir(), 'dl-guard-else-'));
  try {
    const ds = join(dir, 'ds.jsonl');
    writeFileSync(ds, '{"text":"a"}\n');
    const aliases = makeInputAliases(dir, elsewhere, {
      symlink: ds,
      hardLink: ds,
      dotDot: ds,
      throughLink: ds,
    });
    for (const target of [ds, ...aliases.all, join(dir, 'a')])
      await assert.rejects(assertNotAnInput(target, [ds]), UnsafeOutputError, target);
    await assertNotAnInput(join(dir, 'out.jsonl'), [ds]);
    await assertNotAnInput(`${elsewhere}/ds.jsonl`, [ds]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
