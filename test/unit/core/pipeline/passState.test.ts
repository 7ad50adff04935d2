// PassState owns every accumulator of a pass and releases them all through their one lifecycle
// (pipeline/accumulator.ts) in one loop: a finish that fails half-way must still leave every accumulator disposed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PassState } from '../../../../src/core/pipeline/passState.ts';
import { createTextView } from '../../../../src/core/fields/textView.ts';
import { getTokenizer } from '../../../../src/core/tokenize/tokenizers.ts';

function fedState(): PassState {
  const state = new PassState({
    tokenizer: getTokenizer('word'),
    opts: { mattrWindow: 10, nearThreshold: 0.8, tailMax: 5, minSliceRows: 2 },
    groupBy: ['source'],
    chunk: false,
    fileBytes: 10_000,
    lineMarks: (i) => i + 1,
  });
  const rows = Array.from({ length: 40 }, (_, i) => ({
    text: `please summarise report number ${i % 7} for the team today`,
    source: i % 2 ? 'a' : 'b',
  }));
  const view = createTextView(rows, { fields: ['text'] });
  rows.forEach((value, i) => state.add({ line: i + 1, offset: i * 80, length: 79, value }, view));
  return state;
}

test('a failing finish still disposes every accumulator of the pass, each once', async () => {
  const state = fedState();
  const { lexical, exact, near, templates } = state.feed;
  const owned = { lexical, exact, near, templates, slices: state.slices!, lineMarks: state.lineMarks! };
  const calls: Record<string, number> = {};
  for (const [name, acc] of Object.entries(owned)) {
    const dispose = acc.dispose.bind(acc);
    acc.dispose = () => {
      calls[name] = (calls[name] ?? 0) + 1;
      dispose();
    };
  }
  // the file's near duplicates finish; then the slices' templates need the vocabulary, which fails
  state.feed.vocab.tokenOf = () => {
    throw new Error('vocabulary lost');
  };
  await assert.rejects(async () => {
    try {
      near.finish();
      await state.slices!.finish(state.feed.vocab);
    } finally {
      state.dispose();
    }
  }, /vocabulary lost/);
  state.dispose(); // idempotent
  assert.deepEqual(calls, { lexical: 1, exact: 1, near: 1, templates: 1, slices: 1, lineMarks: 1 });
  // and really released: the lexical accumulator (spool, gzip stream) refuses rows
  assert.throws(() => lexical.addRow(new Uint32Array([1]), 'x'), /after dispose\(\)/);
});

test('an accumulator whose dispose throws does not keep the others from being disposed', () => {
  const state = fedState();
  const disposed: string[] = [];
  const { lexical, templates } = state.feed;
  lexical.dispose = () => {
    disposed.push('lexical');
    throw new Error('spool directory busy');
  };
  templates.dispose = () => disposed.push('templates');
  state.slices!.dispose = () => disposed.push('slices');
  assert.throws(() => state.dispose(), /spool directory busy/);
  assert.deepEqual(disposed, ['lexical', 'templates', 'slices']);
});
