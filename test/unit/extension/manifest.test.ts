// The conventions of a published extension, checked on package.json and the packaged file list (`vsce ls`, the same
// .vscodeignore logic as `npm run package`): a 128×128 PNG icon that ships, a CHANGELOG, a Get Started walkthrough
// whose command links and completion events name commands of the table and whose media and sample dataset ship,
// and no placeholder repository (there is no public one: the field is absent, packaging allows it).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { COMMAND_IDS } from '../../../src/extension/commandIds.ts';

const ROOT = fileURLToPath(new URL('../../../', import.meta.url));
interface Step {
  id: string;
  title: string;
  description: string;
  media: { markdown?: string; image?: string };
  completionEvents?: string[];
}
const manifest = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as {
  icon?: string;
  repository?: unknown;
  scripts: Record<string, string>;
  contributes: { walkthroughs?: { id: string; title: string; steps: Step[] }[] };
};

let shipped: string[] | undefined;
/** The files `npm run package` puts in the .vsix (vsce's own listing, .vscodeignore applied). */
function packagedFiles(): string[] {
  shipped ??= execFileSync(
    process.execPath,
    [path.join(ROOT, 'node_modules/@vscode/vsce/vsce'), 'ls', '--no-dependencies'],
    {
      cwd: ROOT,
      encoding: 'utf8',
    },
  )
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  return shipped;
}

test('the icon is a 128×128 PNG that ships in the package', () => {
  assert.equal(typeof manifest.icon, 'string');
  const png = fs.readFileSync(path.join(ROOT, manifest.icon!));
  assert.deepEqual(
    [...png.subarray(0, 8)],
    [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a],
    'PNG signature',
  );
  assert.equal(png.subarray(12, 16).toString('ascii'), 'IHDR');
  assert.equal(png.readUInt32BE(16), 128, 'width');
  assert.equal(png.readUInt32BE(20), 128, 'height');
  assert.ok(fs.existsSync(path.join(ROOT, 'scripts/make-icon.mjs')), 'the script that draws it is committed');
  assert.ok(packagedFiles().includes(manifest.icon!), `${manifest.icon} is packaged`);
});

test('a CHANGELOG with the current version ships', () => {
  const version = (
    JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8')) as { version: string }
  ).version;
  const log = fs.readFileSync(path.join(ROOT, 'CHANGELOG.md'), 'utf8');
  assert.match(log, new RegExp(`^## ${version.replaceAll('.', '\\.')}$`, 'm'));
  assert.ok(log.length > 1000, 'real content');
  assert.ok(packagedFiles().includes('CHANGELOG.md'));
});

test('no placeholder repository: absent, and packaging allows a missing one', () => {
  assert.equal(manifest.repository, undefined);
  assert.doesNotMatch(
    fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'),
    /example\.(invalid|com)|TODO|placeholder/i,
  );
  assert.match(manifest.scripts.package, /--allow-missing-repository/);
});

test('the Get Started walkthrough: command links of the table, media and sample that ship', () => {
  const [walkthrough] = manifest.contributes.walkthroughs ?? [];
  assert.ok(walkthrough, 'contributes.walkthroughs has one walkthrough');
  assert.ok(walkthrough.steps.length >= 4);
  const ids = COMMAND_IDS as readonly string[];
  const linked: string[] = [];
  for (const step of walkthrough.steps) {
    const links = [...step.description.matchAll(/\(command:([\w.]+)/g)].map((m) => m[1]);
    assert.ok(links.length > 0, `step ${step.id} has a command link`);
    for (const id of links) assert.ok(ids.includes(id), `step ${step.id}: ${id} is a command of the table`);
    for (const e of step.completionEvents ?? []) {
      const id = e.replace(/^onCommand:/, '');
      if (e.startsWith('onCommand:')) assert.ok(ids.includes(id), `step ${step.id}: completion ${id}`);
    }
    const media = step.media.markdown ?? step.media.image;
    assert.ok(media && fs.existsSync(path.join(ROOT, media)), `step ${step.id}: media ${media} exists`);
    assert.ok(packagedFiles().includes(media!), `step ${step.id}: ${media} is packaged`);
    linked.push(...links);
  }
  // the walk: open the sample, inspect it, set a reference, preview a mix
  for (const id of [
    'diversityLens.openSample',
    'diversityLens.inspect',
    'diversityLens.compareWithReference',
    'diversityLens.previewMix',
  ])
    assert.ok(linked.includes(id), `a step links ${id}`);
  assert.ok(packagedFiles().includes('samples/sample.jsonl'), 'the sample the walkthrough opens is packaged');
});

test('every bundle esbuild.mjs builds ships in the package (the Compare view and its worker too)', () => {
  const build = fs.readFileSync(path.join(ROOT, 'esbuild.mjs'), 'utf8');
  const outfiles = [...build.matchAll(/outfile:\s*'([^']+)'/g)].map((m) => m[1]);
  assert.ok(outfiles.includes('dist/compareWebview.js') && outfiles.includes('dist/compareWorker.js'));
  const files = packagedFiles();
  assert.deepEqual(
    outfiles.filter((f) => !files.includes(f)),
    [],
    'bundles missing from the .vsix (.vscodeignore)',
  );
});
