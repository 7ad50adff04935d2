// The built CLI's launcher (src/cli/launcher.ts) as a user meets it: a data command runs in a child process with
// glibc's malloc tuned (one arena, a fixed mmap threshold), gives the same report as in place, passes its exit code on; Ctrl-C in a terminal (the
// whole process group) is one interrupt, not two; a killed launcher makes its command stop and clean up; a killed
// command is named in one line.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { builtCli, startCli, type StartedCli } from '../helpers/cliRunner.ts';
import { snapshotFiles, writtenMixFolder } from '../helpers/mixFolder.ts';
import { writeDataAndReference } from '../helpers/mixRows.ts';

const skip = process.platform !== 'linux' ? 'the launcher runs a child on Linux only' : false;
const { dir: root, run } = builtCli('dl-launcher-');
const cli = fileURLToPath(new URL('../../../dist/cli.js', import.meta.url));
const holdSync = fileURLToPath(new URL('../helpers/holdSync.cjs', import.meta.url));
const holdRename = fileURLToPath(new URL('../helpers/holdRename.cjs', import.meta.url));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** A preload that prints each process' pid, parent pid and malloc variables on stderr (main threads only). */
const whoAmI = path.join(root, 'who-am-i.cjs');
fs.writeFileSync(
  whoAmI,
  "if (require('worker_threads').isMainThread) process.stderr.write(`@@proc ${process.pid} ${process.ppid} " +
    "${process.env.MALLOC_ARENA_MAX ?? '-'}/${process.env.MALLOC_MMAP_THRESHOLD_ ?? '-'} " +
    "${process.env.DIVERSITY_LENS_LAUNCHED ?? '-'} ${process.env.GLIBC_TUNABLES ?? '-'}\\n`);\n" +
    // and, as it exits, the kB of its memory on transparent huge pages
    "if (require('worker_threads').isMainThread) process.on('exit', () => { const m = " +
    "/AnonHugePages:\\s+(\\d+)/.exec(require('fs').readFileSync('/proc/self/smaps_rollup', 'utf8')); " +
    "process.stderr.write(`@@thp ${process.pid} ${m ? m[1] : '-'}\\n`); });\n",
);

const mixFolder = (name: string) => writtenMixFolder(root, name, run);

type Started = StartedCli;

/** Starts the built CLI with a preload; `detached`: in a process group of its own (as a terminal's job is). */
const start = (args: string[], preload: string, detached = false): Started =>
  startCli(args, { preload, detached });

/** Resolves with the first match of `re` in the child's stderr (checked every 20 ms). */
async function said(s: Started, re: RegExp): Promise<RegExpExecArray> {
  for (;;) {
    const m = re.exec(s.stderr());
    if (m) return m;
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** The text of `file`, or '' when it cannot be read (a kernel file that this system does not have). */
const readOr = (file: string): string => {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return '';
  }
};

/** The pid in an atomic write's temporary name (`.<target>.<pid>.<12 hex>.<suffix>`). */
const writerPid = (tempPath: string): number => Number(/\.(\d+)\.[0-9a-f]{12}\.\w+$/.exec(tempPath)![1]);

/** Whether `pid` still runs: a process that ended but is not reaped yet (state Z) does not. */
const alive = (pid: number): boolean => {
  try {
    return !/^\d+ \(.*\) Z/.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
  } catch {
    return false;
  }
};

test(
  'analyze runs in a child with glibc’s malloc tuned, and its report equals the one run in place',
  { skip },
  () => {
    const { data, ref } = writeDataAndReference(fs.mkdtempSync(path.join(root, 'same-')), 3000);
    const outs = ['launched.json', 'in-place.json'].map((n) => path.join(root, n));
    const launched = spawnSync(
      process.execPath,
      ['--require', whoAmI, cli, 'analyze', data, '--reference', ref, '--out', outs[0], '--quiet'],
      { encoding: 'utf8' },
    );
    assert.equal(launched.status, 0, launched.stderr);
    const procs = [...launched.stderr.matchAll(/^@@proc (\d+) (\d+) (\S+) (\S+) (\S+)$/gm)];
    assert.equal(procs.length, 2, launched.stderr);
    const [launcher, command] = procs;
    assert.deepEqual(
      [launcher[3], launcher[4], launcher[5]],
      ['-/-', '-', '-'],
      'the launcher runs with glibc’s defaults',
    );
    assert.equal(command[2], launcher[1], 'the command is the launcher’s child');
    assert.deepEqual([command[3], command[4], command[5]], ['1/8388608', '1', 'glibc.malloc.hugetlb=1']);
    // where the kernel gives huge pages on request (THP mode madvise or always), the command's malloc asks for them
    const thpMode = /\[(\w+)\]/.exec(readOr('/sys/kernel/mm/transparent_hugepage/enabled'))?.[1] ?? 'never';
    const thp = new Map([...launched.stderr.matchAll(/^@@thp (\d+) (\S+)$/gm)].map((m) => [m[1], m[2]]));
    assert.ok(thp.has(command[1]), launched.stderr);
    if (thpMode === 'madvise' || thpMode === 'always')
      assert.ok(Number(thp.get(command[1])) > 0, `THP ${thpMode}: ${thp.get(command[1])} kB on huge pages`);

    const inPlace = spawnSync(
      process.execPath,
      ['--require', whoAmI, cli, 'analyze', data, '--reference', ref, '--out', outs[1], '--quiet'],
      { encoding: 'utf8', env: { ...process.env, DIVERSITY_LENS_IN_PROCESS: '1' } },
    );
    assert.equal(inPlace.status, 0, inPlace.stderr);
    assert.equal(
      [...inPlace.stderr.matchAll(/^@@proc /gm)].length,
      1,
      'DIVERSITY_LENS_IN_PROCESS=1: one process',
    );
    const [a, b] = outs.map((o) => ({ ...JSON.parse(fs.readFileSync(o, 'utf8')), timing: null }));
    assert.deepEqual(a, b);
  },
);

test('the command’s exit code and its one stderr line pass through the launcher', { skip }, () => {
  const missing = run('analyze', path.join(root, 'no-such-file.jsonl'));
  assert.equal(missing.status, 2);
  assert.match(missing.stderr, /^diversity-lens: .*no-such-file\.jsonl.*\n$/);
  const version = run('--version'); // in place: nothing to launch
  assert.equal(version.status, 0);
  assert.match(version.stdout, /^\d+\.\d+\.\d+\n$/);
});

test(
  'Ctrl-C (SIGINT to the process group) inside a mix’s commit window is one interrupt: it waits; a second one exits 130',
  { skip },
  async () => {
    const m = mixFolder('group-int');
    const s = start(m.args, holdRename, true);
    await said(s, /^held (.+)$/m);
    let exited = false;
    void s.exit.then(() => (exited = true));
    process.kill(-s.child.pid!, 'SIGINT'); // the launcher and its command both get it, as from a terminal
    await new Promise((r) => setTimeout(r, 1500));
    assert.equal(exited, false, 'one Ctrl-C was counted twice: the command did not wait for its commit');
    // a second press; repeated if the kernel merged it with a pending one
    while (!exited) {
      process.kill(-s.child.pid!, 'SIGINT');
      await new Promise((r) => setTimeout(r, 300));
    }
    const { code, signal } = await s.exit;
    assert.deepEqual([code, signal], [130, null]);
    assert.equal(s.stderr().match(/^diversity-lens: interrupted \(SIGINT\)/gm)?.length, 1, s.stderr());
    assert.deepEqual(snapshotFiles(m.dir), m.before, 'the previous mix and recipe, no temporary file');
  },
);

/** A mix started through the launcher and held mid-write (its temporary file not yet fsynced), and the writer's pid. */
async function mixHeldBeforeSync(
  name: string,
): Promise<{ m: ReturnType<typeof mixFolder>; s: Started; pid: number }> {
  const m = mixFolder(name);
  const s = start(m.args, holdSync);
  const pid = writerPid((await said(s, /^held-sync (.+)$/m))[1]);
  return { m, s, pid };
}

test(
  'the launcher killed (SIGKILL) mid-write: its command stops as on SIGHUP and removes its temporary file',
  { skip },
  async () => {
    const { m, s, pid } = await mixHeldBeforeSync('launcher-killed');
    assert.notEqual(pid, s.child.pid, 'the write is the command’s, not the launcher’s');
    s.child.kill('SIGKILL');
    await s.exit; // the pipe closes when the command, its last writer, ends
    assert.equal(alive(pid), false, 'the command is gone');
    assert.match(s.stderr(), /^diversity-lens: interrupted \(SIGHUP\): stopped; 1 temporary file removed$/m);
    assert.deepEqual(snapshotFiles(m.dir), m.before, 'the previous mix and recipe, no temporary file');
  },
);

test(
  'the command killed (SIGKILL, as by the out-of-memory killer): the launcher says so and exits 137',
  { skip },
  async () => {
    const { s, pid } = await mixHeldBeforeSync('command-killed');
    process.kill(pid, 'SIGKILL');
    const { code, signal } = await s.exit;
    assert.deepEqual([code, signal], [137, null]);
    assert.match(
      s.stderr(),
      /^diversity-lens: the mix process ended by SIGKILL \(killed: out of memory, or kill -9\)$/m,
    );
  },
);
