import { test } from 'node:test';
import assert from 'node:assert/strict';
import { splitRoleMarked, unmarkedPieces } from '../../../../src/core/fields/roleMarkedText.ts';
import { compilePath, evaluatePath } from '../../../../src/core/fields/path.ts';
import { createTextView, detectShape, groupValue } from '../../../../src/core/fields/textView.ts';

const ALPACA_PREAMBLE =
  'Below is an instruction that describes a task. Write a response that appropriately completes the request.';
const VICUNA_PREAMBLE =
  "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

/** One hand-written string per convention (and variant) with the turns it must split into. */
const CASES: [string, string, string, [string, string][]][] = [
  [
    '### Human/### Assistant on one line',
    'human-assistant',
    '### Human: what is X? ### Assistant: X is a letter.',
    [
      ['user', 'what is X?'],
      ['assistant', 'X is a letter.'],
    ],
  ],
  [
    'Anthropic HH (bare, line starts, two exchanges)',
    'human-assistant',
    '\n\nHuman: hi there\n\nAssistant: hello!\n\nHuman: and then?\n\nAssistant: nothing more.',
    [
      ['user', 'hi there'],
      ['assistant', 'hello!'],
      ['user', 'and then?'],
      ['assistant', 'nothing more.'],
    ],
  ],
  [
    'Alpaca with its preamble (dropped)',
    'alpaca',
    `${ALPACA_PREAMBLE}\n\n### Instruction:\nName a colour.\n\n### Response:\nBlue.`,
    [
      ['user', 'Name a colour.'],
      ['assistant', 'Blue.'],
    ],
  ],
  [
    'Alpaca with input and the input preamble',
    'alpaca',
    'Below is an instruction that describes a task, paired with an input that provides further context. Write a response that appropriately completes the request.\n\n### Instruction:\nAdd.\n\n### Input:\n2 and 3\n\n### Response:\n5',
    [
      ['user', 'Add.'],
      ['user', '2 and 3'],
      ['assistant', '5'],
    ],
  ],
  [
    'Vicuna v1.1 with its preamble and </s>',
    'vicuna',
    `${VICUNA_PREAMBLE} USER: Hello ASSISTANT: Hi!</s>USER: Bye ASSISTANT: Bye.</s>`,
    [
      ['user', 'Hello'],
      ['assistant', 'Hi!'],
      ['user', 'Bye'],
      ['assistant', 'Bye.'],
    ],
  ],
  [
    'Vicuna with a custom system text (kept)',
    'vicuna',
    'You are terse.\nUSER: q\nASSISTANT: a',
    [
      ['system', 'You are terse.'],
      ['user', 'q'],
      ['assistant', 'a'],
    ],
  ],
  [
    'ChatML',
    'chatml',
    '<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\nHi<|im_end|>\n<|im_start|>assistant\nHello!<|im_end|>\n',
    [
      ['system', 'You are helpful.'],
      ['user', 'Hi'],
      ['assistant', 'Hello!'],
    ],
  ],
  [
    'Llama-2 with <s>, </s> and <<SYS>>',
    'llama2',
    '<s>[INST] <<SYS>>\nBe kind.\n<</SYS>>\n\nWhat is 2+2? [/INST] 4 </s><s>[INST] And 3+3? [/INST] 6 </s>',
    [
      ['system', 'Be kind.'],
      ['user', 'What is 2+2?'],
      ['assistant', '4'],
      ['user', 'And 3+3?'],
      ['assistant', '6'],
    ],
  ],
  [
    'Llama-2 bare',
    'llama2',
    '[INST] Hi [/INST] Hello',
    [
      ['user', 'Hi'],
      ['assistant', 'Hello'],
    ],
  ],
  [
    'Llama-3',
    'llama3',
    '<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nSys<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nQ<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\nA<|eot_id|>',
    [
      ['system', 'Sys'],
      ['user', 'Q'],
      ['assistant', 'A'],
    ],
  ],
];

test('every convention splits into turns without its markers', () => {
  for (const [name, convention, text, turns] of CASES) {
    const split = splitRoleMarked(text);
    assert.ok(split, name);
    assert.equal(split.convention, convention, name);
    assert.deepEqual(
      split.turns.map((t) => [t.role, t.text]),
      turns,
      name,
    );
  }
});

test('prose is not split: mid-sentence labels, one side only, or case other than the convention writes it', () => {
  const prose = [
    'The form has a field labelled User: and another labelled Assistant: for the names.',
    'I asked the Human: what now? Assistant: nothing, said the clerk.',
    '### Human: a question with no answer marker',
    'Human: a line-start label but no assistant anywhere',
    'the log said user: hi assistant: hello', // Vicuna writes USER:/ASSISTANT: in capitals
    'Use [INST] tags in prompts.', // [INST] without [/INST]
    'Plain text, nothing to see.',
  ];
  for (const p of prose) {
    assert.equal(splitRoleMarked(p), null, p);
    assert.deepEqual(unmarkedPieces(p), [p]);
  }
});

test('the outer wrapper wins when a turn quotes another convention', () => {
  const text =
    '### Instruction:\nRewrite this dialogue:\nHuman: hi\nAssistant: yo\n\n### Response:\nA greeting.';
  const split = splitRoleMarked(text);
  assert.equal(split?.convention, 'alpaca');
  assert.deepEqual(
    split?.turns.map((t) => t.role),
    ['user', 'assistant'],
  );
  assert.equal(split?.turns[0].text, 'Rewrite this dialogue:\nHuman: hi\nAssistant: yo');
});

test('path filter [role=R] on a role-marked string gives its turns of role R; nothing on plain text', () => {
  const row = { text: '### Human: q1 ### Assistant: a1 ### Human: q2 ### Assistant: a2', plain: 'User: x' };
  assert.deepEqual(evaluatePath(row, compilePath('text[role=assistant]')), ['a1', 'a2']);
  assert.deepEqual(evaluatePath(row, compilePath('text[role=user]')), ['q1', 'q2']);
  assert.deepEqual(evaluatePath(row, compilePath('text[role=system]')), []);
  assert.deepEqual(evaluatePath(row, compilePath('plain[role=user]')), []);
  assert.deepEqual(evaluatePath(row, compilePath('text[from=gpt]')), []); // only `role` selects turns
  assert.equal(groupValue(row, compilePath('text[role=user]')), 'q1');
});

test('default and full views mirror openai-chat with the same turns', () => {
  const turns: [string, string][] = [
    ['system', 'Be brief.'],
    ['user', 'Hi'],
    ['assistant', 'Hello!'],
    ['user', 'More?'],
    ['assistant', 'No.'],
  ];
  const chat = { messages: turns.map(([role, content]) => ({ role, content })) };
  const chatml = { text: turns.map(([r, c]) => `<|im_start|>${r}\n${c}<|im_end|>`).join('\n') };
  const dv = createTextView([chatml], {});
  assert.equal(dv.shape, 'role-marked-text');
  assert.equal(dv.roleMarkers, 'chatml');
  assert.equal(dv.view, 'text[role=assistant]');
  assert.deepEqual(dv.fields, ['text[role=assistant]']);
  assert.equal(dv.extract(chatml), 'Hello!\nNo.');
  assert.equal(dv.extract(chatml), createTextView([chat], {}).extract(chat));
  const full = createTextView([chatml], { view: 'full' });
  assert.equal(full.extract(chatml), 'Be brief.\nHi\nHello!\nMore?\nNo.');
  assert.equal(full.extract(chatml), createTextView([chat], { view: 'full' }).extract(chat));
  assert.equal(full.roleMarkers, 'chatml');
});

test('every view of role-marked data drops the markers; explicit role paths pick a side', () => {
  const row = {
    text: `${ALPACA_PREAMBLE}\n\n### Instruction:\nName a colour.\n\n### Response:\nBlue.`,
    source: 'web',
  };
  assert.equal(createTextView([row], { fields: ['text'] }).extract(row), 'Name a colour.\nBlue.');
  assert.equal(createTextView([row], { fields: ['text[role=user]'] }).extract(row), 'Name a colour.');
  assert.equal(createTextView([row], { view: 'full' }).extract(row), 'Name a colour.\nBlue.\nweb'); // other string leaves stay
  // the role path works on any data; on plain `text` data the raw text keeps its markers (it is not role-marked data)
  const plain = { text: 'just words' };
  assert.equal(
    createTextView([plain, plain, row], { fields: ['text[role=assistant]'] }).extract(row),
    'Blue.',
  );
  assert.equal(createTextView([plain, plain, row], {}).extract(row), row.text);
});

test('detection: majority of rows role-marked → role-marked-text, convention by majority; a role-marked minority stays text', () => {
  const ha = { text: '### Human: q ### Assistant: a' };
  const ml = { text: '<|im_start|>user\nq<|im_end|><|im_start|>assistant\na<|im_end|>' };
  const plain = { text: 'nothing here' };
  const d = detectShape([ha, ml, ml, plain]);
  assert.equal(d.shape, 'role-marked-text');
  assert.equal(d.roleMarkers, 'chatml');
  assert.deepEqual(d.counts, { 'role-marked-text': 3, text: 1 });
  assert.equal(detectShape([ha, ml]).roleMarkers, 'chatml'); // 1–1: the earlier convention (special tokens first)
  const minority = detectShape([ha, plain, plain]);
  assert.equal(minority.shape, 'text');
  assert.equal(minority.roleMarkers, undefined);
  // a row whose text is role-marked but that has another shape's keys keeps that shape
  assert.equal(detectShape([{ prompt: 'p', completion: 'c', text: ha.text }]).shape, 'prompt-completion');
});
