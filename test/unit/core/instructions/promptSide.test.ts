// The prompt side of each dataset layout (first user turn, instruction, prompt, question, …), the explicit
// field path, and the "no prompt side" answer that turns the instruction figures off.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PathSyntaxError } from '../../../../src/core/fields/path.ts';
import { createPromptSide, findPrompt } from '../../../../src/core/instructions/promptSide.ts';
import { chatRow, sharegptRow } from '../../helpers/chatRows.ts';

test('default rules: the first user turn of chats, else instruction, prompt, question, turns[0], role-marked text', () => {
  const cases: [unknown, string | null, string | null][] = [
    [chatRow(['system', 'be nice'], ['user', 'q1'], ['assistant', 'a1'], ['user', 'q2']), 'q1', 'messages'],
    [
      chatRow(['user', [{ type: 'image_url' }, { type: 'text', text: 'describe it' }]], ['assistant', 'x']),
      'describe it',
      'messages',
    ],
    [sharegptRow(['system', 's'], ['human', 'h1'], ['gpt', 'g1'], ['human', 'h2']), 'h1', 'conversations'],
    [{ conversations: [{ role: 'user', content: 'u1' }] }, 'u1', 'conversations'],
    [{ instruction: 'Write a poem.', input: 'about cats', output: 'o' }, 'Write a poem.', 'instruction'],
    [{ instruction: 'do', instances: [{ input: '', output: 'o' }] }, 'do', 'instruction'],
    [{ prompt: 'Say hi', completion: 'hi' }, 'Say hi', 'prompt'],
    [
      { prompt: [{ role: 'user', content: 'trl ask' }], completion: [] },
      'trl ask',
      'prompt[role=user] (first)',
    ],
    [{ question: 'Why?', answer: 'because' }, 'Why?', 'question'],
    [{ question_id: 1, turns: ['t1', 't2'] }, 't1', 'turns[0]'],
    [{ text: '### Human: what is X? ### Assistant: a letter.' }, 'what is X?', 'text[role=user] (first)'],
    // no prompt side
    [{ text: 'just prose' }, null, null],
    [{ instruction: '   ', output: 'o' }, null, null],
    [chatRow(['assistant', 'only an answer']), null, null],
    ['a string row', null, null],
    [null, null, null],
  ];
  for (const [row, text, rule] of cases) {
    const f = findPrompt(row);
    assert.equal(f?.text ?? null, text, JSON.stringify(row));
    if (rule !== null) assert.ok(f?.rule.startsWith(rule), `${JSON.stringify(row)}: ${f?.rule}`);
  }
});

test('a blank first user turn is a blank ask (a later user turn is not taken instead)', () => {
  assert.equal(findPrompt(chatRow(['user', ' '], ['assistant', 'a'], ['user', 'q2'])), null);
});

test('createPromptSide: null without a prompt side; the rules the sample used, most used first', () => {
  assert.equal(createPromptSide([{ text: 'a' }, { text: 'b' }]), null);
  assert.equal(createPromptSide([]), null);
  const side = createPromptSide([
    { prompt: 'p1' },
    { instruction: 'i1' },
    { instruction: 'i2' },
    { text: 'x' },
  ]);
  assert.ok(side);
  assert.equal(side.source, 'default');
  assert.equal(side.description, 'instruction, prompt');
  assert.equal(side.extract({ question: 'q' }), 'q'); // per-row rules, also for layouts the sample did not show
  assert.equal(side.extract({ text: 'x' }), null);
});

test('an explicit field path replaces the rules; its pieces are joined by a newline; a bad path throws', () => {
  const side = createPromptSide([], 'messages[role=user].content');
  assert.ok(side);
  assert.equal(side.source, 'field');
  assert.equal(side.description, 'messages[role=user].content');
  assert.equal(side.extract(chatRow(['user', 'q1'], ['assistant', 'a'], ['user', 'q2'])), 'q1\nq2');
  assert.equal(side.extract({ other: 1 }), null);
  assert.equal(createPromptSide([], 'meta.ask')?.extract({ meta: { ask: 'Tell me' } }), 'Tell me');
  assert.throws(() => createPromptSide([], 'a[')!, PathSyntaxError);
});
