// The command help texts (src/cli/help.ts): generated from the options table, and naming exactly the flags the
// parsers take, so `--help` cannot drift from what `analyze`, `mix` and `merge` accept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  analysisOptionHelp,
  analyzeHelp,
  compareHelp,
  formatFlags,
  mergeHelp,
  mixHelp,
  wantsHelp,
} from '../../../src/cli/help.ts';
import { MERGE_FLAGS, MERGE_OPTION_KEYS } from '../../../src/cli/mergeCommand.ts';
import { OUTPUT_FLAGS } from '../../../src/cli/analyzeCommand.ts';
import { MIX_FLAGS } from '../../../src/cli/mixCommand.ts';
import { COMPARE_FLAGS, COMPARE_KEYS } from '../../../src/cli/compareCommand.ts';
import { analysisFlagConfig } from '../../../src/cli/optionFlags.ts';
import { ANALYSIS_OPTIONS, type OptionSpec } from '../../../src/core/pipeline/optionsTable.ts';

/** The flags a help text lists in its two-column lines (`  --flag VALUE   text`). */
const listedFlags = (help: string): string[] =>
  [...help.matchAll(/^ {2}(?:-h, )?--([a-z][a-z-]*)/gm)].map((m) => m[1]).sort();

test('analyze --help lists exactly the flags analyze parses', () => {
  const parsed = [...Object.keys(analysisFlagConfig()), ...Object.keys(OUTPUT_FLAGS), 'help'].sort();
  assert.deepEqual(listedFlags(analyzeHelp()), parsed);
});

test('mix --help lists exactly the flags mix parses', () => {
  assert.deepEqual(listedFlags(mixHelp()), [...Object.keys(MIX_FLAGS), 'help'].sort());
});

test('merge --help lists exactly the flags merge parses', () => {
  const parsed = [...Object.keys(analysisFlagConfig(MERGE_OPTION_KEYS)), ...Object.keys(MERGE_FLAGS), 'help'];
  assert.deepEqual(listedFlags(mergeHelp()), parsed.sort());
});

test('compare --help lists exactly the flags compare parses', () => {
  const parsed = [...Object.keys(analysisFlagConfig(COMPARE_KEYS)), ...Object.keys(COMPARE_FLAGS), 'help'];
  assert.deepEqual(listedFlags(compareHelp()), parsed.sort());
});

test('every analysis option line comes from the table: flag, value, range, default, description', () => {
  const keys = Object.keys(ANALYSIS_OPTIONS) as (keyof typeof ANALYSIS_OPTIONS)[];
  const lines = analysisOptionHelp(keys);
  for (const key of keys) {
    const spec: OptionSpec = ANALYSIS_OPTIONS[key];
    const line = lines.find((l) => l.flag.split(' ')[0] === `--${spec.flag}`);
    assert.ok(line, `${key}: no help line`);
    const firstWords = spec.description.replaceAll('`', '').split(' ').slice(0, 4).join(' ');
    assert.ok(line.text.startsWith(firstWords), `${key}: ${line.text}`);
    if (spec.kind === 'integer' || spec.kind === 'number') {
      assert.match(line.text, new RegExp(`default ${spec.default}\\b`), key);
      assert.ok(line.text.includes(String(spec.min)), `${key}: min ${spec.min} in ${line.text}`);
      if (spec.max < Number.MAX_SAFE_INTEGER)
        assert.ok(line.text.includes(String(spec.max)), `${key}: max in ${line.text}`);
    }
    if (spec.kind === 'enum') {
      assert.equal(line.flag, `--${spec.flag} ${spec.values.join('|')}`);
      assert.match(line.text, new RegExp(`default ${spec.default}\\b`));
    }
  }
  assert.equal(
    lines.find((l) => l.flag.startsWith('--near-threshold'))?.text.includes('0.5…1; default 0.8'),
    true,
  );
});

test('help lines wrap at the width with a hanging indent, long flags on a line of their own', () => {
  const text = formatFlags(
    [
      { flag: '--a N', text: 'word '.repeat(40).trim() },
      { flag: '--a-very-long-flag-name-indeed VALUE', text: 'short' },
    ],
    60,
  );
  for (const l of text.split('\n')) assert.ok(l.length <= 60, l);
  assert.match(text, /^ {2}--a N {2,}word/);
  assert.match(text, /^ {2}--a-very-long-flag-name-indeed VALUE\n {10,}short$/m);
});

test('wantsHelp: -h or --help before "--" only', () => {
  assert.equal(wantsHelp(['x.jsonl', '--help']), true);
  assert.equal(wantsHelp(['-h']), true);
  assert.equal(wantsHelp(['--', '--help']), false);
  assert.equal(wantsHelp(['x.jsonl']), false);
});
