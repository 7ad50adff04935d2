// Issue #15 item 12: the CLI killed (SIGKILL) while it writes `analyze --out`, a mix (`mix --out`) or a partial
// (`analyze --partial`), and a real disk full (ENOSPC on a 64 KiB tmpfs). Every time: the previous files intact;
// a temporary file a kill leaves is removed by the next write of the same target (atomicWrite.ts' policy: the
// temporary name carries the writer's pid; a dead pid's file is stale), a live writer's is never touched.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawn, spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtCli } from '../../helpers/cliRunner.ts';
import { removeStaleTemps, tempPathFor } from '../../../../src/core/io/atomicWrite.ts';
import { writeDataAndReference } from '../../helpers/mixRows.ts';

const { dir: root, run } = builtCli('dl-atomic-faults-');
const cli = fileURLToPath(new URL('../../../../dist/cli.js', import.meta.url));
after(() => fs.rmSync(root, { recursive: true, force: true }));
const holdRename = fileURLToPath(new URL('../../helpers/holdRename.cjs', import.meta.url));

/** A folder with a dataset and a reference of `rows` generated rows each. */
function inputs(name: string, rows = 400): { dir: string; data: string; ref: string } {
  const dir = path.join(root, name);
  fs.mkdirSync(dir);
  const { data, ref } = writeDataAndReference(dir, rows);
  return { dir, data, ref };
}

const temps = (dir: string): string[] => fs.readdirSync(dir).filter((n) => n.startsWith('.'));

/** Runs the CLI with `args`, SIGKILLs it once its first atomic rename is due, and returns the temporary path it held. */
async function killAtRename(args: string[]): Promise<string> {
  // in place: the process that writes is the one killed (a killed launcher makes its command stop and clean up:
  // test/unit/cli/launcher.test.ts)
  const child = spawn(process.execPath, ['--require', holdRename, cli, ...args], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, DIVERSITY_LENS_IN_PROCESS: '1' },
  });
  let stderr = '';
  const held = await new Promise<string>((resolve, reject) => {
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (c: string) => {
      stderr += c;
      const m = /^held (.+)$/m.exec(stderr);
      if (m) resolve(m[1]);
    });
    child.on('exit', (code) => reject(new Error(`the CLI exited (${code}) before its rename: ${stderr}`)));
  });
  const exited = new Promise((r) => child.on('exit', r));
  child.kill('SIGKILL');
  await exited;
  return held;
}

/** Every file of `dir` with its bytes (temporary files left out). */
function snapshot(dir: string): Record<string, string> {
  return Object.fromEntries(
    fs
      .readdirSync(dir)
      .filter((n) => !n.startsWith('.'))
      .sort()
      .map((n) => [n, fs.readFileSync(path.join(dir, n), 'utf8')]),
  );
}

const cases: {
  name: string;
  target: string;
  args: (d: ReturnType<typeof inputs>, out: string) => string[];
}[] = [
  {
    name: 'analyze --out',
    target: 'report.json',
    args: (d, out) => ['analyze', d.data, '--out', out, '--quiet'],
  },
  {
    name: 'mix --out',
    target: 'mixed.jsonl',
    args: (d, out) => [
      'mix',
      d.data,
      '--reference',
      d.ref,
      '--real-fraction',
      '0.5',
      '--out',
      out,
      '--quiet',
    ],
  },
  {
    name: 'analyze --partial',
    target: 'part.dlpart',
    args: (d, out) => ['analyze', d.data, '--partial', out, '--quiet'],
  },
];

for (const c of cases) {
  test(`${c.name}: SIGKILL mid-write keeps the previous file; the next write removes the dead writer's temporary file`, async () => {
    const d = inputs(c.name.replace(/\W+/g, '-'));
    const out = path.join(d.dir, c.target);
    // a previous run's files (the mix's recipe too)
    const first = run(...c.args(d, out));
    assert.equal(first.status, 0, first.stderr);
    const before = snapshot(d.dir);
    assert.deepEqual(temps(d.dir), []);
    // a temporary file of a live writer (this test process): never touched by anyone else's write
    const live = tempPathFor(out, 'tmp');
    fs.writeFileSync(live, 'a write in progress');

    const held = await killAtRename(c.args(d, out));
    assert.equal(path.dirname(held), d.dir);
    assert.deepEqual(snapshot(d.dir), before, 'every previous file is intact after the kill');
    assert.ok(fs.existsSync(held), 'the kill left its temporary file (no code runs on SIGKILL)');

    const again = run(...c.args(d, out));
    assert.equal(again.status, 0, again.stderr);
    assert.ok(!fs.existsSync(held), 'the next write of the target removed the dead writer’s temporary file');
    assert.deepEqual(temps(d.dir), [path.basename(live)], 'only the live writer’s temporary file remains');
    fs.rmSync(live);
  });
}

test('removeStaleTemps: only temporary names of this target whose pid is dead', async () => {
  const dir = path.join(root, 'stale');
  fs.mkdirSync(dir);
  const target = path.join(dir, 'r.json');
  // a pid that ran and is gone: a child that has exited
  const deadPid = spawnSync(process.execPath, ['-e', '0']).pid!;
  const dead = path.join(dir, `.r.json.${deadPid}.0123456789ab.tmp`);
  const deadSpool = path.join(dir, `.r.json.${deadPid}.0123456789ab.spool1`);
  const liveOne = path.join(dir, `.r.json.${process.pid}.0123456789ab.tmp`);
  const other = path.join(dir, `.q.json.${deadPid}.0123456789ab.tmp`); // another target's
  const user = path.join(dir, `.r.json.notes`); // not a name the writer makes
  for (const f of [dead, deadSpool, liveOne, other, user]) fs.writeFileSync(f, 'x');
  assert.deepEqual(
    (await removeStaleTemps(target)).sort(),
    [path.basename(dead), path.basename(deadSpool)].sort(),
  );
  assert.deepEqual(
    fs.readdirSync(dir).sort(),
    [path.basename(liveOne), path.basename(other), path.basename(user)].sort(),
  );
});

/**
 * Runs `script` (sh) in a private mount namespace where `mnt` is a fresh 64 KiB tmpfs; returns its output, or null
 * when this machine allows no such mount (not root, no user namespaces): the test then says so and skips.
 */
function inTinyTmpfs(
  mnt: string,
  script: string,
): { status: number | null; stdout: string; stderr: string } | null {
  const probe = spawnSync(
    'unshare',
    ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${JSON.stringify(mnt)}`],
    {
      encoding: 'utf8',
    },
  );
  if (probe.status !== 0) return null;
  return spawnSync(
    'unshare',
    ['-rm', 'sh', '-c', `mount -t tmpfs -o size=64k tmpfs ${JSON.stringify(mnt)} && ${script}`],
    { encoding: 'utf8' },
  );
}

test('disk full (a real ENOSPC on a 64 KiB tmpfs): analyze --out and mix --out fail clearly, the previous files intact, no temporary file', (t) => {
  const d = inputs('enospc', 3000);
  const mnt = path.join(root, 'tiny');
  fs.mkdirSync(mnt);
  const q = JSON.stringify;
  const node = q(process.execPath);
  // inside the namespace: a previous report and mix (small), a filler, then the real runs, whose files do not fit
  const script = [
    `printf 'previous report\\n' > ${q(`${mnt}/report.json`)}`,
    `printf 'previous mix\\n' > ${q(`${mnt}/mixed.jsonl`)}`,
    `printf 'previous recipe\\n' > ${q(`${mnt}/mixed.jsonl.recipe.json`)}`,
    // 12 of the 16 pages taken: room for the small files above, not for a new report or mix
    `head -c 49152 /dev/zero > ${q(`${mnt}/filler`)}`,
    `${node} ${q(cli)} analyze ${q(d.data)} --out ${q(`${mnt}/report.json`)} --quiet; echo "analyze=$?"`,
    `${node} ${q(cli)} mix ${q(d.data)} --reference ${q(d.ref)} --real-fraction 0.5 --out ${q(`${mnt}/mixed.jsonl`)} --quiet; echo "mix=$?"`,
    `for f in ${q(mnt)}/* ${q(mnt)}/.[!.]*; do [ -e "$f" ] && echo "file $(basename "$f") $(cat "$f" | head -c 40 | tr '\\n' '|')"; done`,
    'true',
  ].join('\n');
  const r = inTinyTmpfs(mnt, script);
  if (!r) {
    t.skip(
      'no tmpfs mount allowed here (needs root or user namespaces); the injected-error tests cover the path',
    );
    return;
  }
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^analyze=2$/m);
  assert.match(r.stdout, /^mix=2$/m);
  assert.match(
    r.stderr,
    /no space left on the disk \(ENOSPC\) while writing .*report\.json; the previous file is unchanged/,
  );
  assert.match(r.stderr, /no space left on the disk \(ENOSPC\) while writing .*mixed\.jsonl/);
  const files = r.stdout.split('\n').filter((l) => l.startsWith('file ') && !l.startsWith('file filler'));
  assert.deepEqual(files.sort(), [
    'file mixed.jsonl previous mix|',
    'file mixed.jsonl.recipe.json previous recipe|',
    'file report.json previous report|',
  ]);
  console.log(`ENOSPC on a 64 KiB tmpfs: ${r.stderr.trim().split('\n').join(' / ')}`);
});
