// The one atomic writer (src/core/io/atomicWrite.ts) and its users (issue #11, bug 7): a failed write leaves the
// old target and no temporary file; concurrent writes of one target never share a temporary name.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { tempPathFor, writeAtomically, writeTextAtomically } from '../../../../src/core/io/atomicWrite.ts';
import { runAnalyze } from '../../../../src/cli/analyzeCommand.ts';
import { tempDir } from '../../helpers/tempDir.ts';

const fresh = (): string => tempDir('dl-atomic-');

test('a write that fails midway leaves the old target intact and no temporary file', async () => {
  const dir = fresh();
  const target = path.join(dir, 'report.json');
  fs.writeFileSync(target, 'old\n');
  await assert.rejects(
    writeAtomically(target, async (fh) => {
      await fh.write('half of the new conte');
      throw new Error('disk full (injected)');
    }),
    /injected/,
  );
  assert.equal(fs.readFileSync(target, 'utf8'), 'old\n');
  assert.deepEqual(fs.readdirSync(dir), ['report.json']);
});

test('a rename that fails (the target is a directory) leaves no temporary file', async () => {
  const dir = fresh();
  fs.mkdirSync(path.join(dir, 'out.md'));
  await assert.rejects(writeTextAtomically(path.join(dir, 'out.md'), '# report\n'));
  assert.deepEqual(fs.readdirSync(dir), ['out.md']);
});

test('concurrent writes of one target use different temporary files and all succeed', async () => {
  const dir = fresh();
  const target = path.join(dir, 'r.json');
  const texts = Array.from(
    { length: 8 },
    (_, i) => `${JSON.stringify({ writer: i, pad: 'x'.repeat(100_000) })}\n`,
  );
  await Promise.all(texts.map((t) => writeTextAtomically(target, t)));
  assert.ok(texts.includes(fs.readFileSync(target, 'utf8')), 'one complete write wins');
  assert.deepEqual(fs.readdirSync(dir), ['r.json']);
  assert.notEqual(tempPathFor(target, 'tmp'), tempPathFor(target, 'tmp'));
  assert.equal(path.dirname(tempPathFor(target, 'tmp')), dir, 'beside the target (same file system)');
});

test('writeTextAtomically creates the folder when asked, and replaces an existing file', async () => {
  const dir = fresh();
  const target = path.join(dir, 'a', 'b', 'r.md');
  await assert.rejects(writeTextAtomically(target, 'x'), /ENOENT/);
  await writeTextAtomically(target, 'first', { mkdir: true });
  await writeTextAtomically(target, 'second');
  assert.equal(fs.readFileSync(target, 'utf8'), 'second');
  assert.deepEqual(fs.readdirSync(path.dirname(target)), ['r.md']);
});

const dataset = (dir: string): string => {
  const file = path.join(dir, 'd.jsonl');
  fs.writeFileSync(
    file,
    '{"text":"alpha beta gamma"}\n{"text":"alpha beta gamma"}\n{"text":"one two three"}\n',
  );
  return file;
};

test('analyze --out: concurrent runs writing the same report do not clash on a temporary name', async () => {
  const dir = fresh();
  const data = dataset(dir);
  const out = path.join(dir, 'r.json');
  const codes = await Promise.all([1, 2, 3, 4].map(() => runAnalyze([data, '--out', out, '--quiet'])));
  assert.deepEqual(codes, [0, 0, 0, 0]);
  assert.equal(JSON.parse(fs.readFileSync(out, 'utf8')).rows.parsed, 3);
  assert.deepEqual(fs.readdirSync(dir).sort(), ['d.jsonl', 'r.json']);
});

test('analyze --out: a report that cannot be put in place leaves no temporary file', async () => {
  const dir = fresh();
  const data = dataset(dir);
  fs.mkdirSync(path.join(dir, 'r.json'));
  await assert.rejects(runAnalyze([data, '--out', path.join(dir, 'r.json'), '--quiet']));
  assert.deepEqual(fs.readdirSync(dir).sort(), ['d.jsonl', 'r.json']);
});

test('a pipe or device as the target (--out /dev/null, a FIFO) is written to, never replaced by a file', async () => {
  const dir = fresh();
  const fifo = path.join(dir, 'pipe');
  const { execFileSync } = await import('node:child_process');
  execFileSync('mkfifo', [fifo]);
  // a reader on the other end, as a shell's `| cat` would be
  const received = new Promise<string>((resolve, reject) => {
    let text = '';
    fs.createReadStream(fifo, 'utf8')
      .on('data', (c) => (text += c))
      .on('end', () => resolve(text))
      .on('error', reject);
  });
  await writeTextAtomically(fifo, '{"report": true}\n');
  assert.equal(await received, '{"report": true}\n');
  assert.ok(fs.statSync(fifo).isFIFO(), 'the FIFO is still a FIFO');
  assert.deepEqual(fs.readdirSync(dir), ['pipe'], 'no temporary file');
  await writeTextAtomically('/dev/null', 'nothing\n');
  assert.ok(fs.statSync('/dev/null').isCharacterDevice(), '/dev/null is still the device');
});
