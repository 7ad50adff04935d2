/**
 * Writing a mix: byte-exact lines, atomic (no partial output, no leftover temporary file on failure or
 * cancel), never onto an input (symlink, hard link, other spelling), gzip inputs, and recipe reproduction.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  existsSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  writeFileSync,
  appendFileSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { promises as fsPromises } from 'node:fs';
import { createHash } from 'node:crypto';
import { basename, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import {
  formatRecipe,
  readRecipe,
  reproduceRecipe,
  RecipeError,
  type MixRecipe,
} from '../../../../src/core/mix/recipe.ts';
import { UnsafeOutputError } from '../../../../src/core/mix/pathGuard.ts';
import { injectDiskFull } from '../../helpers/diskFull.ts';
import { makeInputAliases } from '../../helpers/inputAliases.ts';
import { tempDir } from '../../helpers/tempDir.ts';

function setup(): { dir: string; ds: string; ref: string; dsLines: string[]; refLines: string[] } {
  const dir = tempDir('mix-write-');
  // Raw lines with a > 2^53 integer, unusual key order and spacing, an escape, and a CRLF line: a re-serialiser would change them.
  const dsLines = [
    '{"id": 12345678901234567890, "b":1,"a":2, "text": "alpha beta gamma delta"}',
    '{ "text" : "epsilon zeta eta theta", "n": 1.50 }',
    '{"text": "iota \\u006bappa lambda mu", "z": [1,2]}',
    '{"text": "nu xi omicron pi"}',
  ];
  const refLines = [
    '{"text": "rho sigma tau upsilon", "id": 98765432109876543210}',
    '{"text":"phi chi psi omega"}',
    '{"text": "one two three four"}',
  ];
  const ds = join(dir, 'ds.jsonl');
  const ref = join(dir, 'ref.jsonl');
  writeFileSync(ds, dsLines.slice(0, 3).join('\n') + '\r\n' + dsLines[3] + '\n');
  writeFileSync(ref, refLines.join('\n'));
  return { dir, ds, ref, dsLines, refLines };
}

const onlyInputs = (dir: string, extra: string[] = []): void =>
  assert.deepEqual(readdirSync(dir).sort(), ['ds.jsonl', 'ref.jsonl', ...extra].sort());

test('output lines are byte-exact copies of the chosen source lines, each followed by "\\n"', async () => {
  const { dir, ds, ref, dsLines, refLines } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const r = await writeMix(model, { realFraction: 0.4 }, out);
  const text = readFileSync(out, 'utf8');
  assert.ok(text.endsWith('\n'));
  const lines = text.slice(0, -1).split('\n');
  // 3 reference rows, held-out share 0.3 → round(0.9) = 1 row held out, 2 in the pool. f = 0.4 with 4 dataset + 2
  // pool rows, no target: round(0.4·(k+1)) for k = 0…6 is 0 1 1 2 2 2 3 → D R D R D D, then k = 6 wants a 3rd
  // real row → stop: 6 rows, every source row but the held-out one exactly once.
  assert.equal(lines.length, 6);
  assert.equal(r.selection.rows.length, 6);
  assert.equal(lines.length, r.selection.rows.length);
  const source = new Set([...dsLines, ...refLines]);
  for (const l of lines) assert.ok(source.has(l), `not a source line: ${l}`);
  assert.equal(new Set(lines).size, lines.length);
  assert.ok(lines.includes(dsLines[0]), 'the big-integer row survives byte for byte');
  assert.ok(!text.includes('\r'));
  onlyInputs(dir, ['out.jsonl', 'out.jsonl.recipe.json']);
  const recipe = await readRecipe(r.recipePath);
  assert.equal(recipe.order.length, lines.length);
  assert.equal(recipe.inputs.dataset.bytes, readFileSync(ds).length);
  // format 2 records the split: share, seed, stream and the held-out lines, none of which is in the output
  // (format 3 adds how reference rows are written; these are all in the dataset's schema already)
  assert.equal(recipe.formatVersion, 3);
  assert.deepEqual(recipe.referenceRows, { kept: 2, converted: 0 });
  assert.equal(recipe.settings.holdout, 0.3);
  assert.deepEqual(
    {
      share: recipe.heldOut?.share,
      seed: recipe.heldOut?.seed,
      rows: recipe.heldOut?.rows,
      poolRows: recipe.heldOut?.poolRows,
    },
    { share: 0.3, seed: 1, rows: 1, poolRows: 2 },
  );
  assert.equal(recipe.lines.heldOut?.length, 1);
  assert.ok(!lines.includes(refLines[recipe.lines.heldOut![0] - 1]), 'the held-out row is never written');
});

test('a failure mid-write or a cancel leaves no partial output and no temporary file', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  await assert.rejects(
    writeMix(model, { realFraction: 0.5 }, out, {
      onLineWritten: (n) => {
        if (n === 3) throw new Error('disk full (injected)');
      },
    }),
    /injected/,
  );
  onlyInputs(dir);
  // An existing target is left untouched by a failed write: an injected error, then a cancel.
  writeFileSync(out, 'previous\n');
  await assert.rejects(
    writeMix(model, { realFraction: 0.5 }, out, {
      onLineWritten: (n) => {
        if (n === 3) throw new Error('disk full (injected)');
      },
    }),
    /injected/,
  );
  assert.equal(readFileSync(out, 'utf8'), 'previous\n');
  onlyInputs(dir, ['out.jsonl']);
  const ac = new AbortController();
  await assert.rejects(
    writeMix(model, { realFraction: 0.5 }, out, {
      signal: ac.signal,
      onLineWritten: (n) => n === 2 && ac.abort(),
    }),
    { name: 'AbortError' },
  );
  assert.equal(readFileSync(out, 'utf8'), 'previous\n');
  onlyInputs(dir, ['out.jsonl']);
});

test('disk full while the recipe is written: the previous mix and recipe stay as they were (writeMix and a reproduction)', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const first = await writeMix(model, { realFraction: 0.3, seed: 1 }, out);
  const before = { mix: readFileSync(out), recipe: readFileSync(first.recipePath) };
  // only the recipe's temporary file fills up: the mix itself would fit
  const full = injectDiskFull((p) => basename(p).startsWith('.out.jsonl.recipe.json.'));
  try {
    await assert.rejects(
      writeMix(model, { realFraction: 0.7, seed: 2 }, out),
      /no space left on the disk \(ENOSPC\) while writing .*out\.jsonl\.recipe\.json; the previous file is unchanged/,
    );
  } finally {
    full.restore();
  }
  assert.equal(full.opened.length, 1, 'the recipe write was reached');
  assert.deepEqual(
    readFileSync(out),
    before.mix,
    'the previous mix is intact (not replaced without its recipe)',
  );
  assert.deepEqual(readFileSync(first.recipePath), before.recipe);
  onlyInputs(dir, ['out.jsonl', 'out.jsonl.recipe.json']);
  // a reproduction into an existing file: the same rule
  const again = join(dir, 'again.jsonl');
  writeFileSync(again, 'previous\n');
  writeFileSync(`${again}.recipe.json`, 'previous recipe\n');
  const full2 = injectDiskFull((p) => basename(p).startsWith('.again.jsonl.recipe.json.'));
  try {
    await assert.rejects(reproduceRecipe(first.recipePath, again), /ENOSPC/);
  } finally {
    full2.restore();
  }
  assert.equal(readFileSync(again, 'utf8'), 'previous\n');
  assert.equal(readFileSync(`${again}.recipe.json`, 'utf8'), 'previous recipe\n');
  onlyInputs(dir, ['out.jsonl', 'out.jsonl.recipe.json', 'again.jsonl', 'again.jsonl.recipe.json']);
  // and with room again, both are written
  await reproduceRecipe(first.recipePath, again);
  assert.deepEqual(readFileSync(again), before.mix);
});

/** Replaces fs.promises.rename while `body` runs: `hook(from, to)` may throw (a failed rename) or act first. */
async function withRename<T>(hook: (to: string) => void, body: () => Promise<T>): Promise<T> {
  const real = fsPromises.rename;
  fsPromises.rename = async (from, to) => {
    hook(String(to));
    return real(from, to);
  };
  try {
    return await body();
  } finally {
    fsPromises.rename = real;
  }
}

test('the mix cannot be renamed after its recipe is in place: the previous recipe is put back, or the new one removed', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const eio = (to: string): void => {
    if (basename(to) === 'out.jsonl')
      throw Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' });
  };
  // a first write that fails at the mix's rename leaves no recipe of a file that does not exist
  await assert.rejects(
    withRename(eio, () => writeMix(model, { realFraction: 0.3, seed: 1 }, out)),
    /EIO/,
  );
  onlyInputs(dir);
  const first = await writeMix(model, { realFraction: 0.3, seed: 1 }, out);
  const before = { mix: readFileSync(out), recipe: readFileSync(first.recipePath) };
  await assert.rejects(
    withRename(eio, () => writeMix(model, { realFraction: 0.7, seed: 2 }, out)),
    /EIO/,
  );
  assert.deepEqual(readFileSync(out), before.mix, 'the previous mix is intact');
  assert.deepEqual(
    readFileSync(first.recipePath),
    before.recipe,
    'its recipe is the previous one, byte for byte',
  );
  onlyInputs(dir, ['out.jsonl', 'out.jsonl.recipe.json']);
});

test('a cancel that arrives once the recipe is in place does not stop the write: the mix matches its recipe', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const ac = new AbortController();
  const r = await withRename(
    (to) => {
      if (basename(to) === 'out.jsonl.recipe.json') ac.abort(); // while the recipe is put in place
    },
    () => writeMix(model, { realFraction: 0.5, seed: 3 }, out, { signal: ac.signal }),
  );
  assert.ok(ac.signal.aborted, 'the cancel arrived during the write');
  const recipe = JSON.parse(readFileSync(r.recipePath, 'utf8'));
  assert.equal(recipe.output.sha256, createHash('sha256').update(readFileSync(out)).digest('hex'));
  onlyInputs(dir, ['out.jsonl', 'out.jsonl.recipe.json']);
});

test('refuses to write onto an input through a symlink, a hard link or another spelling', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const before = readFileSync(ds);
  const elsewhere = tempDir('mix-else-');
  const alias = makeInputAliases(dir, elsewhere, { symlink: ds, hardLink: ref, dotDot: ds, throughLink: ds });
  const spelled = relative(process.cwd(), join(dir, 'a', '..', 'ds.jsonl')).replace(
    /ds\.jsonl$/,
    './a/../ds.jsonl',
  );
  // `elsewhere/sub` → `dir/a`, so `elsewhere/sub/../ds.jsonl` is dir/ds.jsonl for the OS (lexically: elsewhere/ds.jsonl).
  for (const target of [ds, ref, alias.symlink, alias.hardLink, spelled, alias.throughLink]) {
    await assert.rejects(writeMix(model, { realFraction: 0.5 }, target), UnsafeOutputError, target);
  }
  assert.deepEqual(readFileSync(ds), before);
  assert.deepEqual(readdirSync(dir).sort(), ['a', 'ds.jsonl', 'hard.jsonl', 'link.jsonl', 'ref.jsonl']);
});

test('a recipe reproduces the file byte for byte, and refuses when an input changed', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const w = await writeMix(model, { realFraction: 0.3, dedup: { kind: 'exact' }, seed: 11 }, out);
  const again = join(dir, 'again.jsonl');
  const r = await reproduceRecipe(w.recipePath, again);
  assert.deepEqual(readFileSync(again), readFileSync(out));
  assert.equal(r.file.sha256, w.file.sha256);
  assert.ok(existsSync(`${again}.recipe.json`));
  // the copy keeps the split (format 2); a format-1 recipe (no split) is still reproduced byte for byte
  const copy = await readRecipe(`${again}.recipe.json`);
  assert.deepEqual(
    [copy.formatVersion, copy.heldOut, copy.lines.heldOut],
    [3, w.recipe.heldOut, w.recipe.lines.heldOut],
  );
  const v1: Partial<MixRecipe> = {
    ...w.recipe,
    formatVersion: 1,
    lines: { dataset: w.recipe.lines.dataset, reference: w.recipe.lines.reference },
  };
  delete v1.heldOut;
  const v1Path = join(dir, 'v1.recipe.json');
  writeFileSync(v1Path, formatRecipe(v1 as MixRecipe));
  await reproduceRecipe(v1Path, join(dir, 'v1.jsonl'));
  assert.deepEqual(readFileSync(join(dir, 'v1.jsonl')), readFileSync(out));
  appendFileSync(ref, '\n{"text": "changed"}\n');
  await assert.rejects(reproduceRecipe(w.recipePath, join(dir, 'third.jsonl')), RecipeError);
  assert.ok(!existsSync(join(dir, 'third.jsonl')));
});

test('reproduceRecipe refuses to write onto an input through a symlink, a hard link or `../`, and onto the recipe it reads', async () => {
  const { dir, ds, ref } = setup();
  const model = await buildMixModel(ds, ref);
  const out = join(dir, 'out.jsonl');
  const w = await writeMix(model, { realFraction: 0.5, seed: 3 }, out);
  const before = {
    ds: readFileSync(ds),
    ref: readFileSync(ref),
    recipe: readFileSync(w.recipePath),
    out: readFileSync(out),
  };
  const elsewhere = mkdtempSync(join(tmpdir(), 'mix-else-'));
  const aliases = makeInputAliases(dir, elsewhere, {
    symlink: ds,
    hardLink: ref,
    dotDot: ref,
    throughLink: ds,
  });
  for (const target of [ds, ...aliases.all, w.recipePath])
    await assert.rejects(reproduceRecipe(w.recipePath, target), UnsafeOutputError, target);
  assert.deepEqual(readFileSync(ds), before.ds);
  assert.deepEqual(readFileSync(ref), before.ref);
  assert.deepEqual(readFileSync(w.recipePath), before.recipe);
  // reproducing in place (the recipe's own output) still works: the new recipe replaces the old one
  await reproduceRecipe(w.recipePath);
  assert.deepEqual(readFileSync(out), before.out);
  rmSync(elsewhere, { recursive: true, force: true });
});

test('gzip inputs: chosen lines are copied from the decompressed stream, byte for byte', async () => {
  const { dir, ds, ref, dsLines, refLines } = setup();
  const gz = join(dir, 'ds.jsonl.gz');
  writeFileSync(gz, gzipSync(readFileSync(ds)));
  const model = await buildMixModel(gz, ref);
  assert.equal(model.dataset.compression, 'gzip');
  const out = join(dir, 'out.jsonl');
  const w = await writeMix(model, { realFraction: 0.25 }, out);
  const lines = readFileSync(out, 'utf8').slice(0, -1).split('\n');
  const source = new Set([...dsLines, ...refLines]);
  for (const l of lines) assert.ok(source.has(l));
  assert.equal(lines.filter((l) => dsLines.includes(l)).length, w.selection.datasetRows);
  const again = join(dir, 'again.jsonl');
  await reproduceRecipe(w.recipePath, again);
  assert.deepEqual(readFileSync(again), readFileSync(out));
  assert.deepEqual(readdirSync(dir).sort(), [
    'again.jsonl',
    'again.jsonl.recipe.json',
    'ds.jsonl',
    'ds.jsonl.gz',
    'out.jsonl',
    'out.jsonl.recipe.json',
    'ref.jsonl',
  ]);
});
