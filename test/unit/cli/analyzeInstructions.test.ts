// The instruction flags of the built CLI (issue #16): --instruction-sample, --instruction-field, --no-instructions,
// their ranges, the summary lines, and the bundles (CLI and chunk workers) loading wink-nlp only when needed.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { builtCli } from '../helpers/cliRunner.ts';
import { parseAnalyzeArgs } from '../../../src/cli/analyzeCommand.ts';

const { dir, run } = builtCli('dl-cli-instr-');
after(() => fs.rmSync(dir, { recursive: true, force: true }));

const VERBS = ['Write', 'Describe', 'Explain', 'Summarize', 'Translate'];
const NOUNS = ['poem', 'story', 'letter', 'recipe'];

function dataset(): string {
  const file = path.join(dir, 'instr.jsonl');
  const rows: string[] = [];
  for (let i = 0; i < 400; i++)
    rows.push(
      JSON.stringify({
        instruction: `${VERBS[i % 5]} a ${NOUNS[(i * 7) % 4]} about topic ${i % 13}.`,
        output: `Here is my answer ${i}.`,
      }),
    );
  fs.writeFileSync(file, rows.join('\n') + '\n');
  return file;
}

const json = (r: { status: number | null; stdout: string; stderr: string }) => {
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout);
};

test('parseAnalyzeArgs: the instruction flags become options; out-of-range values are usage errors', () => {
  const { options } = parseAnalyzeArgs([
    'x.jsonl',
    '--instruction-sample',
    '500',
    '--instruction-field',
    'conversations[0].value',
    '--no-instructions',
  ]);
  assert.equal(options.instructionSample, 500);
  assert.equal(options.instructionField, 'conversations[0].value');
  assert.equal(options.noInstructions, true);
  assert.throws(
    () => parseAnalyzeArgs(['x.jsonl', '--instruction-sample', '0']),
    /--instruction-sample expects an integer ≥ 1/,
  );
  assert.throws(() => parseAnalyzeArgs(['x.jsonl', '--instruction-sample', '2000000']), /≤ 1000000/);
});

test('analyze: instruction figures by default, in the summary; --instruction-sample, --instruction-field, --no-instructions; chunk workers', () => {
  const file = dataset();
  const summary = run('analyze', file);
  assert.equal(summary.status, 0, summary.stderr);
  for (const s of [
    'Instructions sampled',
    '400 of 400 prompt rows',
    'Verb–noun pairs',
    'Top pairs',
    'Nearest-instruction ROUGE-L',
    'Prompt TTR lemma / token',
  ])
    assert.ok(summary.stdout.includes(s), `summary lacks "${s}":\n${summary.stdout}`);
  const full = json(run('analyze', file, '--json'));
  assert.equal(full.instructions.sampledRows, 400);
  assert.equal(full.instructions.distinctVerbs, 5);
  const sampled = json(run('analyze', file, '--json', '--instruction-sample', '50'));
  assert.equal(sampled.instructions.sampledRows, 50);
  assert.equal(sampled.instructions.sampleSize, 50);
  // the chunk workers' bundle: the same sample in 8+ chunks on 2 workers
  const chunked = json(
    run('analyze', file, '--json', '--instruction-sample', '50', '--chunk-bytes', '2048', '--workers', '2'),
  );
  assert.ok(chunked.timing.chunks >= 8);
  assert.deepEqual(chunked.instructions, sampled.instructions);
  const answers = json(run('analyze', file, '--json', '--instruction-field', 'output'));
  assert.equal(answers.instructions.noVerbRows, 400, 'the answers ("Here is my answer 12.") have no verb');
  const off = json(run('analyze', file, '--json', '--no-instructions'));
  assert.equal('instructions' in off, false);
  const bad = run('analyze', file, '--instruction-sample', 'many');
  assert.equal(bad.status, 2);
  assert.match(bad.stderr, /--instruction-sample expects an integer/);
});
