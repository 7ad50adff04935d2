// The CLI interrupted as a user interrupts it (Ctrl-C = SIGINT, a `kill` = SIGTERM, a closed terminal = SIGHUP): the
// built bundle in a child with its own TMPDIR, signalled while its temporary files exist. Every time: the
// conventional exit code (128 + the signal's number), one line on stderr, and no temporary file of that child left —
// MTLD spool directories, near-duplicate spill files, an atomic write's temporary file — and previous outputs intact.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { builtCli, startCli, type StartedCli } from '../helpers/cliRunner.ts';
import { snapshotFiles, writtenMixFolder } from '../helpers/mixFolder.ts';
import { SPOOL_PREFIX } from '../../../src/core/lexical/tokenSpool.ts';
import { NEAR_SPILL_PREFIX } from '../../../src/core/duplicates/nearSpillFile.ts';
import { DEFAULT_SPOOL_MEMORY_BYTES } from '../../../src/core/lexical/tokenSpool.ts';
import { DEFAULT_SHINGLE_MEMORY_BYTES } from '../../../src/core/duplicates/nearDuplicates.ts';

const skip = process.platform === 'win32' ? 'POSIX signals' : false;
const { dir: root, run } = builtCli('dl-interrupt-');
const holdSync = fileURLToPath(new URL('../helpers/holdSync.cjs', import.meta.url));
const holdRename = fileURLToPath(new URL('../helpers/holdRename.cjs', import.meta.url));
after(() => fs.rmSync(root, { recursive: true, force: true }));

/** Rows of 50 words drawn from 50,000 (seeded): distinct rows, so the near-duplicate store keeps every row's set. */
const ROWS = 120_000;
const WORDS_PER_ROW = 50;
const corpus = path.join(root, 'corpus.jsonl');
before(() => {
  // past both default budgets (4 bytes per token id and per stored shingle hash), so both spill in the main thread
  assert.ok(
    ROWS * WORDS_PER_ROW * 4 > 1.3 * Math.max(DEFAULT_SPOOL_MEMORY_BYTES, DEFAULT_SHINGLE_MEMORY_BYTES),
  );
  let a = 7;
  const rand = (): number => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return (t ^ (t >>> 14)) >>> 0;
  };
  const fd = fs.openSync(corpus, 'w');
  let lines: string[] = [];
  for (let r = 0; r < ROWS; r++) {
    const words: string[] = [];
    for (let i = 0; i < WORDS_PER_ROW; i++) words.push(`w${(rand() % 50_000).toString(36)}`);
    lines.push(JSON.stringify({ text: words.join(' ') }));
    if (lines.length === 5000 || r === ROWS - 1) {
      fs.writeSync(fd, lines.join('\n') + '\n');
      lines = [];
    }
  }
  fs.closeSync(fd);
});

/** A fresh private temp folder for one child (its TMPDIR), so no other process's files are seen. */
function privateTmp(name: string): string {
  const dir = path.join(root, `tmp-${name}`);
  fs.mkdirSync(dir);
  return dir;
}

/**
 * The entries of the child's private `tmp` that are temporary files (both prefixes). Any pid: the CLI's launcher runs
 * the command in a process of its own (src/cli/launcher.ts), and nothing else writes to this folder.
 */
function spillsOf(tmp: string): string[] {
  return fs.readdirSync(tmp).filter((n) => n.startsWith(SPOOL_PREFIX) || n.startsWith(NEAR_SPILL_PREFIX));
}

type Child = StartedCli;

const start = (args: string[], env: NodeJS.ProcessEnv = {}, preload?: string): Child =>
  startCli(args, { env, preload });

/** Resolves once `ready()` holds (checked every 20 ms); rejects if the child exits first. */
async function until(c: Child, ready: () => boolean, what: string): Promise<void> {
  let exited = false;
  void c.exit.then(() => (exited = true));
  while (!ready()) {
    if (exited) throw new Error(`the CLI exited before ${what}: ${c.stderr()}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

for (const [signal, code] of [
  ['SIGINT', 130],
  ['SIGTERM', 143],
] as const) {
  test(
    `analyze interrupted by ${signal} while its spool directory and near-duplicate spill file exist: exit ${code}, one line, nothing left in TMPDIR`,
    { skip },
    async () => {
      const tmp = privateTmp(signal);
      const t0 = performance.now();
      const c = start(['analyze', corpus, '--quiet', '--json'], { TMPDIR: tmp });
      const hasBoth = (): boolean => {
        const names = spillsOf(tmp);
        return (
          names.some((n) => n.startsWith(SPOOL_PREFIX)) && names.some((n) => n.startsWith(NEAR_SPILL_PREFIX))
        );
      };
      await until(c, hasBoth, 'both spill kinds existed');
      const present = spillsOf(tmp);
      console.log(
        `${signal}: spilled after ${(performance.now() - t0).toFixed(0)} ms: ${present.join(', ')}`,
      );
      const t1 = performance.now();
      c.child.kill(signal);
      const { code: status, signal: killedBy } = await c.exit;
      console.log(`${signal}: exited ${(performance.now() - t1).toFixed(0)} ms after the signal`);
      assert.equal(killedBy, null, 'the process exited by itself, not by the default signal action');
      assert.equal(status, code);
      const lines = c.stderr().trim().split('\n');
      assert.equal(lines.length, 1, c.stderr());
      assert.match(
        lines[0],
        new RegExp(`^diversity-lens: interrupted \\(${signal}\\): stopped; \\d+ temporary files? removed$`),
      );
      assert.ok(Number(/; (\d+) temporary/.exec(lines[0])![1]) >= 2, lines[0]);
      assert.deepEqual(spillsOf(tmp), [], 'no spool directory or spill file of the child remains');
      assert.deepEqual(fs.readdirSync(tmp), [], 'nothing else either');
    },
  );
}

const mixFolder = (name: string) => writtenMixFolder(root, name, run);

test(
  'mix interrupted by SIGHUP mid-write (its temporary file complete, not yet fsynced): exit 129, the previous mix and recipe unchanged, no temporary file',
  { skip },
  async () => {
    const m = mixFolder('mix-hup');
    const c = start(m.args, { TMPDIR: privateTmp('hup') }, holdSync);
    await until(c, () => /^held-sync (.+)$/m.test(c.stderr()), 'its write was held');
    const held = /^held-sync (.+)$/m.exec(c.stderr())![1];
    assert.ok(fs.existsSync(held), 'the temporary file exists while the write is held');
    c.child.kill('SIGHUP');
    const { code, signal } = await c.exit;
    assert.equal(signal, null);
    assert.equal(code, 129);
    assert.match(c.stderr(), /^diversity-lens: interrupted \(SIGHUP\): stopped; 1 temporary file removed$/m);
    assert.deepEqual(
      snapshotFiles(m.dir),
      m.before,
      'no temporary file, and the mix and its recipe are the previous ones',
    );
  },
);

test(
  'mix: a SIGINT inside the commit window waits for it; a second SIGINT exits at once without throwing, leaving no temporary file',
  { skip },
  async () => {
    const m = mixFolder('mix-int-twice');
    // the first rename due is the recipe's, inside the mix's commit window (the recipe goes in place first)
    const c = start(m.args, { TMPDIR: privateTmp('twice') }, holdRename);
    await until(c, () => /^held (.+)$/m.test(c.stderr()), 'its rename was held');
    // signals sent back to back can merge into one pending signal: repeat until the child is gone (the first one makes
    // it wait for the held commit, a later one ends it)
    let exited = false;
    void c.exit.then(() => (exited = true));
    let sent = 0;
    while (!exited) {
      c.child.kill('SIGINT');
      sent++;
      await new Promise((r) => setTimeout(r, 100));
    }
    console.log(`SIGINT sent ${sent} times`);
    assert.ok(sent >= 2, 'one SIGINT did not end a process waiting for its commit');
    const { code, signal } = await c.exit;
    assert.equal(signal, null);
    assert.equal(code, 130);
    const interrupted = c
      .stderr()
      .match(/^diversity-lens: interrupted \(SIGINT\): stopped; \d+ temporary files? removed$/gm);
    assert.equal(interrupted?.length, 1, c.stderr());
    assert.doesNotMatch(c.stderr(), /Error|\n\s+at /, 'no error, no stack trace');
    assert.deepEqual(
      snapshotFiles(m.dir),
      m.before,
      'no temporary file, and the mix and its recipe are the previous ones',
    );
  },
);
