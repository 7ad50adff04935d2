import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compilePath, PathSyntaxError } from '../../../../src/core/fields/path.ts';
import { createTextView, detectShape, groupValue } from '../../../../src/core/fields/textView.ts';
import { chatRow, sharegptRow } from '../../helpers/chatRows.ts';

const chat = chatRow(
  ['user', 'q1'],
  ['assistant', 'a1'],
  ['user', 'q2'],
  [
    'assistant',
    [
      { type: 'text', text: 'a2' },
      { type: 'image_url', image_url: { url: 'u' } },
    ],
  ],
);
const sharegpt = sharegptRow(
  ['human', 'h1'],
  ['gpt', 'g1'],
  ['function_call', '{"name":"f"}'],
  ['observation', '{}'],
  ['gpt', 'g2'],
);
const alpaca = { instruction: 'do', output: 'done', dataset: 'x' }; // no `input`: still alpaca
const dolly = { instruction: 'do', context: 'ctx', response: 'resp', category: 'qa' };
const gpteacher = { instruction: 'do', input: 'in', response: 'resp' };
const pc = { prompt: 'p', completion: 'c' };
const plain = { text: 'plain text', url: 'http://u' };
const selfInstruct = {
  id: 's0',
  instruction: 'do',
  instances: [
    { input: '', output: 'o1' },
    { input: 'i', output: 'o2' },
  ],
  is_classification: false,
};
const turns = { question_id: 81, category: 'writing', turns: ['t1', 't2'] };
const other = { id: 1, title: 'short', body: 'a much longer body' };

test('each shape is detected and gets its default view', () => {
  const cases: [unknown, string, string, string][] = [
    [chat, 'openai-chat', 'messages[role=assistant].content', 'a1\na2'], // content parts: only the text part
    [sharegpt, 'sharegpt', 'conversations[from=gpt].value', 'g1\ng2'], // function_call/observation turns excluded
    [alpaca, 'alpaca', 'output', 'done'],
    [dolly, 'dolly', 'response', 'resp'],
    [gpteacher, 'dolly', 'response', 'resp'],
    [pc, 'prompt-completion', 'completion', 'c'],
    [plain, 'text', 'text', 'plain text'],
    [selfInstruct, 'self-instruct', 'instances[*].output', 'o1\no2'],
    [turns, 'turns', 'turns', 't1\nt2'],
    [other, 'longest-string', 'body', 'a much longer body'],
  ];
  for (const [row, shape, view, text] of cases) {
    const tv = createTextView([row], {});
    assert.equal(tv.shape, shape, `shape of ${JSON.stringify(row)}`);
    assert.equal(tv.view, view, `view of ${shape}`);
    assert.equal(tv.source, 'default');
    assert.equal(tv.extract(row), text, `text of ${shape}`);
  }
});

test('sharegpt with role/content and "assistant" labels', () => {
  const row = {
    conversations: [
      { role: 'user', content: 'u' },
      { role: 'assistant', content: 'r1' },
      { role: 'assistant', content: 'r2' },
    ],
  };
  const tv = createTextView([row], {});
  assert.equal(tv.shape, 'sharegpt');
  assert.deepEqual(tv.fields, ['conversations[role=assistant].content']);
  assert.equal(tv.extract(row), 'r1\nr2');
});

test('detection takes the majority shape over the sample', () => {
  // 3 alpaca rows, 1 text row, 1 non-object (ignored): alpaca wins with 3/4 = 0.75
  const d = detectShape([alpaca, alpaca, plain, alpaca, 'not an object']);
  assert.equal(d.shape, 'alpaca');
  assert.equal(d.confidence, 0.75);
  assert.deepEqual(d.counts, { alpaca: 3, text: 1 });
  // a 1–1 tie goes to the earlier shape in priority order (alpaca before text)
  assert.equal(detectShape([plain, alpaca]).shape, 'alpaca');
  assert.deepEqual(detectShape([]), { shape: 'longest-string', confidence: 0, counts: {} });
});

test('longest-string picks the field with the largest mean length over the sample', () => {
  // a: lengths 10 + 0 (missing) → total 10; b: 4 + 4 → 8. Mean over 2 rows: a 5, b 4 → a.
  const s = [
    { a: 'aaaaaaaaaa', b: 'bbbb' },
    { b: 'bbbb', n: 123456789 },
  ];
  const tv = createTextView(s, {});
  assert.equal(tv.shape, 'longest-string');
  assert.deepEqual(tv.fields, ['a']);
  assert.equal(tv.extract(s[1]), '');
  assert.equal(createTextView([{ n: 1 }], {}).view, '(no string field)');
});

test('explicit fields: joined with \\n in order, empty skipped, numbers/booleans/null not text', () => {
  const row = { a: 'A', b: '', c: 5, d: true, e: null, f: ['x', '', 'y', 7], g: 'G' };
  const tv = createTextView([row], { fields: ['g', 'a', 'b', 'c', 'd', 'e', 'missing', 'f'] });
  // g, a, then b empty (skipped), c/d numbers/bools, e null, missing absent, f → x, y (7 is not text)
  assert.equal(tv.extract(row), 'G\nA\nx\ny');
  assert.equal(tv.source, 'fields');
  assert.equal(tv.view, 'g, a, b, c, d, e, missing, f');
  assert.equal(tv.shape, 'longest-string'); // shape still detected and reported
  assert.throws(() => createTextView([row], { fields: ['ok', 'bad..path'] }), PathSyntaxError);
});

test('content parts: text parts kept, other part types ignored, a lone part works too', () => {
  const row = {
    c: [{ type: 'text', text: 'one' }, { type: 'image_url', text: 'not me' }, 'two'],
    p: { type: 'text', text: 'solo' },
  };
  assert.equal(createTextView([row], { fields: ['c', 'p'] }).extract(row), 'one\ntwo\nsolo');
});

test('full view: every string leaf depth-first except role/from/type/id values', () => {
  const row = {
    id: 'r1',
    instruction: 'I',
    input: '',
    meta: { source: 'S', n: 3, tags: ['t1', { id: 'x', deep: 'D' }] },
    messages: [
      { role: 'user', content: 'U' },
      { from: 'gpt', value: 'V' },
      { type: 'text', text: 'T' },
    ],
    output: 'O',
  };
  const tv = createTextView([row], { view: 'full' });
  assert.equal(tv.view, 'full');
  assert.deepEqual(tv.fields, []);
  assert.equal(tv.extract(row), 'I\nS\nt1\nD\nU\nV\nT\nO');
  assert.equal(tv.shape, 'openai-chat'); // detected shape still reported (messages with role wins over instruction/output)
});

test('groupValue: strings as-is, numbers/booleans via String(), missing or non-scalar → null', () => {
  const row = {
    src: 'web',
    n: 7,
    ok: false,
    meta: { lang: 'en' },
    obj: { a: 1 },
    nil: null,
    tags: ['a', 'b'],
  };
  assert.equal(groupValue(row, compilePath('src')), 'web');
  assert.equal(groupValue(row, compilePath('n')), '7');
  assert.equal(groupValue(row, compilePath('ok')), 'false');
  assert.equal(groupValue(row, compilePath('meta.lang')), 'en');
  assert.equal(groupValue(row, compilePath('missing')), null);
  assert.equal(groupValue(row, compilePath('obj')), null);
  assert.equal(groupValue(row, compilePath('nil')), null);
  assert.equal(groupValue(row, compilePath('tags[1]')), 'b');
  assert.equal(groupValue(chat, compilePath('messages[role=user].content')), 'q1'); // first match
});
