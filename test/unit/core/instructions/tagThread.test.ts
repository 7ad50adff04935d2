// The instruction figures from tags made elsewhere: tags cut in runs (each with its own string table) give the
// report of one run; a tagging thread gives the in-thread report (the dataset's sample alone, and the reference's
// then the dataset's); a cancel while the thread tags ends it; small jobs and runs without a script stay in-thread.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InstructionAccumulator } from '../../../../src/core/instructions/instructionStats.ts';
import { createPromptSide } from '../../../../src/core/instructions/promptSide.ts';
import {
  tagPrompts,
  TAGGING_STOPPED,
  type PromptTags,
} from '../../../../src/core/instructions/promptTags.ts';
import { TagThread } from '../../../../src/core/instructions/tagThread.ts';
import { chunkWorkerScript } from '../../../../src/worker/chunkWorkerScript.ts';
import { rng } from '../../helpers/testRng.ts';

const SIDE = createPromptSide([{ instruction: 'x' }])!;

const VERBS = ['Write', 'Explain', 'List', 'Summarize', 'Translate', 'Give me', 'Describe', 'Sort'];
const DETS = ['a', 'the', 'three', 'some', 'my', ''];
const NOUNS = ['poem', 'story', 'list', 'function', 'email', 'recipe', 'summary', 'table', 'song', 'plan'];
const TAILS = ['about cats', 'for a friend', 'in French', 'on 12 May 2020', 'at https://example.com', ''];

/** `n` generated prompts (seeded): imperatives, questions, an empty prompt, a one-word prompt, a bare URL. */
function prompts(n: number, seed: number): string[] {
  const r = rng(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(r() * a.length)];
  const out: string[] = [];
  for (let i = 0; i < n; i++) {
    const k = i % 50;
    if (k === 7) out.push('');
    else if (k === 13) out.push('Hello');
    else if (k === 21) out.push('mail me at a.b@example.org or see #topic :)');
    else if (k === 30) out.push(`What is the ${pick(NOUNS)} of ${pick(NOUNS)}s?`);
    else out.push(`${pick(VERBS)} ${pick(DETS)} ${pick(NOUNS)} ${pick(TAILS)}.`.replace(/ +/g, ' '));
  }
  return out;
}

/** An accumulator holding `texts` as the rows of lines 1…n. */
function accumulator(texts: readonly string[], groupBy: string[] = []): InstructionAccumulator {
  const acc = new InstructionAccumulator(SIDE, { mattrWindow: 10 }, groupBy);
  texts.forEach((t, i) =>
    acc.addRow(i + 1, { instruction: t }, i + 1, groupBy.length ? [`g${i % 3}`] : undefined),
  );
  return acc;
}

/** `tags` cut into runs of the given sizes (the last takes the rest), each with its own string table. */
function cut(tags: PromptTags, sizes: number[]): PromptTags[] {
  const out: PromptTags[] = [];
  let p = 0;
  let at = 0;
  for (let s = 0; p < tags.prompts; s++) {
    const n = s < sizes.length ? Math.min(sizes[s], tags.prompts - p) : tags.prompts - p;
    const forms: string[] = [];
    const ids = new Map<string, number>();
    const local = (g: number): number => {
      const f = tags.forms[g];
      if (!ids.has(f)) ids.set(f, forms.push(f) - 1);
      return ids.get(f)!;
    };
    const lengths = tags.lengths.slice(p, p + n);
    const tokens = lengths.reduce((a, b) => a + b, 0);
    const lemmas = Int32Array.from(tags.lemmas.subarray(at, at + tokens), local);
    const normals = Int32Array.from(tags.normals.subarray(at, at + tokens), local);
    out.push({
      prompts: n,
      verbs: tags.verbs.slice(p, p + n),
      nouns: tags.nouns.slice(p, p + n),
      forms,
      lengths,
      lemmas,
      normals,
      // counts are sums: all in the first run, none in the others (any split of a sum is the same sum)
      types: s === 0 ? tags.types : {},
      entities: s === 0 ? tags.entities : {},
    });
    p += n;
    at += tokens;
  }
  return out;
}

test('tags cut in runs with their own string tables give the report of one run', () => {
  const texts = prompts(400, 1);
  const one = accumulator(texts, ['source']);
  const all = tagPrompts(one.promptsByLine());
  const expected = one.finishTagged([all]);
  assert.equal(expected.sampledRows, 392); // the 8 empty prompts are no prompt side
  assert.ok(
    expected.lemma.distinct2 !== null && expected.lemma.distinct2 > 0 && expected.lemma.distinct2 < 1,
  );
  for (const sizes of [[1], [1, 1, 7], [100, 150], [399], [13, 0, 200]]) {
    const acc = accumulator(texts, ['source']);
    assert.deepEqual(acc.finishTagged(cut(all, sizes)), expected, `runs ${sizes.join(', ')}`);
  }
  // and the in-thread finish (wink reads the same texts again: these generated prompts hold nothing its lexicon learns
  // differently on a second reading)
  assert.deepEqual(accumulator(texts, ['source']).finish(), expected);
});

test('tags that do not cover the sample are refused', () => {
  const texts = prompts(20, 2);
  const acc = accumulator(texts);
  const sampled = acc.promptsByLine();
  const tags = tagPrompts(sampled.slice(0, -1));
  assert.throws(
    () => acc.finishTagged([tags]),
    new RegExp(`cover ${sampled.length - 1} of ${sampled.length}`),
  );
});

test('empty sample: no runs, the report of finish()', () => {
  const acc = new InstructionAccumulator(SIDE);
  acc.addRow(1, { text: 'no prompt side' });
  const expected = new InstructionAccumulator(SIDE);
  expected.addRow(1, { text: 'no prompt side' });
  assert.deepEqual(acc.finishTagged([]), expected.finish());
});

test('a tagging thread gives the in-thread report: the dataset alone, and the reference then the dataset', async () => {
  const script = chunkWorkerScript();
  assert.ok(script, 'the chunk worker entry is found from source');
  const texts = accumulator(prompts(600, 3)).promptsByLine();
  const refTexts = accumulator(prompts(150, 4)).promptsByLine();

  // in this thread, as finishReport does without a thread: the reference's prompts first, then the dataset's
  const here = new TagThread({});
  const [hereRef, hereData] = here.submit(refTexts, texts);
  const hereRefTags = await hereRef.tags();
  const hereDataTags = await hereData.tags();
  assert.equal(here.threadRunning, false);

  const thread = new TagThread({ script, minPrompts: 0 });
  try {
    const [ref, data] = thread.submit(refTexts, texts);
    assert.equal(thread.threadRunning, true);
    const refTags = await ref.tags();
    const dataTags = await data.tags();
    assert.deepEqual(refTags, hereRefTags);
    assert.deepEqual(dataTags, hereDataTags);
    const reference = accumulator(prompts(150, 4));
    const refPrompts = reference.overlapPrompts();
    const r = reference.finishPairs(refTags);
    assert.ok(r.topPairs.length > 0 && r.overlap === null);
    const report = accumulator(prompts(600, 3)).finishTagged(dataTags, refPrompts, r.topPairs);
    assert.ok(report.referenceOverlap);
    assert.deepEqual(report, accumulator(prompts(600, 3)).finishTagged(hereDataTags, refPrompts, r.topPairs));
  } finally {
    await thread.dispose();
  }
  assert.equal(thread.threadRunning, false);
});

test('small jobs and no script stay in this thread', async () => {
  const small = new TagThread({ script: chunkWorkerScript() });
  const [job] = small.submit(prompts(30, 5));
  assert.equal(small.threadRunning, false);
  assert.equal((await job.tags())[0].prompts, 30);
  const none = new TagThread({ minPrompts: 0 });
  none.submit(prompts(30, 5));
  assert.equal(none.threadRunning, false);
});

test('a cancel while the thread tags rejects the job and ends the thread', async () => {
  const ac = new AbortController();
  const thread = new TagThread({ script: chunkWorkerScript(), signal: ac.signal, minPrompts: 0 });
  const [job] = thread.submit(prompts(20_000, 6));
  assert.equal(thread.threadRunning, true);
  const t0 = Date.now();
  setTimeout(() => ac.abort(), 200);
  await assert.rejects(job.tags(), { name: 'AbortError' });
  assert.ok(Date.now() - t0 < 5000, 'the cancel is prompt');
  assert.equal(thread.threadRunning, false);
  await thread.dispose(); // waits for the terminate the cancel started
  // a job submitted after the cancel is refused as well
  const [late] = thread.submit(['Write a poem.']);
  await assert.rejects(late.tags(), { name: 'AbortError' });
});

test('a cancel before the first job starts no thread', async () => {
  const ac = new AbortController();
  ac.abort();
  const thread = new TagThread({ script: chunkWorkerScript(), signal: ac.signal, minPrompts: 0 });
  const [job] = thread.submit(prompts(10, 7));
  assert.equal(thread.threadRunning, false);
  await assert.rejects(job.tags(), { name: 'AbortError' });
});

test('tagPrompts stops between prompts when asked (a tagging thread being stopped); never asked: the same tags', () => {
  const texts = ['Write a poem about the sea.', 'List three prime numbers.', 'Explain how a bicycle works.'];
  let asked = 0;
  assert.throws(
    () => tagPrompts(texts, () => ++asked > 2),
    (e: Error) => e.message === TAGGING_STOPPED,
  );
  assert.equal(asked, 3, 'asked before each prompt: two tagged, stopped before the third');
  assert.deepEqual(
    tagPrompts(texts, () => false),
    tagPrompts(texts),
  );
});
