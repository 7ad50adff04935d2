/**
 * Reference rows written in the dataset's schema (issue #12): the conversion of one row for every pair of the
 * shapes Alpaca, Dolly, OpenAI chat, ShareGPT and plain text; the refusals; `--map` checks; and a written mix
 * (Dolly into Alpaca) whose every row has the dataset's schema, whose dataset rows are byte-exact, whose recipe
 * records the mapping and reproduces the file, and whose projection still equals its measurement.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  convertRow,
  parseMapEntries,
  SchemaMapError,
  targetSchemaOf,
  type ReferenceSchemaPlan,
} from '../../../../src/core/mix/referenceSchema.ts';
import { classifyRow } from '../../../../src/core/fields/shapes.ts';
import { buildMixModel } from '../../../../src/core/mix/buildMixModel.ts';
import { writeMix } from '../../../../src/core/mix/writeMix.ts';
import { projectMix } from '../../../../src/core/mix/projectMix.ts';
import { measureWrittenMix } from '../../../../src/core/mix/measureMix.ts';
import { heldOutFor } from '../../../../src/core/mix/heldOut.ts';
import { readRecipe, reproduceRecipe } from '../../../../src/core/mix/recipe.ts';
import { chatRow, sharegptRow } from '../../helpers/chatRows.ts';
import { tempDir } from '../../helpers/tempDir.ts';

/** One exchange in each chat spelling: user turn `prompt`, answer `response`. */
const chat = (prompt: string, response: string) => chatRow(['user', prompt], ['assistant', response]);
const sharegpt = (prompt: string, response: string) => sharegptRow(['human', prompt], ['gpt', response]);

/** One row of each shape with the same content: prompt P, context C, response R. */
const ROWS = {
  alpaca: { instruction: 'P', input: 'C', output: 'R' },
  dolly: { instruction: 'P', context: 'C', response: 'R', category: 'open_qa' },
  'openai-chat': chat('P', 'R'),
  sharegpt: sharegpt('P', 'R'),
  text: { text: 'P\n\nR' },
} as const;
type Shape = keyof typeof ROWS;
const SHAPES = Object.keys(ROWS) as Shape[];

const plan = (datasetRows: unknown[], map: string[] = []): ReferenceSchemaPlan => {
  const target = targetSchemaOf(datasetRows);
  return { mode: 'dataset', target, map: parseMapEntries(map, target) };
};
const convert = (row: unknown, datasetRows: unknown[], map: string[] = []) =>
  convertRow(row, plan(datasetRows, map));

/** What each (source → target) conversion must write, or the reason fragment of its refusal. */
/** What an Alpaca or a Dolly row (prompt, context, response) becomes; `category`: its Dolly category. */
const fromPromptContextResponse = (category: string | null) => ({
  alpaca: { instruction: 'P', input: 'C', output: 'R' },
  dolly: { instruction: 'P', context: 'C', response: 'R', category },
  'openai-chat': chat('P\n\nC', 'R'),
  sharegpt: sharegpt('P\n\nC', 'R'),
  text: { text: 'P\n\nC\n\nR' },
});
/** What a one-exchange chat row (either spelling) becomes. */
const fromChat = {
  alpaca: { instruction: 'P', input: '', output: 'R' },
  dolly: { instruction: 'P', context: '', response: 'R', category: null },
  'openai-chat': ROWS['openai-chat'],
  sharegpt: ROWS.sharegpt,
  text: { text: 'P\n\nR' },
};
const EXPECTED: Record<Shape, Record<Shape, object | RegExp>> = {
  alpaca: fromPromptContextResponse(null),
  dolly: fromPromptContextResponse('open_qa'),
  'openai-chat': fromChat,
  sharegpt: fromChat,
  text: {
    alpaca: /plain-text row has no prompt and response/,
    dolly: /plain-text row has no prompt and response/,
    'openai-chat': /plain-text row has no prompt and response/,
    sharegpt: /plain-text row has no prompt and response/,
    text: ROWS.text,
  },
};

for (const from of SHAPES)
  for (const to of SHAPES)
    test(`a ${from} row in a ${to} dataset`, () => {
      const c = convert(ROWS[from], [ROWS[to]]);
      const want = EXPECTED[from][to];
      if (want instanceof RegExp) {
        assert.equal(c.kind, 'refuse');
        assert.match((c as { reason: string }).reason, want);
        return;
      }
      if (from === to) return assert.equal(c.kind, 'keep', 'a row already in the schema is copied as it is');
      assert.equal(c.kind, 'convert');
      const value = (c as { value: object }).value;
      assert.deepEqual(value, want);
      assert.equal(classifyRow(value), to, 'the converted row has the dataset shape');
      // same fields in the same order as the dataset's rows
      assert.deepEqual(Object.keys(value), Object.keys(ROWS[to]));
    });

test('an empty context stays empty in a field of its own, and adds nothing to a prompt', () => {
  const row = { instruction: 'P', context: '', response: 'R' };
  assert.deepEqual(convert(row, [ROWS.alpaca]), {
    kind: 'convert',
    value: { instruction: 'P', input: '', output: 'R' },
    moves: [
      { from: 'instruction', to: 'instruction' },
      { from: 'context', to: 'input' },
      { from: 'response', to: 'output' },
    ],
  });
  // Alpaca without an `input` field: a non-empty context follows the prompt after a blank line
  const noInput = [{ instruction: 'x', output: 'y', generator: 'g' }];
  assert.deepEqual((convert(row, noInput) as { value: object }).value, {
    instruction: 'P',
    output: 'R',
    generator: null,
  });
  assert.deepEqual((convert(ROWS.dolly, noInput) as { value: object }).value, {
    instruction: 'P\n\nC',
    output: 'R',
    generator: null,
  });
});

test("extra reference fields go to the dataset's field of that name, else are dropped; --map overrides", () => {
  const c = convert(ROWS.dolly, [ROWS.alpaca]);
  assert.equal(c.kind, 'convert');
  assert.deepEqual((c as { moves: object[] }).moves.at(-1), { from: 'category', to: '(dropped)' });
  const withCategory = [{ instruction: 'a', input: '', output: 'b', category: 'x' }];
  assert.equal(
    (convert(ROWS.dolly, withCategory) as { value: Record<string, unknown> }).value.category,
    'open_qa',
  );
  const tagged = [{ instruction: 'a', output: 'b', dataset: 'x' }];
  assert.deepEqual((convert(ROWS.dolly, tagged, ['category=dataset']) as { value: object }).value, {
    instruction: 'P\n\nC',
    output: 'R',
    dataset: 'open_qa',
  });
  // a dataset field that is a role's field names that role: category into Alpaca's input, context dropped
  assert.deepEqual(
    (convert(ROWS.dolly, [ROWS.alpaca], ['category=input', 'context=-']) as { value: object }).value,
    { instruction: 'P', input: 'open_qa', output: 'R' },
  );
  // a plain-text reference mapped onto the roles
  assert.deepEqual(
    (convert({ q: 'Q', a: 'A' }, [ROWS.alpaca], ['q=@prompt', 'a=@response']) as { value: object }).value,
    { instruction: 'Q', input: '', output: 'A' },
  );
});

test('chat rows: system messages, several exchanges and unknown speakers', () => {
  const sys = chatRow(['system', 'S'], ['user', 'P'], ['assistant', 'R']);
  const refused = convert(sys, [ROWS.alpaca]);
  assert.equal(refused.kind, 'refuse');
  assert.match((refused as { reason: string }).reason, /system message .*--map @system=FIELD/);
  assert.deepEqual((convert(sys, [ROWS.alpaca], ['@system=-']) as { value: object }).value, {
    instruction: 'P',
    input: '',
    output: 'R',
  });
  assert.deepEqual(
    (convert(sys, [{ system: 'x', instruction: 'a', output: 'b' }]) as { value: object }).value,
    { system: 'S', instruction: 'P', output: 'R' },
  );
  // → ShareGPT: the system message becomes the dataset's system turn
  assert.deepEqual(
    (convert(sys, [ROWS.sharegpt]) as { value: object }).value,
    sharegptRow(['system', 'S'], ['human', 'P'], ['gpt', 'R']),
  );
  const twoExchanges = sharegptRow(['human', 'P'], ['gpt', 'R'], ['human', 'P2'], ['gpt', 'R2']);
  const flat = convert(twoExchanges, [ROWS.alpaca]);
  assert.equal(flat.kind, 'refuse');
  assert.match((flat as { reason: string }).reason, /4 chat turns .* one user turn and one answer/);
  // chat → chat keeps every turn, in the dataset's spelling
  assert.deepEqual(
    (convert(twoExchanges, [ROWS['openai-chat']]) as { value: object }).value,
    chatRow(['user', 'P'], ['assistant', 'R'], ['user', 'P2'], ['assistant', 'R2']),
  );
  const tool = { conversations: [...ROWS.sharegpt.conversations, { from: 'observation', value: '{}' }] };
  assert.match(
    (convert(tool, [ROWS['openai-chat']]) as { reason: string }).reason,
    /speaker "observation" has no counterpart/,
  );
  // ShareGPT in role/content spelling into a from/value dataset is respelled
  const roleSpelled = { conversations: chat('P', 'R').messages };
  assert.deepEqual((convert(roleSpelled, [ROWS.sharegpt]) as { value: object }).value, ROWS.sharegpt);
});

test('--map entries are checked against the dataset', () => {
  const t = targetSchemaOf([ROWS.alpaca]);
  assert.throws(() => parseMapEntries(['category'], t), SchemaMapError);
  assert.throws(() => parseMapEntries(['category=nope'], t), /the dataset has no field "nope"/);
  assert.throws(() => parseMapEntries(['@nope=input'], t), /unknown role @nope/);
  assert.throws(() => parseMapEntries(['a=input', 'b=input'], t), /two reference fields are mapped to input/);
  assert.throws(() => parseMapEntries(['a=input', 'a=-'], t), /a is mapped twice/);
  assert.throws(() => parseMapEntries(['a=@text'], t), /has no @text/);
  assert.deepEqual(parseMapEntries(['category=input', '@system=-'], t), [
    { from: 'category', to: '@context' },
    { from: '@system', to: '-' },
  ]);
});

// ------------------------------------------------------------------ a written mix

const dir = tempDir('mix-schema-');
const words = (i: number, n: number, base: string): string =>
  Array.from({ length: n }, (_, j) => `${base}${(i * 7 + j * 13) % 97}`).join(' ');
// Alpaca rows with spacing and a > 2^53 integer a re-serialiser would change; Dolly rows with a category
const alpacaLines = Array.from(
  { length: 60 },
  (_, i) =>
    `{"instruction": "${words(i, 4, 'q')}", "input": "", "output": "${words(i, 12, 'a')}", "id": ${12345678901234567890 + i}}`,
);
const dollyRows = Array.from({ length: 40 }, (_, i) => ({
  instruction: words(i, 5, 'd'),
  context: i % 3 === 0 ? words(i, 6, 'c') : '',
  response: words(i, 14, 'r'),
  category: ['open_qa', 'brainstorming'][i % 2],
}));
const dataset = join(dir, 'alpaca.jsonl');
const reference = join(dir, 'dolly.jsonl');
writeFileSync(dataset, alpacaLines.join('\n') + '\n');
writeFileSync(reference, dollyRows.map((r) => JSON.stringify(r)).join('\n') + '\n');

test("every written row has the dataset's schema; dataset rows are byte-exact; the recipe records the mapping", async () => {
  const model = await buildMixModel(dataset, reference);
  const settings = { realFraction: 0.4, seed: 3 };
  const out = join(dir, 'mixed.jsonl');
  const w = await writeMix(model, settings, out);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.ok(w.selection.referenceRows > 10);
  const datasetLines = new Set(alpacaLines);
  let fromDataset = 0;
  for (const line of lines) {
    const row = JSON.parse(line) as Record<string, unknown>;
    assert.equal(classifyRow(row), 'alpaca', line);
    // the dataset's fields (id is in every dataset row: a converted row has it as null)
    assert.deepEqual(Object.keys(row), ['instruction', 'input', 'output', 'id'], line);
    if (datasetLines.has(line)) fromDataset++;
  }
  assert.equal(fromDataset, w.selection.datasetRows, 'every dataset row is a byte-exact source line');
  // a converted row: Dolly's fields by role, its category dropped
  const converted = lines.filter((l) => !datasetLines.has(l)).map((l) => JSON.parse(l));
  const source = dollyRows.find((r) => r.instruction === converted[0].instruction)!;
  assert.deepEqual(converted[0], {
    instruction: source.instruction,
    input: source.context,
    output: source.response,
    id: null,
  });
  const recipe = await readRecipe(w.recipePath);
  assert.equal(recipe.formatVersion, 3);
  const schema = recipe.model.referenceSchema;
  assert.equal(schema.mode, 'dataset');
  assert.equal(schema.mode === 'dataset' && schema.target.shape, 'alpaca');
  assert.deepEqual(schema.mode === 'dataset' && schema.mapping?.dolly, [
    { from: 'instruction', to: 'instruction' },
    { from: 'context', to: 'input' },
    { from: 'response', to: 'output' },
    { from: 'category', to: '(dropped)' },
  ]);
  assert.deepEqual(recipe.referenceRows, { kept: 0, converted: w.selection.referenceRows });
  // the recipe converts again by the same rule: byte for byte
  const again = await reproduceRecipe(w.recipePath, join(dir, 'again.jsonl'));
  assert.equal(again.file.sha256, w.file.sha256);
  // and the preview is honest about the converted rows
  const { figures } = await measureWrittenMix(model, out, heldOutFor(model, settings));
  const projected = projectMix(model, settings).after;
  assert.equal(figures.rows.parsed, projected.rows.parsed);
  assert.equal(figures.tokens.total, projected.tokens.total);
  assert.ok(Math.abs(figures.tails.typeCoverage! - projected.tails.typeCoverage!) <= 0.02);
});

test('--map is recorded and applied; keeping both schemas copies reference rows as they are', async () => {
  const mapped = await buildMixModel(dataset, reference, { map: ['category=id'] });
  const out = join(dir, 'mapped.jsonl');
  const w = await writeMix(mapped, { realFraction: 0.5, seed: 1 }, out);
  const rows = readFileSync(out, 'utf8')
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l));
  assert.ok(rows.some((r) => r.id === 'open_qa' || r.id === 'brainstorming'));
  const schema = (await readRecipe(w.recipePath)).model.referenceSchema;
  assert.deepEqual(schema.mode === 'dataset' && schema.map, [{ from: 'category', to: 'id' }]);

  const kept = await buildMixModel(dataset, reference, { referenceSchema: 'keep' });
  const out2 = join(dir, 'kept.jsonl');
  const w2 = await writeMix(kept, { realFraction: 0.5, seed: 1 }, out2);
  const text = readFileSync(out2, 'utf8');
  const dollyLines = new Set(dollyRows.map((r) => JSON.stringify(r)));
  const shapes = new Set(
    text
      .trimEnd()
      .split('\n')
      .map((l) => classifyRow(JSON.parse(l))),
  );
  assert.deepEqual([...shapes].sort(), ['alpaca', 'dolly'], 'two schemas, as asked');
  assert.equal(
    text
      .trimEnd()
      .split('\n')
      .filter((l) => dollyLines.has(l)).length,
    w2.selection.referenceRows,
  );
  assert.deepEqual((await readRecipe(w2.recipePath)).model.referenceSchema, { mode: 'keep' });
});

test('a reference that cannot be converted is refused with the reason and the way out', async () => {
  const plain = join(dir, 'plain.jsonl');
  writeFileSync(plain, '{"text": "one two three"}\n{"text": "four five six"}\n');
  await assert.rejects(
    buildMixModel(dataset, plain),
    (e: Error) =>
      e instanceof SchemaMapError &&
      /no reference row can be written in the dataset's schema \(alpaca\): line 1: a plain-text row has no prompt/.test(
        e.message,
      ) &&
      /--keep-schemas/.test(e.message),
  );
  // some rows refused: left out of the model, with a warning naming the first
  const mixedRef = join(dir, 'mixed-ref.jsonl');
  writeFileSync(
    mixedRef,
    [JSON.stringify(dollyRows[0]), '{"text": "plain"}', JSON.stringify(dollyRows[1])].join('\n'),
  );
  const model = await buildMixModel(dataset, mixedRef);
  assert.equal(model.nReference, 2);
  assert.deepEqual(model.reference.conversion?.refused, 1);
  assert.match(model.warnings.join('\n'), /1 reference row cannot be written .* line 2: a plain-text row/);
});
