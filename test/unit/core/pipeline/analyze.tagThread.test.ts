// The instruction sample tagged on the background thread (instructions/tagThread.ts, started by finishReport when the
// analysis may start worker threads and the sample has ≥ 2,000 prompts) gives the in-thread report: without a
// reference, with a reference whose rows have prompts (the thread then reads the reference's sample first), and a
// cancel during the finish ends the analysis with an AbortError.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { analyzeFile } from '../../../../src/core/pipeline/analyze.ts';
import { chunkWorkerScript } from '../../../../src/worker/chunkWorkerScript.ts';
import { rng } from '../../helpers/testRng.ts';

const VERBS = ['Write', 'Describe', 'Explain', 'Translate', 'Summarize', 'List', 'Give me', 'Rewrite'];
const NOUNS = ['poem', 'story', 'essay', 'letter', 'summary', 'list', 'recipe', 'email', 'title', 'joke'];
const TOPICS = ['the sea', 'a cat', 'winter', 'a robot', 'my town', 'friendship', 'the moon', 'coffee'];

/** `rows` Alpaca-style rows (seeded), a few with an empty instruction. */
function rows(seed: number, n: number): string {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const instruction = i % 97 === 5 ? '' : `${pick(VERBS)} a ${pick(NOUNS)} about ${pick(TOPICS)} (${i}).`;
    out.push(JSON.stringify({ instruction, input: '', output: `About ${pick(TOPICS)}.` }));
  }
  return out.join('\n') + '\n';
}

function tmpDir(t: { after: (fn: () => void) => void }): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'dl-tagthread-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

test('tagged on the thread = tagged in this thread, with and without a reference that has prompts', async (t) => {
  const dir = tmpDir(t);
  const file = path.join(dir, 'data.jsonl');
  const ref = path.join(dir, 'ref.jsonl');
  fs.writeFileSync(file, rows(1, 2400));
  fs.writeFileSync(ref, rows(2, 300));
  const chunkWorker = chunkWorkerScript();
  assert.ok(chunkWorker);
  for (const options of [{}, { reference: { path: ref } }]) {
    const here = await analyzeFile(file, options);
    const thread = await analyzeFile(file, options, { chunkWorker });
    assert.ok(here.instructions && here.instructions.sampledRows > 2000);
    assert.deepEqual(thread.instructions, here.instructions, JSON.stringify(options));
    if ('reference' in options) assert.ok(here.instructions.reference && here.instructions.referenceOverlap);
  }
});

test('a cancel during the finish (the thread tagging) ends the analysis with an AbortError', async (t) => {
  const dir = tmpDir(t);
  const file = path.join(dir, 'data.jsonl');
  fs.writeFileSync(file, rows(3, 2400));
  const ac = new AbortController();
  await assert.rejects(
    analyzeFile(
      file,
      {},
      {
        chunkWorker: chunkWorkerScript(),
        signal: ac.signal,
        onProgress: (p) => {
          if (p.phase === 'finishing') setTimeout(() => ac.abort(), 50);
        },
      },
    ),
    { name: 'AbortError' },
  );
});
